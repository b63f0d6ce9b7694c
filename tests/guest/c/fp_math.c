// Guest program: binary floating point — libm (sin, cos, exp, log, pow, sqrt, fmod…), printf of
// doubles (%g, %.17g, %a, %e, %f), float and long double (128-bit) arithmetic, conversions,
// rounding modes (fesetround), strtod, and IEEE special values.
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double vd[] = {0.0, -0.0, 1.0, -1.5, 0.1, 3.141592653589793, 2.718281828459045, 1e-300,
                               1e300, 123456.789, -987.654321, 0.5, 1e-5, 42.0};
static volatile float vf[] = {0.0f, 1.0f, -2.5f, 0.1f, 3.14159265f, 1e30f, 1e-30f, 16777217.0f, -0.75f};

static uint64_t bits_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

int main(void) {
  size_t nd = sizeof vd / sizeof vd[0];
  for (size_t i = 0; i < nd; ++i) {
    double x = vd[i];
    printf("x=%-12g sin=%.17g cos=%.17g exp=%.17g\n", x, sin(x), cos(x), exp(x > 700 ? 700 : x));
    printf("   log=%.17g sqrt=%.17g pow=%.17g fmod=%.17g atan2=%.17g\n", log(fabs(x)), sqrt(fabs(x)),
           pow(fabs(x), 0.37), fmod(x, 0.7), atan2(x, 1.25));
  }
  printf("tan=%.17g asin=%.17g acos=%.17g atan=%.17g sinh=%.17g cosh=%.17g tanh=%.17g\n", tan(0.7), asin(0.3),
         acos(-0.4), atan(5.0), sinh(1.2), cosh(1.2), tanh(-0.8));
  printf("log10=%.17g log2=%.17g exp2=%.17g expm1=%.17g log1p=%.17g cbrt=%.17g hypot=%.17g\n", log10(12345.0),
         log2(0.001), exp2(-3.3), expm1(1e-10), log1p(1e-10), cbrt(-27.5), hypot(3e200, 4e200));
  printf("floor=%g ceil=%g round=%g trunc=%g rint=%g nearbyint=%g lround=%ld\n", floor(-2.5), ceil(-2.5),
         round(-2.5), trunc(-2.7), rint(2.5), nearbyint(3.5), lround(-3.5));
  int ex;
  double fr = frexp(1234.5, &ex);
  printf("frexp=%g,%d ldexp=%g modf=", fr, ex, ldexp(0.75, 10));
  double ip;
  double fp = modf(-12.375, &ip);
  printf("%g,%g copysign=%g fmin=%g fmax=%g fdim=%g remainder=%g\n", ip, fp, copysign(3.0, -0.0), fmin(2, -3),
         fmax(2, -3), fdim(5, 7.5), remainder(10.0, 3.0));

  // printf formats.
  double samples[] = {1.0 / 3, 2.0 / 3, 1e21, 1e-7, 123456789.0, 0.1 + 0.2, 5e-324, DBL_MAX, -DBL_MIN, 100.0};
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; ++i)
    printf("fmt: %g | %.17g | %a | %e | %.3f | %10.4g | %016" PRIx64 "\n", samples[i], samples[i], samples[i],
           samples[i], samples[i], samples[i], bits_of(samples[i]));

  // Special values.
  volatile double zero = 0.0;
  double inf = 1.0 / zero, nan_ = zero / zero;
  printf("inf=%g -inf=%g nan=%g isnan=%d isinf=%d signbit(-0)=%d nan==nan:%d inf>max:%d\n", inf, -inf,
         fabs(nan_), isnan(nan_), isinf(-inf), signbit(-zero), nan_ == nan_, inf > DBL_MAX);
  printf("fpclassify: %d %d %d %d %d\n", fpclassify(0.0), fpclassify(1.0), fpclassify(inf), fpclassify(nan_),
         fpclassify(DBL_MIN / 4));

  // float arithmetic.
  float facc = 0;
  size_t nf = sizeof vf / sizeof vf[0];
  for (size_t i = 0; i < nf; ++i) {
    float x = vf[i];
    facc = facc * 0.5f + x * x - x / 3.0f;
    printf("float %g: sq=%a div=%a sqrtf=%.9g sinf=%.9g expf=%.9g -> %d %u %lld\n", (double)x, (double)(x * x),
           (double)(x / 7.0f), (double)sqrtf(fabsf(x)), (double)sinf(x), (double)expf(x > 80 ? 80 : x), (int)x,
           (unsigned)(x < 0 ? 0 : x > 4e9f ? 4e9f : x), (long long)(x > 9e18f ? 0 : x));
  }
  printf("float acc=%a\n", (double)facc);

  // long double (128-bit IEEE on s390x).
  long double L = 1.0L;
  for (int i = 1; i <= 30; ++i) L = L * 3.0L / (i % 4 + 1) + 1.0L / i;
  printf("long double: %.30Lg %La\n", L, L);
  long double third = 1.0L / 3.0L;
  printf("ld third=%.33Lg sqrtl(2)=%.33Lg cmp=%d\n", third, sqrtl(2.0L), third < 0.33333333333333333333L);
  printf("ld conv: %lld %.17g %Lg\n", (long long)(L * 1e3L), (double)L, (long double)vd[9] * vd[10]);

  // Integer <-> floating conversions, signed and unsigned, with truncation.
  volatile int64_t iv[] = {0, -1, 1, INT64_MAX, INT64_MIN, 9007199254740993ll, -123456789012345ll};
  volatile uint64_t uv[] = {0, 1, UINT64_MAX, 1ull << 63, 12345678901234567890ull};
  for (size_t i = 0; i < sizeof iv / sizeof iv[0]; ++i)
    printf("i2d %" PRId64 " -> %.17g %.9g\n", iv[i], (double)iv[i], (double)(float)iv[i]);
  for (size_t i = 0; i < sizeof uv / sizeof uv[0]; ++i)
    printf("u2d %" PRIu64 " -> %.17g back=%" PRIu64 "\n", uv[i], (double)uv[i],
           (uint64_t)((double)uv[i] >= 18446744073709551615.0 ? 0 : (double)uv[i]));
  for (size_t i = 0; i < nd; ++i)
    if (fabs(vd[i]) < 1e18)
      printf("d2i %.17g -> %" PRId64 " %d %u\n", vd[i], (int64_t)vd[i], (int)(vd[i] * 1000) % 100000,
             (unsigned)fabs(vd[i]));

  // Rounding modes affect arithmetic and rint.
  int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  const char* names[] = {"nearest", "upward", "downward", "towardzero"};
  for (int m = 0; m < 4; ++m) {
    fesetround(modes[m]);
    volatile double one = 1.0, three = 3.0, neg = -2.5, pos = 2.5, seven = 7.5;
    double q = one / three;
    volatile float fq = (float)one / (float)three;
    printf("round %-10s get=%d 1/3=%.17g f=%a rint(2.5)=%g rint(-2.5)=%g lrint(%g)=%ld "
           "nearbyint=%g\n", names[m], fegetround() == modes[m], q, (double)fq, rint(pos), rint(neg), seven,
           lrint(seven), nearbyint(-seven));
  }
  fesetround(FE_TONEAREST);

  // Exception flags.
  feclearexcept(FE_ALL_EXCEPT);
  volatile double big = DBL_MAX, tiny = DBL_MIN;
  volatile double r1 = big * 2.0;
  int ovf = fetestexcept(FE_OVERFLOW) != 0;
  feclearexcept(FE_ALL_EXCEPT);
  volatile double r2 = tiny / 1e10;
  int unf = fetestexcept(FE_UNDERFLOW) != 0;
  feclearexcept(FE_ALL_EXCEPT);
  volatile double r3 = 1.0 / zero;
  int dbz = fetestexcept(FE_DIVBYZERO) != 0;
  feclearexcept(FE_ALL_EXCEPT);
  volatile double one = 1.0;
  volatile double r4 = one / 3.0;
  int inx = fetestexcept(FE_INEXACT) != 0;
  printf("flags: overflow=%d underflow=%d divbyzero=%d inexact=%d (%g %g %g %g)\n", ovf, unf, dbz, inx, r1, r2,
         r3, r4);

  // strtod and friends.
  const char* inputs[] = {"3.14159", "-0", "1e400", "0x1.8p3", "  42abc", "inf", "nan", "2.2250738585072011e-308",
                          "1e-400", ".5e+2", "123456789012345678901234567890"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; ++i) {
    char* end;
    double v = strtod(inputs[i], &end);
    float f = strtof(inputs[i], NULL);
    long double l = strtold(inputs[i], NULL);
    printf("strtod(\"%s\") = %.17g [%a] f=%.9g ld=%.20Lg rest=\"%s\"\n", inputs[i], v, v, (double)f, l, end);
  }
  printf("atof=%g strtol=%ld strtoul=%lu strtoll=%lld\n", atof("6.02e23"), strtol("-0x7fff", NULL, 16),
         strtoul("777", NULL, 8), strtoll("-9223372036854775808", NULL, 10));

  // A numeric kernel: Horner, Newton iteration, a small dot product with fma.
  double poly = 0;
  for (int i = 0; i < 1000; ++i) {
    double x = i / 1000.0;
    poly += ((((0.5 * x - 1.25) * x + 2.0) * x - 0.125) * x + 3.0);
  }
  double r = 1.0;
  for (int i = 0; i < 8; ++i) r = 0.5 * (r + 10.0 / r);
  double dot = 0;
  for (int i = 0; i < 100; ++i) dot = fma(i * 0.01, (100 - i) * 0.03, dot);
  printf("kernel: poly=%.17g newton=%.17g dot=%.17g\n", poly, r, dot);
  return 0;
}
