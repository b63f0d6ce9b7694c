// Guest program: a wider sweep of libc — time conversion (gmtime/strftime/timegm), regular
// expressions, search trees and tables, getopt, pseudo-random generators, wide characters,
// integer helpers and error strings. Everything is computed from fixed inputs.
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <regex.h>
#include <search.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

static int cmp_int(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}
static int cmp_mod(const void* a, const void* b, void* arg) {
  int m = *(int*)arg;
  int x = *(const int*)a % m, y = *(const int*)b % m;
  if (x != y) return x - y;
  return *(const int*)a - *(const int*)b;
}
static unsigned walk_sum;
static void walker(const void* node, VISIT v, int level) {
  if (v == postorder || v == leaf) walk_sum = walk_sum * 3 + **(const int* const*)node + level;
}

int main(int argc, char** argv) {
  // Time: fixed instants, UTC only (no time zone files needed).
  time_t instants[] = {0, 951782400, 1234567890, 2147483647, 4102444800LL, -86400 * 365LL};
  for (size_t i = 0; i < sizeof instants / sizeof instants[0]; ++i) {
    struct tm tm;
    gmtime_r(&instants[i], &tm);
    char buf[128];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j %U %u", &tm);
    printf("time %lld: %s yday=%d back=%lld\n", (long long)instants[i], buf, tm.tm_yday, (long long)timegm(&tm));
  }
  struct tm norm = {.tm_year = 124, .tm_mon = 13, .tm_mday = 35, .tm_hour = 25, .tm_min = 61};
  time_t t = timegm(&norm);
  printf("normalised: %lld -> %04d-%02d-%02d %02d:%02d wday=%d\n", (long long)t, norm.tm_year + 1900,
         norm.tm_mon + 1, norm.tm_mday, norm.tm_hour, norm.tm_min, norm.tm_wday);

  // Regular expressions.
  const char* patterns[] = {"^[a-z]+([0-9]+)$", "(foo|bar)+baz", "[[:upper:]][[:alpha:]]*", "a{2,3}b", "^$"};
  const char* subjects[] = {"abc123", "foobarfoobaz", "hello World", "caaab", "", "xyz"};
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; ++p) {
    regex_t re;
    int rc = regcomp(&re, patterns[p], REG_EXTENDED);
    printf("re /%s/ compile=%d:", patterns[p], rc);
    for (size_t s = 0; s < sizeof subjects / sizeof subjects[0]; ++s) {
      regmatch_t m[2];
      if (regexec(&re, subjects[s], 2, m, 0) == 0)
        printf(" [%zu:%d-%d,%d-%d]", s, (int)m[0].rm_so, (int)m[0].rm_eo, (int)m[1].rm_so, (int)m[1].rm_eo);
    }
    printf("\n");
    regfree(&re);
  }
  regex_t bad;
  char msg[128];
  int brc = regcomp(&bad, "a[b", REG_EXTENDED);
  regerror(brc, &bad, msg, sizeof msg);
  printf("bad regex: %d %s\n", brc, msg);

  // Search tree, hash table, linear search, qsort_r.
  void* root = NULL;
  static int keys[200];
  for (int i = 0; i < 200; ++i) {
    keys[i] = (i * 7919) % 211;
    tsearch(&keys[i], &root, cmp_int);
  }
  int probe = 7919 % 211;
  int* hit = *(int**)tfind(&probe, &root, cmp_int);
  walk_sum = 0;
  twalk(root, walker);
  printf("tsearch: found=%d walk=%u\n", *hit, walk_sum);
  hcreate(64);
  const char* names[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
  for (int i = 0; i < 8; ++i) {
    ENTRY e = {(char*)names[i], (void*)(intptr_t)(i * i)};
    hsearch(e, ENTER);
  }
  ENTRY q = {(char*)"epsilon", NULL};
  ENTRY* r = hsearch(q, FIND);
  q.key = (char*)"omega";
  printf("hsearch: epsilon=%d omega=%s\n", r ? (int)(intptr_t)r->data : -1, hsearch(q, FIND) ? "found" : "absent");
  hdestroy();
  int arr[] = {15, 3, 22, 8, 41, 16, 9, 27, 4};
  size_t n = 9;
  int key = 41, extra = 100;
  int* lf = lfind(&key, arr, &n, sizeof arr[0], cmp_int);
  ptrdiff_t lf_at = lf ? lf - arr : -1;
  int mod = 5;
  qsort_r(arr, n, sizeof arr[0], cmp_mod, &mod);
  printf("lfind=%td qsort_r:", lf_at);
  for (size_t i = 0; i < n; ++i) printf(" %d", arr[i]);
  lsearch(&extra, arr, &n, sizeof arr[0], cmp_int);
  printf(" | n=%zu\n", n);

  // getopt over a fixed argument vector.
  char* av[] = {"prog", "-v", "-n", "42", "--name=zed", "-x", "file1", "--", "-notopt", NULL};
  int ac = 9, verbose = 0, num = 0;
  const char* name = "";
  static struct option longopts[] = {{"name", required_argument, 0, 'N'}, {0, 0, 0, 0}};
  opterr = 0;
  int c;
  while ((c = getopt_long(ac, av, "vn:", longopts, NULL)) != -1) {
    if (c == 'v') verbose++;
    else if (c == 'n') num = atoi(optarg);
    else if (c == 'N') name = optarg;
    else printf("getopt: unknown -%c\n", optopt);
  }
  printf("getopt: v=%d n=%d name=%s rest:", verbose, num, name);
  for (int i = optind; i < ac; ++i) printf(" %s", av[i]);
  printf("\n");

  // Pseudo-random generators with fixed seeds (glibc's algorithms).
  srand(12345);
  int r1 = rand(), r2 = rand();
  srandom(777);
  long r3 = random();
  srand48(2024);
  double d48 = drand48();
  long l48 = lrand48();
  unsigned short xs[3] = {1, 2, 3};
  printf("rand: %d %d random=%ld drand48=%.17g lrand48=%ld erand48=%.17g\n", r1, r2, r3, d48, l48, erand48(xs));

  // Wide characters in the C locale.
  wchar_t w[64];
  swprintf(w, 64, L"wide %d %ls %lc", 42, L"text", L'Q');
  for (size_t i = 0; w[i]; ++i) w[i] = (wchar_t)towupper((wint_t)w[i]);
  char back[64];
  wcstombs(back, w, sizeof back);
  printf("wide: len=%zu '%s' cmp=%d wcschr=%td\n", wcslen(w), back, wcscmp(w, L"WIDE"), wcschr(w, L'T') - w);

  // Integer helpers, error strings, path helpers, fnmatch, memmem, strverscmp.
  div_t dv = div(-17, 5);
  ldiv_t ld = ldiv(1000000007L, -3L);
  lldiv_t lld = lldiv(-9000000000000000000LL, 7);
  printf("div: %d %d | %ld %ld | %lld %lld | abs=%d llabs=%lld imaxabs=%jd\n", dv.quot, dv.rem, ld.quot, ld.rem,
         lld.quot, lld.rem, abs(-5), llabs(-5000000000LL), imaxabs(-77));
  printf("errors: %s | %s | %s\n", strerror(ENOENT), strerror(EINVAL), strerror(ERANGE));
  char p1[] = "/usr/lib/s390x/libc.a", p2[] = "/usr/lib/s390x/libc.a";
  printf("path: base=%s dir=%s\n", basename(p1), dirname(p2));
  printf("fnmatch: %d %d %d\n", fnmatch("*.c", "prog.c", 0), fnmatch("a?c[0-9]", "abc7", 0),
         fnmatch("*.h", "x.c", 0) == FNM_NOMATCH);
  const char hay[] = "binary\0data\0with\0nulls";
  const char* mm = memmem(hay, sizeof hay, "with", 4);
  printf("memmem=%td strverscmp=%d %d\n", mm - hay, strverscmp("file9", "file10") < 0, strverscmp("a2", "a2") == 0);
  uintmax_t um = strtoumax("18446744073709551615", NULL, 10);
  errno = 0;
  long ov = strtol("99999999999999999999", NULL, 10);
  printf("strtoumax=%ju overflow=%ld erange=%d\n", um, ov, errno == ERANGE);
  (void)argc;
  (void)argv;
  return 0;
}
