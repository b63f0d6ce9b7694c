// Binary floating point core: formats, FPC fields, rounding (host double/float with an
// exact-error fast path, the host environment otherwise, libgcc soft-fp __float128 for
// extended) and the IEEE exception rules of the Principles of Operation.
#pragma once

#include <cfenv>
#include <cstdint>
#include <initializer_list>
#include <type_traits>

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem::bfp {

using f128 = __float128;
using u128 = unsigned __int128;

// ---- FPC ------------------------------------------------------------------------------------
// IEEE exception bits in the order the FPC uses for masks (bits 0-4), flags (8-12) and the
// DXC (16-23): invalid, divide-by-zero, overflow, underflow, inexact.
inline constexpr unsigned kExI = 0x80, kExZ = 0x40, kExO = 0x20, kExU = 0x10, kExX = 0x08;
inline constexpr unsigned kDxcIncremented = 0x04;   // DXC "y": the result was rounded up
inline constexpr uint32_t kFpcValid = 0xf8f8ff77u;  // all but the reserved bits 5-7, 13-15, 24, 28

inline unsigned fpc_masks(const cpu& c) { return (c.s.fpc >> 24) & 0xf8; }
inline void fpc_set_flags(cpu& c, unsigned ex) {
  c.s.fpc |= static_cast<uint32_t>(ex & 0xf8) << 16;
}

// True when a routine must not store its result (suppressed interruption).
inline bool suppressed(const cpu& c, S st) {
  return st == S::program && c.pgm_ending != ending::complete;
}

// Rounding methods. 0-3 and 7 are the FPC's BFP rounding-mode values; kAway only comes from
// an M3 field (round to nearest with ties away from zero).
enum rmode : uint8_t { kNearest = 0, kZero = 1, kUp = 2, kDown = 3, kOdd = 7, kAway = 8 };

inline unsigned fpc_rmode(const cpu& c) { return c.s.fpc & 7; }
// M3 rounding field of conversions and LOAD FP INTEGER. False for the invalid values.
inline bool m3_rmode(const cpu& c, unsigned m3, unsigned& out) {
  switch (m3) {
    case 0: out = fpc_rmode(c); return true;
    case 1: out = kAway; return true;
    case 3: out = kOdd; return true;
    case 4:
    case 5:
    case 6:
    case 7: out = m3 - 4; return true;
    default: return false;
  }
}
// M4 bit 1 (value 4): IEEE-inexact-exception control; inexact is then neither flagged nor trapped.
inline bool m4_xic(unsigned m4) { return (m4 & 4) != 0; }

// ---- formats --------------------------------------------------------------------------------
template <class F>
struct fmt;
template <>
struct fmt<float> {
  using bits = uint32_t;
  static constexpr int kFrac = 23, kExpBits = 8, kBias = 127, kAlpha = 192;
};
template <>
struct fmt<double> {
  using bits = uint64_t;
  static constexpr int kFrac = 52, kExpBits = 11, kBias = 1023, kAlpha = 1536;
};
template <>
struct fmt<f128> {
  using bits = u128;
  static constexpr int kFrac = 112, kExpBits = 15, kBias = 16383, kAlpha = 24576;
};

template <class F>
using bits_t = typename fmt<F>::bits;
template <class F>
constexpr bits_t<F> kOne = 1;
template <class F>
constexpr bits_t<F> kSign = kOne<F> << (fmt<F>::kFrac + fmt<F>::kExpBits);
template <class F>
constexpr bits_t<F> kExpMask = ((kOne<F> << fmt<F>::kExpBits) - 1) << fmt<F>::kFrac;
template <class F>
constexpr bits_t<F> kFracMask = (kOne<F> << fmt<F>::kFrac) - 1;
template <class F>
constexpr bits_t<F> kQuiet = kOne<F> << (fmt<F>::kFrac - 1);
template <class F>
constexpr bits_t<F> kMinNormal = kOne<F> << fmt<F>::kFrac;
// The PoO default QNaN: plus sign, leftmost fraction bit one, the rest zero.
template <class F>
constexpr bits_t<F> kDefaultNan = kExpMask<F> | kQuiet<F>;

template <class F>
inline bits_t<F> to_bits(F x) {
  return __builtin_bit_cast(bits_t<F>, x);
}
template <class F>
inline F from_bits(bits_t<F> b) {
  return __builtin_bit_cast(F, b);
}
template <class F>
inline bits_t<F> mag(bits_t<F> b) {
  return b & ~kSign<F>;
}
template <class F>
inline bool is_nan(bits_t<F> b) {
  return mag<F>(b) > kExpMask<F>;
}
template <class F>
inline bool is_snan(bits_t<F> b) {
  return is_nan<F>(b) && !(b & kQuiet<F>);
}
template <class F>
inline bool is_inf(bits_t<F> b) {
  return mag<F>(b) == kExpMask<F>;
}
template <class F>
inline bool is_zero(bits_t<F> b) {
  return mag<F>(b) == 0;
}
template <class F>
inline bool is_neg(bits_t<F> b) {
  return (b & kSign<F>) != 0;
}
template <class F>
inline bits_t<F> quiet(bits_t<F> b) {
  return b | kQuiet<F>;
}

// A NaN converted to another format keeps its sign and the leftmost fraction bits, made quiet.
template <class To, class From>
inline bits_t<To> nan_convert(bits_t<From> b) {
  bits_t<To> frac;
  constexpr int kShift = fmt<To>::kFrac - fmt<From>::kFrac;
  if constexpr (kShift >= 0)
    frac = static_cast<bits_t<To>>(b & kFracMask<From>) << kShift;
  else
    frac = static_cast<bits_t<To>>((b & kFracMask<From>) >> -kShift);
  return (is_neg<From>(b) ? kSign<To> : 0) | kExpMask<To> | frac | kQuiet<To>;
}

// CC of a result: 0 zero, 1 negative, 2 positive, 3 NaN.
template <class F>
inline uint8_t cc_of(bits_t<F> b) {
  if (is_nan<F>(b)) return 3;
  if (is_zero<F>(b)) return 0;
  return is_neg<F>(b) ? 1 : 2;
}

// An exact power of two in a format (|n| within its normal exponent range).
template <class F>
inline F pow2(int n) {
  return from_bits<F>(static_cast<bits_t<F>>(n + fmt<F>::kBias) << fmt<F>::kFrac);
}

// ---- host arithmetic under a rounding mode ----------------------------------------------------
enum class op : uint8_t { add, sub, mul, div, sqrt, fma, fms, cvt };

inline int host_round(unsigned m) {
  switch (m) {
    case kZero:
    case kOdd:
    case kAway: return FE_TOWARDZERO;
    case kUp: return FE_UPWARD;
    case kDown: return FE_DOWNWARD;
    default: return FE_TONEAREST;
  }
}
inline unsigned ex_of_host(int e) {
  return ((e & FE_INVALID) ? kExI : 0) | ((e & FE_DIVBYZERO) ? kExZ : 0) |
         ((e & FE_OVERFLOW) ? kExO : 0) | ((e & FE_INEXACT) ? kExX : 0);
}

// The host floating-point environment around one operation: sets the rounding mode with
// the exception flags clear, then reads the flags and restores the host's mode.
// On x86-64 this is MXCSR (SSE arithmetic, and the rounding mode libgcc's soft-fp uses for
// __float128) plus the x87 status word (where soft-fp raises overflow and underflow). An
// MXCSR write costs tens of nanoseconds, so it is written only when it must change, and the
// host's exception flags are left clear rather than restored (nothing on the host reads them).
#if defined(__x86_64__)
template <bool X87>
struct host_fenv_t {
  uint32_t restore_;
  explicit host_fenv_t(int host_mode) {
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    restore_ = v & ~0x3fu;
    // Clear flags, DAZ and FTZ; RC (bits 13-14) from the <cfenv> mode value (x87 encoding).
    uint32_t n = (v & ~0xe07fu) | (static_cast<uint32_t>(host_mode) << 3);
    if (n != v) __asm__ volatile("ldmxcsr %0" : : "m"(n) : "memory");
    if constexpr (X87) {
      uint16_t sw;
      __asm__ volatile("fnstsw %0" : "=a"(sw) : : "memory");
      if (sw & 0x3f) __asm__ volatile("fnclex" : : : "memory");
    }
  }
  unsigned done() {
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    uint16_t sw = 0;
    if constexpr (X87) {
      __asm__ volatile("fnstsw %0" : "=a"(sw) : : "memory");
      if (sw & 0x3f) __asm__ volatile("fnclex" : : : "memory");
    }
    if (v != restore_) __asm__ volatile("ldmxcsr %0" : : "m"(restore_) : "memory");
    unsigned e = (v | sw) & 0x3f;
    return ((e & 0x01) ? kExI : 0) | ((e & 0x04) ? kExZ : 0) | ((e & 0x08) ? kExO : 0) |
           ((e & 0x20) ? kExX : 0);
  }
};
#else
template <bool X87>
struct host_fenv_t {
  int saved_mode_;
  fexcept_t saved_flags_;
  explicit host_fenv_t(int host_mode) {
    saved_mode_ = fegetround();
    fegetexceptflag(&saved_flags_, FE_ALL_EXCEPT);
    fesetround(host_mode);
    feclearexcept(FE_ALL_EXCEPT);
  }
  unsigned done() {
    const int e = fetestexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&saved_flags_, FE_ALL_EXCEPT);
    fesetround(saved_mode_);
    return ex_of_host(e);
  }
};
#endif
// Short and long arithmetic is all SSE; only __float128 (soft-fp) involves the x87 status.
template <class F, class A>
using host_fenv = host_fenv_t<std::is_same_v<F, f128> || std::is_same_v<A, f128>>;

