// Semantics of the control family (rows in arch/insns/control.def): EXECUTE, facility list and
// clocks, PSW-field instructions, compare-and-swap, prefetch, and the privileged instructions a
// problem-state program can meet (they give a privileged-operation exception there).
#pragma once

#include "arch/decoder.hpp"
#include "arch/execute.hpp"
#include "arch/insn_table.hpp"
#include "arch/sem/branch.hpp"
#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {

// ---- EXECUTE -------------------------------------------------------------------------------
// The target is fetched (alignment and access checked by fetch_insn), bits 8-15 are ORed with
// bits 56-63 of R1 unless R1 is 0, and it runs at its own address so that relative operands
// resolve there. Link information and the ILC are those of the EXECUTE: c.next_ia holds the
// address after the EXECUTE and c.in_execute its length while the target runs.
inline S execute_target(cpu& c, const insn& ex, uint64_t ia, uint64_t target) {
  insn t;
  SSIVM_TRY(fetch_insn(c, target, t));
  uint8_t b[6] = {0, 0, 0, 0, 0, 0};
  for (unsigned k = 0; k < t.len; k += 2) {
    uint16_t h;
    SSIVM_TRY(load(c, wrap(c, target + k), h));
    b[k] = static_cast<uint8_t>(h >> 8);
    b[k + 1] = static_cast<uint8_t>(h);
  }
  if (ex.r1 != 0) b[1] |= static_cast<uint8_t>(gr(c, ex.r1));
  // EXECUTE of EXECUTE or EXECUTE RELATIVE LONG (after the OR) is an execute exception.
  if (b[0] == 0x44 || (b[0] == 0xc6 && (b[1] & 0xf) == 0))
    return c.program_interrupt(pic::execute, ending::suppress);
  decode(b, t);
  c.next_ia = next_ia(c, ex, ia);
  c.in_execute = ex.len;
  S st = execute_one(c, t, target);
  c.in_execute = 0;
  return st;
}
inline S EX(cpu& c, const insn& i, uint64_t ia) { return execute_target(c, i, ia, ea2(c, i)); }
inline S EXRL(cpu& c, const insn& i, uint64_t ia) {
  return execute_target(c, i, ia, relative(c, ia, i.ri));
}

// ---- facility list -------------------------------------------------------------------------
// Doublewords the model needs: up to the last one holding an announced bit.
inline unsigned stfle_doublewords() {
  unsigned m = 3;
  while (m > 1 && kStfleBits[m - 1] == 0) --m;
  return m;
}
// STORE FACILITY LIST EXTENDED: R0 bits 56-63 give the doublewords provided minus one; as
// many as fit are stored, R0 gets the number the model needs minus one, CC 3 if cut short.
inline S STFLE(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  unsigned n = static_cast<unsigned>(gr(c, 0) & 0xff) + 1;
  unsigned m = stfle_doublewords();
  unsigned k = n < m ? n : m;
  SSIVM_TRY(probe_store(c, a, 8ull * k));
  for (unsigned d = 0; d < k; ++d) SSIVM_TRY(store(c, wrap(c, a + 8 * d), kStfleBits[d]));
  gr(c, 0) = (gr(c, 0) & ~0xffull) | (m - 1);
  c.s.cc = n >= m ? 0 : 3;
  return S::next;
}

// ---- TOD clock -----------------------------------------------------------------------------
// The runtime installs c.tod_clock (the host's time in TOD units, bit 51 = 1 microsecond);
// the guest's clock is that plus c.clock_base (so SET CLOCK only moves the base). Without a
// callback the clock is not operational: CC 3 and zeros stored.
inline bool tod_now(cpu& c, uint64_t& v) {
  if (!c.tod_clock) {
    v = 0;
    return false;
  }
  v = c.tod_clock(c) + c.clock_base;
  return true;
}
inline S STCK(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  bool ok = tod_now(c, v);
  SSIVM_TRY(store(c, ea2(c, i), v));
  c.s.cc = ok ? 0 : 3;
  return S::next;
}
inline S STCKF(cpu& c, const insn& i, uint64_t ia) { return STCK(c, i, ia); }
// STORE CLOCK EXTENDED: epoch index (0), clock bits 0-63, 40 bits beyond our resolution
// (zeros), then the TOD programmable field.
inline S STCKE(cpu& c, const insn& i, uint64_t) {
  uint64_t v;
  bool ok = tod_now(c, v);
  uint8_t out[16] = {};
  for (unsigned k = 0; k < 8; ++k) out[1 + k] = static_cast<uint8_t>(v >> (56 - 8 * k));
  if (ok) {
    out[14] = static_cast<uint8_t>(c.s.todpr >> 8);
    out[15] = static_cast<uint8_t>(c.s.todpr);
  }
  SSIVM_TRY(store_bytes(c, ea2(c, i), out, 16));
  c.s.cc = ok ? 0 : 3;
  return S::next;
}

