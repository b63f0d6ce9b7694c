// Semantics of the branch family (rows in arch/insns/branch.def): branch on condition / count /
// index, branch-and-link and -save, addressing-mode switches, compare-and-branch and -trap.
#pragma once

#include <type_traits>

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// ---- addressing mode -----------------------------------------------------------------------
// PSW bits 31 (extended addressing) and 32 (basic addressing) mirror c.s.amode; both change
// together so that an interruption's old PSW shows the mode the CPU was really in.
inline constexpr uint64_t kPswEa = kPswBit(31);
inline constexpr uint64_t kPswBa = kPswBit(32);

inline void set_amode(cpu& c, unsigned mode) {
  c.s.amode = static_cast<uint8_t>(mode);
  c.s.amask = mode == 64 ? ~0ull : mode == 31 ? 0x7fffffffull : 0xffffffull;
  uint64_t bits = mode == 64 ? (kPswEa | kPswBa) : mode == 31 ? kPswBa : 0;
  c.s.psw_mask = (c.s.psw_mask & ~(kPswEa | kPswBa)) | bits;
}

// The updated instruction address that link information and SAM checks are about: after the
// instruction, or after the EXECUTE when running as its target (EXECUTE leaves that address
// in c.next_ia and its own length in c.in_execute before running the target).
inline uint64_t updated_ia(const cpu& c, const insn& i, uint64_t ia) {
  return c.in_execute ? c.next_ia : next_ia(c, i, ia);
}
// Instruction-length code for BAL/BALR link information: that of EXECUTE under EXECUTE.
inline unsigned link_ilc(const cpu& c, const insn& i) {
  return (c.in_execute ? c.in_execute : i.len) / 2u;
}

// BAS/BASR/BRAS/BRASL link information: the full address in 64-bit mode; in 31-bit mode bit
// 32 is the addressing-mode bit; in 24-bit mode bits 32-39 are zero. Bits 0-31 are kept
// outside the 64-bit mode.
inline void set_link(cpu& c, unsigned r, uint64_t next) {
  if (c.s.amode == 64)
    gr(c, r) = next;
  else if (c.s.amode == 31)
    set_gr32(c, r, 0x80000000u | static_cast<uint32_t>(next));
  else
    set_gr32(c, r, static_cast<uint32_t>(next & 0xffffff));
}
// BAL/BALR: in 24-bit mode bits 32-39 carry ILC, condition code and program mask; in the
// other modes the link is that of BAS.
inline void set_bal_link(cpu& c, const insn& i, unsigned r, uint64_t next) {
  if (c.s.amode != 24) return set_link(c, r, next);
  uint32_t pm = static_cast<uint32_t>(c.s.psw_mask >> 40) & 0xf;  // PSW bits 20-23
  uint32_t hi = (link_ilc(c, i) << 6) | (static_cast<uint32_t>(c.s.cc) << 4) | pm;
  set_gr32(c, r, (hi << 24) | static_cast<uint32_t>(next & 0xffffff));
}

// Branch with the addressing mode taken from the target (BSM, BASSM): bit 63 selects 64-bit
// mode, else bit 32 selects 31-bit over 24-bit; the address is the rest, truncated.
inline S branch_and_set_mode(cpu& c, uint64_t v) {
  if (v & 1) {
    set_amode(c, 64);
    return branch_to(c, v & ~1ull);
  }
  if (v & 0x80000000ull) {
    set_amode(c, 31);
    return branch_to(c, v & 0x7fffffff);
  }
  set_amode(c, 24);
  return branch_to(c, v & 0xffffff);
}

// ---- branch on condition -------------------------------------------------------------------
inline S BCR(cpu& c, const insn& i, uint64_t) {
  // R2 = 0 never branches; masks 14 and 15 with R2 = 0 are serialisation (a no-op for one
  // CPU whose stores are already visible in order).
  if (i.r2 != 0 && cond(c, i.r1)) return branch_to(c, gr(c, i.r2));
  return S::next;
}
inline S BC(cpu& c, const insn& i, uint64_t) {
  if (cond(c, i.r1)) return branch_to(c, ea2(c, i));
  return S::next;
}
inline S BRC(cpu& c, const insn& i, uint64_t ia) {
  if (cond(c, i.r1)) return branch_to(c, relative(c, ia, i.ri));
  return S::next;
}
inline S BRCL(cpu& c, const insn& i, uint64_t ia) { return BRC(c, i, ia); }