// One host operation under a host rounding mode. Kept small and out of the callers' FP code:
// only here are FP operations ordered against the environment changes (FENV_ACCESS).
// Underflow is not taken from the host (x86 detects tininess after rounding, z/Architecture
// before): see round_op.
template <class F, class A>
inline F host_calc(op o, A a, A b, A c3, int host_mode, unsigned& ex) {
#pragma STDC FENV_ACCESS ON
  host_fenv<F, A> env(host_mode);
  F r;
  if constexpr (std::is_same_v<F, A>) {
    switch (o) {
      case op::add: r = a + b; break;
      case op::sub: r = a - b; break;
      case op::mul: r = a * b; break;
      case op::div: r = a / b; break;
      case op::sqrt:
        if constexpr (std::is_same_v<F, float>)
          r = __builtin_sqrtf(a);
        else if constexpr (std::is_same_v<F, double>)
          r = __builtin_sqrt(a);
        else
          r = __builtin_sqrtf128(a);
        break;
      case op::fma:
      case op::fms: {
        A addend = o == op::fma ? c3 : -c3;
        if constexpr (std::is_same_v<F, float>)
          r = __builtin_fmaf(a, b, addend);
        else if constexpr (std::is_same_v<F, double>)
          r = __builtin_fma(a, b, addend);
        else
          r = a * b + addend;  // only for operands widened from long: the product is exact
        break;
      }
      default: r = a; break;
    }
  } else {
    r = static_cast<F>(a);
  }
  ex = env.done();
  return r;
}