// ---- EXTRACT CPU ATTRIBUTE: a z196 cache topology -------------------------------------------
// Level 1: private, separate 64 KiB 4-way I / 128 KiB 8-way D; level 2: private unified
// 1.5 MiB 12-way; level 3: shared 24 MiB 12-way; level 4: shared 192 MiB 24-way; 256-byte
// lines throughout.
inline S ECAG(cpu& c, const insn& i, uint64_t) {
  uint64_t a = base_index_disp(c, 0, i.b2, i.d2);
  unsigned ai = (a >> 4) & 0xf, li = (a >> 1) & 7, ti = a & 1;
  uint64_t r = ~0ull;  // attribute or level not available
  if (ai == 0) {
    // One byte per level: scope (bits 4-5: 2 private, 3 shared), type (bits 6-7: 0 separate,
    // 3 unified).
    r = 0x080b0f0f00000000ull;
  } else if (ai <= 3 && li < 4) {
    static constexpr uint64_t kSize[4][2] = {{128 << 10, 64 << 10},
                                             {1536 << 10, 1536 << 10},
                                             {24 << 20, 24 << 20},
                                             {192ull << 20, 192ull << 20}};
    static constexpr uint64_t kWays[4][2] = {{8, 4}, {12, 12}, {12, 12}, {24, 24}};
    r = ai == 1 ? 256 : ai == 2 ? kSize[li][ti] : kWays[li][ti];
  }
  gr(c, i.r1) = r;
  return S::next;
}

// ---- access registers, PSW fields ----------------------------------------------------------
inline S EAR(cpu& c, const insn& i, uint64_t) {
  set_gr32(c, i.r1, c.s.ar[i.r2]);
  return S::next;
}
inline S SAR(cpu& c, const insn& i, uint64_t) {
  c.s.ar[i.r1] = gr32(c, i.r2);
  return S::next;
}

inline uint32_t program_mask(const cpu& c) {
  return static_cast<uint32_t>(c.s.psw_mask >> 40) & 0xf;
}
// INSERT PROGRAM MASK: bits 32-33 zero, 34-35 CC, 36-39 program mask, the rest kept.
inline S IPM(cpu& c, const insn& i, uint64_t) {
  uint32_t v = (gr32(c, i.r1) & 0x00ffffffu) | (static_cast<uint32_t>(c.s.cc) << 28) |
               (program_mask(c) << 24);
  set_gr32(c, i.r1, v);
  return S::next;
}
// SET PROGRAM MASK: the inverse of IPM from bits 34-39 of R1.
inline S SPM(cpu& c, const insn& i, uint64_t) {
  uint32_t v = gr32(c, i.r1);
  c.s.cc = (v >> 28) & 3;
  c.s.psw_mask = (c.s.psw_mask & ~(0xfull << 40)) | (static_cast<uint64_t>((v >> 24) & 0xf) << 40);
  return S::next;
}
// EXTRACT PSW: PSW bits 0-31 (with CC and program mask) to R1, bits 32-63 to R2 (if not 0).
inline S EPSW(cpu& c, const insn& i, uint64_t) {
  uint64_t m = (c.s.psw_mask & ~(3ull << 44)) | (static_cast<uint64_t>(c.s.cc & 3) << 44);
  set_gr32(c, i.r1, static_cast<uint32_t>(m >> 32));
  if (i.r2 != 0) set_gr32(c, i.r2, static_cast<uint32_t>(m));
  return S::next;
}

