// Semantics of the bfp family (rows in arch/insns/bfp.def): binary floating point in short,
// long and extended formats, the FPC instructions and the floating-point-support moves.
#pragma once

#include "arch/sem/bfp_core.hpp"
#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

namespace bfp {

// ---- FPR views ------------------------------------------------------------------------------
// Short BFP lives in the left half of an FPR (the right half is left alone), long in the whole
// register, extended in the pair (r, r+2) with the sign and exponent in r.
template <class F>
inline F get(const cpu& c, unsigned r);
template <>
inline float get<float>(const cpu& c, unsigned r) {
  return from_bits<float>(static_cast<uint32_t>(c.s.fpr[r] >> 32));
}
template <>
inline double get<double>(const cpu& c, unsigned r) {
  return from_bits<double>(c.s.fpr[r]);
}
template <>
inline f128 get<f128>(const cpu& c, unsigned r) {
  return from_bits<f128>((static_cast<u128>(c.s.fpr[r]) << 64) | c.s.fpr[(r + 2) & 15]);
}
inline void put(cpu& c, unsigned r, float v) {
  c.s.fpr[r] = (c.s.fpr[r] & 0xffffffffull) | (static_cast<uint64_t>(to_bits<float>(v)) << 32);
}
inline void put(cpu& c, unsigned r, double v) { c.s.fpr[r] = to_bits<double>(v); }
inline void put(cpu& c, unsigned r, f128 v) {
  u128 b = to_bits<f128>(v);
  c.s.fpr[r] = static_cast<uint64_t>(b >> 64);
  c.s.fpr[(r + 2) & 15] = static_cast<uint64_t>(b);
}

template <class F>
inline bool load_operand(cpu& c, uint64_t a, F& v) {
  bits_t<F> b;
  if (!load(c, a, b)) return false;
  v = from_bits<F>(b);
  return true;
}

// ---- shapes shared by many rows --------------------------------------------------------------
// Two-operand arithmetic R1 = R1 op b, rounded by the FPC mode; CC by the result when asked.
template <class F>
inline S arith(cpu& c, op o, unsigned r1, F b, bool sets_cc) {
  F a = get<F>(c, r1);
  F out;
  S st;
  if (!nan_operands<F>(c, {a, b}, out, st))
    st = round_op<F, F>(c, o, a, b, b, fpc_rmode(c), false, out);
  if (suppressed(c, st)) return st;
  put(c, r1, out);
  if (sets_cc) c.s.cc = cc_of<F>(to_bits<F>(out));
  return st;
}

template <class F>
inline S square_root(cpu& c, unsigned r1, F b) {
  F out;
  S st;
  if (!nan_operands<F>(c, {b}, out, st))
    st = round_op<F, F>(c, op::sqrt, b, b, b, fpc_rmode(c), false, out);
  if (suppressed(c, st)) return st;
  put(c, r1, out);
  return st;
}

// MULTIPLY AND ADD / SUBTRACT: R1 = R3 * op2 +/- R1, rounded once. NaN operands: a NaN of the
// product (second operand, then third; an SNaN before a QNaN) decides the result before the
// addend's NaN, as the product is formed first; an SNaN addend is still an invalid operation.
// (qemu-s390x picks the same NaNs; see tests/fuzz/FINDINGS.md.)
template <class F>
inline S fused(cpu& c, op o, unsigned r1, unsigned r3, F b) {
  F m = get<F>(c, r3), acc = get<F>(c, r1);
  F out;
  S st;
  if (nan_operands<F>(c, {b, m}, out, st)) {
    if (st == S::next && is_snan<F>(to_bits<F>(acc))) {
      F ignored;
      st = invalid_snan<F>(c, to_bits<F>(acc), ignored);
    }
  } else if (!nan_operands<F>(c, {acc}, out, st)) {
    st = round_op<F, F>(c, o, m, b, acc, fpc_rmode(c), false, out);
  }
  if (suppressed(c, st)) return st;
  put(c, r1, out);
  return st;
}

// Multiply of narrow operands into the next wider format (MDEBR, MXDBR): the product is exact.
template <class W, class N>
inline S multiply_widen(cpu& c, unsigned r1, N a, N b) {
  N nan;
  S st;
  if (nan_operands<N>(c, {a, b}, nan, st)) {
    if (suppressed(c, st)) return st;
    put(c, r1, from_bits<W>(nan_convert<W, N>(to_bits<N>(nan))));
    return st;
  }
  W out;
  st = round_op<W, W>(c, op::mul, static_cast<W>(a), static_cast<W>(b), W(0), fpc_rmode(c), false,
                      out);
  if (suppressed(c, st)) return st;
  put(c, r1, out);
  return st;
}

template <class F>
inline S compare(cpu& c, F a, F b, bool signaling) {
  bits_t<F> ba = to_bits<F>(a), bb = to_bits<F>(b);
  if (is_nan<F>(ba) || is_nan<F>(bb)) {
    if (signaling || is_snan<F>(ba) || is_snan<F>(bb)) {
      if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
      fpc_set_flags(c, kExI);
    }
    c.s.cc = 3;
    return S::next;
  }
  c.s.cc = a == b ? 0 : (a < b ? 1 : 2);
  return S::next;
}

template <class F>
inline S load_and_test(cpu& c, unsigned r1, F v) {
  bits_t<F> b = to_bits<F>(v);
  F out = v;
  S st = S::next;
  if (is_snan<F>(b)) {
    st = invalid_snan<F>(c, b, out);
    if (suppressed(c, st)) return st;
  }
  put(c, r1, out);
  c.s.cc = cc_of<F>(to_bits<F>(out));
  return st;
}

// LOAD COMPLEMENT / NEGATIVE / POSITIVE: sign only, no exceptions even for SNaN.
enum class sign_op : uint8_t { complement, negative, positive };
template <class F>
inline S load_sign(cpu& c, unsigned r1, F v, sign_op s) {
  bits_t<F> b = to_bits<F>(v);
  switch (s) {
    case sign_op::complement: b ^= kSign<F>; break;
    case sign_op::negative: b |= kSign<F>; break;
    case sign_op::positive: b &= ~kSign<F>; break;
  }
  put(c, r1, from_bits<F>(b));
  c.s.cc = cc_of<F>(b);
  return S::next;
}

// Lengthening: exact, except that an SNaN is invalid and becomes quiet.
template <class W, class N>
inline S lengthen(cpu& c, unsigned r1, N v) {
  bits_t<N> b = to_bits<N>(v);
  if (is_nan<N>(b)) {
    if (is_snan<N>(b)) {
      if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
      fpc_set_flags(c, kExI);
    }
    put(c, r1, from_bits<W>(nan_convert<W, N>(b)));
    return S::next;
  }
  put(c, r1, static_cast<W>(v));
  return S::next;
}

// Rounding to a shorter format, by the M3 method (0: the FPC's), M4 inexact control.
template <class N, class W>
inline S round_shorter(cpu& c, const insn& i, W v) {
  unsigned mode;
  if (!m3_rmode(c, i.m3, mode)) return specification(c);
  bits_t<W> b = to_bits<W>(v);
  N out;
  S st = S::next;
  if (is_nan<W>(b)) {
    if (is_snan<W>(b)) {
      if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
      fpc_set_flags(c, kExI);
    }
    out = from_bits<N>(nan_convert<N, W>(b));
  } else {
    st = round_op<N, W>(c, op::cvt, v, v, v, mode, m4_xic(i.m4), out);
    if (suppressed(c, st)) return st;
  }
  put(c, i.r1, out);
  return st;
}

// Inexact after an integral result: flag, or a data exception that completes (result stored).
inline S inexact(cpu& c, bool incremented, bool xic) {
  if (xic) return S::next;
  if (fpc_masks(c) & kExX)
    return data_exception(c, kExX | (incremented ? kDxcIncremented : 0), ending::complete);
  fpc_set_flags(c, kExX);
  return S::next;
}

// CONVERT FROM FIXED / FROM LOGICAL: integer to BFP by the M3 method.
template <class F, class I>
inline S from_fixed(cpu& c, const insn& i, I v) {
  unsigned mode;
  if (!m3_rmode(c, i.m3, mode)) return specification(c);
  unsigned ex;
  F r = host_from_int<F, I>(v, host_round(mode), ex);
  bool incr = false;
  if (ex & kExX) {
    unsigned ez;
    F z = host_from_int<F, I>(v, FE_TOWARDZERO, ez);
    if (mode == kOdd) {
      r = from_bits<F>(to_bits<F>(z) | 1);
    } else if (mode == kAway) {
      // Both candidates are integers here (rounding happens only beyond 2^p): compare the
      // source with their midpoint exactly in 128-bit arithmetic.
      __int128 lo = static_cast<__int128>(z), hi = static_cast<__int128>(next_away(z));
      __int128 twice = static_cast<__int128>(v) * 2, mid = lo + hi;
      bool away = twice < 0 ? twice <= mid : twice >= mid;
      r = away ? next_away(z) : z;
    }
    incr = to_bits<F>(r) != to_bits<F>(z);
  }
  put(c, i.r1, r);
  if (ex & kExX) return inexact(c, incr, m4_xic(i.m4));
  return S::next;
}

// CONVERT TO FIXED / TO LOGICAL: BFP to a Bits-wide integer in GR R1, by the M3 method.
// NaN and out-of-range sources are the special case: CC 3 and IEEE invalid operation; when
// masked the result is the most negative number (signed, also for NaN) or the largest
// positive one, and for logical results zero or the largest one.
template <class F, class I>
inline S to_fixed(cpu& c, const insn& i, F x) {
  constexpr bool kSigned = std::is_signed_v<I>;
  constexpr int kBits = sizeof(I) * 8;
  unsigned mode;
  if (!m3_rmode(c, i.m3, mode)) return specification(c);
  bits_t<F> b = to_bits<F>(x);
  bool special = is_nan<F>(b) || is_inf<F>(b);
  bool inexact_result = false;
  F r = x;
  if (!special) {
    r = round_integral<F>(x, mode, inexact_result);
    if constexpr (kSigned)
      special = !(r >= -pow2<F>(kBits - 1) && r < pow2<F>(kBits - 1));
    else
      special = !(r > F(-1) && r < pow2<F>(kBits));
  }
  auto write = [&](I v) {
    if constexpr (kBits == 32)
      set_gr32(c, i.r1, static_cast<uint32_t>(v));
    else
      gr(c, i.r1) = static_cast<uint64_t>(v);
  };
  if (special) {
    if (fpc_masks(c) & kExI) return data_exception(c, kExI, ending::suppress);
    fpc_set_flags(c, kExI);
    I v;
    if constexpr (kSigned) {
      v = (!is_nan<F>(b) && !is_neg<F>(b)) ? static_cast<I>(~(I(1) << (kBits - 1)))
                                           : static_cast<I>(I(1) << (kBits - 1));
    } else {
      v = (!is_nan<F>(b) && !is_neg<F>(b)) ? static_cast<I>(~I(0)) : I(0);
    }
    write(v);
    c.s.cc = 3;
    // An infinite or out-of-range source (not a NaN) is reported inexact as well, as
    // qemu-s390x does after the architecture.
    if (is_nan<F>(b)) return S::next;
    return inexact(c, false, m4_xic(i.m4));
  }
  write(static_cast<I>(r));
  c.s.cc = is_zero<F>(b) ? 0 : (is_neg<F>(b) ? 1 : 2);
  if (inexact_result) {
    F ar = r < 0 ? -r : r, ax = x < 0 ? -x : x;
    return inexact(c, ar > ax, m4_xic(i.m4));
  }
  return S::next;
}

// LOAD FP INTEGER.
template <class F>
inline S load_integer(cpu& c, const insn& i) {
  unsigned mode;
  if (!m3_rmode(c, i.m3, mode)) return specification(c);
  F x = get<F>(c, i.r2);
  bits_t<F> b = to_bits<F>(x);
  if (is_nan<F>(b) || is_inf<F>(b)) {
    F out = x;
    S st = S::next;
    if (is_snan<F>(b)) st = invalid_snan<F>(c, b, out);
    if (suppressed(c, st)) return st;
    put(c, i.r1, out);
    return st;
  }
  bool inexact_result;
  F r = round_integral<F>(x, mode, inexact_result);
  put(c, i.r1, r);
  if (inexact_result) {
    F ar = r < 0 ? -r : r, ax = x < 0 ? -x : x;
    return inexact(c, ar > ax, m4_xic(i.m4));
  }
  return S::next;
}

// DIVIDE TO INTEGER, both operands finite and nonzero. The precise quotient q = a / b is
// rounded to an integer n by the M4 method; the remainder a - b*n is rounded by the FPC mode (it
// is exact unless a directed M4 method took n away from q). When |n| > 2^p (p the precision) and
// q is not an integer, the result is partial instead: n is q truncated to p bits, the remainder
// a - b*n is exact and the CC is 2; the program repeats with it as the dividend. A quotient
// beyond the format's range is delivered scaled by 2^-alpha with 1 added to the CC: it is not an
// IEEE overflow. (Checked against the z12 results of Hercules' bfp-001-divtoint test: e.g.
// 2^26 / 3 gives the partial quotient 22369620 and remainder 4, max / 2^-149 the scaled
// quotient 69ffffff with CC 1.)
// The decisions are made on q in the wider format W: q's distance to any integer, half-integer
// or p-bit number is at least 2^-50 (short) / 2^-108 (long) of |q| unless q is one, so rounding
// it to W's 53 / 113 bits cannot move it across one.
template <class F>
inline S integer_quotient(cpu& c, F a, F b, unsigned mode, F& rem, F& quo, uint8_t& cc) {
  using W = typename wider<F>::type;
  const W aw = a, bw = b, qw = aw / bw;
  const W two_p = pow2<W>(fmt<F>::kFrac + 1);
  auto abs = [](W x) { return x < 0 ? -x : x; };
  W n;
  bool partial;
  if (abs(qw) < 2 * two_p) {
    bool fraction;
    n = round_integral<W>(qw, mode, fraction);
    partial = fraction && abs(n) > two_p;
  } else {
    n = truncate_to<F, W>(qw);
    partial = aw - n * bw != 0;  // the product is exact in W: a zero here is an exact division
  }
  if (partial) n = truncate_to<F, W>(qw);
  const bool scaled = abs(n) > static_cast<W>(from_bits<F>(kExpMask<F> - 1));
  quo = static_cast<F>(scaled ? n * pow2<W>(-fmt<F>::kAlpha) : n);
  cc = static_cast<uint8_t>((partial ? 2 : 0) + (scaled ? 1 : 0));
  const bits_t<F> sign_a = to_bits<F>(a) & kSign<F>;
  S st = S::next;
  if (partial) {
    const W r = aw - n * bw;  // exact: a p-bit multiple of b's last bit times n's
    st = round_op<F, W>(c, op::cvt, r, r, r, fpc_rmode(c), false, rem);
  } else if (scaled) {
    rem = from_bits<F>(sign_a);  // a final quotient this large divides exactly
  } else {
    st = round_op<F, F>(c, op::fma, -static_cast<F>(n), b, a, fpc_rmode(c), false, rem);
  }
  // A zero remainder has the sign of the dividend.
  if (!suppressed(c, st) && is_zero<F>(to_bits<F>(rem))) rem = from_bits<F>(sign_a);
  return st;
}

// DIVIDE TO INTEGER (DIEBR, DIDBR): the first operand (R1) divided by the second (R2); the
// remainder replaces the first operand, the integer quotient goes to R3. NaN operands (an SNaN
// first, quieted) and the invalid cases (infinite dividend, zero divisor: the default NaN) put
// the NaN in both registers with CC 1; a zero dividend or an infinite divisor leaves the
// dividend as the remainder with a zero quotient. M4 is the quotient's rounding method; the
// three registers must differ (specification exception, as Hercules does after the PoO).
template <class F>
inline S divide_to_integer(cpu& c, const insn& i) {
  unsigned mode;
  if (!m3_rmode(c, i.m4, mode) || i.r1 == i.r2 || i.r1 == i.r3 || i.r2 == i.r3)
    return specification(c);
  const F a = get<F>(c, i.r1), b = get<F>(c, i.r2);
  const bits_t<F> ba = to_bits<F>(a), bb = to_bits<F>(b);
  F rem, quo;
  S st = S::next;
  uint8_t cc = 1;
  if (nan_operands<F>(c, {a, b}, rem, st)) {
    quo = rem;
  } else if (is_inf<F>(ba) || is_zero<F>(bb)) {
    st = invalid_default<F>(c, rem);
    quo = rem;
  } else if (is_zero<F>(ba) || is_inf<F>(bb)) {
    rem = a;
    quo = from_bits<F>((ba ^ bb) & kSign<F>);
    cc = 0;
  } else {
    st = integer_quotient<F>(c, a, b, mode, rem, quo, cc);
  }
  if (suppressed(c, st)) return st;
  put(c, i.r1, rem);
  put(c, i.r3, quo);
  c.s.cc = cc;
  return st;
}

// TEST DATA CLASS: bit 52..63 of the second-operand address select classes (+/- each):
// zero, normal, subnormal, infinity, QNaN, SNaN. CC 1 when the operand's class is selected.
template <class F>
inline S test_data_class(cpu& c, const insn& i) {
  bits_t<F> b = to_bits<F>(get<F>(c, i.r1));
  unsigned mask = static_cast<unsigned>(ea2(c, i) & 0xfff);
  unsigned cls;
  if (is_zero<F>(b))
    cls = 0;
  else if (is_snan<F>(b))
    cls = 5;
  else if (is_nan<F>(b))
    cls = 4;
  else if (is_inf<F>(b))
    cls = 3;
  else if ((b & kExpMask<F>) == 0)
    cls = 2;
  else
    cls = 1;
  unsigned bit = 0x800u >> (2 * cls + (is_neg<F>(b) ? 1 : 0));
  c.s.cc = (mask & bit) ? 1 : 0;
  return S::next;
}

// A new FPC value is valid when its reserved bits are zero and its BFP rounding mode exists.
inline bool fpc_valid(uint32_t v) {
  unsigned rm = v & 7;
  return (v & ~kFpcValid) == 0 && !(rm >= 4 && rm <= 6);
}

}  // namespace bfp

