// Semantics of the branch family (rows in arch/insns/branch.def).
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// ---- branches ------------------------------------------------------------------------------
inline S BCR(cpu& c, const insn& i, uint64_t) {
  // BCR with R2 = 0 branches nowhere; masks 14/15 with R2 = 0 are serialisation functions.
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
// Link information in 64-bit mode is the full next address; in 31-bit mode bit 32 is the
// addressing-mode bit; in 24-bit mode BAL-style ILC/CC/program-mask bits are not produced by
// BAS/BRAS (they only set the address).
inline uint64_t link_address(const cpu& c, uint64_t next) {
  if (c.s.amode == 64) return next;
  if (c.s.amode == 31) return 0x80000000ull | next;
  return next & 0xffffff;
}
inline void set_link(cpu& c, unsigned r, uint64_t next) {
  if (c.s.amode == 64) gr(c, r) = next;
  else set_gr32(c, r, static_cast<uint32_t>(link_address(c, next)));
}
inline S BASR(cpu& c, const insn& i, uint64_t ia) {
  uint64_t target = gr(c, i.r2);
  set_link(c, i.r1, next_ia(c, i, ia));
  if (i.r2 != 0) return branch_to(c, target);
  return S::next;
}
inline S BRAS(cpu& c, const insn& i, uint64_t ia) {
  set_link(c, i.r1, next_ia(c, i, ia));
  return branch_to(c, relative(c, ia, i.ri));
}
inline S BRASL(cpu& c, const insn& i, uint64_t ia) { return BRAS(c, i, ia); }

// ---- supervisor call -----------------------------------------------------------------------
inline S SVC(cpu& c, const insn& i, uint64_t) {
  c.svc_code = static_cast<uint16_t>(i.i2 & 0xff);
  return S::svc;
}

}  // namespace ssivm::arch::sem
