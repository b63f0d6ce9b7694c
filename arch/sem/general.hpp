// Semantics of the general instructions: fixed-point arithmetic (add, subtract, multiply,
// divide, complement), logical AND/OR/XOR, compares, and the basic loads/stores they lean on.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// Shapes shared by the routines below. Kept in their own namespace so that routine names
// (which are the table's mnemonics) never collide with them.
namespace fxp {

// A general register viewed as a 32-bit (bits 32-63) or 64-bit integer of type T.
template <class T>
inline T reg(cpu& c, unsigned r) {
  if constexpr (sizeof(T) == 4)
    return static_cast<T>(gr32(c, r));
  else
    return static_cast<T>(gr(c, r));
}
// Writing a 32-bit result leaves bits 0-31 of the register unchanged.
template <class T>
inline void set_reg(cpu& c, unsigned r, T v) {
  if constexpr (sizeof(T) == 4)
    set_gr32(c, r, static_cast<uint32_t>(v));
  else
    gr(c, r) = static_cast<uint64_t>(v);
}

// Signed add/subtract: CC 0/1/2 by the sign of the result, 3 on overflow; the result is stored
// either way, then a fixed-point-overflow interruption (completion) if the mask enables it.
template <class T>
inline S add(cpu& c, unsigned r1, T a, T b) {
  T r;
  uint8_t cc = add_signed(a, b, r);
  set_reg(c, r1, r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
template <class T>
inline S sub(cpu& c, unsigned r1, T a, T b) {
  T r;
  uint8_t cc = sub_signed(a, b, r);
  set_reg(c, r1, r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
// Logical add/subtract: CC from zero-ness and carry (borrow); no interruption.
template <class U>
inline S add_l(cpu& c, unsigned r1, U a, U b) {
  U r;
  c.s.cc = add_logical(a, b, r);
  set_reg(c, r1, r);
  return S::next;
}
template <class U>
inline S sub_l(cpu& c, unsigned r1, U a, U b) {
  U r;
  c.s.cc = sub_logical(a, b, r);
  set_reg(c, r1, r);
  return S::next;
}
// ADD LOGICAL WITH CARRY: the carry in is CC bit 2 (CC 2 or 3) of the previous operation.
template <class U>
inline S add_lc(cpu& c, unsigned r1, U a, U b) {
  U r;
  c.s.cc = add_logical_carry(a, b, (c.s.cc & 2) != 0, r);
  set_reg(c, r1, r);
  return S::next;
}
// SUBTRACT LOGICAL WITH BORROW: a borrow is pending when the previous CC was 0 or 1.
template <class U>
inline S sub_lb(cpu& c, unsigned r1, U a, U b) {
  U r;
  c.s.cc = sub_logical_borrow(a, b, (c.s.cc & 2) == 0, r);
  set_reg(c, r1, r);
  return S::next;
}

// Read-modify-write of a storage operand (ASI, AGSI, ALSI, ALGSI). With the interlocked-access
// facility 1 installed, an aligned operand is updated as one interlocked update, so vCPUs on
// other host threads never lose an increment: on a plain page that is a compare-and-swap loop
// on the big-endian bytes. Pages with flags (code, dirty tracking, protection, fault) and
// unaligned operands go through the access funnel, where the store is the last thing that can
// fault, so a failed access leaves the operand and the CC unchanged. `op(old, result)` returns
// the CC.
template <class T, class Op>
inline bool update_storage(cpu& c, uint64_t a, uint8_t& cc, Op op) {
  const guest_memory& m = c.mem;
  if ((a & (sizeof(T) - 1)) == 0 && a <= m.size - sizeof(T) && m.page_flags[a >> kPageShift] == 0)
      [[likely]] {
    T* p = reinterpret_cast<T*>(m.base + a);
    T cur = __atomic_load_n(p, __ATOMIC_RELAXED);
    T r;
    do cc = op(from_be(cur), r);
    while (
        !__atomic_compare_exchange_n(p, &cur, to_be(r), true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return true;
  }
  T v, r;
  if (!load(c, a, v)) return false;
  uint8_t k = op(v, r);
  if (!store(c, a, r)) return false;
  cc = k;
  return true;
}
template <class T>
inline S add_storage(cpu& c, uint64_t a, T b) {
  using U = std::make_unsigned_t<T>;
  uint8_t cc;
  SSIVM_TRY(update_storage<U>(c, a, cc, [b](U v, U& r) {
    T s;
    uint8_t k = add_signed(static_cast<T>(v), b, s);
    r = static_cast<U>(s);
    return k;
  }));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
template <class U>
inline S add_l_storage(cpu& c, uint64_t a, U b) {
  uint8_t cc;
  SSIVM_TRY(update_storage<U>(c, a, cc, [b](U v, U& r) { return add_logical(v, b, r); }));
  c.s.cc = cc;
  return S::next;
}

// Bitwise operations; CC 0 when the result is zero, 1 otherwise.
enum class bitop { and_, or_, xor_ };
template <bitop Op, class U>
inline U apply(U a, U b) {
  if constexpr (Op == bitop::and_)
    return a & b;
  else if constexpr (Op == bitop::or_)
    return a | b;
  else
    return a ^ b;
}
template <bitop Op, class U>
inline S logic(cpu& c, unsigned r1, U a, U b) {
  U r = apply<Op>(a, b);
  set_reg(c, r1, r);
  c.s.cc = cc_nz(r);
  return S::next;
}
// NI/OI/XI and their long-displacement forms: one byte of storage.
template <bitop Op>
inline S logic_storage(cpu& c, uint64_t a, uint8_t imm) {
  uint8_t v;
  SSIVM_TRY(load(c, a, v));
  uint8_t r = apply<Op>(v, imm);
  SSIVM_TRY(store(c, a, r));
  c.s.cc = cc_nz(r);
  return S::next;
}
// The immediate forms that touch one 16- or 32-bit field of a 64-bit register (NIHH…OILF):
// bits outside the field are unchanged and the CC looks at the field only.
template <bitop Op, class F>
inline S logic_field(cpu& c, unsigned r1, unsigned shift, F imm) {
  const uint64_t field_mask = static_cast<uint64_t>(static_cast<F>(~F{0})) << shift;
  const uint64_t old = gr(c, r1);
  const F field = static_cast<F>(old >> shift);
  const F r = apply<Op>(field, imm);
  gr(c, r1) = (old & ~field_mask) | (static_cast<uint64_t>(r) << shift);
  c.s.cc = cc_nz(r);
  return S::next;
}

template <class T>
inline S compare(cpu& c, T a, T b) {
  c.s.cc = cc_compare(a, b);
  return S::next;
}

// The second operand of the relative-long compares: it must sit on an integral boundary for
// its size (specification exception otherwise; halfwords always do, being 2·I2 from the IA).
template <class T>
inline bool load_relative(cpu& c, uint64_t ia, const insn& i, T& v) {
  uint64_t a = relative(c, ia, i.ri);
  if (a & (sizeof(T) - 1)) [[unlikely]] {
    specification(c);
    return false;
  }
  return load(c, a, v);
}

// ---- multiply ----
// M, MR, MFY: the 32-bit multiplicand is in R1+1; the 64-bit product goes to R1 (high
// half) and R1+1 (low half), bits 32-63 of each. R1 is even (checked by the table flags).
inline S mul_pair32(cpu& c, unsigned r1, int32_t m) {
  int64_t p = static_cast<int64_t>(static_cast<int32_t>(gr32(c, r1 + 1))) * m;
  set_gr32(c, r1, static_cast<uint32_t>(static_cast<uint64_t>(p) >> 32));
  set_gr32(c, r1 + 1, static_cast<uint32_t>(p));
  return S::next;
}
inline S mul_pair32_l(cpu& c, unsigned r1, uint32_t m) {
  uint64_t p = static_cast<uint64_t>(gr32(c, r1 + 1)) * m;
  set_gr32(c, r1, static_cast<uint32_t>(p >> 32));
  set_gr32(c, r1 + 1, static_cast<uint32_t>(p));
  return S::next;
}
inline S mul_pair64_l(cpu& c, unsigned r1, uint64_t m) {
  unsigned __int128 p = static_cast<unsigned __int128>(gr(c, r1 + 1)) * m;
  gr(c, r1) = static_cast<uint64_t>(p >> 64);
  gr(c, r1 + 1) = static_cast<uint64_t>(p);
  return S::next;
}
// MS, MH, MSG…: the low-order bits of the product replace the first operand; overflow is
// not indicated and the CC is unchanged. Wrapping multiplication is done unsigned.
template <class T>
inline S mul_single(cpu& c, unsigned r1, T a, T b) {
  using U = std::make_unsigned_t<T>;
  set_reg(c, r1, static_cast<T>(static_cast<U>(a) * static_cast<U>(b)));
  return S::next;
}

// ---- divide ----
inline S divide_exception(cpu& c) {
  return c.program_interrupt(pic::fixed_point_divide, ending::suppress);
}
// D, DR: 64-bit signed dividend in R1 (bits 32-63, high) and R1+1 (bits 32-63, low);
// remainder to R1, quotient to R1+1. A zero divisor or a quotient that does not fit in 32
// bits is a fixed-point-divide exception and nothing changes.
inline S div_pair32(cpu& c, unsigned r1, int32_t d) {
  int64_t n = static_cast<int64_t>(static_cast<uint64_t>(gr32(c, r1)) << 32 | gr32(c, r1 + 1));
  if (d == 0 || (n == INT64_MIN && d == -1)) return divide_exception(c);
  int64_t q = n / d, r = n % d;
  if (q < INT32_MIN || q > INT32_MAX) return divide_exception(c);
  set_gr32(c, r1, static_cast<uint32_t>(r));
  set_gr32(c, r1 + 1, static_cast<uint32_t>(q));
  return S::next;
}
// DL, DLR: the same with unsigned operands.
inline S div_pair32_l(cpu& c, unsigned r1, uint32_t d) {
  uint64_t n = static_cast<uint64_t>(gr32(c, r1)) << 32 | gr32(c, r1 + 1);
  if (d == 0) return divide_exception(c);
  uint64_t q = n / d, r = n % d;
  if (q > UINT32_MAX) return divide_exception(c);
  set_gr32(c, r1, static_cast<uint32_t>(r));
  set_gr32(c, r1 + 1, static_cast<uint32_t>(q));
  return S::next;
}
// DLG, DLGR: 128-bit unsigned dividend in R1:R1+1. The quotient fits in 64 bits exactly
// when the high half of the dividend is below the divisor.
inline S div_pair64_l(cpu& c, unsigned r1, uint64_t d) {
  uint64_t hi = gr(c, r1), lo = gr(c, r1 + 1);
  if (d == 0 || hi >= d) return divide_exception(c);
  unsigned __int128 n = static_cast<unsigned __int128>(hi) << 64 | lo;
  gr(c, r1) = static_cast<uint64_t>(n % d);
  gr(c, r1 + 1) = static_cast<uint64_t>(n / d);
  return S::next;
}
// DSG, DSGR, DSGF, DSGFR: 64-bit signed dividend in R1+1 only; remainder to R1, quotient to
// R1+1. Only -2^63 / -1 overflows.
inline S div_single64(cpu& c, unsigned r1, int64_t d) {
  int64_t n = static_cast<int64_t>(gr(c, r1 + 1));
  if (d == 0 || (n == INT64_MIN && d == -1)) return divide_exception(c);
  gr(c, r1) = static_cast<uint64_t>(n % d);
  gr(c, r1 + 1) = static_cast<uint64_t>(n / d);
  return S::next;
}

// ---- complement / positive / negative ----
// LOAD COMPLEMENT: the maximum negative number stays itself, with CC 3 (overflow).
template <class T>
inline S load_complement(cpu& c, unsigned r1, T v) {
  using U = std::make_unsigned_t<T>;
  T r = static_cast<T>(U{0} - static_cast<U>(v));
  set_reg(c, r1, r);
  uint8_t cc = v == std::numeric_limits<T>::min() ? uint8_t{3} : cc_signed(r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
template <class T>
inline S load_positive(cpu& c, unsigned r1, T v) {
  if (v < 0) return load_complement(c, r1, v);
  set_reg(c, r1, v);
  c.s.cc = cc_signed(v);
  return S::next;
}
// LOAD NEGATIVE never overflows.
template <class T>
inline S load_negative(cpu& c, unsigned r1, T v) {
  using U = std::make_unsigned_t<T>;
  T r = v > 0 ? static_cast<T>(U{0} - static_cast<U>(v)) : v;
  set_reg(c, r1, r);
  c.s.cc = cc_signed(r);
  return S::next;
}
template <class T>
inline S load_and_test(cpu& c, unsigned r1, T v) {
  set_reg(c, r1, v);
  c.s.cc = cc_signed(v);
  return S::next;
}

// Immediate views. Decoded immediates are sign-extended from their field, except the 8-bit
// fields of SI/SIY which arrive zero-extended.
inline int32_t simm32(const insn& i) { return static_cast<int32_t>(i.i2); }
inline uint32_t uimm32(const insn& i) { return static_cast<uint32_t>(i.i2); }
inline uint16_t uimm16(const insn& i) { return static_cast<uint16_t>(i.i2); }
inline int8_t simm8(const insn& i) { return static_cast<int8_t>(static_cast<uint8_t>(i.i2)); }
inline uint8_t uimm8(const insn& i) { return static_cast<uint8_t>(i.i2); }

template <class T>
inline bool load2(cpu& c, const insn& i, T& v) {
  return load(c, ea2(c, i), v);
}

// An address loaded in 24- or 31-bit mode replaces bits 32-63 (the bits above the address
// become zeros); bits 0-31 are unchanged. The address is already wrapped to the mode.

}  // namespace fxp

// ---- loads and stores ----------------------------------------------------------------------
inline S LR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, gr32(c, i.r2));
  return S::next;
}
inline S LGR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr(c, i.r2);
  return S::next;
}
inline S LGFR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(gr32(c, i.r2))));
  return S::next;
}
inline S LLGFR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr32(c, i.r2);
  return S::next;
}
inline S L(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LY(cpu& c, const insn& i, uint64_t ia) { return L(c, i, ia); }
inline S LG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S ST(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), gr32(c, i.r1)));
  return S::next;
}
inline S STY(cpu& c, const insn& i, uint64_t ia) { return ST(c, i, ia); }
inline S STG(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), gr(c, i.r1)));
  return S::next;
}
inline S LA(cpu& c, const insn& i, uint64_t) {
  set_address(c, i.r1, ea2(c, i));
  return S::next;
}
inline S LAY(cpu& c, const insn& i, uint64_t ia) { return LA(c, i, ia); }
inline S LARL(cpu& c, const insn& i, uint64_t ia) {
  set_address(c, i.r1, relative(c, ia, i.ri));
  return S::next;
}
inline S LHI(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, static_cast<uint32_t>(i.i2));
  return S::next;
}
inline S LGHI(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(i.i2);
  return S::next;
}