// ---- loads, stores and moves (floating-point support) ------------------------------------------
inline S LE(cpu& c, const insn& i, uint64_t) {
  float v;
  SSIVM_TRY(bfp::load_operand(c, ea2(c, i), v));
  bfp::put(c, i.r1, v);
  return S::next;
}
inline S LEY(cpu& c, const insn& i, uint64_t ia) { return LE(c, i, ia); }
inline S LD(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  c.s.fpr[i.r1] = v;
  return S::next;
}
inline S LDY(cpu& c, const insn& i, uint64_t ia) { return LD(c, i, ia); }
inline S STE(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint32_t>(c.s.fpr[i.r1] >> 32)));
  return S::next;
}
inline S STEY(cpu& c, const insn& i, uint64_t ia) { return STE(c, i, ia); }
inline S STD(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), c.s.fpr[i.r1]));
  return S::next;
}
inline S STDY(cpu& c, const insn& i, uint64_t ia) { return STD(c, i, ia); }
inline S LER(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = (c.s.fpr[i.r1] & 0xffffffffull) | (c.s.fpr[i.r2] & 0xffffffff00000000ull);
  return S::next;
}
inline S LDR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = c.s.fpr[i.r2];
  return S::next;
}
inline S LXR(cpu& c, const insn& i, uint64_t) {
  uint64_t hi = c.s.fpr[i.r2], lo = c.s.fpr[i.r2 + 2];
  c.s.fpr[i.r1] = hi;
  c.s.fpr[i.r1 + 2] = lo;
  return S::next;
}
inline S LZER(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] &= 0xffffffffull;
  return S::next;
}
inline S LZDR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = 0;
  return S::next;
}
inline S LZXR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = 0;
  c.s.fpr[i.r1 + 2] = 0;
  return S::next;
}
inline S LDGR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = c.s.gr[i.r2];
  return S::next;
}
inline S LGDR(cpu& c, const insn& i, uint64_t) {
  c.s.gr[i.r1] = c.s.fpr[i.r2];
  return S::next;
}
inline S CPSDR(cpu& c, const insn& i, uint64_t) {
  constexpr uint64_t kSignBit = 1ull << 63;
  c.s.fpr[i.r1] = (c.s.fpr[i.r2] & ~kSignBit) | (c.s.fpr[i.r3] & kSignBit);
  return S::next;
}
inline S LCDFR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = c.s.fpr[i.r2] ^ (1ull << 63);
  return S::next;
}
inline S LNDFR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = c.s.fpr[i.r2] | (1ull << 63);
  return S::next;
}
inline S LPDFR(cpu& c, const insn& i, uint64_t) {
  c.s.fpr[i.r1] = c.s.fpr[i.r2] & ~(1ull << 63);
  return S::next;
}

