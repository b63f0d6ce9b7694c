// Semantics of the general instructions, second part (rows in arch/insns/general2.def):
// load/store variants, shifts and rotates, high-word, interlocked-access, load/store on
// condition, population count, decimal conversion.
#pragma once

#include <type_traits>

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// Helpers private to this family (a nested namespace keeps them clear of other families').
namespace g2 {

inline uint64_t sx(int64_t v) { return static_cast<uint64_t>(v); }
inline uint32_t sx32_8(uint8_t v) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v)));
}
inline uint32_t sx32_16(uint16_t v) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(v)));
}
inline uint64_t sx64_8(uint8_t v) { return sx(static_cast<int8_t>(v)); }
inline uint64_t sx64_16(uint16_t v) { return sx(static_cast<int16_t>(v)); }
inline uint64_t sx64_32(uint32_t v) { return sx(static_cast<int32_t>(v)); }

// Shift amounts are the rightmost six bits of the second-operand address (no storage access).
inline unsigned shift_amount(const cpu& c, const insn& i) {
  return static_cast<unsigned>(base_index_disp(c, 0, i.b2, i.d2) & 63);
}

inline uint64_t rotl64(uint64_t v, unsigned n) {
  n &= 63;
  return n ? (v << n) | (v >> (64 - n)) : v;
}
inline uint32_t rotl32(uint32_t v, unsigned n) {
  n &= 31;
  return n ? (v << n) | (v >> (32 - n)) : v;
}

// Bits start..end (PoO numbering, bit 0 leftmost) of a 64-bit value; wraps from 63 to 0
// when start > end, as the ROTATE THEN … SELECTED BITS instructions define the range.
inline uint64_t bit_range64(unsigned s, unsigned e) {
  uint64_t from_s = ~0ull >> s;
  uint64_t to_e = ~0ull << (63 - e);
  return s <= e ? (from_s & to_e) : (from_s | to_e);
}
inline uint32_t bit_range32(unsigned s, unsigned e) {
  uint32_t from_s = ~0u >> s;
  uint32_t to_e = ~0u << (31 - e);
  return s <= e ? (from_s & to_e) : (from_s | to_e);
}

// SHIFT LEFT SINGLE/DOUBLE (arithmetic): the sign stays, the numeric bits move left; CC 3
// when a bit unlike the sign leaves bit position 1. The result is formed even on overflow.
template <class U>
inline uint8_t shift_left_arith(U v, unsigned n, U& r) {
  constexpr unsigned kW = sizeof(U) * 8;
  constexpr U kSign = static_cast<U>(U(1) << (kW - 1));
  const U sign = v & kSign;
  const U numeric = v & ~kSign;
  bool overflow;
  U shifted;
  if (n >= kW - 1) {
    // Every numeric bit leaves; past kW - 1 the zeros shifted in from the right leave too,
    // which is an overflow for a negative operand.
    overflow = sign ? (n > kW - 1 || numeric != static_cast<U>(~kSign)) : numeric != 0;
    shifted = 0;
  } else {
    const U out = n ? static_cast<U>(numeric >> (kW - 1 - n)) : U(0);
    const U ones = static_cast<U>((U(1) << n) - 1);
    overflow = out != (sign ? ones : U(0));
    shifted = static_cast<U>(numeric << n) & static_cast<U>(~kSign);
  }
  r = sign | shifted;
  if (overflow) return 3;
  using I = std::make_signed_t<U>;
  return cc_signed(static_cast<I>(r));
}
template <class U>
inline U shift_right_arith(U v, unsigned n) {
  constexpr unsigned kW = sizeof(U) * 8;
  using I = std::make_signed_t<U>;
  return static_cast<U>(static_cast<I>(v) >> (n >= kW ? kW - 1 : n));
}

// TEST UNDER MASK, register forms: CC 0 all selected zero (or empty mask), 3 all selected
// ones, else 1 or 2 by the leftmost selected bit.
inline uint8_t tm_cc16(uint16_t v, uint16_t m) {
  const uint16_t sel = v & m;
  if (sel == 0) return 0;
  if (sel == m) return 3;
  const uint16_t leftmost =
      static_cast<uint16_t>(0x8000u >> __builtin_clz(static_cast<uint32_t>(m) << 16));
  return (v & leftmost) ? 2 : 1;
}

// Packed-decimal validity: digits 0-9 in every nibble but the last, a sign A-F in the last.
inline bool packed_valid(const uint8_t* p, unsigned n) {
  for (unsigned k = 0; k < n; ++k) {
    const unsigned hi = p[k] >> 4, lo = p[k] & 15;
    if (hi > 9) return false;
    if (k + 1 < n ? lo > 9 : lo < 10) return false;
  }
  return true;
}
// Magnitude of a valid packed number and whether its sign is minus (B or D).
inline unsigned __int128 packed_magnitude(const uint8_t* p, unsigned n, bool& minus) {
  unsigned __int128 v = 0;
  for (unsigned k = 0; k < n; ++k) {
    v = v * 10 + (p[k] >> 4);
    if (k + 1 < n) v = v * 10 + (p[k] & 15);
  }
  const unsigned sign = p[n - 1] & 15;
  minus = sign == 0xb || sign == 0xd;
  return v;
}
// Signed binary to n bytes of packed decimal with the preferred signs C (plus), D (minus).
inline void to_packed(int64_t v, uint8_t* p, unsigned n) {
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  p[n - 1] = static_cast<uint8_t>((mag % 10) << 4 | (v < 0 ? 0xd : 0xc));
  mag /= 10;
  for (int k = static_cast<int>(n) - 2; k >= 0; --k) {
    const unsigned lo = static_cast<unsigned>(mag % 10);
    mag /= 10;
    const unsigned hi = static_cast<unsigned>(mag % 10);
    mag /= 10;
    p[k] = static_cast<uint8_t>(hi << 4 | lo);
  }
}