// Integer to BFP under a host rounding mode (the only exception possible is inexact).
template <class F, class I>
inline F host_from_int(I v, int host_mode, unsigned& ex) {
#pragma STDC FENV_ACCESS ON
  host_fenv<F, F> env(host_mode);
  F r = static_cast<F>(v);
  ex = env.done() & kExX;
  return r;
}

// Magnitude one unit further from zero (the other rounding candidate after truncation).
template <class F>
inline F next_away(F t) {
  return from_bits<F>(to_bits<F>(t) + 1);
}

// An operation rounded by any method: the host's four modes, round-to-odd (truncate, then set
// the last bit if inexact) and, for conversions, ties-away (truncate, then compare with the
// midpoint, computed exactly in the wider source format).
template <class F, class A>
inline F calc(op o, A a, A b, A c3, unsigned mode, unsigned& ex) {
  F r = host_calc<F, A>(o, a, b, c3, host_round(mode), ex);
  if (!(ex & kExX) || (ex & kExI)) return r;
  if (mode == kOdd) return from_bits<F>(to_bits<F>(r) | 1);
  if constexpr (!std::is_same_v<F, A>) {
    if (mode == kAway) {
      A lo = static_cast<A>(r);
      A half;
      if (is_inf<F>(to_bits<F>(next_away(r)))) {
        half = (lo - static_cast<A>(from_bits<F>(to_bits<F>(r) - 1))) / 2;  // r is the largest
      } else {
        half = (static_cast<A>(next_away(r)) - lo) / 2;
      }
      A x = a < 0 ? -a : a, m = (lo < 0 ? -lo : lo) + (half < 0 ? -half : half);
      if (x >= m) {
        r = next_away(r);
        if (is_inf<F>(to_bits<F>(r))) ex |= kExO;
      }
    }
  }
  return r;
}