// ---- FPC ---------------------------------------------------------------------------------------
inline S LFPC(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  if (!bfp::fpc_valid(v)) return specification(c);
  c.s.fpc = v;
  return S::next;
}
inline S STFPC(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), c.s.fpc));
  return S::next;
}
inline S SFPC(cpu& c, const insn& i, uint64_t) {
  uint32_t v = gr32(c, i.r1);
  if (!bfp::fpc_valid(v)) return specification(c);
  c.s.fpc = v;
  return S::next;
}
inline S EFPC(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, c.s.fpc);
  return S::next;
}
// SET FPC AND SIGNAL / LOAD FPC AND SIGNAL: the flags already in the FPC are the signalling
// ones. The new FPC is the operand with those flags kept; a signalling flag that the new masks
// enable is a simulated IEEE exception (data exception, DXC low bits 11, completed).
namespace bfp {
inline S set_fpc_and_signal(cpu& c, uint32_t v) {
  if (!fpc_valid(v)) return specification(c);
  const uint32_t old_flags = c.s.fpc & 0x00ff0000u;
  c.s.fpc = v | old_flags;
  unsigned signal = (old_flags >> 16) & (v >> 24) & 0xf8;
  if (!signal) return S::next;
  unsigned dxc;
  if (signal & kExI)
    dxc = kExI;
  else if (signal & kExZ)
    dxc = kExZ;
  else if (signal & kExO)
    dxc = kExO | (signal & kExX);
  else if (signal & kExU)
    dxc = kExU | (signal & kExX);
  else
    dxc = kExX;
  return data_exception(c, dxc | 3, ending::complete);
}
}  // namespace bfp
inline S SFASR(cpu& c, const insn& i, uint64_t) {
  return bfp::set_fpc_and_signal(c, gr32(c, i.r1));
}
inline S LFAS(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  return bfp::set_fpc_and_signal(c, v);
}
inline S SRNM(cpu& c, const insn& i, uint64_t) {
  c.s.fpc = (c.s.fpc & ~7u) | static_cast<uint32_t>(ea2(c, i) & 3);
  return S::next;
}
// SET DFP ROUNDING MODE (DFP-rounding facility, announced with bit 41): bits 61-63 of the
// second-operand address into FPC bits 25-27; the rest of the address is ignored.
inline S SRNMT(cpu& c, const insn& i, uint64_t) {
  c.s.fpc = (c.s.fpc & ~0x70u) | (static_cast<uint32_t>(ea2(c, i) & 7) << 4);
  return S::next;
}
inline S SRNMB(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = ea2(c, i);
  uint32_t m = static_cast<uint32_t>(a & 7);
  // PoO: bits 56-60 of the second-operand address must be zeros (specification exception).
  if ((a & 0xf8) || (m >= 4 && m <= 6)) return specification(c);
  c.s.fpc = (c.s.fpc & ~7u) | m;
  return S::next;
}