// STORE MULTIPLE / LOAD MULTIPLE: registers R1 through R3, wrapping from 15 to 0.
inline S STMG(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, n * 8ull));
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(store(c, wrap(c, a + 8 * k), gr(c, (i.r1 + k) & 15)));
  return S::next;
}
inline S LMG(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint64_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(load(c, wrap(c, a + 8 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) gr(c, (i.r1 + k) & 15) = v[k];
  return S::next;
}
inline S MVI(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea1(c, i), static_cast<uint8_t>(i.i2)));
  return S::next;
}
inline S IC(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea2(c, i), v));
  gr(c, i.r1) = (gr(c, i.r1) & ~0xffull) | v;
  return S::next;
}
inline S STC(cpu& c, const insn& i, uint64_t) {
  SSIVM_TRY(store(c, ea2(c, i), static_cast<uint8_t>(gr(c, i.r1))));
  return S::next;
}
inline S LLIHF(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<uint32_t>(i.i2)) << 32;
  return S::next;
}
inline S LLILF(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint32_t>(i.i2);
  return S::next;
}
// Shift amounts come from the low 6 bits of the second-operand address.
inline S SRLG(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr(c, i.r3) >> (base_index_disp(c, 0, i.b2, i.d2) & 63);
  return S::next;
}