// Operands that run past the top of the addressing mode's range continue at address 0. The
// access funnel does not wrap, so an operand that crosses the boundary goes byte by byte
// (only possible in the 24- and 31-bit modes, where it is rare).
inline bool crosses_wrap(const cpu& c, uint64_t a, uint64_t n) {
  return ((a + n - 1) & c.s.amask) < a;
}
template <class T>
inline bool load_w(cpu& c, uint64_t a, T& out) {
  if (!crosses_wrap(c, a, sizeof(T))) [[likely]]
    return load(c, a, out);
  T v = 0;
  for (unsigned k = 0; k < sizeof(T); ++k) {
    uint8_t b;
    if (!load(c, wrap(c, a + k), b)) return false;
    v = static_cast<T>(v << 8 | b);
  }
  out = v;
  return true;
}
template <class T>
inline bool store_w(cpu& c, uint64_t a, T v) {
  if (!crosses_wrap(c, a, sizeof(T))) [[likely]]
    return store(c, a, v);
  if (!probe_store(c, a, sizeof(T))) return false;
  for (unsigned k = 0; k < sizeof(T); ++k)
    if (!store(c, wrap(c, a + k), static_cast<uint8_t>(v >> (8 * (sizeof(T) - 1 - k)))))
      return false;
  return true;
}
// n bytes (a multiple of 8) from/to a, wrapping as above; a store is checked whole first.
inline bool load_wrapped(cpu& c, uint64_t a, uint8_t* out, unsigned n) {
  for (unsigned k = 0; k < n; k += 8) {
    uint64_t v;
    if (!load_w(c, wrap(c, a + k), v)) return false;
    for (unsigned b = 0; b < 8; ++b) out[k + b] = static_cast<uint8_t>(v >> (56 - 8 * b));
  }
  return true;
}
inline bool store_wrapped(cpu& c, uint64_t a, const uint8_t* in, unsigned n) {
  if (!probe_store(c, a, n)) return false;
  for (unsigned k = 0; k < n; k += 8) {
    uint64_t v = 0;
    for (unsigned b = 0; b < 8; ++b) v = v << 8 | in[k + b];
    if (!store_w(c, wrap(c, a + k), v)) return false;
  }
  return true;
}

inline bool aligned(cpu& c, uint64_t a, uint64_t size) {
  if (a & (size - 1)) [[unlikely]] {
    c.program_interrupt(pic::specification, ending::suppress);
    return false;
  }
  return true;
}

}  // namespace g2

// ---- loads: halfword, byte, logical, 31-bit ----------------------------------------------------
inline S LH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, g2::sx32_16(v));
  return S::next;
}
inline S LHY(cpu& c, const insn& i, uint64_t ia) { return LH(c, i, ia); }
inline S LGH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = g2::sx64_16(v);
  return S::next;
}
inline S LHR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, g2::sx32_16(static_cast<uint16_t>(gr(c, i.r2))));
  return S::next;
}
inline S LGHR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = g2::sx64_16(static_cast<uint16_t>(gr(c, i.r2)));
  return S::next;
}
inline S LB(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, g2::sx32_8(v));
  return S::next;
}
inline S LGB(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = g2::sx64_8(v);
  return S::next;
}
inline S LBR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, g2::sx32_8(static_cast<uint8_t>(gr(c, i.r2))));
  return S::next;
}
inline S LGBR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = g2::sx64_8(static_cast<uint8_t>(gr(c, i.r2)));
  return S::next;
}
inline S LLC(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LLGC(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S LLCR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, static_cast<uint8_t>(gr(c, i.r2)));
  return S::next;
}
inline S LLGCR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint8_t>(gr(c, i.r2));
  return S::next;
}
inline S LLH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LLGH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S LLHR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, static_cast<uint16_t>(gr(c, i.r2)));
  return S::next;
}
inline S LLGHR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint16_t>(gr(c, i.r2));
  return S::next;
}
inline S LLGF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v;
  return S::next;
}
// LOAD LOGICAL THIRTY ONE BITS: bits 1-31 of the operand into bits 33-63, bits 0-32 zero.
inline S LLGT(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v & 0x7fffffffu;
  return S::next;
}
inline S LLGTR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr(c, i.r2) & 0x7fffffffu;
  return S::next;
}
inline S LGF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = g2::sx64_32(v);
  return S::next;
}
inline S ICY(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = (gr(c, i.r1) & ~0xffull) | v;
  return S::next;
}

// ---- stores ----------------------------------------------------------------------------------
inline S STH(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint16_t>(gr(c, i.r1))));
  return S::next;
}
inline S STHY(cpu& c, const insn& i, uint64_t ia) { return STH(c, i, ia); }
inline S STCY(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint8_t>(gr(c, i.r1))));
  return S::next;
}

