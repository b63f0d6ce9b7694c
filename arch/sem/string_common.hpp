// Helpers shared by the string-family routines (arch/sem/string*.hpp): register views of
// operand addresses and lengths in the three addressing modes, and page-bounded chunking.
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem::str {

// An operand address held in a general register, as the addressing mode sees it.
inline uint64_t reg_addr(const cpu& c, unsigned r) { return c.s.gr[r] & c.s.amask; }

// Address write-back of the long and string instructions (MVCL, MVST, CU12…): in 24-bit mode
// bits 32-39 become zero, in 31-bit mode bit 32; bits 0-31 are left alone below 64-bit mode.
inline void put_addr(cpu& c, unsigned r, uint64_t a) {
  if (c.s.amode == 64)
    c.s.gr[r] = a;
  else
    set_gr32(c, r, static_cast<uint32_t>(a & c.s.amask));
}

// Address insertion of TRT/TRTR/EDMK into general register 1: in 24-bit mode only bits 40-63
// change; in 31-bit mode bits 33-63 with bit 32 set to zero.
inline void put_addr_keep_high(cpu& c, unsigned r, uint64_t a) {
  if (c.s.amode == 64)
    c.s.gr[r] = a;
  else if (c.s.amode == 31)
    set_gr32(c, r, static_cast<uint32_t>(a & 0x7fffffffu));
  else
    set_gr32(c, r, (gr32(c, r) & 0xff000000u) | static_cast<uint32_t>(a & 0xffffffu));
}

// Operand lengths of MVCLE, CLCLE, CKSM, TRE, CUxx…: 64 bits in 64-bit mode, else bits 32-63.
inline uint64_t reg_len(const cpu& c, unsigned r) {
  return c.s.amode == 64 ? c.s.gr[r] : static_cast<uint32_t>(c.s.gr[r]);
}
inline void put_len(cpu& c, unsigned r, uint64_t n) {
  if (c.s.amode == 64)
    c.s.gr[r] = n;
  else
    set_gr32(c, r, static_cast<uint32_t>(n));
}

// Bytes from `a` to the end of its page.
inline uint64_t page_rest(uint64_t a) { return kPageSize - (a & (kPageSize - 1)); }
inline uint64_t min3(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t m = a < b ? a : b;
  return m < c ? m : c;
}

// How much work an instruction that can end with condition code 3 ("CPU-determined amount
// processed") does per execution; the program loops on CC 3, so this bounds the time between
// interruption points without changing results.
inline constexpr uint64_t kUnitBytes = 4096;

// The testing character of MVST/CLST/SRST: bits 32-55 of general register 0 must be zero.
inline bool ending_char(cpu& c, uint8_t& ch) {
  if (c.s.gr[0] & 0xffffff00ull) {
    specification(c);
    return false;
  }
  ch = static_cast<uint8_t>(c.s.gr[0]);
  return true;
}

}  // namespace ssivm::arch::sem::str