// ---- add -----------------------------------------------------------------------------------
// 32-bit forms work on bits 32-63; "G" forms on all 64 bits; "GF" forms extend a 32-bit second
// operand (signed for A*, unsigned for AL*); "H" forms sign-extend a halfword.
inline S AR(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int32_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S AGR(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int64_t>(c, i.r2));
}
inline S AGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::add<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S ARK(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int32_t>(c, i.r2), fxp::reg<int32_t>(c, i.r3));
}
inline S AGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int64_t>(c, i.r2), fxp::reg<int64_t>(c, i.r3));
}
inline S A(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S AY(cpu& c, const insn& i, uint64_t ia) { return A(c, i, ia); }
inline S AG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S AGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S AH(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add<int32_t>(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S AHY(cpu& c, const insn& i, uint64_t ia) { return AH(c, i, ia); }
inline S AHI(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int32_t>(c, i.r1), fxp::simm32(i));
}
inline S AGHI(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int64_t>(c, i.r1), i.i2);
}
inline S AFI(cpu& c, const insn& i, uint64_t ia) { return AHI(c, i, ia); }
inline S AGFI(cpu& c, const insn& i, uint64_t ia) { return AGHI(c, i, ia); }
inline S AHIK(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int32_t>(c, i.r3), fxp::simm32(i));
}
inline S AGHIK(cpu& c, const insn& i, uint64_t) {
  return fxp::add(c, i.r1, fxp::reg<int64_t>(c, i.r3), i.i2);
}
inline S ASI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_storage<int32_t>(c, ea1(c, i), fxp::simm8(i));
}
inline S AGSI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_storage<int64_t>(c, ea1(c, i), fxp::simm8(i));
}

