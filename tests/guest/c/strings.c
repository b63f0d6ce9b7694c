// Guest program: string and memory handling — strlen/strcpy/strcmp/memcpy/memmove/memset/
// memchr/strchr/strrchr/strstr/strtok/strspn, sprintf/snprintf/sscanf, ctype conversions.
#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(const void* p, size_t n) {
  const unsigned char* b = p;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static int sign(int v) { return (v > 0) - (v < 0); }

int main(int argc, char** argv) {
  // Lengths at every alignment: the library's word-at-a-time loops meet every edge.
  static char buf[512];
  uint64_t lens = 0;
  for (int off = 0; off < 16; ++off)
    for (int len = 0; len < 80; len += 3) {
      memset(buf, 'x', sizeof buf);
      buf[off + len] = 0;
      lens = lens * 131 + strlen(buf + off) + strnlen(buf + off, 40);
    }
  printf("strlen mix=%016" PRIx64 "\n", lens);

  char a[128], b[128];
  strcpy(a, "Hello, z/Architecture world");
  strncpy(b, a, 5);
  b[5] = 0;
  strcat(b, " there");
  strncat(b, "!!!???", 3);
  printf("strcpy: '%s' '%s' len=%zu/%zu\n", a, b, strlen(a), strlen(b));
  const char* cmps[][2] = {{"abc", "abd"}, {"abc", "abc"}, {"abcd", "abc"}, {"", "a"}, {"\xff", "a"},
                           {"Apple", "apple"}, {"zeta", "alpha"}};
  for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; ++i)
    printf("cmp '%s' '%s': strcmp=%d strncmp3=%d strcasecmp=%d memcmp=%d\n", cmps[i][0], cmps[i][1],
           sign(strcmp(cmps[i][0], cmps[i][1])), sign(strncmp(cmps[i][0], cmps[i][1], 3)),
           sign(strcasecmp(cmps[i][0], cmps[i][1])), sign(memcmp(cmps[i][0], cmps[i][1], 1)));

  // memcpy/memmove/memset across sizes and overlaps.
  static unsigned char m[4096], n[4096];
  for (int i = 0; i < 4096; ++i) m[i] = (unsigned char)(i * 7 + (i >> 8));
  uint64_t h = 0;
  for (int sz = 0; sz < 600; sz += 37) {
    memcpy(n, m + (sz & 15), (size_t)sz);
    h ^= fnv(n, (size_t)sz) + (uint64_t)sz;
    memmove(m + 3 + (sz & 7), m + (sz & 7), (size_t)sz);  // overlapping, forwards
    memmove(m + 100, m + 103 + (sz & 3), (size_t)sz);     // overlapping, backwards
    memset(n + (sz & 31), sz & 0xff, (size_t)sz / 2);
    h = h * 3 + fnv(m, 1024) + fnv(n, 1024);
  }
  printf("mem mix=%016" PRIx64 "\n", h);
  memset(m, 0, 300);
  printf("memset zero: %d %d\n", m[0] | m[150] | m[299], m[300]);

  const char* text = "the quick brown fox jumps over the lazy dog; the end";
  printf("strchr=%td strrchr=%td memchr=%td strstr=%td strstr2=%s strpbrk=%td strspn=%zu strcspn=%zu\n",
         strchr(text, 'q') - text, strrchr(text, 't') - text, (const char*)memchr(text, ';', strlen(text)) - text,
         strstr(text, "the lazy") - text, strstr(text, "cat") ? "found" : "null", strpbrk(text, "xyz") - text,
         strspn(text, "the "), strcspn(text, ";"));

  char tok[] = "alpha, beta;gamma  delta,,epsilon";
  int count = 0;
  for (char* t = strtok(tok, " ,;"); t; t = strtok(NULL, " ,;")) {
    printf("%stok%d=%s", count ? " " : "", count + 1, t);
    ++count;
  }
  printf("\n");
  char tok2[] = "k1=v1&k2=v2&k3";
  char* save;
  for (char* t = strtok_r(tok2, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
    char* eq = strchr(t, '=');
    printf("[%.*s -> %s]", eq ? (int)(eq - t) : (int)strlen(t), t, eq ? eq + 1 : "(none)");
  }
  printf("\n");

  // sprintf/snprintf with every common conversion.
  char out[256];
  int w = sprintf(out, "%d|%5d|%-5d|%05d|%+d|%x|%X|%#o|%lu|%lld|%hhd|%hu|%c|%s|%.3s|%10.4s|%%", -42, 42, 42, 42,
                  42, 0xbeefu, 0xbeefu, 8u, 1234567890123ul, -1234567890123ll, (signed char)300, (unsigned short)70000,
                  'Z', "str", "truncate", "pad");
  printf("sprintf(%d): %s\n", w, out);
  int t = snprintf(out, 10, "%s-%d", "overflowing", 12345);
  printf("snprintf: ret=%d '%s'\n", t, out);
  t = snprintf(NULL, 0, "%08.3f", 3.14159);
  printf("snprintf size=%d\n", t);
  snprintf(out, sizeof out, "%*d|%-*s|%.*f", 6, 7, 4, "ab", 2, 2.71828);
  printf("star: %s\n", out);

  // sscanf.
  int i1, i2, n1;
  unsigned u1;
  double d1;
  char word[32], rest[64];
  int got = sscanf("  -17 0x1f 2.5e3 token rest of line", "%d %x %lf %31s %63[^\n]%n", &i1, &u1, &d1, word, rest, &n1);
  printf("sscanf=%d: %d %u %g '%s' '%s' consumed=%d\n", got, i1, u1, d1, word, rest, n1);
  got = sscanf("12:34:56", "%d:%d:%d", &i1, &i2, &n1);
  printf("sscanf time=%d: %d %d %d\n", got, i1, i2, n1);
  got = sscanf("abc", "%d", &i1);
  printf("sscanf fail=%d\n", got);
  long long ll;
  char c;
  got = sscanf("9876543210123 Q", "%lld %c", &ll, &c);
  printf("sscanf ll=%d %lld %c\n", got, ll, c);

  // ctype.
  char up[64], lo[64];
  const char* mixed = "Mixed CASE text, with 123 digits & symbols!";
  size_t k;
  for (k = 0; mixed[k]; ++k) {
    up[k] = (char)toupper((unsigned char)mixed[k]);
    lo[k] = (char)tolower((unsigned char)mixed[k]);
  }
  up[k] = lo[k] = 0;
  int alpha = 0, digit = 0, space = 0, punct = 0;
  for (k = 0; mixed[k]; ++k) {
    alpha += isalpha((unsigned char)mixed[k]) != 0;
    digit += isdigit((unsigned char)mixed[k]) != 0;
    space += isspace((unsigned char)mixed[k]) != 0;
    punct += ispunct((unsigned char)mixed[k]) != 0;
  }
  printf("upper: %s\nlower: %s\nclasses: alpha=%d digit=%d space=%d punct=%d\n", up, lo, alpha, digit, space,
         punct);

  // strdup, reversal in place, palindromes, atoi.
  char* dup = strdup(text);
  size_t L = strlen(dup);
  for (size_t i = 0; i < L / 2; ++i) {
    char tmp = dup[i];
    dup[i] = dup[L - 1 - i];
    dup[L - 1 - i] = tmp;
  }
  printf("reversed: %s\n", dup);
  free(dup);
  printf("atoi=%d atol=%ld\n", atoi("  -2147483647xyz"), atol("99999999999"));

  // Arguments from the command line.
  printf("argc=%d", argc);
  for (int i = 1; i < argc; ++i) printf(" [%s]", argv[i]);
  printf("\n");
  return 0;
}
