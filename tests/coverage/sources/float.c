// Floating-point kernels for the mnemonic-coverage test: float, double and long double
// (128-bit BFP) arithmetic, conversions, fused multiply-add, comparisons and libm calls.
#include <math.h>
#include <stdint.h>
#include <stddef.h>

double dot(const double* a, const double* b, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}
float dotf(const float* a, const float* b, size_t n) {
  float s = 0;
  for (size_t i = 0; i < n; ++i) s = fmaf(a[i], b[i], s);
  return s;
}
long double sum_ld(const long double* v, size_t n) {
  long double s = 0;
  for (size_t i = 0; i < n; ++i) s += v[i] * v[i] / (v[i] + 1.0L);
  return s;
}
long double sqrt_ld(long double x) { return sqrtl(x); }
double poly(double x) { return ((((x * 0.5 + 1.25) * x - 3.0) * x + 7.0) * x - 11.0) / (x * x + 1.0); }
int64_t to_i64(double d) { return (int64_t)d; }
uint64_t to_u64(double d) { return (uint64_t)d; }
int32_t to_i32(float f) { return (int32_t)f; }
uint32_t to_u32(float f) { return (uint32_t)f; }
double from_i64(int64_t v) { return (double)v; }
double from_u64(uint64_t v) { return (double)v; }
float from_u32(uint32_t v) { return (float)v; }
long double from_i64_ld(int64_t v) { return (long double)v; }
int64_t ld_to_i64(long double v) { return (int64_t)v; }
float narrow(double d) { return (float)d; }
double widen(float f) { return f; }
double ld_to_d(long double v) { return (double)v; }
long double d_to_ld(double v) { return v; }
double rounding(double x) { return floor(x) + ceil(x) + trunc(x) + round(x) + nearbyint(x) + rint(x); }
float roundingf(float x) { return floorf(x) + ceilf(x) + truncf(x) + roundf(x); }
double absneg(double x, double y) { return fabs(x) - copysign(y, x) + -x; }
int compare(double a, double b) { return (a < b) + 2 * (a == b) + 4 * isunordered(a, b) + 8 * (a >= b); }
int comparef(float a, float b) { return (a < b) | ((a > b) << 1) | (isless(a, b) << 2); }
int comparel(long double a, long double b) { return (a < b) - (a > b); }
double divide(double a, double b) { return a / b; }
float dividef(float a, float b) { return a / b; }
double clamp(double x, double lo, double hi) { return fmin(fmax(x, lo), hi); }
double mixed(double x) { return sin(x) * cos(x) + exp(x) - log(x + 2.0) + pow(x, 1.5) + atan2(x, 3.0); }
float mixedf(float x) { return sqrtf(x) + expf(x) + logf(x + 1.0f); }
double fmadd(double a, double b, double c) { return fma(a, b, c); }
double fmsub(double a, double b, double c) { return a * b - c; }
int is_special(double x) { return isnan(x) * 4 + isinf(x) * 2 + (signbit(x) != 0); }
double scale(double x, int e) { return ldexp(x, e); }
double frac(double x, int* e) { return frexp(x, e); }
uint64_t bits_of(double d) { union { double d; uint64_t u; } c = {d}; return c.u; }
double of_bits(uint64_t u) { union { uint64_t u; double d; } c = {u}; return c.d; }