// ---- arithmetic ------------------------------------------------------------------------------
#define SSIVM_BFP_RR(NAME, F, BODY)                \
  inline S NAME(cpu& c, const insn& i, uint64_t) { \
    using namespace bfp;                           \
    [[maybe_unused]] F b = bfp::get<F>(c, i.r2);   \
    BODY;                                          \
  }
#define SSIVM_BFP_RX(NAME, F, BODY)                \
  inline S NAME(cpu& c, const insn& i, uint64_t) { \
    using namespace bfp;                           \
    F b;                                           \
    SSIVM_TRY(bfp::load_operand(c, ea2(c, i), b)); \
    BODY;                                          \
  }

SSIVM_BFP_RR(AEBR, float, return arith(c, op::add, i.r1, b, true))
SSIVM_BFP_RX(AEB, float, return arith(c, op::add, i.r1, b, true))
SSIVM_BFP_RR(ADBR, double, return arith(c, op::add, i.r1, b, true))
SSIVM_BFP_RX(ADB, double, return arith(c, op::add, i.r1, b, true))
SSIVM_BFP_RR(AXBR, f128, return arith(c, op::add, i.r1, b, true))
SSIVM_BFP_RR(SEBR, float, return arith(c, op::sub, i.r1, b, true))
SSIVM_BFP_RX(SEB, float, return arith(c, op::sub, i.r1, b, true))
SSIVM_BFP_RR(SDBR, double, return arith(c, op::sub, i.r1, b, true))
SSIVM_BFP_RX(SDB, double, return arith(c, op::sub, i.r1, b, true))
SSIVM_BFP_RR(SXBR, f128, return arith(c, op::sub, i.r1, b, true))
SSIVM_BFP_RR(MEEBR, float, return arith(c, op::mul, i.r1, b, false))
SSIVM_BFP_RX(MEEB, float, return arith(c, op::mul, i.r1, b, false))
SSIVM_BFP_RR(MDBR, double, return arith(c, op::mul, i.r1, b, false))
SSIVM_BFP_RX(MDB, double, return arith(c, op::mul, i.r1, b, false))
SSIVM_BFP_RR(MXBR, f128, return arith(c, op::mul, i.r1, b, false))
SSIVM_BFP_RR(MDEBR, float,
             return (multiply_widen<double, float>(c, i.r1, bfp::get<float>(c, i.r1), b)))