// ---- addressing mode -----------------------------------------------------------------------
inline S TAM(cpu& c, const insn&, uint64_t) {
  c.s.cc = c.s.amode == 64 ? 3 : c.s.amode == 31 ? 1 : 0;
  return S::next;
}
// SET ADDRESSING MODE: the updated instruction address must fit the new mode.
inline S SAM24(cpu& c, const insn& i, uint64_t ia) {
  if (updated_ia(c, i, ia) > 0xffffffull) return specification(c);
  set_amode(c, 24);
  return S::next;
}
inline S SAM31(cpu& c, const insn& i, uint64_t ia) {
  if (updated_ia(c, i, ia) > 0x7fffffffull) return specification(c);
  set_amode(c, 31);
  return S::next;
}
inline S SAM64(cpu& c, const insn&, uint64_t) {
  set_amode(c, 64);
  return S::next;
}

// ---- prefetch: a hint, never an exception --------------------------------------------------
inline S PFD(cpu&, const insn&, uint64_t) { return S::next; }
inline S PFDRL(cpu&, const insn&, uint64_t) { return S::next; }

// ---- compare and swap ----------------------------------------------------------------------
// On a plain page the swap is one host atomic on the big-endian bytes, so guest CPUs running
// on several host threads see CS as interlocked. Pages with flags (code, dirty tracking,
// protection) take the funnel: load, compare, store.
template <class T>
inline bool guest_cas(cpu& c, uint64_t a, T& cmp, T desired, bool& swapped) {
  const guest_memory& m = c.mem;
  if (a <= m.size - sizeof(T) && m.page_flags[a >> kPageShift] == 0) {
    T* p = reinterpret_cast<T*>(m.base + a);
    T expected = to_be(cmp);
    swapped = __atomic_compare_exchange_n(p, &expected, to_be(desired), false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    if (!swapped) cmp = from_be(expected);
    return true;
  }
  T cur;
  if (!load(c, a, cur)) return false;
  swapped = cur == cmp;
  if (swapped) return store(c, a, desired);
  cmp = cur;
  return true;
}
// The 16-byte form (CDSG): hi/lo are the two doublewords in storage order.
inline bool guest_cas16(cpu& c, uint64_t a, uint64_t& hi, uint64_t& lo, uint64_t nhi, uint64_t nlo,
                        bool& swapped) {
  const guest_memory& m = c.mem;
#if defined(__x86_64__)
  if (a <= m.size - 16 && m.page_flags[a >> kPageShift] == 0) {
    // Storage is big-endian: the doubleword at a is the guest's high half. As a host
    // little-endian 128-bit value, the low 64 bits are the bytes at a.
    uint64_t exp_lo = to_be(hi), exp_hi = to_be(lo);
    uint64_t des_lo = to_be(nhi), des_hi = to_be(nlo);
    bool ok;
    __asm__ __volatile__("lock cmpxchg16b %1"
                         : "=@ccz"(ok), "+m"(*reinterpret_cast<unsigned __int128*>(m.base + a)),
                           "+a"(exp_lo), "+d"(exp_hi)
                         : "b"(des_lo), "c"(des_hi)
                         : "memory");
    swapped = ok;
    if (!ok) {
      hi = from_be(exp_lo);
      lo = from_be(exp_hi);
    }
    return true;
  }
#endif
  uint64_t chi, clo;
  if (!load(c, a, chi) || !load(c, wrap(c, a + 8), clo)) return false;
  swapped = chi == hi && clo == lo;
  if (swapped) {
    if (!probe_store(c, a, 16)) return false;
    return store(c, a, nhi) && store(c, wrap(c, a + 8), nlo);
  }
  hi = chi;
  lo = clo;
  return true;
}

inline S cs32(cpu& c, const insn& i, uint64_t a) {
  if (a & 3) return specification(c);
  uint32_t cmp = gr32(c, i.r1);
  bool ok;
  SSIVM_TRY(guest_cas<uint32_t>(c, a, cmp, gr32(c, i.r3), ok));
  if (!ok) set_gr32(c, i.r1, cmp);
  c.s.cc = ok ? 0 : 1;
  return S::next;
}
inline S CS(cpu& c, const insn& i, uint64_t) { return cs32(c, i, ea2(c, i)); }
inline S CSY(cpu& c, const insn& i, uint64_t) { return cs32(c, i, ea2(c, i)); }
inline S CSG(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  uint64_t cmp = gr(c, i.r1);
  bool ok;
  SSIVM_TRY(guest_cas<uint64_t>(c, a, cmp, gr(c, i.r3), ok));
  if (!ok) gr(c, i.r1) = cmp;
  c.s.cc = ok ? 0 : 1;
  return S::next;
}
// COMPARE DOUBLE AND SWAP: the even/odd pairs R1 and R3 (bits 32-63 of each) against a
// doubleword; pair constraints are checked by the table flags.
inline S cds32(cpu& c, const insn& i, uint64_t a) {
  if (a & 7) return specification(c);
  uint64_t cmp = static_cast<uint64_t>(gr32(c, i.r1)) << 32 | gr32(c, i.r1 + 1);
  uint64_t nv = static_cast<uint64_t>(gr32(c, i.r3)) << 32 | gr32(c, i.r3 + 1);
  bool ok;
  SSIVM_TRY(guest_cas<uint64_t>(c, a, cmp, nv, ok));
  if (!ok) {
    set_gr32(c, i.r1, static_cast<uint32_t>(cmp >> 32));
    set_gr32(c, i.r1 + 1, static_cast<uint32_t>(cmp));
  }
  c.s.cc = ok ? 0 : 1;
  return S::next;
}
inline S CDS(cpu& c, const insn& i, uint64_t) { return cds32(c, i, ea2(c, i)); }
inline S CDSY(cpu& c, const insn& i, uint64_t) { return cds32(c, i, ea2(c, i)); }
inline S CDSG(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  if (a & 15) return specification(c);
  uint64_t hi = gr(c, i.r1), lo = gr(c, i.r1 + 1);
  bool ok;
  SSIVM_TRY(guest_cas16(c, a, hi, lo, gr(c, i.r3), gr(c, i.r3 + 1), ok));
  if (!ok) {
    gr(c, i.r1) = hi;
    gr(c, i.r1 + 1) = lo;
  }
  c.s.cc = ok ? 0 : 1;
  return S::next;
}

// COMPARE AND SWAP AND STORE: GR0 bits 56-63 are the function code (0: 4 bytes, 1: 8 bytes;
// 2, the 16-byte form of CSST2, is not installed), bits 48-55 the store characteristic (store
// 1 << SC bytes, SC <= 3). GR1 addresses the parameter list (its low 4 bits ignored): the
// replacement value at 0 and the store value at 16, each left-aligned. On equality the swap and
// the store happen; else R3 receives the first operand.
inline S CSST(cpu& c, const insn& i, uint64_t) {
  unsigned fc = static_cast<unsigned>(gr(c, 0) & 0xff);
  unsigned sc = static_cast<unsigned>((gr(c, 0) >> 8) & 0xff);
  if (fc > 1 || sc > 3) return specification(c);
  uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  unsigned len1 = fc == 0 ? 4 : 8, len2 = 1u << sc;
  if ((a1 & (len1 - 1)) || (a2 & (len2 - 1))) return specification(c);
  uint64_t pl = wrap(c, gr(c, 1) & ~15ull);
  uint64_t repl, sv;
  SSIVM_TRY(load(c, pl, repl));
  SSIVM_TRY(load(c, wrap(c, pl + 16), sv));
  SSIVM_TRY(probe_store(c, a2, len2));
  bool ok;
  if (fc == 0) {
    uint32_t cmp = gr32(c, i.r3);
    SSIVM_TRY(guest_cas<uint32_t>(c, a1, cmp, static_cast<uint32_t>(repl >> 32), ok));
    if (!ok) set_gr32(c, i.r3, cmp);
  } else {
    uint64_t cmp = gr(c, i.r3);
    SSIVM_TRY(guest_cas<uint64_t>(c, a1, cmp, repl, ok));
    if (!ok) gr(c, i.r3) = cmp;
  }
  if (ok) {
    switch (sc) {
      case 0: SSIVM_TRY(store(c, a2, static_cast<uint8_t>(sv >> 56))); break;
      case 1: SSIVM_TRY(store(c, a2, static_cast<uint16_t>(sv >> 48))); break;
      case 2: SSIVM_TRY(store(c, a2, static_cast<uint32_t>(sv >> 32))); break;
      default: SSIVM_TRY(store(c, a2, sv)); break;
    }
  }
  c.s.cc = ok ? 0 : 1;
  return S::next;
}

// EXTRACT CPU TIME: GR0 = first operand - CPU timer, GR1 = second operand, R3 = the doubleword
// R3 addresses. The CPU timer is not a separate clock here: it runs down from zero as the TOD
// clock runs up (zero without a clock), which is what elapsed-time arithmetic needs.
inline S ECTG(cpu& c, const insn& i, uint64_t) {
  uint64_t op1, op2, op3;
  SSIVM_TRY(load(c, ea1(c, i), op1));
  SSIVM_TRY(load(c, ea2(c, i), op2));
  SSIVM_TRY(load(c, wrap(c, gr(c, i.r3)), op3));
  uint64_t tod;
  tod_now(c, tod);
  uint64_t cpu_timer = 0 - tod;
  gr(c, 0) = op1 - cpu_timer;
  gr(c, 1) = op2;
  gr(c, i.r3) = op3;
  return S::next;
}

// MOVE WITH OPTIONAL SPECIFICATIONS: GR0 bits 32-47 / 48-63 are the operand-access controls
// (key in bits 0-3 valid if bit 14, address space in bits 8-9 valid if bit 15). There is one
// address space here, so only the problem-state authorisation of keys and of the home space
// matters. Moves min(length in R3, 4096) bytes left to right; CC 3 when more remain.
inline bool mvcos_oac_allowed(const cpu& c, uint16_t oac) {
  if (!problem_state(c)) return true;
  if ((oac & 2) && !((c.s.cr[3] >> (31 - (oac >> 12))) & 1)) return false;  // key not in PKM
  if ((oac & 1) && ((oac >> 6) & 3) == 3) return false;                     // home space
  return true;
}
inline S MVCOS(cpu& c, const insn& i, uint64_t) {
  // The operands are virtual addresses of address spaces: with DAT off there are none.
  if (!(c.s.psw_mask & kPswBit(5)))
    return c.program_interrupt(pic::special_operation, ending::suppress);
  uint32_t oacs = gr32(c, 0);
  if (!mvcos_oac_allowed(c, static_cast<uint16_t>(oacs >> 16)) ||
      !mvcos_oac_allowed(c, static_cast<uint16_t>(oacs)))
    return privileged(c);
  uint64_t len = c.s.amode == 64 ? gr(c, i.r3) : gr32(c, i.r3);
  uint64_t n = len > 4096 ? 4096 : len;
  uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  SSIVM_TRY(probe_load(c, a2, n));
  SSIVM_TRY(probe_store(c, a1, n));
  for (uint64_t k = 0; k < n; ++k) {
    uint8_t b;
    SSIVM_TRY(load(c, wrap(c, a2 + k), b));
    SSIVM_TRY(store(c, wrap(c, a1 + k), b));
  }
  c.s.cc = len > 4096 ? 3 : 0;
  return S::next;
}

// ---- privileged and semiprivileged instructions --------------------------------------------
// In problem state every one of these is a privileged-operation exception (suppressed). The
// supervisor-state semantics are the minimum a guest without DAT, storage keys, I/O or other
// CPUs can observe; none of them touches state it does not model.
#define SSIVM_PRIVILEGED(c)                     \
  do {                                          \
    if (problem_state(c)) return privileged(c); \
  } while (0)

// Installs a new PSW (mask with CC, address); false if the mode bits are invalid.
// (The Principles of Operation recognise an invalid new PSW as an early exception after it is
// loaded; here the loading instruction is suppressed instead, leaving the old PSW.)
inline bool load_psw(cpu& c, uint64_t mask, uint64_t addr) {
  // Bits 0, 2-4, 12, 24-30 and 33-63 of a z/Architecture PSW mask must be zero.
  constexpr uint64_t kMustBeZero = kPswBit(0) | kPswBit(2) | kPswBit(3) | kPswBit(4) | kPswBit(12) |
                                   (0x7full << 33) | 0x7fffffffull;
  if (mask & kMustBeZero) return false;
  bool ea = mask & kPswEa, ba = mask & kPswBa;
  if (ea && !ba) return false;
  unsigned mode = ea ? 64 : ba ? 31 : 24;
  uint64_t limit = mode == 64 ? ~0ull : mode == 31 ? 0x7fffffffull : 0xffffffull;
  if (addr > limit) return false;
  c.s.cc = static_cast<uint8_t>((mask >> 44) & 3);
  c.s.psw_mask = mask & ~(3ull << 44);
  set_amode(c, mode);
  c.next_ia = addr;
  return true;
}
// LOAD PSW: the ESA/390-format short PSW; bit 12 must be one (and is not part of the new
// z/Architecture PSW).
inline S LPSW(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea1(c, i);
  if (a & 7) return specification(c);
  uint64_t v;
  SSIVM_TRY(load(c, a, v));
  if (!(v & kPswBit(12))) return specification(c);
  uint64_t mask = v & 0xffffffff80000000ull & ~kPswBit(12);
  if (!load_psw(c, mask, v & 0x7fffffff)) return specification(c);
  return S::branch;
}
inline S LPSWE(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  uint64_t mask, addr;
  SSIVM_TRY(load(c, a, mask));
  SSIVM_TRY(load(c, wrap(c, a + 8), addr));
  if (mask & kPswBit(12)) return specification(c);
  if (!load_psw(c, mask, addr)) return specification(c);
  return S::branch;
}
// SET SYSTEM MASK: PSW bits 0-7 from storage; bits 0 and 2-4 must stay zero.
inline S SSM(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  // The SSM-suppression control (CR0 bit 33) turns SSM off.
  if (c.s.cr[0] & kPswBit(33)) return c.program_interrupt(pic::special_operation, ending::suppress);
  uint8_t v;
  SSIVM_TRY(load(c, ea1(c, i), v));
  if (v & 0xb8) return specification(c);
  c.s.psw_mask = (c.s.psw_mask & ~(0xffull << 56)) | (static_cast<uint64_t>(v) << 56);
  return S::next;
}
inline S system_mask_op(cpu& c, const insn& i, bool set) {
  SSIVM_PRIVILEGED(c);
  uint8_t old = static_cast<uint8_t>(c.s.psw_mask >> 56);
  SSIVM_TRY(store(c, ea1(c, i), old));
  uint8_t imm = static_cast<uint8_t>(i.i2);
  uint8_t v = set ? (old | imm) : (old & imm);
  if (v & 0xb8) return specification(c);
  c.s.psw_mask = (c.s.psw_mask & ~(0xffull << 56)) | (static_cast<uint64_t>(v) << 56);
  return S::next;
}
inline S STNSM(cpu& c, const insn& i, uint64_t) { return system_mask_op(c, i, false); }
inline S STOSM(cpu& c, const insn& i, uint64_t) { return system_mask_op(c, i, true); }

// Control registers R1 through R3, wrapping from 15 to 0.
inline S LCTL(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 3) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint32_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(load(c, wrap(c, a + 4 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) {
    uint64_t& cr = c.s.cr[(i.r1 + k) & 15];
    cr = (cr & 0xffffffff00000000ull) | v[k];
  }
  return S::next;
}
inline S LCTLG(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint64_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(load(c, wrap(c, a + 8 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) c.s.cr[(i.r1 + k) & 15] = v[k];
  return S::next;
}
inline S STCTL(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 3) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, 4ull * n));
  for (unsigned k = 0; k < n; ++k)
    SSIVM_TRY(store(c, wrap(c, a + 4 * k), static_cast<uint32_t>(c.s.cr[(i.r1 + k) & 15])));
  return S::next;
}
inline S STCTG(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, 8ull * n));
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(store(c, wrap(c, a + 8 * k), c.s.cr[(i.r1 + k) & 15]));
  return S::next;
}