// ---- branch on count: the target is formed before the count register changes -------------
inline S BCT(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  uint32_t v = gr32(c, i.r1) - 1;
  set_gr32(c, i.r1, v);
  if (v != 0) return branch_to(c, target);
  return S::next;
}
inline S BCTR(cpu& c, const insn& i, uint64_t) {
  uint64_t target = gr(c, i.r2);
  uint32_t v = gr32(c, i.r1) - 1;
  set_gr32(c, i.r1, v);
  if (v != 0 && i.r2 != 0) return branch_to(c, target);
  return S::next;
}
inline S BCTG(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  uint64_t v = gr(c, i.r1) - 1;
  gr(c, i.r1) = v;
  if (v != 0) return branch_to(c, target);
  return S::next;
}
inline S BCTGR(cpu& c, const insn& i, uint64_t) {
  uint64_t target = gr(c, i.r2);
  uint64_t v = gr(c, i.r1) - 1;
  gr(c, i.r1) = v;
  if (v != 0 && i.r2 != 0) return branch_to(c, target);
  return S::next;
}
inline S BRCT(cpu& c, const insn& i, uint64_t ia) {
  uint32_t v = gr32(c, i.r1) - 1;
  set_gr32(c, i.r1, v);
  if (v != 0) return branch_to(c, relative(c, ia, i.ri));
  return S::next;
}
inline S BRCTG(cpu& c, const insn& i, uint64_t ia) {
  uint64_t v = gr(c, i.r1) - 1;
  gr(c, i.r1) = v;
  if (v != 0) return branch_to(c, relative(c, ia, i.ri));
  return S::next;
}

// ---- branch on index: R3 is the increment, R3|1 the comparand (read before R1 changes) -----
template <class T, bool High>
inline bool index_step(cpu& c, const insn& i) {
  using U = std::make_unsigned_t<T>;
  T inc, cmp, cur;
  if constexpr (sizeof(T) == 4) {
    inc = static_cast<T>(gr32(c, i.r3));
    cmp = static_cast<T>(gr32(c, i.r3 | 1));
    cur = static_cast<T>(gr32(c, i.r1));
  } else {
    inc = static_cast<T>(gr(c, i.r3));
    cmp = static_cast<T>(gr(c, i.r3 | 1));
    cur = static_cast<T>(gr(c, i.r1));
  }
  T sum = static_cast<T>(static_cast<U>(cur) + static_cast<U>(inc));  // overflow ignored
  if constexpr (sizeof(T) == 4)
    set_gr32(c, i.r1, static_cast<uint32_t>(sum));
  else
    gr(c, i.r1) = static_cast<uint64_t>(sum);
  return High ? sum > cmp : sum <= cmp;
}
inline S BXH(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  return index_step<int32_t, true>(c, i) ? branch_to(c, target) : S::next;
}
inline S BXLE(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  return index_step<int32_t, false>(c, i) ? branch_to(c, target) : S::next;
}
inline S BXHG(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  return index_step<int64_t, true>(c, i) ? branch_to(c, target) : S::next;
}
inline S BXLEG(cpu& c, const insn& i, uint64_t) {
  uint64_t target = ea2(c, i);
  return index_step<int64_t, false>(c, i) ? branch_to(c, target) : S::next;
}
inline S BRXH(cpu& c, const insn& i, uint64_t ia) {
  return index_step<int32_t, true>(c, i) ? branch_to(c, relative(c, ia, i.ri)) : S::next;
}
inline S BRXLE(cpu& c, const insn& i, uint64_t ia) {
  return index_step<int32_t, false>(c, i) ? branch_to(c, relative(c, ia, i.ri)) : S::next;
}
inline S BRXHG(cpu& c, const insn& i, uint64_t ia) {
  return index_step<int64_t, true>(c, i) ? branch_to(c, relative(c, ia, i.ri)) : S::next;
}
inline S BRXLG(cpu& c, const insn& i, uint64_t ia) {
  return index_step<int64_t, false>(c, i) ? branch_to(c, relative(c, ia, i.ri)) : S::next;
}