SSIVM_BFP_RX(MDEB, float,
             return (multiply_widen<double, float>(c, i.r1, bfp::get<float>(c, i.r1), b)))
SSIVM_BFP_RR(MXDBR, double,
             return (multiply_widen<f128, double>(c, i.r1, bfp::get<double>(c, i.r1), b)))
SSIVM_BFP_RX(MXDB, double,
             return (multiply_widen<f128, double>(c, i.r1, bfp::get<double>(c, i.r1), b)))
SSIVM_BFP_RR(DEBR, float, return arith(c, op::div, i.r1, b, false))
SSIVM_BFP_RX(DEB, float, return arith(c, op::div, i.r1, b, false))
SSIVM_BFP_RR(DDBR, double, return arith(c, op::div, i.r1, b, false))
SSIVM_BFP_RX(DDB, double, return arith(c, op::div, i.r1, b, false))
SSIVM_BFP_RR(DXBR, f128, return arith(c, op::div, i.r1, b, false))
SSIVM_BFP_RR(SQEBR, float, return square_root(c, i.r1, b))
SSIVM_BFP_RX(SQEB, float, return square_root(c, i.r1, b))
SSIVM_BFP_RR(SQDBR, double, return square_root(c, i.r1, b))
SSIVM_BFP_RX(SQDB, double, return square_root(c, i.r1, b))
SSIVM_BFP_RR(SQXBR, f128, return square_root(c, i.r1, b))
SSIVM_BFP_RR(MAEBR, float, return fused(c, op::fma, i.r1, i.r3, b))
SSIVM_BFP_RX(MAEB, float, return fused(c, op::fma, i.r1, i.r3, b))
SSIVM_BFP_RR(MADBR, double, return fused(c, op::fma, i.r1, i.r3, b))
SSIVM_BFP_RX(MADB, double, return fused(c, op::fma, i.r1, i.r3, b))
SSIVM_BFP_RR(MSEBR, float, return fused(c, op::fms, i.r1, i.r3, b))
SSIVM_BFP_RX(MSEB, float, return fused(c, op::fms, i.r1, i.r3, b))
SSIVM_BFP_RR(MSDBR, double, return fused(c, op::fms, i.r1, i.r3, b))
SSIVM_BFP_RX(MSDB, double, return fused(c, op::fms, i.r1, i.r3, b))