// Storage keys are not modelled: every block has key 0 with no fetch protection, reference
// or change bits; setting a key is accepted and forgotten.
inline S ISKE(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  if (wrap(c, gr(c, i.r2)) >= c.mem.size)
    return c.program_interrupt(pic::addressing, ending::suppress);
  gr(c, i.r1) &= ~0xffull;
  return S::next;
}
inline S SSKE(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  if (wrap(c, gr(c, i.r2)) >= c.mem.size)
    return c.program_interrupt(pic::addressing, ending::suppress);
  return S::next;
}
// No DAT: there is no TLB and no page table entry to invalidate.
inline S IPTE(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  return S::next;
}
inline S PTLB(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  return S::next;
}
// DIAGNOSE functions belong to the hypervisor (CP); none is served here yet, and an
// unsupported function code is a specification exception, as under z/VM.
inline S DIAG(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  return specification(c);
}
// SET CLOCK moves the guest's clock base (see tod_now); CC 3 without a clock.
inline S SCK(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  uint64_t v;
  SSIVM_TRY(load(c, a, v));
  if (!c.tod_clock) {
    c.s.cc = 3;
    return S::next;
  }
  c.clock_base = v - c.tod_clock(c);
  c.s.cc = 0;
  return S::next;
}
// SET PSW KEY FROM ADDRESS: in problem state allowed only for keys the PSW-key mask (CR3
// bits 32-47) permits.
inline S SPKA(cpu& c, const insn& i, uint64_t) {
  unsigned key = (ea2(c, i) >> 4) & 0xf;
  if (problem_state(c) && !((c.s.cr[3] >> (31 - key)) & 1)) return privileged(c);
  c.s.psw_mask = (c.s.psw_mask & ~(0xfull << 52)) | (static_cast<uint64_t>(key) << 52);
  return S::next;
}
// INSERT PSW KEY: into bits 56-59 of GR2; in problem state only with the extraction-authority
// control (CR0 bit 36).
inline S IPK(cpu& c, const insn&, uint64_t) {
  if (problem_state(c) && !(c.s.cr[0] & kPswBit(36))) return privileged(c);
  uint64_t key = (c.s.psw_mask >> 52) & 0xf;
  gr(c, 2) = (gr(c, 2) & ~0xffull) | (key << 4);
  return S::next;
}
// STORE CPU ID: version 0, a serial number, machine type 2817 (z196), format 0.
inline S STIDP(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 7) return specification(c);
  SSIVM_TRY(store(c, a, 0x0001234528170000ull));
  return S::next;
}
// One CPU, address 0, prefix 0.
inline S STAP(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 1) return specification(c);
  SSIVM_TRY(store(c, a, static_cast<uint16_t>(0)));
  return S::next;
}
inline S STPX(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea2(c, i);
  if (a & 3) return specification(c);
  SSIVM_TRY(store(c, a, static_cast<uint32_t>(0)));
  return S::next;
}
// SIGNAL PROCESSOR: there is no other CPU to signal (CC 3, not operational).
inline S SIGP(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  c.s.cc = 3;
  return S::next;
}
// STORE SYSTEM INFORMATION: no configuration levels are described yet (CC 3).
inline S STSI(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  c.s.cc = 3;
  return S::next;
}