// ---- load/store multiple: registers R1 through R3, wrapping from 15 to 0 -----------------------
// All loads happen before any register changes, so an access exception leaves the registers
// as they were (the base register may be among those loaded).
inline S LM(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = ea2(c, i);
  const unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint32_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(g2::load_w(c, wrap(c, a + 4 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) set_gr32(c, (i.r1 + k) & 15, v[k]);
  return S::next;
}
inline S LMY(cpu& c, const insn& i, uint64_t ia) { return LM(c, i, ia); }
inline S LMH(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = ea2(c, i);
  const unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint32_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(g2::load_w(c, wrap(c, a + 4 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) set_gr32h(c, (i.r1 + k) & 15, v[k]);
  return S::next;
}
inline S STM(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = ea2(c, i);
  const unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, n * 4ull));
  for (unsigned k = 0; k < n; ++k)
    SSIVM_TRY(g2::store_w(c, wrap(c, a + 4 * k), gr32(c, (i.r1 + k) & 15)));
  return S::next;
}
inline S STMY(cpu& c, const insn& i, uint64_t ia) { return STM(c, i, ia); }
inline S STMH(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = ea2(c, i);
  const unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, n * 4ull));
  for (unsigned k = 0; k < n; ++k)
    SSIVM_TRY(g2::store_w(c, wrap(c, a + 4 * k), gr32h(c, (i.r1 + k) & 15)));
  return S::next;
}

// ---- relative-long loads and stores: the operand must be aligned to its size -------------------
inline S LRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 4));
  uint32_t v;
  SSIVM_TRY(load(c, a, v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LGRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 8));
  uint64_t v;
  SSIVM_TRY(load(c, a, v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S LGFRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 4));
  uint32_t v;
  SSIVM_TRY(load(c, a, v));
  gr(c, i.r1) = g2::sx64_32(v);
  return S::next;
}
inline S LLGFRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 4));
  uint32_t v;
  SSIVM_TRY(load(c, a, v));
  gr(c, i.r1) = v;
  return S::next;
}
// Halfword relative-long operands are aligned by construction (the offset counts halfwords).
inline S LHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(load(c, relative(c, ia, i.ri), v));
  set_gr32(c, i.r1, g2::sx32_16(v));
  return S::next;
}
inline S LGHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(load(c, relative(c, ia, i.ri), v));
  gr(c, i.r1) = g2::sx64_16(v);
  return S::next;
}
inline S LLHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(load(c, relative(c, ia, i.ri), v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LLGHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(load(c, relative(c, ia, i.ri), v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S STRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 4));
  SSIVM_TRY(store(c, a, gr32(c, i.r1)));
  return S::next;
}
inline S STGRL(cpu& c, const insn& i, uint64_t ia) {
  const uint64_t a = relative(c, ia, i.ri);
  SSIVM_TRY(g2::aligned(c, a, 8));
  SSIVM_TRY(store(c, a, gr(c, i.r1)));
  return S::next;
}
inline S STHRL(cpu& c, const insn& i, uint64_t ia) {
  SSIVM_TRY(store(c, relative(c, ia, i.ri), static_cast<uint16_t>(gr(c, i.r1))));
  return S::next;
}

// ---- load/store reversed ---------------------------------------------------------------------
inline S LRVR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, __builtin_bswap32(gr32(c, i.r2)));
  return S::next;
}
inline S LRVGR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = __builtin_bswap64(gr(c, i.r2));
  return S::next;
}
inline S LRV(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, __builtin_bswap32(v));
  return S::next;
}
inline S LRVG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = __builtin_bswap64(v);
  return S::next;
}
// LRVH replaces only bits 48-63.
inline S LRVH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = (gr(c, i.r1) & ~0xffffull) | __builtin_bswap16(v);
  return S::next;
}
inline S STRV(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), __builtin_bswap32(gr32(c, i.r1))));
  return S::next;
}
inline S STRVG(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), __builtin_bswap64(gr(c, i.r1))));
  return S::next;
}
inline S STRVH(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), __builtin_bswap16(static_cast<uint16_t>(gr(c, i.r1)))));
  return S::next;
}

// ---- immediates --------------------------------------------------------------------------------
// INSERT IMMEDIATE / LOAD LOGICAL IMMEDIATE on a 16- or 32-bit field at bit offset `shift`.
namespace g2 {
inline void insert_field(cpu& c, unsigned r, uint64_t field_mask, unsigned shift, uint64_t v) {
  gr(c, r) = (gr(c, r) & ~(field_mask << shift)) | ((v & field_mask) << shift);
}
}  // namespace g2
inline S IIHF(cpu& c, const insn& i, uint64_t) {
  set_gr32h(c, i.r1, static_cast<uint32_t>(i.i2));
  return S::next;
}
inline S IILF(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, static_cast<uint32_t>(i.i2));
  return S::next;
}
inline S IIHH(cpu& c, const insn& i, uint64_t) {
  g2::insert_field(c, i.r1, 0xffff, 48, static_cast<uint64_t>(i.i2));
  return S::next;
}
inline S IIHL(cpu& c, const insn& i, uint64_t) {
  g2::insert_field(c, i.r1, 0xffff, 32, static_cast<uint64_t>(i.i2));
  return S::next;
}
inline S IILH(cpu& c, const insn& i, uint64_t) {
  g2::insert_field(c, i.r1, 0xffff, 16, static_cast<uint64_t>(i.i2));
  return S::next;
}
inline S IILL(cpu& c, const insn& i, uint64_t) {
  g2::insert_field(c, i.r1, 0xffff, 0, static_cast<uint64_t>(i.i2));
  return S::next;
}
inline S LLIHH(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<uint16_t>(i.i2)) << 48;
  return S::next;
}
inline S LLIHL(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<uint16_t>(i.i2)) << 32;
  return S::next;
}
inline S LLILH(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<uint16_t>(i.i2)) << 16;
  return S::next;
}
inline S LLILL(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint16_t>(i.i2);
  return S::next;
}
inline S LGFI(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(i.i2);
  return S::next;
}

