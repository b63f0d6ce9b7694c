// Table-generated dispatch switch and the out-of-line parts of the access funnel.
#include "arch/execute.hpp"

#include "arch/decoder.hpp"
#include "arch/insn_table.hpp"
#include "arch/semantics.hpp"

namespace ssivm::arch {

bool constraints_ok(const insn& i) {
  uint32_t f = kInsnTable[i.id].flags;
  auto pair_ok = [](unsigned r) { return (r & 2) == 0; };  // extended BFP: 0,1,4,5,8,9,12,13
  if ((f & iflag::kR1Even) && (i.r1 & 1)) return false;
  if ((f & iflag::kR2Even) && (i.r2 & 1)) return false;
  if ((f & iflag::kR3Even) && (i.r3 & 1)) return false;
  if ((f & iflag::kF1Ext) && !pair_ok(i.r1)) return false;
  if ((f & iflag::kF2Ext) && !pair_ok(i.r2)) return false;
  if ((f & iflag::kF3Ext) && !pair_ok(i.r3)) return false;
  return true;
}

exec_status execute_one(cpu& c, const insn& i, uint64_t ia) {
  if (!constraints_ok(i)) return sem::specification(c);
  switch (static_cast<insn_id>(i.id)) {
    case insn_id::invalid: return sem::operation(c);
#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) \
  case insn_id::ID:                              \
    return sem::SEM(c, i, ia);
#include "arch/insns.def"
#undef INSN
    case insn_id::count_: break;
  }
  return sem::operation(c);
}

bool fetch_insn(cpu& c, uint64_t ia, insn& out) {
  if (ia & 1) {
    c.pgm_tea = ia;
    c.program_interrupt(pic::specification, ending::suppress);
    return false;
  }
  uint8_t b[6] = {0, 0, 0, 0, 0, 0};
  uint16_t first;
  if (!load(c, ia, first)) return false;
  b[0] = static_cast<uint8_t>(first >> 8);
  b[1] = static_cast<uint8_t>(first);
  unsigned len = insn_length(b[0]);
  if (len >= 4) {
    uint16_t h;
    if (!load(c, sem::wrap(c, ia + 2), h)) return false;
    b[2] = static_cast<uint8_t>(h >> 8);
    b[3] = static_cast<uint8_t>(h);
  }
  if (len == 6) {
    uint16_t h;
    if (!load(c, sem::wrap(c, ia + 4), h)) return false;
    b[4] = static_cast<uint8_t>(h >> 8);
    b[5] = static_cast<uint8_t>(h);
  }
  decode(b, out);
  return true;
}

// ---- byte strings through the funnel: page by page, fast path where flags allow ----------

bool probe_load(cpu& c, uint64_t a, uint64_t len) {
  const guest_memory& m = c.mem;
  while (len) {
    uint64_t in_page = kPageSize - (a & (kPageSize - 1));
    uint64_t n = in_page < len ? in_page : len;
    if (a >= m.size || (m.page_flags[a >> kPageShift] & page_flag::kNoRead)) {
      uint8_t dummy;
      return m.slow_load(c, a, &dummy, 1);
    }
    a = (a + n) & c.s.amask;
    len -= n;
  }
  return true;
}

bool probe_store(cpu& c, uint64_t a, uint64_t len) {
  const guest_memory& m = c.mem;
  while (len) {
    uint64_t in_page = kPageSize - (a & (kPageSize - 1));
    uint64_t n = in_page < len ? in_page : len;
    if (a >= m.size ||
        (m.page_flags[a >> kPageShift] & (page_flag::kNoRead | page_flag::kNoWrite))) {
      // Let the slow path decide (and record the exception) with a zero-length probe.
      return m.slow_store(c, a, nullptr, 0);
    }
    a = (a + n) & c.s.amask;
    len -= n;
  }
  return true;
}

bool load_bytes(cpu& c, uint64_t a, void* dst, uint64_t len) {
  const guest_memory& m = c.mem;
  auto* d = static_cast<uint8_t*>(dst);
  while (len) {
    uint64_t in_page = kPageSize - (a & (kPageSize - 1));
    unsigned n = static_cast<unsigned>(in_page < len ? in_page : len);
    if (a < m.size && !(m.page_flags[a >> kPageShift] & page_flag::kNoRead)) {
      std::memcpy(d, m.base + a, n);
    } else if (!m.slow_load(c, a, d, n)) {
      return false;
    }
    d += n;
    a = (a + n) & c.s.amask;
    len -= n;
  }
  return true;
}

bool store_bytes(cpu& c, uint64_t a, const void* src, uint64_t len) {
  const guest_memory& m = c.mem;
  auto* s = static_cast<const uint8_t*>(src);
  while (len) {
    uint64_t in_page = kPageSize - (a & (kPageSize - 1));
    unsigned n = static_cast<unsigned>(in_page < len ? in_page : len);
    if (a < m.size && m.page_flags[a >> kPageShift] == 0) {
      std::memmove(m.base + a, s, n);
    } else if (!m.slow_store(c, a, s, n)) {
      return false;
    }
    s += n;
    a = (a + n) & c.s.amask;
    len -= n;
  }
  return true;
}

}  // namespace ssivm::arch