// STORE FACILITY LIST: bits 0-31 of the facility list at real location 200.
inline S STFL(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  SSIVM_TRY(store(c, 200, static_cast<uint32_t>(kStfleBits[0] >> 32)));
  return S::next;
}
// TEST PROTECTION from the page flags (no keys, no DAT): CC 0 fetch and store permitted,
// 1 fetch only, 2 neither; beyond storage an addressing exception.
inline S TPROT(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = ea1(c, i);
  if (a >= c.mem.size) return c.program_interrupt(pic::addressing, ending::suppress);
  uint8_t f = c.mem.page_flags[a >> kPageShift];
  c.s.cc = (f & page_flag::kNoRead) ? 2 : (f & page_flag::kNoWrite) ? 1 : 0;
  return S::next;
}
// Load/store using real address: addresses are real already.
inline S LURA(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2));
  if (a & 3) return specification(c);
  uint32_t v;
  SSIVM_TRY(load(c, a, v));
  set_gr32(c, i.r1, v);
  return S::next;
}
inline S LURAG(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2));
  if (a & 7) return specification(c);
  uint64_t v;
  SSIVM_TRY(load(c, a, v));
  gr(c, i.r1) = v;
  return S::next;
}
inline S STURA(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2));
  if (a & 3) return specification(c);
  SSIVM_TRY(store(c, a, gr32(c, i.r1)));
  return S::next;
}
inline S STURG(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2));
  if (a & 7) return specification(c);
  SSIVM_TRY(store(c, a, gr(c, i.r1)));
  return S::next;
}
// No access-register translation: nothing to purge.
inline S PALB(cpu& c, const insn&, uint64_t) {
  SSIVM_PRIVILEGED(c);
  return S::next;
}
// COMPARE AND SWAP AND PURGE: compare value in R1, replacement in R1+1 (bits 32-63 for CSP),
// the operand address in R2 with its rightmost two (CSPG: three) bits set aside; with no TLB
// the purge requested by bit 63 of R2 has nothing to do.
inline S CSP(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2) & ~3ull);
  uint32_t cmp = gr32(c, i.r1);
  bool ok;
  SSIVM_TRY(guest_cas<uint32_t>(c, a, cmp, gr32(c, i.r1 + 1), ok));
  if (!ok) set_gr32(c, i.r1, cmp);
  c.s.cc = ok ? 0 : 1;
  return S::next;
}
inline S CSPG(cpu& c, const insn& i, uint64_t) {
  SSIVM_PRIVILEGED(c);
  uint64_t a = wrap(c, gr(c, i.r2) & ~7ull);
  uint64_t cmp = gr(c, i.r1);
  bool ok;
  SSIVM_TRY(guest_cas<uint64_t>(c, a, cmp, gr(c, i.r1 + 1), ok));
  if (!ok) gr(c, i.r1) = cmp;
  c.s.cc = ok ? 0 : 1;
  return S::next;
}