// Fast path for short and long add, subtract, multiply, divide, square root and short
// multiply-and-add/subtract: the host's
// round-to-nearest result plus its exact error (TwoSum, or a remainder through a fused
// multiply-add) give the inexact condition and the result of every other rounding method
// without touching the host environment (an MXCSR write costs tens of nanoseconds). It only
// answers when operands and result are far from the subnormal range and from overflow;
// otherwise the caller takes the environment path.
template <class F>
inline bool fast_calc(op o, F a, F b, F c3, unsigned mode, F& out, unsigned& ex) {
  if constexpr (std::is_same_v<F, f128>) {
    return false;
  } else {
    // 2^(emin + 2p): error terms of results and operands above it are exact.
    constexpr bits_t<F> kFloor = static_cast<bits_t<F>>(2 * (fmt<F>::kFrac + 1) + 1)
                                 << fmt<F>::kFrac;
    constexpr bits_t<F> kNmax = kExpMask<F> - 1;
    auto big = [&](F v) { return mag<F>(to_bits<F>(v)) >= kFloor; };
    F s, err;
    switch (o) {
      case op::add:
      case op::sub: {
        F y = o == op::add ? b : -b;
        s = a + y;
        F yy = s - a;
        err = (a - (s - yy)) + (y - yy);
        break;
      }
      case op::mul:
        s = a * b;
        if constexpr (std::is_same_v<F, float>)
          err = __builtin_fmaf(a, b, -s);
        else
          err = __builtin_fma(a, b, -s);
        break;
      case op::div:
        if (!big(a) || !big(b)) return false;
        s = a / b;
        if constexpr (std::is_same_v<F, float>)
          err = __builtin_fmaf(-s, b, a);
        else
          err = __builtin_fma(-s, b, a);
        if (b < 0) err = -err;  // the exact quotient is s + err / b
        break;
      case op::sqrt:
        if (!big(a) || a < 0) return false;
        if constexpr (std::is_same_v<F, float>) {
          s = __builtin_sqrtf(a);
          err = __builtin_fmaf(-s, s, a);
        } else {
          s = __builtin_sqrt(a);
          err = __builtin_fma(-s, s, a);
        }
        break;
      case op::fma:
      case op::fms:
        if constexpr (std::is_same_v<F, float>) {
          // Short: the product is exact in long; TwoSum makes p + c exact as hi + lo.
          double p = static_cast<double>(a) * static_cast<double>(b);
          double addend = o == op::fma ? static_cast<double>(c3) : -static_cast<double>(c3);
          double hi = p + addend, t = hi - p;
          double lo = (p - (hi - t)) + (addend - t);
          s = static_cast<float>(hi);
          // A long sum exactly halfway between two shorts would round on the low part.
          if (lo != 0 && (to_bits<double>(hi) & 0x1fffffffull) == 0x10000000ull) return false;
          double d = (hi - static_cast<double>(s)) + lo;  // exact difference, then its sign
          err = d > 0 ? 1.0f : (d < 0 ? -1.0f : 0.0f);
          break;
        } else {
          return false;
        }
      default: return false;
    }
    bits_t<F> sb = to_bits<F>(s);
    if (mag<F>(sb) < kFloor || mag<F>(sb) >= kNmax) return false;
    if (err == 0) {
      out = s;
      ex = 0;
      return true;
    }
    ex = kExX;
    // err > 0: the exact value lies above s. Neighbours of s by magnitude: sb - 1, sb + 1.
    const bool above = err > 0, neg = is_neg<F>(sb);
    const bool toward_zero_is_exact_side = above == neg;
    switch (mode) {
      case kNearest: break;
      case kZero:
        if (toward_zero_is_exact_side) sb -= 1;
        break;
      case kUp:
        if (above) sb = neg ? sb - 1 : sb + 1;
        break;
      case kDown:
        if (!above) sb = neg ? sb + 1 : sb - 1;
        break;
      case kOdd:
        if (toward_zero_is_exact_side) sb -= 1;
        sb |= 1;
        break;
      default: return false;
    }
    out = from_bits<F>(sb);
    return true;
  }
}