// ---- compares, tests and sign operations
// ---------------------------------------------------------
SSIVM_BFP_RR(CEBR, float, return compare(c, bfp::get<float>(c, i.r1), b, false))
SSIVM_BFP_RX(CEB, float, return compare(c, bfp::get<float>(c, i.r1), b, false))
SSIVM_BFP_RR(CDBR, double, return compare(c, bfp::get<double>(c, i.r1), b, false))
SSIVM_BFP_RX(CDB, double, return compare(c, bfp::get<double>(c, i.r1), b, false))
SSIVM_BFP_RR(CXBR, f128, return compare(c, bfp::get<f128>(c, i.r1), b, false))
SSIVM_BFP_RR(KEBR, float, return compare(c, bfp::get<float>(c, i.r1), b, true))
SSIVM_BFP_RX(KEB, float, return compare(c, bfp::get<float>(c, i.r1), b, true))
SSIVM_BFP_RR(KDBR, double, return compare(c, bfp::get<double>(c, i.r1), b, true))
SSIVM_BFP_RX(KDB, double, return compare(c, bfp::get<double>(c, i.r1), b, true))
SSIVM_BFP_RR(KXBR, f128, return compare(c, bfp::get<f128>(c, i.r1), b, true))
SSIVM_BFP_RR(LTEBR, float, return load_and_test(c, i.r1, b))
SSIVM_BFP_RR(LTDBR, double, return load_and_test(c, i.r1, b))
SSIVM_BFP_RR(LTXBR, f128, return load_and_test(c, i.r1, b))
SSIVM_BFP_RR(LCEBR, float, return load_sign(c, i.r1, b, sign_op::complement))
SSIVM_BFP_RR(LCDBR, double, return load_sign(c, i.r1, b, sign_op::complement))
SSIVM_BFP_RR(LCXBR, f128, return load_sign(c, i.r1, b, sign_op::complement))
SSIVM_BFP_RR(LNEBR, float, return load_sign(c, i.r1, b, sign_op::negative))
SSIVM_BFP_RR(LNDBR, double, return load_sign(c, i.r1, b, sign_op::negative))
SSIVM_BFP_RR(LNXBR, f128, return load_sign(c, i.r1, b, sign_op::negative))
SSIVM_BFP_RR(LPEBR, float, return load_sign(c, i.r1, b, sign_op::positive))
SSIVM_BFP_RR(LPDBR, double, return load_sign(c, i.r1, b, sign_op::positive))
SSIVM_BFP_RR(LPXBR, f128, return load_sign(c, i.r1, b, sign_op::positive))
inline S TCEB(cpu& c, const insn& i, uint64_t) { return bfp::test_data_class<float>(c, i); }
inline S TCDB(cpu& c, const insn& i, uint64_t) { return bfp::test_data_class<double>(c, i); }
inline S TCXB(cpu& c, const insn& i, uint64_t) { return bfp::test_data_class<bfp::f128>(c, i); }