// ---- test under mask ---------------------------------------------------------------------------
// TM (storage): CC 0 selected bits all zero or mask zero, 1 mixed, 3 all ones.
inline S TM(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  const uint8_t m = static_cast<uint8_t>(i.i2);
  const uint8_t sel = v & m;
  c.s.cc = sel == 0 ? 0 : (sel == m ? 3 : 1);
  return S::next;
}
inline S TMY(cpu& c, const insn& i, uint64_t ia) { return TM(c, i, ia); }
inline S TMHH(cpu& c, const insn& i, uint64_t) {
  c.s.cc = g2::tm_cc16(static_cast<uint16_t>(gr(c, i.r1) >> 48), static_cast<uint16_t>(i.i2));
  return S::next;
}
inline S TMHL(cpu& c, const insn& i, uint64_t) {
  c.s.cc = g2::tm_cc16(static_cast<uint16_t>(gr(c, i.r1) >> 32), static_cast<uint16_t>(i.i2));
  return S::next;
}
inline S TMLH(cpu& c, const insn& i, uint64_t) {
  c.s.cc = g2::tm_cc16(static_cast<uint16_t>(gr(c, i.r1) >> 16), static_cast<uint16_t>(i.i2));
  return S::next;
}
inline S TMLL(cpu& c, const insn& i, uint64_t) {
  c.s.cc = g2::tm_cc16(static_cast<uint16_t>(gr(c, i.r1)), static_cast<uint16_t>(i.i2));
  return S::next;
}