// ---- add logical ---------------------------------------------------------------------------
inline S ALR(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S ALGR(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S ALGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l<uint64_t>(c, i.r1, gr(c, i.r1), gr32(c, i.r2));
}
inline S ALRK(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr32(c, i.r2), gr32(c, i.r3));
}
inline S ALGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr(c, i.r2), gr(c, i.r3));
}
inline S AL(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add_l(c, i.r1, gr32(c, i.r1), v);
}
inline S ALY(cpu& c, const insn& i, uint64_t ia) { return AL(c, i, ia); }
inline S ALG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add_l(c, i.r1, gr(c, i.r1), v);
}
inline S ALGF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add_l<uint64_t>(c, i.r1, gr(c, i.r1), v);
}
inline S ALFI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr32(c, i.r1), fxp::uimm32(i));
}
inline S ALGFI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l<uint64_t>(c, i.r1, gr(c, i.r1), fxp::uimm32(i));
}
// The "with signed immediate" forms add the sign-extended immediate as an n-bit two's
// complement value; carry is the carry out of that n-bit addition (so adding -1 to a nonzero
// value carries).
inline S ALHSIK(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr32(c, i.r3), static_cast<uint32_t>(fxp::simm32(i)));
}
inline S ALGHSIK(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l(c, i.r1, gr(c, i.r3), static_cast<uint64_t>(i.i2));
}
inline S ALSI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l_storage(c, ea1(c, i),
                            static_cast<uint32_t>(static_cast<int32_t>(fxp::simm8(i))));
}
inline S ALGSI(cpu& c, const insn& i, uint64_t) {
  return fxp::add_l_storage(c, ea1(c, i),
                            static_cast<uint64_t>(static_cast<int64_t>(fxp::simm8(i))));
}
inline S ALCR(cpu& c, const insn& i, uint64_t) {
  return fxp::add_lc(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S ALCGR(cpu& c, const insn& i, uint64_t) {
  return fxp::add_lc(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S ALC(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add_lc(c, i.r1, gr32(c, i.r1), v);
}
inline S ALCG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::add_lc(c, i.r1, gr(c, i.r1), v);
}

// ---- subtract ------------------------------------------------------------------------------
inline S SR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub(c, i.r1, fxp::reg<int32_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S SGR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int64_t>(c, i.r2));
}
inline S SGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S SRK(cpu& c, const insn& i, uint64_t) {
  return fxp::sub(c, i.r1, fxp::reg<int32_t>(c, i.r2), fxp::reg<int32_t>(c, i.r3));
}
inline S SGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::sub(c, i.r1, fxp::reg<int64_t>(c, i.r2), fxp::reg<int64_t>(c, i.r3));
}
inline S S_(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S SY(cpu& c, const insn& i, uint64_t ia) { return S_(c, i, ia); }
inline S SG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S SGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S SH(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub<int32_t>(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S SHY(cpu& c, const insn& i, uint64_t ia) { return SH(c, i, ia); }

// ---- subtract logical ----------------------------------------------------------------------
inline S SLR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S SLGR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S SLGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l<uint64_t>(c, i.r1, gr(c, i.r1), gr32(c, i.r2));
}
inline S SLRK(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l(c, i.r1, gr32(c, i.r2), gr32(c, i.r3));
}
inline S SLGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l(c, i.r1, gr(c, i.r2), gr(c, i.r3));
}
inline S SL(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub_l(c, i.r1, gr32(c, i.r1), v);
}
inline S SLY(cpu& c, const insn& i, uint64_t ia) { return SL(c, i, ia); }
inline S SLG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub_l(c, i.r1, gr(c, i.r1), v);
}
inline S SLGF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub_l<uint64_t>(c, i.r1, gr(c, i.r1), v);
}
inline S SLFI(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l(c, i.r1, gr32(c, i.r1), fxp::uimm32(i));
}
inline S SLGFI(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_l<uint64_t>(c, i.r1, gr(c, i.r1), fxp::uimm32(i));
}
inline S SLBR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_lb(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S SLBGR(cpu& c, const insn& i, uint64_t) {
  return fxp::sub_lb(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S SLB(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub_lb(c, i.r1, gr32(c, i.r1), v);
}
inline S SLBG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::sub_lb(c, i.r1, gr(c, i.r1), v);
}

// ---- multiply ------------------------------------------------------------------------------
inline S MR(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_pair32(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S M(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_pair32(c, i.r1, v);
}
inline S MFY(cpu& c, const insn& i, uint64_t ia) { return M(c, i, ia); }
inline S MLR(cpu& c, const insn& i, uint64_t) { return fxp::mul_pair32_l(c, i.r1, gr32(c, i.r2)); }
inline S ML(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_pair32_l(c, i.r1, v);
}
inline S MLGR(cpu& c, const insn& i, uint64_t) { return fxp::mul_pair64_l(c, i.r1, gr(c, i.r2)); }
inline S MLG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_pair64_l(c, i.r1, v);
}
inline S MH(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_single<int32_t>(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S MHY(cpu& c, const insn& i, uint64_t ia) { return MH(c, i, ia); }
inline S MHI(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_single(c, i.r1, fxp::reg<int32_t>(c, i.r1), fxp::simm32(i));
}
inline S MGHI(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_single(c, i.r1, fxp::reg<int64_t>(c, i.r1), i.i2);
}
inline S MSR(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_single(c, i.r1, fxp::reg<int32_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S MSGR(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_single(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int64_t>(c, i.r2));
}
inline S MSGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::mul_single<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S MS(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_single(c, i.r1, fxp::reg<int32_t>(c, i.r1), v);
}
inline S MSY(cpu& c, const insn& i, uint64_t ia) { return MS(c, i, ia); }
inline S MSG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_single(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S MSGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::mul_single<int64_t>(c, i.r1, fxp::reg<int64_t>(c, i.r1), v);
}
inline S MSFI(cpu& c, const insn& i, uint64_t ia) { return MHI(c, i, ia); }
inline S MSGFI(cpu& c, const insn& i, uint64_t ia) { return MGHI(c, i, ia); }

// ---- divide --------------------------------------------------------------------------------
inline S DR(cpu& c, const insn& i, uint64_t) {
  return fxp::div_pair32(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S D(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::div_pair32(c, i.r1, v);
}
inline S DLR(cpu& c, const insn& i, uint64_t) { return fxp::div_pair32_l(c, i.r1, gr32(c, i.r2)); }
inline S DL(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::div_pair32_l(c, i.r1, v);
}
inline S DLGR(cpu& c, const insn& i, uint64_t) { return fxp::div_pair64_l(c, i.r1, gr(c, i.r2)); }
inline S DLG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::div_pair64_l(c, i.r1, v);
}
inline S DSGR(cpu& c, const insn& i, uint64_t) {
  return fxp::div_single64(c, i.r1, fxp::reg<int64_t>(c, i.r2));
}
inline S DSGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::div_single64(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S DSG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::div_single64(c, i.r1, v);
}
inline S DSGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::div_single64(c, i.r1, v);
}

// ---- complement, positive, negative, load and test -----------------------------------------
// The "GF" forms sign-extend a 32-bit operand first, so they cannot overflow.
inline S LCR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_complement(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LCGR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_complement(c, i.r1, fxp::reg<int64_t>(c, i.r2));
}
inline S LCGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_complement<int64_t>(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LPR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_positive(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LPGR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_positive(c, i.r1, fxp::reg<int64_t>(c, i.r2));
}
inline S LPGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_positive<int64_t>(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LNR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_negative(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LNGR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_negative(c, i.r1, fxp::reg<int64_t>(c, i.r2));
}
inline S LNGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_negative<int64_t>(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LTR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_and_test(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LTGR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_and_test(c, i.r1, fxp::reg<int64_t>(c, i.r2));
}
inline S LTGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::load_and_test<int64_t>(c, i.r1, fxp::reg<int32_t>(c, i.r2));
}
inline S LT(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::load_and_test(c, i.r1, v);
}
inline S LTG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::load_and_test(c, i.r1, v);
}
inline S LTGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::load_and_test<int64_t>(c, i.r1, v);
}

// ---- AND / OR / EXCLUSIVE OR ---------------------------------------------------------------
inline S NR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S NGR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S NRK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr32(c, i.r2), gr32(c, i.r3));
}
inline S NGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr(c, i.r2), gr(c, i.r3));
}
inline S N(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr32(c, i.r1), v);
}
inline S NY(cpu& c, const insn& i, uint64_t ia) { return N(c, i, ia); }
inline S NG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::and_>(c, i.r1, gr(c, i.r1), v);
}
inline S NI(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_storage<fxp::bitop::and_>(c, ea1(c, i), fxp::uimm8(i));
}
inline S NIY(cpu& c, const insn& i, uint64_t ia) { return NI(c, i, ia); }
inline S NIHF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 32, fxp::uimm32(i));
}
inline S NILF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 0, fxp::uimm32(i));
}
inline S NIHH(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 48, fxp::uimm16(i));
}
inline S NIHL(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 32, fxp::uimm16(i));
}
inline S NILH(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 16, fxp::uimm16(i));
}
inline S NILL(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::and_>(c, i.r1, 0, fxp::uimm16(i));
}