// ---- branch and link / save ----------------------------------------------------------------
inline S BAL(cpu& c, const insn& i, uint64_t ia) {
  uint64_t target = ea2(c, i);
  set_bal_link(c, i, i.r1, updated_ia(c, i, ia));
  return branch_to(c, target);
}
inline S BALR(cpu& c, const insn& i, uint64_t ia) {
  uint64_t target = gr(c, i.r2);
  set_bal_link(c, i, i.r1, updated_ia(c, i, ia));
  if (i.r2 != 0) return branch_to(c, target);
  return S::next;
}
inline S BAS(cpu& c, const insn& i, uint64_t ia) {
  uint64_t target = ea2(c, i);
  set_link(c, i.r1, updated_ia(c, i, ia));
  return branch_to(c, target);
}
inline S BASR(cpu& c, const insn& i, uint64_t ia) {
  uint64_t target = gr(c, i.r2);
  set_link(c, i.r1, updated_ia(c, i, ia));
  if (i.r2 != 0) return branch_to(c, target);
  return S::next;
}
inline S BRAS(cpu& c, const insn& i, uint64_t ia) {
  set_link(c, i.r1, updated_ia(c, i, ia));
  return branch_to(c, relative(c, ia, i.ri));
}
inline S BRASL(cpu& c, const insn& i, uint64_t ia) { return BRAS(c, i, ia); }

// BRANCH AND SET MODE: R1 records the current mode (bit 63 in 64-bit mode, else bit 32).
inline S BSM(cpu& c, const insn& i, uint64_t) {
  uint64_t v2 = gr(c, i.r2);
  if (i.r1 != 0) {
    if (c.s.amode == 64)
      gr(c, i.r1) |= 1;
    else
      gr(c, i.r1) = (gr(c, i.r1) & ~0x80000000ull) | (c.s.amode == 31 ? 0x80000000ull : 0);
  }
  if (i.r2 == 0) return S::next;
  return branch_and_set_mode(c, v2);
}
// BRANCH AND SAVE AND SET MODE: link as BAS, except 64-bit mode marks bit 63.
inline S BASSM(cpu& c, const insn& i, uint64_t ia) {
  uint64_t v2 = gr(c, i.r2);
  uint64_t next = updated_ia(c, i, ia);
  if (c.s.amode == 64)
    gr(c, i.r1) = next | 1;
  else
    set_link(c, i.r1, next);
  if (i.r2 == 0) return S::next;
  return branch_and_set_mode(c, v2);
}

// ---- compare and branch / jump (general-instructions-extension) ----------------------------
// The M3 mask selects on equal (8), first operand low (4), first operand high (2).
template <class T>
inline bool compare_mask(T a, T b, unsigned m3) {
  return (m3 >> (3 - cc_compare(a, b))) & 1;
}
inline int32_t s32(cpu& c, unsigned r) { return static_cast<int32_t>(gr32(c, r)); }
inline int64_t s64(cpu& c, unsigned r) { return static_cast<int64_t>(gr(c, r)); }

