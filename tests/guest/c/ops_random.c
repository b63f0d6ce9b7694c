// Guest program: many operations on pseudo-random operands (edge values mixed in), one hash
// per operation so that a difference points at the operation: integer arithmetic of every
// width, shifts and rotates by any amount, conversions between integers and float/double/long
// double (NaN, infinities and out-of-range values included), comparisons and min/max.
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x853c49e6748fea9bull;
static uint64_t next64(void) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  uint64_t x = state;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}
static const uint64_t kEdges[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
                                  0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                  0xffffffffffffffffull, 0xfffffffffffffffeull, 0x8000000000000001ull};
static uint64_t operand(void) {
  uint64_t r = next64();
  switch (r & 7) {
    case 0: return kEdges[(r >> 3) % (sizeof kEdges / sizeof kEdges[0])];
    case 1: return (r >> 3) & 0xff;
    case 2: return (uint64_t)(int64_t)(int32_t)(r >> 7);
    default: return next64();
  }
}
static double doperand(void) {
  uint64_t r = next64();
  static const double kSpecial[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e300, 1e-310, 4294967296.0,
                                    9.2233720368547758e18, -9.2233720368547758e18, 2147483647.5, -2147483648.5,
                                    1.8446744073709552e19, 0.49999999999999994};
  switch (r & 7) {
    case 0: return kSpecial[(r >> 3) % (sizeof kSpecial / sizeof kSpecial[0])];
    case 1: return (double)(int64_t)next64() / (double)((r >> 20) | 1);
    case 2: {
      uint64_t bits = next64();
      double d;
      memcpy(&d, &bits, 8);
      return d;  // any bit pattern: NaNs, infinities, subnormals
    }
    default: return ((int64_t)(next64() >> 11) - (1ll << 52)) / 4096.0;
  }
}

#define MIX(h, v) ((h) = ((h) ^ (uint64_t)(v)) * 0x100000001b3ull)
enum { kRounds = 20000 };

