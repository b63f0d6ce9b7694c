// Semantics of the packed-decimal instructions AP, SP, ZAP, CP, MP, DP and SRP.
// Operands are at most 16 bytes (31 digits), so a value fits in an unsigned 128-bit
// magnitude plus a sign. Results are formed whole before anything is stored: a data or
// decimal-divide exception leaves storage untouched (suppression).
#pragma once

#include "arch/sem/string_common.hpp"

namespace ssivm::arch::sem {
namespace dec {

using u128 = unsigned __int128;

struct packed {
  u128 mag = 0;
  bool neg = false;
};

inline u128 pow10(unsigned n) {
  u128 p = 1;
  while (n--) p *= 10;
  return p;
}

// Fetches a packed-decimal operand of `len` bytes. Invalid digits (A-F) or an invalid sign
// (0-9) are a data exception. Returns false with the interruption recorded.
inline bool load_packed(cpu& c, uint64_t a, unsigned len, packed& p) {
  uint8_t b[16];
  if (!load_bytes(c, a, b, len)) return false;
  u128 v = 0;
  bool valid = true;
  for (unsigned k = 0; k < len; ++k) {
    const uint8_t hi = b[k] >> 4, lo = b[k] & 0xf;
    valid &= hi <= 9;
    v = v * 10 + hi;
    if (k + 1 < len) {
      valid &= lo <= 9;
      v = v * 10 + lo;
    } else {
      valid &= lo >= 0xa;
      p.neg = lo == 0xb || lo == 0xd;
    }
  }
  if (!valid) {
    data_exception(c, kDxcDecimalOperand);
    return false;
  }
  p.mag = v;
  return true;
}

// The bytes of `mag` (modulo the field's 2*len-1 digits) with the preferred sign (C / D).
inline void encode_packed(u128 mag, bool neg, unsigned len, uint8_t* out) {
  out[len - 1] = static_cast<uint8_t>((static_cast<unsigned>(mag % 10) << 4) | (neg ? 0xd : 0xc));
  mag /= 10;
  for (int k = static_cast<int>(len) - 2; k >= 0; --k) {
    const unsigned lo = static_cast<unsigned>(mag % 10);
    mag /= 10;
    const unsigned hi = static_cast<unsigned>(mag % 10);
    mag /= 10;
    out[k] = static_cast<uint8_t>(hi << 4 | lo);
  }
}

// Stores a signed result in the first operand and sets CC 0/1/2, or CC 3 with the truncated
// result when it has more digits than the field; then the decimal-overflow interruption if
// the program mask enables it (the instruction completes).
inline S store_result(cpu& c, uint64_t a, unsigned len, u128 mag, bool neg) {
  const bool overflow = mag >= pow10(2 * len - 1);
  const u128 kept = mag % pow10(2 * len - 1);
  // A zero result is positive unless overflow truncated a nonzero one.
  const bool sign = overflow ? neg : (kept != 0 && neg);
  uint8_t out[16];
  encode_packed(kept, sign, len, out);
  SSIVM_TRY(store_bytes(c, a, out, len));
  c.s.cc = overflow ? 3 : (kept == 0 ? 0 : (neg ? 1 : 2));
  if (overflow && (c.s.psw_mask & kPmDecimalOverflow))
    return c.program_interrupt(pic::decimal_overflow, ending::complete);
  return S::next;
}

// Signed sum of two packed values.
inline void add(const packed& x, const packed& y, u128& mag, bool& neg) {
  if (x.neg == y.neg) {
    mag = x.mag + y.mag;
    neg = x.neg;
  } else if (x.mag >= y.mag) {
    mag = x.mag - y.mag;
    neg = x.neg;
  } else {
    mag = y.mag - x.mag;
    neg = y.neg;
  }
}

inline S add_sub(cpu& c, const insn& i, bool subtract) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  const uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  packed x, y;
  SSIVM_TRY(load_packed(c, a1, n1, x));
  SSIVM_TRY(load_packed(c, a2, n2, y));
  SSIVM_TRY(probe_store(c, a1, n1));
  if (subtract) y.neg = !y.neg;
  u128 mag;
  bool neg;
  add(x, y, mag, neg);
  return store_result(c, a1, n1, mag, neg);
}

}  // namespace dec

inline S AP(cpu& c, const insn& i, uint64_t) { return dec::add_sub(c, i, false); }
inline S SP(cpu& c, const insn& i, uint64_t) { return dec::add_sub(c, i, true); }

// ZERO AND ADD: the first operand is not fetched (its contents need not be valid).
inline S ZAP(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  const uint64_t a1 = ea1(c, i);
  dec::packed y;
  SSIVM_TRY(dec::load_packed(c, ea2(c, i), n2, y));
  SSIVM_TRY(probe_store(c, a1, n1));
  return dec::store_result(c, a1, n1, y.mag, y.neg);
}