inline S CRB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(s32(c, i.r1), s32(c, i.r2), i.m3) ? branch_to(c, ea4(c, i)) : S::next;
}
inline S CGRB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(s64(c, i.r1), s64(c, i.r2), i.m3) ? branch_to(c, ea4(c, i)) : S::next;
}
inline S CRJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(s32(c, i.r1), s32(c, i.r2), i.m3) ? branch_to(c, relative(c, ia, i.ri))
                                                        : S::next;
}
inline S CGRJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(s64(c, i.r1), s64(c, i.r2), i.m3) ? branch_to(c, relative(c, ia, i.ri))
                                                        : S::next;
}
inline S CIB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(s32(c, i.r1), static_cast<int32_t>(i.i2), i.m3) ? branch_to(c, ea4(c, i))
                                                                      : S::next;
}
inline S CGIB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(s64(c, i.r1), i.i2, i.m3) ? branch_to(c, ea4(c, i)) : S::next;
}
inline S CIJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(s32(c, i.r1), static_cast<int32_t>(i.i2), i.m3)
             ? branch_to(c, relative(c, ia, i.ri))
             : S::next;
}
inline S CGIJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(s64(c, i.r1), i.i2, i.m3) ? branch_to(c, relative(c, ia, i.ri)) : S::next;
}
inline S CLRB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(gr32(c, i.r1), gr32(c, i.r2), i.m3) ? branch_to(c, ea4(c, i)) : S::next;
}
inline S CLGRB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(gr(c, i.r1), gr(c, i.r2), i.m3) ? branch_to(c, ea4(c, i)) : S::next;
}
inline S CLRJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(gr32(c, i.r1), gr32(c, i.r2), i.m3) ? branch_to(c, relative(c, ia, i.ri))
                                                          : S::next;
}
inline S CLGRJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(gr(c, i.r1), gr(c, i.r2), i.m3) ? branch_to(c, relative(c, ia, i.ri))
                                                      : S::next;
}
// The logical immediate forms compare with the 8-bit I2 as an unsigned value.
inline S CLIB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(gr32(c, i.r1), static_cast<uint32_t>(static_cast<uint8_t>(i.i2)), i.m3)
             ? branch_to(c, ea4(c, i))
             : S::next;
}
inline S CLGIB(cpu& c, const insn& i, uint64_t) {
  return compare_mask(gr(c, i.r1), static_cast<uint64_t>(static_cast<uint8_t>(i.i2)), i.m3)
             ? branch_to(c, ea4(c, i))
             : S::next;
}
inline S CLIJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(gr32(c, i.r1), static_cast<uint32_t>(static_cast<uint8_t>(i.i2)), i.m3)
             ? branch_to(c, relative(c, ia, i.ri))
             : S::next;
}
inline S CLGIJ(cpu& c, const insn& i, uint64_t ia) {
  return compare_mask(gr(c, i.r1), static_cast<uint64_t>(static_cast<uint8_t>(i.i2)), i.m3)
             ? branch_to(c, relative(c, ia, i.ri))
             : S::next;
}

// ---- compare and trap: a data exception with DXC FF when the mask selects the result -------
inline S compare_trap(cpu& c, bool hit) {
  if (!hit) return S::next;
  return data_exception(c, kDxcCompareAndTrap);
}
inline S CRT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(s32(c, i.r1), s32(c, i.r2), i.m3));
}
inline S CGRT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(s64(c, i.r1), s64(c, i.r2), i.m3));
}
inline S CIT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(s32(c, i.r1), static_cast<int32_t>(i.i2), i.m3));
}
inline S CGIT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(s64(c, i.r1), i.i2, i.m3));
}
inline S CLRT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(gr32(c, i.r1), gr32(c, i.r2), i.m3));
}
inline S CLGRT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(c, compare_mask(gr(c, i.r1), gr(c, i.r2), i.m3));
}
// I2 is a 16-bit unsigned value here.
inline S CLFIT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(
      c, compare_mask(gr32(c, i.r1), static_cast<uint32_t>(static_cast<uint16_t>(i.i2)), i.m3));
}
inline S CLGIT(cpu& c, const insn& i, uint64_t) {
  return compare_trap(
      c, compare_mask(gr(c, i.r1), static_cast<uint64_t>(static_cast<uint16_t>(i.i2)), i.m3));
}

// ---- supervisor call -----------------------------------------------------------------------
inline S SVC(cpu& c, const insn& i, uint64_t) {
  c.svc_code = static_cast<uint16_t>(i.i2 & 0xff);
  return S::svc;
}

}  // namespace ssivm::arch::sem