inline S OR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S OGR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S ORK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr32(c, i.r2), gr32(c, i.r3));
}
inline S OGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr(c, i.r2), gr(c, i.r3));
}
inline S O(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr32(c, i.r1), v);
}
inline S OY(cpu& c, const insn& i, uint64_t ia) { return O(c, i, ia); }
inline S OG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::or_>(c, i.r1, gr(c, i.r1), v);
}
inline S OI(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_storage<fxp::bitop::or_>(c, ea1(c, i), fxp::uimm8(i));
}
inline S OIY(cpu& c, const insn& i, uint64_t ia) { return OI(c, i, ia); }
inline S OIHF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 32, fxp::uimm32(i));
}
inline S OILF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 0, fxp::uimm32(i));
}
inline S OIHH(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 48, fxp::uimm16(i));
}
inline S OIHL(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 32, fxp::uimm16(i));
}
inline S OILH(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 16, fxp::uimm16(i));
}
inline S OILL(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::or_>(c, i.r1, 0, fxp::uimm16(i));
}

inline S XR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr32(c, i.r1), gr32(c, i.r2));
}
inline S XGR(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr(c, i.r1), gr(c, i.r2));
}
inline S XRK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr32(c, i.r2), gr32(c, i.r3));
}
inline S XGRK(cpu& c, const insn& i, uint64_t) {
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr(c, i.r2), gr(c, i.r3));
}
inline S X(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr32(c, i.r1), v);
}
inline S XY(cpu& c, const insn& i, uint64_t ia) { return X(c, i, ia); }
inline S XG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::logic<fxp::bitop::xor_>(c, i.r1, gr(c, i.r1), v);
}
inline S XI(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_storage<fxp::bitop::xor_>(c, ea1(c, i), fxp::uimm8(i));
}
inline S XIY(cpu& c, const insn& i, uint64_t ia) { return XI(c, i, ia); }
inline S XIHF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::xor_>(c, i.r1, 32, fxp::uimm32(i));
}
inline S XILF(cpu& c, const insn& i, uint64_t) {
  return fxp::logic_field<fxp::bitop::xor_>(c, i.r1, 0, fxp::uimm32(i));
}