// ---- format conversions ------------------------------------------------------------------------
SSIVM_BFP_RR(LDEBR, float, return (lengthen<double, float>(c, i.r1, b)))
SSIVM_BFP_RX(LDEB, float, return (lengthen<double, float>(c, i.r1, b)))
SSIVM_BFP_RR(LXDBR, double, return (lengthen<f128, double>(c, i.r1, b)))
SSIVM_BFP_RX(LXDB, double, return (lengthen<f128, double>(c, i.r1, b)))
SSIVM_BFP_RR(LXEBR, float, return (lengthen<f128, float>(c, i.r1, b)))
SSIVM_BFP_RX(LXEB, float, return (lengthen<f128, float>(c, i.r1, b)))
SSIVM_BFP_RR(LEDBR, double, return (round_shorter<float, double>(c, i, b)))
SSIVM_BFP_RR(LDXBR, f128, return (round_shorter<double, f128>(c, i, b)))
SSIVM_BFP_RR(LEXBR, f128, return (round_shorter<float, f128>(c, i, b)))

// ---- fixed-point conversions -------------------------------------------------------------------
inline S CEFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<float, int32_t>(c, i, static_cast<int32_t>(gr32(c, i.r2)));
}
inline S CDFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<double, int32_t>(c, i, static_cast<int32_t>(gr32(c, i.r2)));
}
inline S CXFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<bfp::f128, int32_t>(c, i, static_cast<int32_t>(gr32(c, i.r2)));
}
inline S CEGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<float, int64_t>(c, i, static_cast<int64_t>(gr(c, i.r2)));
}
inline S CDGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<double, int64_t>(c, i, static_cast<int64_t>(gr(c, i.r2)));
}
inline S CXGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<bfp::f128, int64_t>(c, i, static_cast<int64_t>(gr(c, i.r2)));
}
inline S CELFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<float, uint32_t>(c, i, gr32(c, i.r2));
}
inline S CDLFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<double, uint32_t>(c, i, gr32(c, i.r2));
}
inline S CXLFBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<bfp::f128, uint32_t>(c, i, gr32(c, i.r2));
}
inline S CELGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<float, uint64_t>(c, i, gr(c, i.r2));
}
inline S CDLGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<double, uint64_t>(c, i, gr(c, i.r2));
}
inline S CXLGBR(cpu& c, const insn& i, uint64_t) {
  return bfp::from_fixed<bfp::f128, uint64_t>(c, i, gr(c, i.r2));
}
inline S CFEBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<float, int32_t>(c, i, bfp::get<float>(c, i.r2));
}
inline S CFDBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<double, int32_t>(c, i, bfp::get<double>(c, i.r2));
}
inline S CFXBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<bfp::f128, int32_t>(c, i, bfp::get<bfp::f128>(c, i.r2));
}
inline S CGEBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<float, int64_t>(c, i, bfp::get<float>(c, i.r2));
}
inline S CGDBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<double, int64_t>(c, i, bfp::get<double>(c, i.r2));
}
inline S CGXBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<bfp::f128, int64_t>(c, i, bfp::get<bfp::f128>(c, i.r2));
}
inline S CLFEBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<float, uint32_t>(c, i, bfp::get<float>(c, i.r2));
}
inline S CLFDBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<double, uint32_t>(c, i, bfp::get<double>(c, i.r2));
}
inline S CLFXBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<bfp::f128, uint32_t>(c, i, bfp::get<bfp::f128>(c, i.r2));
}
inline S CLGEBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<float, uint64_t>(c, i, bfp::get<float>(c, i.r2));
}
inline S CLGDBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<double, uint64_t>(c, i, bfp::get<double>(c, i.r2));
}
inline S CLGXBR(cpu& c, const insn& i, uint64_t) {
  return bfp::to_fixed<bfp::f128, uint64_t>(c, i, bfp::get<bfp::f128>(c, i.r2));
}

inline S DIEBR(cpu& c, const insn& i, uint64_t) { return bfp::divide_to_integer<float>(c, i); }
inline S DIDBR(cpu& c, const insn& i, uint64_t) { return bfp::divide_to_integer<double>(c, i); }

inline S FIEBR(cpu& c, const insn& i, uint64_t) { return bfp::load_integer<float>(c, i); }
inline S FIDBR(cpu& c, const insn& i, uint64_t) { return bfp::load_integer<double>(c, i); }
inline S FIXBR(cpu& c, const insn& i, uint64_t) { return bfp::load_integer<bfp::f128>(c, i); }

#undef SSIVM_BFP_RR
#undef SSIVM_BFP_RX

}  // namespace ssivm::arch::sem