// TEST DECIMAL (extended-translation facility 2): CC 0 all digits and the sign valid, 1 sign
// invalid, 2 a digit invalid, 3 both. Never a data exception.
inline S TP(cpu& c, const insn& i, uint64_t) {
  uint8_t b[16];
  const unsigned n = i.l1 + 1u;
  SSIVM_TRY(load_bytes(c, ea1(c, i), b, n));
  bool bad_digit = false;
  for (unsigned k = 0; k < n; ++k) {
    if ((b[k] >> 4) > 9) bad_digit = true;
    if (k + 1 < n && (b[k] & 15) > 9) bad_digit = true;
  }
  const bool bad_sign = (b[n - 1] & 15) < 10;
  c.s.cc = static_cast<uint8_t>((bad_sign ? 1 : 0) | (bad_digit ? 2 : 0));
  return S::next;
}

// COMPARE DECIMAL: +0 and -0 compare equal.
inline S CP(cpu& c, const insn& i, uint64_t) {
  dec::packed x, y;
  SSIVM_TRY(dec::load_packed(c, ea1(c, i), i.l1 + 1u, x));
  SSIVM_TRY(dec::load_packed(c, ea2(c, i), i.l2 + 1u, y));
  const bool xn = x.neg && x.mag != 0, yn = y.neg && y.mag != 0;
  if (xn != yn)
    c.s.cc = xn ? 1 : 2;
  else if (x.mag == y.mag)
    c.s.cc = 0;
  else
    c.s.cc = ((x.mag < y.mag) != xn) ? 1 : 2;
  return S::next;
}

// MULTIPLY DECIMAL: the multiplier has at most 8 bytes and is shorter than the multiplicand,
// whose leftmost L2+1 bytes must be zero digits (else a data exception). CC unchanged.
inline S MP(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  if (n2 > 8 || n2 >= n1) return specification(c);
  const uint64_t a1 = ea1(c, i);
  dec::packed x, y;
  SSIVM_TRY(dec::load_packed(c, a1, n1, x));
  SSIVM_TRY(dec::load_packed(c, ea2(c, i), n2, y));
  if (x.mag >= dec::pow10(2 * (n1 - n2) - 1)) return data_exception(c, kDxcDecimalOperand);
  SSIVM_TRY(probe_store(c, a1, n1));
  const dec::u128 mag = x.mag * y.mag;  // < 10^(2*n1-1): fits the field
  uint8_t out[16];
  dec::encode_packed(mag, x.neg != y.neg, n1, out);
  SSIVM_TRY(store_bytes(c, a1, out, n1));
  return S::next;
}

// DIVIDE DECIMAL: quotient in the leftmost L1-L2 bytes (sign by the rules of algebra),
// remainder in the rightmost L2+1 bytes (sign of the dividend). A zero divisor or a quotient
// too long for its field is a decimal-divide exception. CC unchanged.
inline S DP(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  if (n2 > 8 || n2 >= n1) return specification(c);
  const uint64_t a1 = ea1(c, i);
  dec::packed x, y;
  SSIVM_TRY(dec::load_packed(c, a1, n1, x));
  SSIVM_TRY(dec::load_packed(c, ea2(c, i), n2, y));
  const unsigned nq = n1 - n2;
  if (y.mag == 0 || x.mag / y.mag >= dec::pow10(2 * nq - 1))
    return c.program_interrupt(pic::decimal_divide, ending::suppress);
  SSIVM_TRY(probe_store(c, a1, n1));
  uint8_t out[16];
  dec::encode_packed(x.mag / y.mag, x.neg != y.neg, nq, out);
  dec::encode_packed(x.mag % y.mag, x.neg, n2, out + nq);
  SSIVM_TRY(store_bytes(c, a1, out, n1));
  return S::next;
}

// SHIFT AND ROUND DECIMAL: bits 58-63 of the second-operand address are a signed shift
// (left when positive); a right shift rounds by adding I3 to the last digit shifted out.
inline S SRP(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u;
  const uint64_t a1 = ea1(c, i);
  const int shift = static_cast<int>(static_cast<int8_t>((ea2(c, i) & 0x3f) << 2) >> 2);
  dec::packed x;
  SSIVM_TRY(dec::load_packed(c, a1, n1, x));
  if (i.i3 > 9) return data_exception(c, kDxcDecimalOperand);
  SSIVM_TRY(probe_store(c, a1, n1));
  dec::u128 mag;
  if (shift >= 0) {
    // Digits shifted out on the left are what makes overflow: keep the product exact.
    const unsigned digits = 2 * n1 - 1;
    const dec::u128 limit = dec::pow10(digits);
    const unsigned s = static_cast<unsigned>(shift);
    if (x.mag == 0)
      mag = 0;
    else if (s >= digits)
      mag = limit;  // some nonzero digit is lost: overflow
    else {
      const dec::u128 kept = x.mag % dec::pow10(digits - s);
      mag = kept * dec::pow10(s);
      if (kept != x.mag) mag += limit;  // flag overflow, truncated result is mag % limit
    }
  } else {
    const unsigned s = static_cast<unsigned>(-shift);
    const dec::u128 p = dec::pow10(s - 1);
    const unsigned last = static_cast<unsigned>((x.mag / p) % 10);
    mag = x.mag / (p * 10) + (last + i.i3 >= 10 ? 1 : 0);
  }
  return dec::store_result(c, a1, n1, mag, x.neg);
}

}  // namespace ssivm::arch::sem