// Wider format used to get an exact-enough intermediate (round-to-odd at >= 2p+2 bits) when a
// trapped overflow or underflow needs the scaled result.
template <class F>
struct wider;
template <>
struct wider<float> {
  using type = double;
};
template <>
struct wider<double> {
  using type = f128;
};

// Extended: split into significand in [1,2) and exponent (x finite, nonzero).
inline f128 split128(f128 x, int& e) {
  u128 b = to_bits<f128>(x);
  e = 0;
  if ((b & kExpMask<f128>) == 0) {  // subnormal: normalise exactly
    x = x * pow2<f128>(112);
    b = to_bits<f128>(x);
    e = -112;
  }
  e += static_cast<int>((b & kExpMask<f128>) >> 112) - fmt<f128>::kBias;
  return from_bits<f128>((b & ~kExpMask<f128>) | (static_cast<u128>(fmt<f128>::kBias) << 112));
}
// r (normal or subnormal, nonzero) times 2^n, exact when the result is normal.
inline f128 scale128(f128 r, int n) {
  int e;
  f128 m = split128(r, e);
  u128 b = to_bits<f128>(m);
  return from_bits<f128>((b & ~kExpMask<f128>) |
                         (static_cast<u128>(e + n + fmt<f128>::kBias) << 112));
}