// ---- compare -------------------------------------------------------------------------------
// CC 0 equal, 1 first operand low, 2 first operand high.
inline S CR(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, fxp::reg<int32_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S CGR(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, fxp::reg<int64_t>(c, i.r1), fxp::reg<int64_t>(c, i.r2));
}
inline S CGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::compare<int64_t>(c, fxp::reg<int64_t>(c, i.r1), fxp::reg<int32_t>(c, i.r2));
}
inline S C(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare(c, fxp::reg<int32_t>(c, i.r1), v);
}
inline S CY(cpu& c, const insn& i, uint64_t ia) { return C(c, i, ia); }
inline S CG(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CGF(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare<int64_t>(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CH(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare<int32_t>(c, fxp::reg<int32_t>(c, i.r1), v);
}
inline S CHY(cpu& c, const insn& i, uint64_t ia) { return CH(c, i, ia); }
inline S CGH(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare<int64_t>(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CHI(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, fxp::reg<int32_t>(c, i.r1), fxp::simm32(i));
}
inline S CGHI(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, fxp::reg<int64_t>(c, i.r1), i.i2);
}
inline S CFI(cpu& c, const insn& i, uint64_t ia) { return CHI(c, i, ia); }
inline S CGFI(cpu& c, const insn& i, uint64_t ia) { return CGHI(c, i, ia); }
// Storage against a signed 16-bit immediate (SIL format).
inline S CHHSI(cpu& c, const insn& i, uint64_t) {
  int16_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare<int16_t>(c, v, static_cast<int16_t>(i.i2));
}
inline S CHSI(cpu& c, const insn& i, uint64_t) {
  int32_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare(c, v, fxp::simm32(i));
}
inline S CGHSI(cpu& c, const insn& i, uint64_t) {
  int64_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare(c, v, i.i2);
}

inline S CLR(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, gr32(c, i.r1), gr32(c, i.r2));
}
inline S CLGR(cpu& c, const insn& i, uint64_t) { return fxp::compare(c, gr(c, i.r1), gr(c, i.r2)); }
inline S CLGFR(cpu& c, const insn& i, uint64_t) {
  return fxp::compare<uint64_t>(c, gr(c, i.r1), gr32(c, i.r2));
}
inline S CL(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare(c, gr32(c, i.r1), v);
}
inline S CLY(cpu& c, const insn& i, uint64_t ia) { return CL(c, i, ia); }
inline S CLG(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare(c, gr(c, i.r1), v);
}
inline S CLGF(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(fxp::load2(c, i, v));
  return fxp::compare<uint64_t>(c, gr(c, i.r1), v);
}
inline S CLFI(cpu& c, const insn& i, uint64_t) {
  return fxp::compare(c, gr32(c, i.r1), fxp::uimm32(i));
}
inline S CLGFI(cpu& c, const insn& i, uint64_t) {
  return fxp::compare<uint64_t>(c, gr(c, i.r1), fxp::uimm32(i));
}
// Storage against an unsigned 16-bit immediate (SIL format), zero-extended.
inline S CLHHSI(cpu& c, const insn& i, uint64_t) {
  uint16_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare(c, v, fxp::uimm16(i));
}
inline S CLFHSI(cpu& c, const insn& i, uint64_t) {
  uint32_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare<uint32_t>(c, v, fxp::uimm16(i));
}
inline S CLGHSI(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare<uint64_t>(c, v, fxp::uimm16(i));
}
inline S CLI(cpu& c, const insn& i, uint64_t) {
  uint8_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  return fxp::compare(c, v, fxp::uimm8(i));
}
inline S CLIY(cpu& c, const insn& i, uint64_t ia) { return CLI(c, i, ia); }

// Relative-long compares: the second operand is at IA + 2·I2.
inline S CRL(cpu& c, const insn& i, uint64_t ia) {
  int32_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare(c, fxp::reg<int32_t>(c, i.r1), v);
}
inline S CGRL(cpu& c, const insn& i, uint64_t ia) {
  int64_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CGFRL(cpu& c, const insn& i, uint64_t ia) {
  int32_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<int64_t>(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CHRL(cpu& c, const insn& i, uint64_t ia) {
  int16_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<int32_t>(c, fxp::reg<int32_t>(c, i.r1), v);
}
inline S CGHRL(cpu& c, const insn& i, uint64_t ia) {
  int16_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<int64_t>(c, fxp::reg<int64_t>(c, i.r1), v);
}
inline S CLRL(cpu& c, const insn& i, uint64_t ia) {
  uint32_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare(c, gr32(c, i.r1), v);
}
inline S CLGRL(cpu& c, const insn& i, uint64_t ia) {
  uint64_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare(c, gr(c, i.r1), v);
}
inline S CLGFRL(cpu& c, const insn& i, uint64_t ia) {
  uint32_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<uint64_t>(c, gr(c, i.r1), v);
}
inline S CLHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<uint32_t>(c, gr32(c, i.r1), v);
}
inline S CLGHRL(cpu& c, const insn& i, uint64_t ia) {
  uint16_t v;
  SSIVM_TRY(fxp::load_relative(c, ia, i, v));
  return fxp::compare<uint64_t>(c, gr(c, i.r1), v);
}

}  // namespace ssivm::arch::sem