// ---- shifts ------------------------------------------------------------------------------------
// Single 32-bit shifts work on bits 32-63; amounts of 32-63 shift everything out.
inline S SLL(cpu& c, const insn& i, uint64_t) {
  const unsigned n = g2::shift_amount(c, i);
  set_gr32(c, i.r1, n >= 32 ? 0u : gr32(c, i.r1) << n);
  return S::next;
}
inline S SRL(cpu& c, const insn& i, uint64_t) {
  const unsigned n = g2::shift_amount(c, i);
  set_gr32(c, i.r1, n >= 32 ? 0u : gr32(c, i.r1) >> n);
  return S::next;
}
inline S SLLK(cpu& c, const insn& i, uint64_t) {
  const unsigned n = g2::shift_amount(c, i);
  set_gr32(c, i.r1, n >= 32 ? 0u : gr32(c, i.r3) << n);
  return S::next;
}
inline S SRLK(cpu& c, const insn& i, uint64_t) {
  const unsigned n = g2::shift_amount(c, i);
  set_gr32(c, i.r1, n >= 32 ? 0u : gr32(c, i.r3) >> n);
  return S::next;
}
inline S SLA(cpu& c, const insn& i, uint64_t) {
  uint32_t r;
  const uint8_t cc = g2::shift_left_arith(gr32(c, i.r1), g2::shift_amount(c, i), r);
  set_gr32(c, i.r1, r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SLAK(cpu& c, const insn& i, uint64_t) {
  uint32_t r;
  const uint8_t cc = g2::shift_left_arith(gr32(c, i.r3), g2::shift_amount(c, i), r);
  set_gr32(c, i.r1, r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SRA(cpu& c, const insn& i, uint64_t) {
  const uint32_t r = g2::shift_right_arith(gr32(c, i.r1), g2::shift_amount(c, i));
  set_gr32(c, i.r1, r);
  c.s.cc = cc_signed(static_cast<int32_t>(r));
  return S::next;
}
inline S SRAK(cpu& c, const insn& i, uint64_t) {
  const uint32_t r = g2::shift_right_arith(gr32(c, i.r3), g2::shift_amount(c, i));
  set_gr32(c, i.r1, r);
  c.s.cc = cc_signed(static_cast<int32_t>(r));
  return S::next;
}
inline S SLLG(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr(c, i.r3) << g2::shift_amount(c, i);
  return S::next;
}
inline S SLAG(cpu& c, const insn& i, uint64_t) {
  uint64_t r;
  const uint8_t cc = g2::shift_left_arith(gr(c, i.r3), g2::shift_amount(c, i), r);
  gr(c, i.r1) = r;
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SRAG(cpu& c, const insn& i, uint64_t) {
  const uint64_t r = g2::shift_right_arith(gr(c, i.r3), g2::shift_amount(c, i));
  gr(c, i.r1) = r;
  c.s.cc = cc_signed(static_cast<int64_t>(r));
  return S::next;
}
// Double shifts: bits 32-63 of the even/odd pair R1, R1+1 form one 64-bit operand.
namespace g2 {
inline uint64_t pair64(cpu& c, unsigned r1) {
  return static_cast<uint64_t>(gr32(c, r1)) << 32 | gr32(c, r1 + 1);
}
inline void set_pair64(cpu& c, unsigned r1, uint64_t v) {
  set_gr32(c, r1, static_cast<uint32_t>(v >> 32));
  set_gr32(c, r1 + 1, static_cast<uint32_t>(v));
}
}  // namespace g2
inline S SLDL(cpu& c, const insn& i, uint64_t) {
  g2::set_pair64(c, i.r1, g2::pair64(c, i.r1) << g2::shift_amount(c, i));
  return S::next;
}
inline S SRDL(cpu& c, const insn& i, uint64_t) {
  g2::set_pair64(c, i.r1, g2::pair64(c, i.r1) >> g2::shift_amount(c, i));
  return S::next;
}
inline S SLDA(cpu& c, const insn& i, uint64_t) {
  uint64_t r;
  const uint8_t cc = g2::shift_left_arith(g2::pair64(c, i.r1), g2::shift_amount(c, i), r);
  g2::set_pair64(c, i.r1, r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SRDA(cpu& c, const insn& i, uint64_t) {
  const uint64_t r = g2::shift_right_arith(g2::pair64(c, i.r1), g2::shift_amount(c, i));
  g2::set_pair64(c, i.r1, r);
  c.s.cc = cc_signed(static_cast<int64_t>(r));
  return S::next;
}

// ---- rotates -----------------------------------------------------------------------------------
inline S RLL(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, g2::rotl32(gr32(c, i.r3), g2::shift_amount(c, i)));
  return S::next;
}
inline S RLLG(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = g2::rotl64(gr(c, i.r3), g2::shift_amount(c, i));
  return S::next;
}
// ROTATE THEN INSERT SELECTED BITS: I3/I4 bits 2-7 give the start/end of the range (wrapping),
// I4 bit 0 zeroes the bits outside it, I5 bits 2-7 the left rotation of R2. CC by the result.
inline S RISBG(cpu& c, const insn& i, uint64_t) {
  const uint64_t m = g2::bit_range64(i.i3 & 63, i.i4 & 63);
  const uint64_t rot = g2::rotl64(gr(c, i.r2), i.i5 & 63);
  const uint64_t keep = (i.i4 & 0x80) ? 0 : gr(c, i.r1) & ~m;
  const uint64_t r = keep | (rot & m);
  gr(c, i.r1) = r;
  c.s.cc = cc_signed(static_cast<int64_t>(r));
  return S::next;
}
// AND/OR/EXCLUSIVE OR of the selected bits; I3 bit 0 = test only (R1 unchanged).
// CC 0 when the selected bits of the result are all zero, else 1.
namespace g2 {
template <class Op>
inline S rotate_then_selected(cpu& c, const insn& i, Op op) {
  const uint64_t m = bit_range64(i.i3 & 63, i.i4 & 63);
  const uint64_t rot = rotl64(gr(c, i.r2), i.i5 & 63);
  const uint64_t sel = op(gr(c, i.r1), rot) & m;
  c.s.cc = sel != 0;
  if (!(i.i3 & 0x80)) gr(c, i.r1) = (gr(c, i.r1) & ~m) | sel;
  return S::next;
}
}  // namespace g2
inline S RNSBG(cpu& c, const insn& i, uint64_t) {
  return g2::rotate_then_selected(c, i, [](uint64_t a, uint64_t b) { return a & b; });
}
inline S ROSBG(cpu& c, const insn& i, uint64_t) {
  return g2::rotate_then_selected(c, i, [](uint64_t a, uint64_t b) { return a | b; });
}
inline S RXSBG(cpu& c, const insn& i, uint64_t) {
  return g2::rotate_then_selected(c, i, [](uint64_t a, uint64_t b) { return a ^ b; });
}
// High/low variants: I3/I4 bits 3-7 select within bits 0-31 (high) or 32-63 (low) of R1; the
// other half of R1 is unchanged; the CC is unchanged.
inline S RISBHG(cpu& c, const insn& i, uint64_t) {
  const uint64_t m = static_cast<uint64_t>(g2::bit_range32(i.i3 & 31, i.i4 & 31)) << 32;
  const uint64_t rot = g2::rotl64(gr(c, i.r2), i.i5 & 63);
  const uint64_t keep = gr(c, i.r1) & ((i.i4 & 0x80) ? 0x00000000ffffffffull : ~m);
  gr(c, i.r1) = keep | (rot & m);
  return S::next;
}
inline S RISBLG(cpu& c, const insn& i, uint64_t) {
  const uint64_t m = g2::bit_range32(i.i3 & 31, i.i4 & 31);
  const uint64_t rot = g2::rotl64(gr(c, i.r2), i.i5 & 63);
  const uint64_t keep = gr(c, i.r1) & ((i.i4 & 0x80) ? 0xffffffff00000000ull : ~m);
  gr(c, i.r1) = keep | (rot & m);
  return S::next;
}

// ---- move immediate ----------------------------------------------------------------------------
inline S MVHHI(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea1(c, i), static_cast<uint16_t>(i.i2)));
  return S::next;
}
inline S MVHI(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea1(c, i), static_cast<uint32_t>(i.i2)));
  return S::next;
}
inline S MVGHI(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea1(c, i), static_cast<uint64_t>(i.i2)));
  return S::next;
}
inline S MVIY(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea1(c, i), static_cast<uint8_t>(i.i2)));
  return S::next;
}