// Scaled result of a trapped overflow (dir -1) or underflow (dir +1): the rounded result with
// unbounded exponent times 2^(dir*alpha). `incr` says whether rounding increased the magnitude.
template <class F, class A>
inline F scaled_result(op o, A a, A b, A c3, unsigned mode, int dir, unsigned& ex, bool& incr) {
  constexpr int kAlpha = fmt<F>::kAlpha;
  unsigned ez;
  if constexpr (!std::is_same_v<F, A>) {
    // Conversions: the source format holds the scaled value exactly.
    A s = a * pow2<A>(dir * kAlpha);
    F r = calc<F, A>(op::cvt, s, s, s, mode, ex);
    F z = host_calc<F, A>(op::cvt, s, s, s, FE_TOWARDZERO, ez);
    incr = to_bits<F>(r) != to_bits<F>(z);
    return r;
  } else if constexpr (!std::is_same_v<F, f128>) {
    using W = typename wider<F>::type;
    W w = host_calc<W, W>(o, W(a), W(b), W(c3), FE_TOWARDZERO, ez);
    if (ez & kExX) w = from_bits<W>(to_bits<W>(w) | 1);  // round to odd: no double rounding
    w = w * pow2<W>(dir * kAlpha);
    F r = calc<F, W>(op::cvt, w, w, w, mode, ex);
    F z = host_calc<F, W>(op::cvt, w, w, w, FE_TOWARDZERO, ez);
    incr = to_bits<F>(r) != to_bits<F>(z);
    ex |= ez & kExX;
    return r;
  } else {
    // Extended has no wider host format: scale the operands so the operation stays in range.
    int ea = 0, eb = 0, shift = 0;
    f128 x = a, y = b;
    if (o == op::mul || o == op::div) {
      x = split128(a, ea);
      y = split128(b, eb);
      shift = o == op::mul ? ea + eb : ea - eb;
    } else if (dir < 0) {  // add/sub overflow: scale both by the larger exponent
      int k = 0;
      u128 ma = mag<f128>(to_bits<f128>(a)), mb = mag<f128>(to_bits<f128>(b));
      split128(from_bits<f128>(ma > mb ? ma : mb), k);
      auto down = [&](f128 v) {
        if (is_zero<f128>(to_bits<f128>(v))) return v;
        int e;
        split128(v, e);
        // Far below the other operand's last bit only its sign matters (a sticky bit).
        if (e - k < -16000) return v < 0 ? -pow2<f128>(-200) : pow2<f128>(-200);
        return scale128(v, -k);
      };
      x = down(a);
      y = down(b);
      shift = k;
    }
    f128 r = calc<f128, f128>(o, x, y, y, mode, ex);
    f128 z = host_calc<f128, f128>(o, x, y, y, FE_TOWARDZERO, ez);
    incr = to_bits<f128>(r) != to_bits<f128>(z);
    if (is_zero<f128>(to_bits<f128>(r))) return r;
    return scale128(r, shift + dir * kAlpha);
  }
}

// IEEE invalid operation without a NaN operand (the PoO's default-NaN cases): a data exception
// that suppresses when the mask is on, else the flag and the default QNaN in `out`.
template <class F>
inline S invalid_default(cpu& c, F& out) {
  if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
  fpc_set_flags(c, kExI);
  out = from_bits<F>(kDefaultNan<F>);
  return S::next;
}

// Rounds one operation into format F and applies the IEEE exception rules: flags when masked,
// a data exception when the FPC mask is on (invalid and divide-by-zero suppress; overflow and
// underflow complete with the scaled result; inexact completes with the rounded result).
// The caller stores `out` unless suppressed(c, returned status).
template <class F, class A>
inline S round_op(cpu& c, op o, A a, A b, A c3, unsigned mode, bool xic, F& out) {
  unsigned ex = 0;  // set by fast_calc or calc (clang cannot see that one of them runs)
  F r;
  bool fast = false;
  if constexpr (std::is_same_v<F, A>) fast = fast_calc<F>(o, a, b, c3, mode, r, ex);
  if (!fast) r = calc<F, A>(o, a, b, c3, mode, ex);
  const unsigned masks = fpc_masks(c);
  if (ex & kExI) return invalid_default<F>(c, out);
  if (ex & kExZ) {
    if (masks & kExZ) return data_exception(c, kExZ, ending::suppress);
    fpc_set_flags(c, kExZ);
    out = r;
    return S::next;
  }
  // Tininess is judged before rounding: a result that rounded up to the smallest normal number
  // was tiny if truncation leaves it below.
  bool tiny = false;
  if (!(ex & kExO)) {
    bits_t<F> m = mag<F>(to_bits<F>(r));
    if (ex & kExX) {
      if (m <= kMinNormal<F>) {
        unsigned ez;
        F z = host_calc<F, A>(o, a, b, c3, FE_TOWARDZERO, ez);
        tiny = mag<F>(to_bits<F>(z)) < kMinNormal<F>;
      }
    } else {
      tiny = m != 0 && m < kMinNormal<F>;
    }
  }
  if ((ex & kExO) && (masks & kExO)) {
    unsigned es;
    bool incr;
    out = scaled_result<F, A>(o, a, b, c3, mode, -1, es, incr);
    return data_exception(c, kExO | (es & kExX) | (incr ? kDxcIncremented : 0), ending::complete);
  }
  if (tiny && (masks & kExU)) {
    unsigned es;
    bool incr;
    out = scaled_result<F, A>(o, a, b, c3, mode, +1, es, incr);
    return data_exception(c, kExU | (es & kExX) | (incr ? kDxcIncremented : 0), ending::complete);
  }
  out = r;
  if (ex & kExO) fpc_set_flags(c, kExO);
  if (tiny && (ex & kExX)) fpc_set_flags(c, kExU);
  if ((ex & kExX) && !xic) {
    if (masks & kExX) {
      unsigned ez;
      F z = host_calc<F, A>(o, a, b, c3, FE_TOWARDZERO, ez);
      bool incr = to_bits<F>(r) != to_bits<F>(z);
      return data_exception(c, kExX | (incr ? kDxcIncremented : 0), ending::complete);
    }
    fpc_set_flags(c, kExX);
  }
  return S::next;
}

