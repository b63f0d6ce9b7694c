// Guest program: language corners — __int128 arithmetic, dense switch tables, bitfields,
// varargs (va_list, va_copy, vsnprintf), struct passing/return by value, unions, and the
// exit status (main returns a nonzero code the test harness checks).
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void print_u128(unsigned __int128 v) {
  char buf[48];
  int i = 47;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  fputs(buf + i, stdout);
}
static void print_i128(__int128 v) {
  if (v < 0) {
    putchar('-');
    print_u128(-(unsigned __int128)v);
  } else {
    print_u128((unsigned __int128)v);
  }
}

static volatile int64_t seeds[] = {3, -7, 1000000007, -123456789123ll, INT64_MAX, INT64_MIN};

// A switch dense enough for a jump table, and a sparse one for a compare tree.
static int dense(int x) {
  switch (x) {
    case 0: return 11;
    case 1: return 22;
    case 2: return -3;
    case 3: return 47;
    case 4: return 5;
    case 5: return 600;
    case 6: return 7;
    case 7: return 81;
    case 8: return 9;
    case 9: return -10;
    case 10: return 111;
    case 11: return 12;
    default: return -1;
  }
}
static const char* sparse(unsigned x) {
  switch (x) {
    case 1: return "one";
    case 100: return "hundred";
    case 1000: return "thousand";
    case 65535: return "max16";
    case 1u << 20: return "mega";
    case 0xdeadbeef: return "dead";
    default: return "?";
  }
}
static int char_class(char c) {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case '0' ... '9': return 2;
    case ' ': case '\t': case '\n': return 3;
    case 'A' ... 'Z': return 4;
    default: return 0;
  }
}

struct flags {
  unsigned a : 3;
  signed b : 5;
  unsigned c : 1;
  unsigned d : 12;
  signed e : 7;
  uint64_t wide : 40;
  unsigned f : 4;
};

struct vec3 { double x, y, z; };
struct small { char tag; short s; int i; };
static struct vec3 cross(struct vec3 a, struct vec3 b) {
  struct vec3 r = {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
  return r;
}
static struct small bump(struct small s) {
  s.tag++;
  s.s = (short)(s.s * 2);
  s.i -= 5;
  return s;
}

static long sum_ints(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; ++i) s += va_arg(ap, int);
  va_end(ap);
  return s;
}
static double mixed(const char* fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  double total = 0;
  for (const char* p = fmt; *p; ++p) {
    switch (*p) {
      case 'i': total += va_arg(ap, int); break;
      case 'l': total += (double)va_arg(ap, long long); break;
      case 'd': total += va_arg(ap, double); break;
      case 's': total += (double)strlen(va_arg(ap, const char*)); break;
    }
  }
  // Walk the copy again: it must see the same arguments.
  double again = 0;
  for (const char* p = fmt; *p; ++p) {
    switch (*p) {
      case 'i': again += va_arg(ap2, int); break;
      case 'l': again += (double)va_arg(ap2, long long); break;
      case 'd': again += va_arg(ap2, double); break;
      case 's': again += (double)strlen(va_arg(ap2, const char*)); break;
    }
  }
  va_end(ap2);
  va_end(ap);
  return total - again + total;
}
static int logf_(char* out, size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(out, n, fmt, ap);
  va_end(ap);
  return r;
}

int main(void) {
  // __int128.
  // Unsigned arithmetic wraps (no undefined overflow); printed as signed two's complement.
  __int128 acc = 1;
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; ++i) {
    unsigned __int128 s = (unsigned __int128)(__int128)seeds[i];
    acc = (__int128)((unsigned __int128)acc * 31 + s * s - (s << 7));
    printf("i128 step %zu: ", i);
    print_i128(acc);
    printf(" hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)((unsigned __int128)acc >> 64), (uint64_t)acc);
  }
  unsigned __int128 f = 1;
  for (int i = 1; i <= 34; ++i) f *= (unsigned)i;
  printf("34! = ");
  print_u128(f);
  printf("\n");
  __int128 q = (__int128)seeds[3] * seeds[2] * 1000;
  __int128 d = (__int128)seeds[1] * 99991;
  printf("i128 div: ");
  print_i128(q / d);
  printf(" rem ");
  print_i128(q % d);
  printf(" shr ");
  print_i128(q >> 37);
  printf(" cmp %d %d\n", q < d, (unsigned __int128)q > (unsigned __int128)d);

  // Switches.
  long sw = 0;
  for (int i = -3; i < 16; ++i) sw = sw * 7 + dense(i);
  printf("dense switch=%ld\n", sw);
  unsigned probes[] = {0, 1, 100, 999, 1000, 65535, 1u << 20, 0xdeadbeef, 42};
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; ++i) printf("%s%s", i ? "," : "sparse: ", sparse(probes[i]));
  printf("\n");
  const char* sentence = "Hello World 2024\tz/Arch\n";
  for (const char* p = sentence; *p; ++p) printf("%d", char_class(*p));
  printf("\n");

  // Bitfields: stores must not disturb neighbours; signed fields sign-extend.
  struct flags fl;
  memset(&fl, 0xa5, sizeof fl);
  fl.a = 5;
  fl.b = -9;
  fl.c = 1;
  fl.d = 0xabc;
  fl.e = -64;
  fl.wide = 0x123456789aull;
  fl.f = 15;
  printf("bitfields: a=%u b=%d c=%u d=%x e=%d wide=%" PRIx64 " f=%u size=%zu\n", fl.a, fl.b, fl.c, fl.d, fl.e,
         (uint64_t)fl.wide, fl.f, sizeof fl);
  fl.b += 20;
  fl.d = fl.d * 3;
  fl.wide -= 1;
  fl.e = (signed char)(fl.e - 1);
  unsigned char raw[sizeof fl];
  memcpy(raw, &fl, sizeof fl);
  printf("after: b=%d d=%x e=%d wide=%" PRIx64 " raw=", fl.b, fl.d, fl.e, (uint64_t)fl.wide);
  for (size_t i = 0; i < sizeof raw; ++i) printf("%02x", raw[i]);
  printf("\n");

  // Structs by value.
  struct vec3 c = cross((struct vec3){1.5, -2, 3}, (struct vec3){0.25, 4, -1});
  struct small s = bump((struct small){'a', 1234, 99});
  printf("cross=(%g,%g,%g) small=%c,%d,%d\n", c.x, c.y, c.z, s.tag, s.s, s.i);
  union {
    double d;
    uint64_t u;
    uint32_t w[2];
    unsigned char b[8];
  } un;
  un.d = -2.75;
  printf("union: %016" PRIx64 " %08" PRIx32 " %08" PRIx32 " b0=%02x b7=%02x\n", un.u, un.w[0], un.w[1], un.b[0],
         un.b[7]);

  // Varargs.
  printf("sum_ints=%ld %ld\n", sum_ints(5, 1, -2, 3, -4, 5), sum_ints(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  printf("mixed=%g\n", mixed("idlsidd", 7, 2.5, 10000000000ll, "four", -3, 0.125, 1e3));
  char out[64];
  int n = logf_(out, sizeof out, "[%s:%d:%5.2f:%c:%lx]", "tag", -5, 3.14159, 'q', 0xfeedul);
  printf("vsnprintf=%d %s\n", n, out);
  return 7;  // checked by the harness: the exit status must match too
}