int main(void) {
  uint64_t h_add = 0, h_sub = 0, h_mul = 0, h_div = 0, h_div32 = 0, h_mulh = 0, h_shift = 0, h_rot = 0;
  uint64_t h_cmp = 0, h_narrow = 0, h_bits = 0, h_ovf = 0;
  for (int i = 0; i < kRounds; ++i) {
    uint64_t a = operand(), b = operand();
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    MIX(h_add, a + b); MIX(h_add, a32 + b32); MIX(h_add, (uint64_t)(int64_t)(int32_t)(a32 + b32));
    MIX(h_add, a + (uint64_t)(int64_t)(int32_t)b32); MIX(h_add, a + (uint64_t)b32);
    MIX(h_sub, a - b); MIX(h_sub, a32 - b32); MIX(h_sub, a - (uint64_t)b32);
    MIX(h_mul, a * b); MIX(h_mul, a32 * b32); MIX(h_mul, (uint64_t)((int64_t)(int32_t)a32 * (int32_t)b32));
    MIX(h_mul, (uint64_t)a32 * b32); MIX(h_mul, a * (uint64_t)(int64_t)(int16_t)b);
    MIX(h_mulh, (uint64_t)(((unsigned __int128)a * b) >> 64)); MIX(h_mulh, (uint64_t)(((__int128)sa * sb) >> 64));
    if (b) {
      MIX(h_div, a / b); MIX(h_div, a % b);
      if (!(sa == INT64_MIN && sb == -1)) { MIX(h_div, sa / sb); MIX(h_div, sa % sb); }
    }
    if (b32) {
      MIX(h_div32, a32 / b32); MIX(h_div32, a32 % b32);
      int32_t x = (int32_t)a32, y = (int32_t)b32;
      if (!(x == INT32_MIN && y == -1)) { MIX(h_div32, x / y); MIX(h_div32, x % y); }
      MIX(h_div32, a / b32);
      if (!(sa == INT64_MIN && (int32_t)(b32 | 1) == -1)) MIX(h_div32, sa / (int32_t)(b32 | 1));
    }
    unsigned s = (unsigned)(b & 63), s32 = (unsigned)(b & 31);
    MIX(h_shift, a << s); MIX(h_shift, a >> s); MIX(h_shift, (uint64_t)(sa >> s));
    MIX(h_shift, a32 << s32); MIX(h_shift, a32 >> s32); MIX(h_shift, (uint32_t)((int32_t)a32 >> s32));
    MIX(h_rot, (a << s) | (a >> ((64 - s) & 63))); MIX(h_rot, (a32 << s32) | (a32 >> ((32 - s32) & 31)));
    MIX(h_cmp, (sa < sb) | (a < b) << 1 | ((int32_t)a32 < (int32_t)b32) << 2 | (a32 < b32) << 3 | (a == b) << 4);
    MIX(h_cmp, sa < sb ? sa : sb); MIX(h_cmp, a > b ? a : b); MIX(h_cmp, (a32 & 0xffff) > (b32 >> 16) ? 1 : 2);
    MIX(h_narrow, (int64_t)(int8_t)a); MIX(h_narrow, (int64_t)(int16_t)a); MIX(h_narrow, (uint64_t)(uint8_t)a);
    MIX(h_narrow, (uint64_t)(uint16_t)a); MIX(h_narrow, (int64_t)(int32_t)a);
    MIX(h_bits, __builtin_popcountll(a)); MIX(h_bits, a ? __builtin_clzll(a) : 64);
    MIX(h_bits, a ? __builtin_ctzll(a) : 64); MIX(h_bits, __builtin_bswap64(a)); MIX(h_bits, a & ~b);
    MIX(h_bits, a ^ (b | 0xf0f0)); MIX(h_bits, (a & 0xffff0000ffffull) | (b & 0xf000));
    int64_t r64;
    int32_t r32;
    MIX(h_ovf, __builtin_add_overflow(sa, sb, &r64)); MIX(h_ovf, r64);
    MIX(h_ovf, __builtin_sub_overflow(sa, sb, &r64)); MIX(h_ovf, r64);
    MIX(h_ovf, __builtin_mul_overflow(sa, sb, &r64)); MIX(h_ovf, r64);
    MIX(h_ovf, __builtin_add_overflow((int32_t)a32, (int32_t)b32, &r32)); MIX(h_ovf, r32);
    MIX(h_ovf, __builtin_mul_overflow((int32_t)a32, (int32_t)b32, &r32)); MIX(h_ovf, r32);
  }
  printf("add    %016" PRIx64 "\nsub    %016" PRIx64 "\nmul    %016" PRIx64 "\nmulh   %016" PRIx64 "\n", h_add,
         h_sub, h_mul, h_mulh);
  printf("div    %016" PRIx64 "\ndiv32  %016" PRIx64 "\nshift  %016" PRIx64 "\nrot    %016" PRIx64 "\n", h_div,
         h_div32, h_shift, h_rot);
  printf("cmp    %016" PRIx64 "\nnarrow %016" PRIx64 "\nbits   %016" PRIx64 "\novf    %016" PRIx64 "\n", h_cmp,
         h_narrow, h_bits, h_ovf);

  uint64_t h_fadd = 0, h_fmul = 0, h_fdiv = 0, h_fsqrt = 0, h_fcmp = 0, h_d2i = 0, h_i2d = 0, h_f32 = 0;
  uint64_t h_ld = 0, h_round = 0, h_fma = 0;
  for (int i = 0; i < kRounds; ++i) {
    double x = doperand(), y = doperand();
    double r;
    uint64_t bits;
#define MIXD(h, v) (r = (v), memcpy(&bits, &r, 8), MIX(h, isnan(r) ? 0x7ff8000000000000ull : bits))
    MIXD(h_fadd, x + y); MIXD(h_fadd, x - y);
    MIXD(h_fmul, x * y);
    MIXD(h_fdiv, x / y);
    MIXD(h_fsqrt, sqrt(fabs(x)));
    MIXD(h_fma, fma(x, y, 1.5));
    MIX(h_fcmp, (x < y) | (x <= y) << 1 | (x == y) << 2 | (x > y) << 3 | isunordered(x, y) << 4);
    MIXD(h_fcmp, fmin(x, y)); MIXD(h_fcmp, copysign(x, y)); MIXD(h_fcmp, fabs(y)); MIXD(h_fcmp, -x);
    // Conversions out of range are undefined in C; only convert what fits.
    if (x > -9.2e18 && x < 9.2e18) { MIX(h_d2i, (int64_t)x); MIX(h_d2i, llround(x)); MIX(h_d2i, (int64_t)rint(x)); }
    if (x > -1.0 && x < 1.8e19) MIX(h_d2i, (uint64_t)x);
    if (x > -2.1e9 && x < 2.1e9) { MIX(h_d2i, (int32_t)x); MIX(h_d2i, (int32_t)(float)x); }
    if (x > -1.0 && x < 4.2e9) MIX(h_d2i, (uint32_t)x);
    uint64_t n = operand();
    MIXD(h_i2d, (double)n); MIXD(h_i2d, (double)(int64_t)n); MIXD(h_i2d, (double)(int32_t)n);
    MIXD(h_i2d, (double)(uint32_t)n); MIXD(h_i2d, (double)(float)(int64_t)n); MIXD(h_i2d, (double)(float)n);
    float fx = (float)x, fy = (float)y;
    MIXD(h_f32, (double)(fx + fy)); MIXD(h_f32, (double)(fx * fy)); MIXD(h_f32, (double)(fx / fy));
    MIXD(h_f32, (double)sqrtf(fabsf(fx))); MIX(h_f32, (fx < fy) | (fx == fy) << 1);
    MIXD(h_round, floor(x)); MIXD(h_round, ceil(x)); MIXD(h_round, trunc(x)); MIXD(h_round, round(x));
    MIXD(h_round, nearbyint(x)); MIXD(h_round, (double)floorf(fx));
    long double lx = x, ly = y;
    long double lr = lx * ly + lx / (ly == 0 ? 3 : ly) - sqrtl(fabsl(lx));
    MIXD(h_ld, (double)lr);
    unsigned char raw[16];
    memcpy(raw, &lr, 16);
    uint64_t hi, lo;
    memcpy(&hi, raw, 8);
    memcpy(&lo, raw + 8, 8);
    if (!isnan(lr)) { MIX(h_ld, hi); MIX(h_ld, lo); }
    MIX(h_ld, (lx < ly) | (lx == ly) << 1);
    if (lx > -9e18L && lx < 9e18L) MIX(h_ld, (int64_t)lx);
  }
  printf("fadd   %016" PRIx64 "\nfmul   %016" PRIx64 "\nfdiv   %016" PRIx64 "\nfsqrt  %016" PRIx64 "\n", h_fadd,
         h_fmul, h_fdiv, h_fsqrt);
  printf("fma    %016" PRIx64 "\nfcmp   %016" PRIx64 "\nd2i    %016" PRIx64 "\ni2d    %016" PRIx64 "\n", h_fma,
         h_fcmp, h_d2i, h_i2d);
  printf("f32    %016" PRIx64 "\nround  %016" PRIx64 "\nldbl   %016" PRIx64 "\n", h_f32, h_round, h_ld);
  return 0;
}