// An SNaN operand: IEEE invalid operation. Returns the status; `out` is the quiet NaN.
template <class F>
inline S invalid_snan(cpu& c, bits_t<F> nan, F& out) {
  if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
  fpc_set_flags(c, kExI);
  out = from_bits<F>(quiet<F>(nan));
  return S::next;
}

// NaN operands of arithmetic: an SNaN (first in operand order) wins over a QNaN; the result is
// that NaN, quiet. Returns true when a NaN decided the result (status in st).
template <class F>
inline bool nan_operands(cpu& c, std::initializer_list<F> ops, F& out, S& st) {
  for (F v : ops) {
    if (is_snan<F>(to_bits<F>(v))) {
      st = invalid_snan<F>(c, to_bits<F>(v), out);
      return true;
    }
  }
  for (F v : ops) {
    if (is_nan<F>(to_bits<F>(v))) {
      out = v;
      st = S::next;
      return true;
    }
  }
  return false;
}

// x (a normal number of the wider format W) with its significand cut to the precision of F,
// toward zero.
template <class F, class W>
inline W truncate_to(W x) {
  constexpr int kCut = fmt<W>::kFrac - fmt<F>::kFrac;
  return from_bits<W>(to_bits<W>(x) & ~((kOne<W> << kCut) - 1));
}

// ---- rounding to an integral value (LOAD FP INTEGER, conversions to fixed) -----------------
// x finite. Exact bit manipulation and exact host operations only: no fenv needed.
template <class F>
inline F round_integral(F x, unsigned mode, bool& inexact) {
  using B = bits_t<F>;
  constexpr int kFrac = fmt<F>::kFrac;
  B b = to_bits<F>(x);
  int e = static_cast<int>((b & kExpMask<F>) >> kFrac) - fmt<F>::kBias;
  inexact = false;
  if (e >= kFrac) return x;
  F t = e < 0 ? from_bits<F>(b & kSign<F>) : from_bits<F>(b & ~((kOne<F> << (kFrac - e)) - 1));
  if (to_bits<F>(t) == b) return x;
  inexact = true;
  F frac = x - t;  // exact
  if (frac < 0) frac = -frac;
  F tm = t < 0 ? -t : t;
  bool odd = tm >= 1 && (static_cast<u128>(tm) & 1);
  bool away;
  switch (mode) {
    case kZero: away = false; break;
    case kUp: away = x > 0; break;
    case kDown: away = x < 0; break;
    case kOdd: away = !odd; break;
    case kAway: away = frac >= F(0.5); break;
    default: away = frac > F(0.5) || (frac == F(0.5) && odd); break;
  }
  if (!away) return t;
  return x < 0 ? t - F(1) : t + F(1);
}

}  // namespace ssivm::arch::sem::bfp