// ---- high-word facility: bits 0-31 of a register as a 32-bit operand ---------------------------
namespace g2 {
inline S add_high(cpu& c, unsigned r1, uint32_t a, uint32_t b) {
  int32_t r;
  const uint8_t cc = add_signed(static_cast<int32_t>(a), static_cast<int32_t>(b), r);
  set_gr32h(c, r1, static_cast<uint32_t>(r));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S sub_high(cpu& c, unsigned r1, uint32_t a, uint32_t b) {
  int32_t r;
  const uint8_t cc = sub_signed(static_cast<int32_t>(a), static_cast<int32_t>(b), r);
  set_gr32h(c, r1, static_cast<uint32_t>(r));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S add_logical_high(cpu& c, unsigned r1, uint32_t a, uint32_t b) {
  uint32_t r;
  c.s.cc = add_logical(a, b, r);
  set_gr32h(c, r1, r);
  return S::next;
}
inline S sub_logical_high(cpu& c, unsigned r1, uint32_t a, uint32_t b) {
  uint32_t r;
  c.s.cc = sub_logical(a, b, r);
  set_gr32h(c, r1, r);
  return S::next;
}
}  // namespace g2
inline S AHHHR(cpu& c, const insn& i, uint64_t) {
  return g2::add_high(c, i.r1, gr32h(c, i.r2), gr32h(c, i.r3));
}
inline S AHHLR(cpu& c, const insn& i, uint64_t) {
  return g2::add_high(c, i.r1, gr32h(c, i.r2), gr32(c, i.r3));
}
inline S AIH(cpu& c, const insn& i, uint64_t) {
  return g2::add_high(c, i.r1, gr32h(c, i.r1), static_cast<uint32_t>(i.i2));
}
inline S SHHHR(cpu& c, const insn& i, uint64_t) {
  return g2::sub_high(c, i.r1, gr32h(c, i.r2), gr32h(c, i.r3));
}
inline S SHHLR(cpu& c, const insn& i, uint64_t) {
  return g2::sub_high(c, i.r1, gr32h(c, i.r2), gr32(c, i.r3));
}
inline S ALHHHR(cpu& c, const insn& i, uint64_t) {
  return g2::add_logical_high(c, i.r1, gr32h(c, i.r2), gr32h(c, i.r3));
}
inline S ALHHLR(cpu& c, const insn& i, uint64_t) {
  return g2::add_logical_high(c, i.r1, gr32h(c, i.r2), gr32(c, i.r3));
}
inline S SLHHHR(cpu& c, const insn& i, uint64_t) {
  return g2::sub_logical_high(c, i.r1, gr32h(c, i.r2), gr32h(c, i.r3));
}
inline S SLHHLR(cpu& c, const insn& i, uint64_t) {
  return g2::sub_logical_high(c, i.r1, gr32h(c, i.r2), gr32(c, i.r3));
}
// ADD LOGICAL WITH SIGNED IMMEDIATE HIGH: the sign-extended immediate is added as a 32-bit
// unsigned value (a negative immediate carries unless the result wraps below zero).
inline S ALSIH(cpu& c, const insn& i, uint64_t) {
  return g2::add_logical_high(c, i.r1, gr32h(c, i.r1), static_cast<uint32_t>(i.i2));
}
// …NO CC: the same sum, condition code unchanged.
inline S ALSIHN(cpu& c, const insn& i, uint64_t) {
  set_gr32h(c, i.r1, gr32h(c, i.r1) + static_cast<uint32_t>(i.i2));
  return S::next;
}
inline S CHHR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int32_t>(gr32h(c, i.r1)), static_cast<int32_t>(gr32h(c, i.r2)));
  return S::next;
}
inline S CHLR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int32_t>(gr32h(c, i.r1)), static_cast<int32_t>(gr32(c, i.r2)));
  return S::next;
}
inline S CHF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  c.s.cc = cc_compare(static_cast<int32_t>(gr32h(c, i.r1)), static_cast<int32_t>(v));
  return S::next;
}
inline S CIH(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int32_t>(gr32h(c, i.r1)), static_cast<int32_t>(i.i2));
  return S::next;
}
inline S CLHHR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(gr32h(c, i.r1), gr32h(c, i.r2));
  return S::next;
}
inline S CLHLR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(gr32h(c, i.r1), gr32(c, i.r2));
  return S::next;
}
inline S CLHF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  c.s.cc = cc_compare(gr32h(c, i.r1), v);
  return S::next;
}
inline S CLIH(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(gr32h(c, i.r1), static_cast<uint32_t>(i.i2));
  return S::next;
}
inline S LBH(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32h(c, i.r1, g2::sx32_8(v));
  return S::next;
}
inline S LHH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32h(c, i.r1, g2::sx32_16(v));
  return S::next;
}
inline S LFH(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32h(c, i.r1, v);
  return S::next;
}
inline S LLCH(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32h(c, i.r1, v);
  return S::next;
}
inline S LLHH(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32h(c, i.r1, v);
  return S::next;
}
inline S STCH(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint8_t>(gr32h(c, i.r1))));
  return S::next;
}
inline S STHH(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint16_t>(gr32h(c, i.r1))));
  return S::next;
}
inline S STFH(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), gr32h(c, i.r1)));
  return S::next;
}
inline S BRCTH(cpu& c, const insn& i, uint64_t ia) {
  const uint32_t v = gr32h(c, i.r1) - 1;
  set_gr32h(c, i.r1, v);
  if (v != 0) return branch_to(c, relative(c, ia, i.ri));
  return S::next;
}

