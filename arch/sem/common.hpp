// Helpers shared by all semantic routines: register views, effective addresses, condition codes.
// Semantic routines are plain inline C++ (no exceptions, no globals): the interpreter calls them
// natively and the JIT compiles the same headers to LLVM bitcode.
#pragma once

#include <cstdint>
#include <cstring>

#include "arch/cpu.hpp"
#include "arch/format.hpp"

// Leave the routine with a program interruption if an access (or check) failed.
#define SSIVM_TRY(expr)                           \
  do {                                            \
    if (!(expr)) [[unlikely]]                     \
      return ::ssivm::arch::exec_status::program; \
  } while (0)

namespace ssivm::arch::sem {

using S = exec_status;

// PSW mask bits (bit n of the PSW is 1ull << (63 - n)).
inline constexpr uint64_t kPswBit(unsigned n) { return 1ull << (63 - n); }
inline constexpr uint64_t kPmFixedOverflow = kPswBit(20);
inline constexpr uint64_t kPmDecimalOverflow = kPswBit(21);
inline constexpr uint64_t kPmHfpUnderflow = kPswBit(22);
inline constexpr uint64_t kPmHfpSignificance = kPswBit(23);
inline constexpr uint64_t kPswProblemState = kPswBit(15);

// ---- registers -----------------------------------------------------------------------------
inline uint64_t& gr(cpu& c, unsigned r) { return c.s.gr[r]; }
inline uint32_t gr32(cpu& c, unsigned r) { return static_cast<uint32_t>(c.s.gr[r]); }
inline uint32_t gr32h(cpu& c, unsigned r) { return static_cast<uint32_t>(c.s.gr[r] >> 32); }
inline void set_gr32(cpu& c, unsigned r, uint32_t v) {
  c.s.gr[r] = (c.s.gr[r] & 0xffffffff00000000ull) | v;
}
inline void set_gr32h(cpu& c, unsigned r, uint32_t v) {
  c.s.gr[r] = (c.s.gr[r] & 0xffffffffull) | (static_cast<uint64_t>(v) << 32);
}

// ---- addresses -----------------------------------------------------------------------------
inline uint64_t wrap(const cpu& c, uint64_t a) { return a & c.s.amask; }
inline uint64_t base_index_disp(const cpu& c, unsigned x, unsigned b, int64_t d) {
  uint64_t a = static_cast<uint64_t>(d);
  if (x) a += c.s.gr[x];
  if (b) a += c.s.gr[b];
  return a & c.s.amask;
}
inline uint64_t ea2(const cpu& c, const insn& i) { return base_index_disp(c, i.x2, i.b2, i.d2); }
inline uint64_t ea1(const cpu& c, const insn& i) { return base_index_disp(c, 0, i.b1, i.d1); }
inline uint64_t ea4(const cpu& c, const insn& i) { return base_index_disp(c, 0, i.b4, i.d4); }
// Target of a relative operand: the instruction's address plus twice the signed halfword count.
inline uint64_t relative(const cpu& c, uint64_t ia, int32_t halfwords) {
  return (ia + 2 * static_cast<int64_t>(halfwords)) & c.s.amask;
}
inline uint64_t next_ia(const cpu& c, const insn& i, uint64_t ia) {
  return (ia + i.len) & c.s.amask;
}

// Puts an address into R as LOAD ADDRESS does: all 64 bits in 64-bit mode, else bits 32-63
// (the address is already wrapped, so bits 32-39 / bit 32 come out zero in 24/31-bit mode).
inline void set_address(cpu& c, unsigned r, uint64_t a) {
  if (c.s.amode == 64)
    c.s.gr[r] = a;
  else
    set_gr32(c, r, static_cast<uint32_t>(a));
}

inline S branch_to(cpu& c, uint64_t target) {
  c.next_ia = target & c.s.amask;
  return S::branch;
}

// ---- condition codes -----------------------------------------------------------------------
// Mask test as BRANCH ON CONDITION does it: bit (8 >> cc) of the 4-bit mask.
inline bool cond(const cpu& c, unsigned m) { return (m >> (3 - c.s.cc)) & 1; }

template <class T>
inline uint8_t cc_signed(T r) {  // 0 zero, 1 negative, 2 positive (branch-free)
  return static_cast<uint8_t>((r != 0) + (r > 0));
}
template <class T>
inline uint8_t cc_compare(T a, T b) {  // 0 equal, 1 low, 2 high
  return a == b ? 0 : (a < b ? 1 : 2);
}
template <class T>
inline uint8_t cc_nz(T r) {
  return r != 0;
}  // logical results

// Signed add/sub with overflow: CC 3 on overflow, else by the sign of the result.
template <class T>
inline uint8_t add_signed(T a, T b, T& r) {
  if (__builtin_add_overflow(a, b, &r)) return 3;
  return cc_signed(r);
}
template <class T>
inline uint8_t sub_signed(T a, T b, T& r) {
  if (__builtin_sub_overflow(a, b, &r)) return 3;
  return cc_signed(r);
}
// Logical add: CC = (result != 0) + 2 * carry. Logical subtract: CC = (result != 0) + 2 * !borrow.
template <class T>
inline uint8_t add_logical(T a, T b, T& r) {
  bool carry = __builtin_add_overflow(a, b, &r);
  return static_cast<uint8_t>((r != 0) | (carry << 1));
}
template <class T>
inline uint8_t add_logical_carry(T a, T b, bool carry_in, T& r) {
  T t;
  bool c1 = __builtin_add_overflow(a, b, &t);
  bool c2 = __builtin_add_overflow(t, static_cast<T>(carry_in), &r);
  return static_cast<uint8_t>((r != 0) | ((c1 | c2) << 1));
}
template <class T>
inline uint8_t sub_logical(T a, T b, T& r) {
  bool borrow = __builtin_sub_overflow(a, b, &r);
  return static_cast<uint8_t>((r != 0) | ((!borrow) << 1));
}
template <class T>
inline uint8_t sub_logical_borrow(T a, T b, bool borrow_in, T& r) {
  T t;
  bool b1 = __builtin_sub_overflow(a, b, &t);
  bool b2 = __builtin_sub_overflow(t, static_cast<T>(borrow_in), &r);
  return static_cast<uint8_t>((r != 0) | ((!(b1 | b2)) << 1));
}

// After a signed result with CC 3: a fixed-point-overflow interruption if the program mask
// enables it (the instruction completes: the result is already stored).
inline S fixed_overflow(cpu& c, uint8_t cc) {
  if (cc == 3 && (c.s.psw_mask & kPmFixedOverflow)) [[unlikely]]
    return c.program_interrupt(pic::fixed_point_overflow, ending::complete);
  return S::next;
}

// Data exception: the DXC goes into the interruption (cpu::dxc) and into FPC bits 16-23, as
// Linux user programs see it (the AFP-register control is on for them).
inline S data_exception(cpu& c, unsigned dxc, ending e = ending::suppress) {
  c.dxc = static_cast<uint8_t>(dxc);
  c.s.fpc = (c.s.fpc & ~0xff00u) | (static_cast<uint32_t>(dxc & 0xff) << 8);
  return c.program_interrupt(pic::data, e);
}
inline constexpr unsigned kDxcDecimalOperand = 0x00;  // invalid decimal digit or sign
inline constexpr unsigned kDxcCompareAndTrap = 0xff;

inline S specification(cpu& c) { return c.program_interrupt(pic::specification, ending::suppress); }
inline S operation(cpu& c) { return c.program_interrupt(pic::operation, ending::suppress); }
inline S privileged(cpu& c) {
  return c.program_interrupt(pic::privileged_operation, ending::suppress);
}
inline bool problem_state(const cpu& c) { return (c.s.psw_mask & kPswProblemState) != 0; }

}  // namespace ssivm::arch::sem
