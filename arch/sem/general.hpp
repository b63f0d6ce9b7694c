// Semantics of the general instructions: fixed-point arithmetic, logical, load/store, shifts,
// compares and branches. One routine per table row; shared shapes go through common.hpp.
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// ---- loads and stores ----------------------------------------------------------------------
inline S LR(cpu& c, const insn& i, uint64_t) { set_gr32(c, i.r1, gr32(c, i.r2)); return S::next; }
inline S LGR(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) = gr(c, i.r2); return S::next; }
inline S LGFR(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(gr32(c, i.r2))));
  return S::next;
}
inline S LLGFR(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) = gr32(c, i.r2); return S::next; }
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
  uint64_t a = ea2(c, i);
  if (c.s.amode == 64) gr(c, i.r1) = a;
  else if (c.s.amode == 31) set_gr32(c, i.r1, static_cast<uint32_t>(a));
  else set_gr32(c, i.r1, (gr32(c, i.r1) & 0xff000000u) | static_cast<uint32_t>(a));
  return S::next;
}
inline S LAY(cpu& c, const insn& i, uint64_t ia) { return LA(c, i, ia); }
inline S LARL(cpu& c, const insn& i, uint64_t ia) {
  uint64_t a = relative(c, ia, i.ri);
  if (c.s.amode == 64) gr(c, i.r1) = a;
  else if (c.s.amode == 31) set_gr32(c, i.r1, static_cast<uint32_t>(a));
  else set_gr32(c, i.r1, (gr32(c, i.r1) & 0xff000000u) | static_cast<uint32_t>(a));
  return S::next;
}
inline S LHI(cpu& c, const insn& i, uint64_t) { set_gr32(c, i.r1, static_cast<uint32_t>(i.i2)); return S::next; }
inline S LGHI(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) = static_cast<uint64_t>(i.i2); return S::next; }

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

// ---- fixed-point arithmetic ----------------------------------------------------------------
inline S AR(cpu& c, const insn& i, uint64_t) {
  int32_t r;
  uint8_t cc = add_signed(static_cast<int32_t>(gr32(c, i.r1)), static_cast<int32_t>(gr32(c, i.r2)), r);
  set_gr32(c, i.r1, static_cast<uint32_t>(r));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S AGR(cpu& c, const insn& i, uint64_t) {
  int64_t r;
  uint8_t cc = add_signed(static_cast<int64_t>(gr(c, i.r1)), static_cast<int64_t>(gr(c, i.r2)), r);
  gr(c, i.r1) = static_cast<uint64_t>(r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S AHI(cpu& c, const insn& i, uint64_t) {
  int32_t r;
  uint8_t cc = add_signed(static_cast<int32_t>(gr32(c, i.r1)), static_cast<int32_t>(i.i2), r);
  set_gr32(c, i.r1, static_cast<uint32_t>(r));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S AGHI(cpu& c, const insn& i, uint64_t) {
  int64_t r;
  uint8_t cc = add_signed(static_cast<int64_t>(gr(c, i.r1)), i.i2, r);
  gr(c, i.r1) = static_cast<uint64_t>(r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SR(cpu& c, const insn& i, uint64_t) {
  int32_t r;
  uint8_t cc = sub_signed(static_cast<int32_t>(gr32(c, i.r1)), static_cast<int32_t>(gr32(c, i.r2)), r);
  set_gr32(c, i.r1, static_cast<uint32_t>(r));
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}
inline S SGR(cpu& c, const insn& i, uint64_t) {
  int64_t r;
  uint8_t cc = sub_signed(static_cast<int64_t>(gr(c, i.r1)), static_cast<int64_t>(gr(c, i.r2)), r);
  gr(c, i.r1) = static_cast<uint64_t>(r);
  c.s.cc = cc;
  return fixed_overflow(c, cc);
}

// ---- logical -------------------------------------------------------------------------------
inline S NR(cpu& c, const insn& i, uint64_t) {
  uint32_t r = gr32(c, i.r1) & gr32(c, i.r2);
  set_gr32(c, i.r1, r);
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S NGR(cpu& c, const insn& i, uint64_t) {
  uint64_t r = gr(c, i.r1) & gr(c, i.r2);
  gr(c, i.r1) = r;
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S OR(cpu& c, const insn& i, uint64_t) {
  uint32_t r = gr32(c, i.r1) | gr32(c, i.r2);
  set_gr32(c, i.r1, r);
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S OGR(cpu& c, const insn& i, uint64_t) {
  uint64_t r = gr(c, i.r1) | gr(c, i.r2);
  gr(c, i.r1) = r;
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S XR(cpu& c, const insn& i, uint64_t) {
  uint32_t r = gr32(c, i.r1) ^ gr32(c, i.r2);
  set_gr32(c, i.r1, r);
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S XGR(cpu& c, const insn& i, uint64_t) {
  uint64_t r = gr(c, i.r1) ^ gr(c, i.r2);
  gr(c, i.r1) = r;
  c.s.cc = cc_nz(r);
  return S::next;
}

// ---- compare -------------------------------------------------------------------------------
inline S CR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int32_t>(gr32(c, i.r1)), static_cast<int32_t>(gr32(c, i.r2)));
  return S::next;
}
inline S CGR(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int64_t>(gr(c, i.r1)), static_cast<int64_t>(gr(c, i.r2)));
  return S::next;
}
inline S CHI(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int32_t>(gr32(c, i.r1)), static_cast<int32_t>(i.i2));
  return S::next;
}
inline S CGHI(cpu& c, const insn& i, uint64_t) {
  c.s.cc = cc_compare(static_cast<int64_t>(gr(c, i.r1)), i.i2);
  return S::next;
}
inline S LTR(cpu& c, const insn& i, uint64_t) {
  uint32_t v = gr32(c, i.r2);
  set_gr32(c, i.r1, v);
  c.s.cc = cc_signed(static_cast<int32_t>(v));
  return S::next;
}
inline S LTGR(cpu& c, const insn& i, uint64_t) {
  uint64_t v = gr(c, i.r2);
  gr(c, i.r1) = v;
  c.s.cc = cc_signed(static_cast<int64_t>(v));
  return S::next;
}

}  // namespace ssivm::arch::sem

namespace ssivm::arch::sem {
// ---- immediates (extended-immediate facility) ------------------------------------------------
inline S LLIHF(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) = static_cast<uint64_t>(static_cast<uint32_t>(i.i2)) << 32; return S::next; }
inline S LLILF(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) = static_cast<uint32_t>(i.i2); return S::next; }
inline S OILF(cpu& c, const insn& i, uint64_t) {
  uint32_t r = gr32(c, i.r1) | static_cast<uint32_t>(i.i2);
  set_gr32(c, i.r1, r);
  c.s.cc = cc_nz(r);
  return S::next;
}
inline S NILL(cpu& c, const insn& i, uint64_t) {
  uint64_t r = gr(c, i.r1) & (0xffffffffffff0000ull | static_cast<uint16_t>(i.i2));
  gr(c, i.r1) = r;
  c.s.cc = cc_nz(static_cast<uint16_t>(r));
  return S::next;
}
inline S MSGR(cpu& c, const insn& i, uint64_t) { gr(c, i.r1) *= gr(c, i.r2); return S::next; }
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
// Shift amounts come from the low 6 bits of the second-operand address.
inline S SRLG(cpu& c, const insn& i, uint64_t) {
  gr(c, i.r1) = gr(c, i.r3) >> (base_index_disp(c, 0, i.b2, i.d2) & 63);
  return S::next;
}
}  // namespace ssivm::arch::sem