// ---- interlocked-access facility 1 -------------------------------------------------------------
// LOAD AND ADD/AND/OR/EXCLUSIVE OR: R1 gets the original storage operand; storage gets the
// result of combining it with R3. One vCPU runs per guest at a time, so a load, compute and
// store through the access funnel is indivisible as far as any observer can tell; a guest
// with several vCPUs running concurrently will need a host atomic here.
namespace g2 {
template <class T, class Op>
inline S load_and_op(cpu& c, const insn& i, Op op) {
  const uint64_t a = ea2(c, i);
  SSIVM_TRY(aligned(c, a, sizeof(T)));
  SSIVM_TRY(probe_store(c, a, sizeof(T)));
  T old;
  SSIVM_TRY(load(c, a, old));
  T r;
  const T r3 = static_cast<T>(gr(c, i.r3));
  const uint8_t cc = op(old, r3, r);
  SSIVM_TRY(store(c, a, r));
  if constexpr (sizeof(T) == 4)
    set_gr32(c, i.r1, old);
  else
    gr(c, i.r1) = old;
  c.s.cc = cc;
  return S::next;
}
}  // namespace g2
inline S LAA(cpu& c, const insn& i, uint64_t) {
  S st = g2::load_and_op<uint32_t>(c, i, [](uint32_t a, uint32_t b, uint32_t& r) {
    int32_t s;
    const uint8_t cc = add_signed(static_cast<int32_t>(a), static_cast<int32_t>(b), s);
    r = static_cast<uint32_t>(s);
    return cc;
  });
  return st == S::next ? fixed_overflow(c, c.s.cc) : st;
}
inline S LAAG(cpu& c, const insn& i, uint64_t) {
  S st = g2::load_and_op<uint64_t>(c, i, [](uint64_t a, uint64_t b, uint64_t& r) {
    int64_t s;
    const uint8_t cc = add_signed(static_cast<int64_t>(a), static_cast<int64_t>(b), s);
    r = static_cast<uint64_t>(s);
    return cc;
  });
  return st == S::next ? fixed_overflow(c, c.s.cc) : st;
}
inline S LAAL(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint32_t>(
      c, i, [](uint32_t a, uint32_t b, uint32_t& r) { return add_logical(a, b, r); });
}
inline S LAALG(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint64_t>(
      c, i, [](uint64_t a, uint64_t b, uint64_t& r) { return add_logical(a, b, r); });
}
inline S LAN(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint32_t>(c, i, [](uint32_t a, uint32_t b, uint32_t& r) {
    r = a & b;
    return cc_nz(r);
  });
}
inline S LANG(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint64_t>(c, i, [](uint64_t a, uint64_t b, uint64_t& r) {
    r = a & b;
    return cc_nz(r);
  });
}
inline S LAO(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint32_t>(c, i, [](uint32_t a, uint32_t b, uint32_t& r) {
    r = a | b;
    return cc_nz(r);
  });
}
inline S LAOG(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint64_t>(c, i, [](uint64_t a, uint64_t b, uint64_t& r) {
    r = a | b;
    return cc_nz(r);
  });
}
inline S LAX(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint32_t>(c, i, [](uint32_t a, uint32_t b, uint32_t& r) {
    r = a ^ b;
    return cc_nz(r);
  });
}
inline S LAXG(cpu& c, const insn& i, uint64_t) {
  return g2::load_and_op<uint64_t>(c, i, [](uint64_t a, uint64_t b, uint64_t& r) {
    r = a ^ b;
    return cc_nz(r);
  });
}
// LOAD PAIR DISJOINT: first operand into R3, second into R3+1. CC 0 says the two fetches were
// interlocked, which holds while one vCPU runs per guest.
inline S LPD(cpu& c, const insn& i, uint64_t) {
  const uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  SSIVM_TRY(g2::aligned(c, a1, 4));
  SSIVM_TRY(g2::aligned(c, a2, 4));
  uint32_t v1, v2;
  SSIVM_TRY(load(c, a1, v1));
  SSIVM_TRY(load(c, a2, v2));
  set_gr32(c, i.r3, v1);
  set_gr32(c, i.r3 + 1, v2);
  c.s.cc = 0;
  return S::next;
}
inline S LPDG(cpu& c, const insn& i, uint64_t) {
  const uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  SSIVM_TRY(g2::aligned(c, a1, 8));
  SSIVM_TRY(g2::aligned(c, a2, 8));
  uint64_t v1, v2;
  SSIVM_TRY(load(c, a1, v1));
  SSIVM_TRY(load(c, a2, v2));
  gr(c, i.r3) = v1;
  gr(c, i.r3 + 1) = v2;
  c.s.cc = 0;
  return S::next;
}