#undef SSIVM_PRIVILEGED

}  // namespace ssivm::arch::sem

// ---- access registers: LOAD/STORE ACCESS MULTIPLE, LOAD ADDRESS EXTENDED -------------------
namespace ssivm::arch::sem {

// Access registers R1 through R3 (wrapping from 15 to 0) from/to consecutive words; the
// operand must be on a word boundary.
inline S LAM(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  if (a & 3) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  uint32_t v[16];
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(load(c, wrap(c, a + 4 * k), v[k]));
  for (unsigned k = 0; k < n; ++k) c.s.ar[(i.r1 + k) & 15] = v[k];
  return S::next;
}
inline S LAMY(cpu& c, const insn& i, uint64_t ia) { return LAM(c, i, ia); }
inline S STAM(cpu& c, const insn& i, uint64_t) {
  uint64_t a = ea2(c, i);
  if (a & 3) return specification(c);
  unsigned n = ((i.r3 - i.r1) & 15) + 1;
  SSIVM_TRY(probe_store(c, a, 4ull * n));
  for (unsigned k = 0; k < n; ++k) SSIVM_TRY(store(c, wrap(c, a + 4 * k), c.s.ar[(i.r1 + k) & 15]));
  return S::next;
}
inline S STAMY(cpu& c, const insn& i, uint64_t ia) { return STAM(c, i, ia); }

// LOAD ADDRESS EXTENDED: the address as LOAD ADDRESS forms it, and an ALET in access
// register R1 chosen by the PSW's address-space control (bits 16-17): primary 0, AR mode the
// base register's access register (0 when B2 is 0), secondary 1, home 2.
inline S LAE(cpu& c, const insn& i, uint64_t) {
  set_address(c, i.r1, ea2(c, i));
  switch ((c.s.psw_mask >> (63 - 17)) & 3) {
    case 0: c.s.ar[i.r1] = 0; break;
    case 1: c.s.ar[i.r1] = i.b2 ? c.s.ar[i.b2] : 0; break;
    case 2: c.s.ar[i.r1] = 1; break;
    default: c.s.ar[i.r1] = 2; break;
  }
  return S::next;
}
inline S LAEY(cpu& c, const insn& i, uint64_t ia) { return LAE(c, i, ia); }

}  // namespace ssivm::arch::sem