// ---- load/store on condition 1 -----------------------------------------------------------------
// When the M3 mask does not select the current CC nothing happens; storage is not touched,
// so no access exception is recognised (the PoO makes that model-dependent; not accessing
// is the choice that never faults a program that does not expect it).
inline S LOCR(cpu& c, const insn& i, uint64_t) {
  if (cond(c, i.m3)) set_gr32(c, i.r1, gr32(c, i.r2));
  return S::next;
}
inline S LOCGR(cpu& c, const insn& i, uint64_t) {
  if (cond(c, i.m3)) gr(c, i.r1) = gr(c, i.r2);
  return S::next;
}
inline S LOC(cpu& c, const insn& i, uint64_t) {
  if (!cond(c, i.m3)) return S::next;
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LOCG(cpu& c, const insn& i, uint64_t) {
  if (!cond(c, i.m3)) return S::next;
  uint64_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S STOC(cpu& c, const insn& i, uint64_t) {
  if (!cond(c, i.m3)) return S::next;
  SSIVM_TRY(store(c, ea2(c, i), gr32(c, i.r1)));
  return S::next;
}
inline S STOCG(cpu& c, const insn& i, uint64_t) {
  if (!cond(c, i.m3)) return S::next;
  SSIVM_TRY(store(c, ea2(c, i), gr(c, i.r1)));
  return S::next;
}

// ---- population count, find leftmost one -------------------------------------------------------
// POPCNT: each byte of R1 gets the number of one bits in the same byte of R2.
inline S POPCNT(cpu& c, const insn& i, uint64_t) {
  uint64_t v = gr(c, i.r2);
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  gr(c, i.r1) = v;
  c.s.cc = v != 0;
  return S::next;
}
// FLOGR: R1 = position of the leftmost one (64 if none), R1+1 = R2 with that bit cleared.
inline S FLOGR(cpu& c, const insn& i, uint64_t) {
  const uint64_t v = gr(c, i.r2);
  if (v == 0) {
    gr(c, i.r1) = 64;
    gr(c, i.r1 + 1) = 0;
    c.s.cc = 0;
    return S::next;
  }
  const unsigned n = static_cast<unsigned>(__builtin_clzll(v));
  gr(c, i.r1) = n;
  gr(c, i.r1 + 1) = v & ~(1ull << (63 - n));
  c.s.cc = 2;
  return S::next;
}

// ---- decimal conversion ------------------------------------------------------------------------
namespace g2 {
inline S decimal_data(cpu& c) { return data_exception(c, kDxcDecimalOperand); }
}  // namespace g2
// CONVERT TO BINARY (8 bytes, 15 digits): out of 32-bit range stores the rightmost 32 bits of
// the result and then takes a fixed-point-divide exception (the operation completes).
inline S CVB(cpu& c, const insn& i, uint64_t) {
  uint8_t p[8];
  SSIVM_TRY(g2::load_wrapped(c, ea2(c, i), p, 8));
  if (!g2::packed_valid(p, 8)) return g2::decimal_data(c);
  bool minus;
  const int64_t mag = static_cast<int64_t>(g2::packed_magnitude(p, 8, minus));
  const int64_t v = minus ? -mag : mag;
  set_gr32(c, i.r1, static_cast<uint32_t>(v));
  if (v < INT32_MIN || v > INT32_MAX)
    return c.program_interrupt(pic::fixed_point_divide, ending::complete);
  return S::next;
}
inline S CVBY(cpu& c, const insn& i, uint64_t ia) { return CVB(c, i, ia); }
// CONVERT TO BINARY (16 bytes, 31 digits): out of 64-bit range is suppressed.
inline S CVBG(cpu& c, const insn& i, uint64_t) {
  uint8_t p[16];
  SSIVM_TRY(g2::load_wrapped(c, ea2(c, i), p, 16));
  if (!g2::packed_valid(p, 16)) return g2::decimal_data(c);
  bool minus;
  const unsigned __int128 mag = g2::packed_magnitude(p, 16, minus);
  const unsigned __int128 limit = minus ? (static_cast<unsigned __int128>(1) << 63)
                                        : (static_cast<unsigned __int128>(1) << 63) - 1;
  if (mag > limit) return c.program_interrupt(pic::fixed_point_divide, ending::suppress);
  const uint64_t m = static_cast<uint64_t>(mag);
  gr(c, i.r1) = minus ? 0 - m : m;
  return S::next;
}
inline S CVD(cpu& c, const insn& i, uint64_t) {
  uint8_t p[8];
  g2::to_packed(static_cast<int32_t>(gr32(c, i.r1)), p, 8);
  SSIVM_TRY(g2::store_wrapped(c, ea2(c, i), p, 8));
  return S::next;
}
inline S CVDY(cpu& c, const insn& i, uint64_t ia) { return CVD(c, i, ia); }
inline S CVDG(cpu& c, const insn& i, uint64_t) {
  uint8_t p[16];
  g2::to_packed(static_cast<int64_t>(gr(c, i.r1)), p, 16);
  SSIVM_TRY(g2::store_wrapped(c, ea2(c, i), p, 16));
  return S::next;
}

}  // namespace ssivm::arch::sem
