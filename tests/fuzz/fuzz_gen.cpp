// Random instruction generation from the table rows: every field is filled from the row's
// operand list, format and flags, so new rows join the stream without touching this file.
#include "tests/fuzz/fuzz_gen.hpp"

#include <algorithm>
#include <cstring>

#include "arch/decoder.hpp"

namespace ssivm::fuzz {
namespace iflag = arch::iflag;
using arch::format;

const excluded_row kNotComparable[] = {
    {"stck", "reads the TOD clock: differs from run to run"},
    {"stckf", "reads the TOD clock: differs from run to run"},
    {"stcke", "reads the TOD clock: differs from run to run"},
    {"ectg", "reads the CPU timer: differs from run to run"},
    {"stfle", "model-dependent: qemu's CPU model announces other facilities than ssivm by design"},
    {"stfl", "model-dependent facility list"},
    {"stidp", "model-dependent CPU identification"},
    {"ecag", "model-dependent cache topology (qemu answers -1: no information)"},
};
const unsigned kNotComparableCount = sizeof(kNotComparable) / sizeof(kNotComparable[0]);

const reaching_row kBeyondBlock[] = {
    {"trto",
     "the translation table at GR1 has an entry for every two-byte source character: 64 KiB, "
     "16 blocks"},
    {"trtt", "as trto, with two-byte entries: 128 KiB"},
};
const unsigned kBeyondBlockCount = sizeof(kBeyondBlock) / sizeof(kBeyondBlock[0]);

bool reaches_past_block(const fuzz_case& fc) {
  return std::any_of(fc.code.begin(), fc.code.end(), [](const gen_insn& g) {
    const std::string_view m = arch::mnemonic(g.i.id);
    for (unsigned k = 0; k < kBeyondBlockCount; ++k)
      if (m == kBeyondBlock[k].mnemonic) return true;
    return false;
  });
}

namespace {
bool rsbg_test_only(const arch::insn& i) { return i.i3 & 0x80; }
bool relative_doubling_overflows(const arch::insn& i) {
  return i.ri >= 0x40000000 || i.ri < -0x40000000;
}
bool always(const arch::insn&) { return true; }
bool names_gr0(const arch::insn& i) { return i.r1 == 0 || i.r2 == 0; }
bool r1_is_gr0(const arch::insn& i) { return i.r1 == 0; }
// TROT comparing with the test character (M3 bit 3 zero) while GR0 is also the second-operand
// address (R2 = 0), so GR0 bits 48-55 are not zero (see the trot entry).
bool trot_tests_an_address(const arch::insn& i) { return i.r2 == 0 && !(i.m3 & 1); }
// MVCIN with operands overlapping by more than one byte: the PoO leaves the result
// unpredictable, so two correct implementations may differ.
bool mvcin_overlaps(const arch::insn& i) {
  int64_t len = i.l1 + 1;
  int64_t d_lo = i.d1, d_hi = i.d1 + len - 1;
  int64_t s_lo = i.d2 - len + 1, s_hi = i.d2;
  if (i.b1 != i.b2) return true;  // cannot tell: keep out
  int64_t overlap = std::min(d_hi, s_hi) - std::max(d_lo, s_lo) + 1;
  return overlap > 1;
}
// The first and second operands (both based on the block register, as the generator makes
// them) overlap. Lengths: PKA/PKU have a 16-byte first operand and L2+1 second; UNPKA/UNPKU
// L1+1 first and a 16-byte second.
bool operands_overlap(const arch::insn& i) {
  if (i.b1 != i.b2) return true;
  const std::string_view m = arch::mnemonic(i.id);
  const bool pack = m == "pka" || m == "pku";
  int64_t n1 = pack ? 16 : i.l1 + 1, n2 = pack ? i.l2 + 1 : 16;
  return i.d1 < i.d2 + n2 && i.d2 < i.d1 + n1;
}
// UNPK's result reaches the digits of the leftmost source byte (which is not the sign byte).
bool unpk_uses_leftmost_source(const arch::insn& i) {
  unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  return n2 >= 2 && n1 + 2 >= 2 * n2;
}
// PACK ASCII/UNICODE with fewer than 32 characters: the leftmost one is a result digit.
bool pka_leftmost_is_digit(const arch::insn& i) { return i.l2 < 31; }
bool pku_leftmost_is_digit(const arch::insn& i) { return i.l2 < 63; }
}  // namespace

const known_difference kKnownDifferences[] = {
    {"rnsbg", rsbg_test_only,
     "qemu 7.2 aborts (tcg fatal error / host SIGSEGV) translating R*SBG with the test-results "
     "bit (I3 bit 0); PoO: only the CC is set and R1 is unchanged"},
    {"rosbg", rsbg_test_only, "as rnsbg"},
    {"rxsbg", rsbg_test_only, "as rnsbg"},
    {"larl", relative_doubling_overflows,
     "qemu 7.2 doubles the RI2 halfword count in 32-bit arithmetic, so a target more than 2 GiB "
     "away is off by 2^32; PoO: the signed 32-bit count times two is added to the 64-bit address"},
    // Instructions qemu 7.2 does not implement (operation exception, SIGILL, on valid use; found
    // by `ssivm_fuzz --probe` and checked with hand-written programs).
    {"ed", always, "qemu 7.2 lacks EDIT"},
    {"edmk", always, "qemu 7.2 lacks EDIT AND MARK"},
    {"ap", always, "qemu 7.2 lacks ADD DECIMAL"},
    {"sp", always, "qemu 7.2 lacks SUBTRACT DECIMAL"},
    {"zap", always, "qemu 7.2 lacks ZERO AND ADD"},
    {"cp", always, "qemu 7.2 lacks COMPARE DECIMAL"},
    {"mp", always, "qemu 7.2 lacks MULTIPLY DECIMAL"},
    {"dp", always, "qemu 7.2 lacks DIVIDE DECIMAL"},
    {"srp", always, "qemu 7.2 lacks SHIFT AND ROUND DECIMAL"},
    {"cvb", always, "qemu 7.2 lacks CONVERT TO BINARY"},
    {"cvby", always, "qemu 7.2 lacks CONVERT TO BINARY (long displacement)"},
    {"cvbg", always, "qemu 7.2 lacks CONVERT TO BINARY (64)"},
    {"cvdg", always, "qemu 7.2 lacks CONVERT TO DECIMAL (64)"},
    {"diebr", always,
     "qemu 7.2 lacks DIVIDE TO INTEGER (SIGILL; checked with a static program under "
     "qemu-s390x); tests/arch/bfp_test.cpp checks it against z12 results instead"},
    {"didbr", always, "as diebr"},
    {"mdebr", always,
     "qemu 7.2 multiplies the whole 64-bit register contents as long operands; PoO: MDEBR "
     "multiplies two short operands (bits 0-31) into a long result (fixed in qemu 8.0)"},
    {"mdeb", always, "as mdebr"},
    {"mxdbr", always,
     "qemu 7.2 computes garbage for MULTIPLY (long to extended); PoO: exact product of two long "
     "operands (fixed in qemu 8.0)"},
    {"mxdb", always, "as mxdbr"},
    {"unpk", unpk_uses_leftmost_source,
     "qemu 7.2 takes L2 as the source length instead of L2+1, so the leftmost source byte's "
     "digits come out as F0; PoO: every source byte is unpacked"},
    {"pka", pka_leftmost_is_digit,
     "qemu 7.2 drops the leftmost source character (L2 used as the length, not L2+1); PoO: "
     "the rightmost 31 characters' digits form the result"},
    {"pku", pku_leftmost_is_digit, "as pka, for two-byte characters"},
    {"csst", always,
     "qemu 7.2 aborts (host SIGABRT in its COMPARE AND SWAP AND STORE helper) on operands for "
     "which the PoO requires an access or specification exception"},
    {"mvcos", always,
     "qemu-user runs with DAT off in its PSW, so MOVE WITH OPTIONAL SPECIFICATIONS always takes "
     "a special-operation exception (SIGILL) there; under Linux (and ssivm) DAT is on"},
    {"mvcin", mvcin_overlaps,
     "not a qemu bug: PoO leaves MVCIN's result unpredictable when the operands overlap by more "
     "than one byte"},
    {"sam24", always,
     "qemu-user does not honour 24/31-bit addressing in a 64-bit process: after SAM24/SAM31 "
     "LA and LARL clear bits 0-31 of R1 (PoO: bits 0-31 unchanged, bit 32 zero)"},
    {"sam31", always, "as sam24"},
    {"clst", names_gr0,
     "qemu 7.2 never checks CLST's GR0 bits 32-55 (PoO: zeros, else a specification exception): "
     "`lghi %r0,0x100; clst %r4,%r5` completes with CC 1 under qemu-s390x. The generator loads "
     "GR0 with a byte value before CLST unless GR0 is an operand (an address) itself"},
    {"mvst", names_gr0, "as clst"},
    {"srst", names_gr0, "as clst"},
    {"srstu", names_gr0, "as clst"},
    {"pka", operands_overlap,
     "not a qemu bug: PoO leaves PACK ASCII unpredictable when the operands overlap"},
    {"pku", operands_overlap,
     "not a qemu bug: PoO leaves PACK UNICODE unpredictable when the operands overlap"},
    {"unpka", operands_overlap,
     "not a qemu bug: PoO leaves UNPACK ASCII unpredictable when the operands overlap"},
    {"unpku", operands_overlap,
     "not a qemu bug: PoO leaves UNPACK UNICODE unpredictable when the operands overlap"},
    {"troo", r1_is_gr0,
     "R1 = 0 makes GR1 both the first-operand length and the table address; qemu "
     "fetches the table even for length 0, ssivm does not (to be settled against the PoO: see "
     "FINDINGS.md)"},
    {"trot", r1_is_gr0, "as troo"},
    {"trot", trot_tests_an_address,
     "qemu 7.2 compares TROT's two-byte function characters with GR0 bits 56-63 only (zero-"
     "extended), so it stops with CC 1 on a character whose left byte is zero; PoO: for TROT "
     "and TRTT the test character is GR0 bits 48-63. The generator loads GR0 with a byte value "
     "before TROT unless R2 = 0 makes GR0 the second-operand address"},
    {"trto", r1_is_gr0, "as troo"},
    {"trtt", r1_is_gr0, "as troo"},
    {"stmh", always,
     "qemu 7.2 stores zeros for STORE MULTIPLE HIGH; PoO: bits 0-31 of each register"},
    {"epsw", always,
     "qemu-user's PSW has none of the bits Linux runs user programs with (DAT, I/O, external, "
     "machine check, problem state) and EPSW shows CC 0; ssivm's PSW is Linux's"},
};
const unsigned kKnownDifferenceCount = sizeof(kKnownDifferences) / sizeof(kKnownDifferences[0]);

const known_difference* known_difference_for(const arch::insn& i) {
  std::string_view m = arch::mnemonic(i.id);
  for (unsigned k = 0; k < kKnownDifferenceCount; ++k)
    if (m == kKnownDifferences[k].mnemonic && kKnownDifferences[k].triggers(i))
      return &kKnownDifferences[k];
  return nullptr;
}

namespace {

// The row's operand list, tokenised as the disassembler reads it.
using token = arch::operand_token;

bool has_token(const std::vector<token>& t, char kind, unsigned n) {
  return std::any_of(t.begin(), t.end(),
                     [&](const token& x) { return x.kind == kind && x.n == n; });
}

bool long_disp(format f) {
  return f == format::RXY_a || f == format::RXY_b || f == format::RSY_a || f == format::RSY_b ||
         f == format::SIY;
}

// Width in bits of an immediate field (I/U token number n) in format f.
unsigned imm_width(format f, unsigned n) {
  switch (f) {
    case format::RI_a:
    case format::RIE_a:
    case format::RIE_d:
    case format::RIE_g:
    case format::SIL: return 16;
    case format::RIL_a: return 32;
    case format::RIE_c:
    case format::RIS:
    case format::SI:
    case format::SIY:
    case format::I: return 8;
    case format::RIE_f: return 8;
    case format::SS_c:
    case format::IE: return 4;
    default: return n == 2 ? 16 : 8;
  }
}

// A register range R1..R3 (wrapping after 15) as LOAD MULTIPLE reads it.
uint32_t range_mask(unsigned r1, unsigned r3) {
  uint32_t m = 0;
  for (unsigned r = r1;; r = (r + 1) & 15) {
    m |= 1u << r;
    if (r == r3) break;
  }
  return m;
}

// Rows that write the registers R1..R3 as a range (LOAD MULTIPLE and friends).
bool writes_range(const arch::insn_def& d, const std::vector<token>& t) {
  constexpr uint32_t kPairs = iflag::kR1Even | iflag::kR2Even | iflag::kR3Even;
  return (d.flags & iflag::kLoads) && !(d.flags & kPairs) &&
         (d.fmt == format::RS_a || d.fmt == format::RSY_a) && has_token(t, 'R', 1) &&
         has_token(t, 'R', 3);
}

constexpr uint32_t kReservedMask = (1u << kBaseReg) | (1u << kIndexReg);

constexpr uint64_t kEdge64[] = {
    0,
    1,
    ~0ull,
    0x7fffffffull,
    0x80000000ull,
    0xffffffffull,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0xffffffff00000000ull,
    0xffffffff80000000ull,
    0x7fff,
    0x8000,
    0xffff,
    0x7f,
    0x80,
    0xff,
    0xffffffffffff8000ull,
    0x00000000ffff0000ull,
    0x0000ffff00000000ull,
    0x8000000080000000ull,
    0x0000000100000001ull,
    2,
    0x3f,
    0x40,
    63,
    64,
};

constexpr uint64_t kEdgeDouble[] = {
    0x0000000000000000ull,  // +0
    0x8000000000000000ull,  // -0
    0x3ff0000000000000ull,  // 1
    0xbff0000000000000ull,  // -1
    0x4000000000000000ull,  // 2
    0x3fe0000000000000ull,  // 0.5
    0x3ff8000000000000ull,  // 1.5
    0x4004000000000000ull,  // 2.5
    0x7fefffffffffffffull,  // max
    0xffefffffffffffffull,  // -max
    0x0010000000000000ull,  // min normal
    0x0000000000000001ull,  // min denormal
    0x800fffffffffffffull,  // -max denormal
    0x7ff0000000000000ull,  // +inf
    0xfff0000000000000ull,  // -inf
    0x7ff8000000000000ull,  // qNaN
    0xfff8000000000001ull,  // -qNaN with payload
    0x7ff4000000000000ull,  // sNaN
    0x7ff0000000000001ull,  // sNaN, minimal payload
    0x41dfffffffc00000ull,  // 2^31 - 1
    0x41e0000000000000ull,  // 2^31
    0xc1e0000000000000ull,  // -2^31
    0x41efffffffe00000ull,  // 2^32 - 1
    0x43e0000000000000ull,  // 2^63
    0xc3e0000000000000ull,  // -2^63
    0x43f0000000000000ull,  // 2^64
    0x4330000000000000ull,  // 2^52
    0x3fb999999999999aull,  // 0.1
    0x400921fb54442d18ull,  // pi
    0x47efffffe0000000ull,  // float max as double
    0x3690000000000000ull,  // float min denormal as double
};

constexpr uint32_t kEdgeFloat[] = {
    0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x40000000u, 0x3f000000u, 0x3fc00000u,
    0x40200000u, 0x7f7fffffu, 0xff7fffffu, 0x00800000u, 0x00000001u, 0x807fffffu, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0xffc00001u, 0x7fa00000u, 0x7f800001u, 0x4f000000u, 0xcf000000u,
    0x4f800000u, 0x5f000000u, 0xdf000000u, 0x4b000000u, 0x3dcccccdu, 0x40490fdbu,
};

template <class T, size_t N>
T pick(std::mt19937_64& rng, const T (&arr)[N]) {
  return arr[rng() % N];
}

unsigned below(std::mt19937_64& rng, unsigned n) { return static_cast<unsigned>(rng() % n); }
bool chance(std::mt19937_64& rng, unsigned percent) { return below(rng, 100) < percent; }

// A random immediate of `width` bits, sign-extended, with edge values favoured.
int64_t random_imm(std::mt19937_64& rng, unsigned width) {
  uint64_t mask = width >= 64 ? ~0ull : (1ull << width) - 1;
  uint64_t v;
  unsigned r = below(rng, 10);
  if (r < 3) {
    const uint64_t edges[] = {0, 1, mask, mask >> 1, (mask >> 1) + 1, 2, mask - 1};
    v = pick(rng, edges);
  } else if (r < 5) {
    v = static_cast<uint64_t>(static_cast<int64_t>(below(rng, 65)) - 32);
  } else {
    v = rng();
  }
  v &= mask;
  if (width < 64 && (v >> (width - 1)) & 1) v |= ~mask;  // sign-extend as the decoder does
  return static_cast<int64_t>(v);
}

// An offset into the data area for a storage operand: aligned most of the time, since many
// instructions require alignment and a specification exception ends the case early.
uint32_t data_offset(std::mt19937_64& rng) {
  uint32_t off = below(rng, kDispSpan);
  unsigned r = below(rng, 100);
  if (r < 70)
    off &= ~7u;
  else if (r < 80)
    off &= ~3u;
  else if (r < 85)
    off &= ~1u;
  return off;
}

uint64_t random_gr_value(std::mt19937_64& rng) {
  unsigned r = below(rng, 100);
  if (r < 25) return pick(rng, kEdge64);
  if (r < 40) return static_cast<uint64_t>(static_cast<int64_t>(below(rng, 129)) - 64);
  if (r < 55) {  // one half an edge value, the other random
    uint64_t e = pick(rng, kEdge64);
    return chance(rng, 50) ? (e << 32) | (rng() & 0xffffffffull)
                           : (rng() & ~0xffffffffull) | (e & 0xffffffffull);
  }
  return rng();
}

uint64_t random_fpr_value(std::mt19937_64& rng) {
  unsigned r = below(rng, 100);
  if (r < 40) return pick(rng, kEdgeDouble);
  if (r < 65) return static_cast<uint64_t>(pick(rng, kEdgeFloat)) << 32 | (rng() & 0xffffffffull);
  if (r < 75) {  // small integers as doubles: exact conversions
    double d =
        static_cast<double>(static_cast<int>(below(rng, 2001)) - 1000) / (chance(rng, 50) ? 1 : 4);
    uint64_t v;
    std::memcpy(&v, &d, 8);
    return v;
  }
  return rng();
}

}  // namespace

bool fuzzable(uint16_t id) {
  if (id == 0 || id >= arch::kInsnCount) return false;
  const arch::insn_def& d = arch::kInsnTable[id];
  if (!arch::facility_installed(d.fac)) return false;
  constexpr uint32_t kNever =
      iflag::kNoFuzz | iflag::kBranch | iflag::kSvc | iflag::kExecute | iflag::kPrivileged;
  if (d.flags & kNever) return false;
  std::string_view m = arch::mnemonic(id);
  for (unsigned k = 0; k < kNotComparableCount; ++k)
    if (m == kNotComparable[k].mnemonic) return false;
  return true;
}

uint32_t written_gr_mask(const arch::insn& i) {
  const arch::insn_def& d = arch::kInsnTable[i.id];
  auto t = arch::operand_tokens(d.operands);
  uint32_t m = 0;
  auto reg = [&](unsigned n) { return n == 1 ? i.r1 : n == 2 ? i.r2 : i.r3; };
  auto pair_flag = [&](unsigned n) {
    return n == 1 ? iflag::kR1Even : n == 2 ? iflag::kR2Even : iflag::kR3Even;
  };
  for (const token& x : t) {
    if (x.kind != 'R' || x.n < 1 || x.n > 3) continue;
    unsigned r = reg(x.n);
    m |= 1u << r;
    if (d.flags & pair_flag(x.n)) m |= 1u << ((r + 1) & 15);
  }
  if (writes_range(d, t)) m |= range_mask(i.r1, i.r3);
  return m;
}

// Per-case register pools: a few "hot" registers make results flow from one instruction into
// the next far more often than uniform picks would.
struct generator::pools {
  std::vector<unsigned> gr_hot, fpr_hot;
};

generator::generator(const gen_options& opt) : opt_(opt) {
  for (uint16_t id = 1; id < arch::kInsnCount; ++id) {
    if (!fuzzable(id)) continue;
    std::string m(arch::mnemonic(id));
    if (!opt_.only.empty() && std::find(opt_.only.begin(), opt_.only.end(), m) == opt_.only.end())
      continue;
    if (std::find(opt_.exclude.begin(), opt_.exclude.end(), m) != opt_.exclude.end()) continue;
    bool qemu_lacks = false;
    for (unsigned k = 0; k < kKnownDifferenceCount; ++k)
      if (m == kKnownDifferences[k].mnemonic && kKnownDifferences[k].triggers == always)
        qemu_lacks = true;
    if (qemu_lacks) continue;
    rows_.push_back(id);
  }
}

uint64_t generator::case_id(uint64_t seed, uint64_t ordinal) {
  // splitmix64 of the pair: neighbouring seeds give unrelated cases.
  uint64_t z = seed * 0x9e3779b97f4a7c15ull + ordinal + 0x632be59bd9b4e019ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

gen_insn generator::make_insn(uint16_t id, std::mt19937_64& rng) const {
  pools p;
  return make_insn(id, rng, p);
}

gen_insn generator::make_insn(uint16_t id, std::mt19937_64& rng, const pools& p) const {
  // Re-draw the fields while they would trigger a known qemu difference; give up on the row
  // (a harmless LGR r0,r0 stands in) if it always does.
  for (int tries = 0; tries < 64; ++tries) {
    gen_insn g = make_insn_once(id, rng, p);
    if (!known_difference_for(g.i)) return g;
  }
  gen_insn g;
  g.i.id = arch::find_insn("lgr");
  g.i.len = 4;
  return g;
}

gen_insn generator::make_insn_once(uint16_t id, std::mt19937_64& rng, const pools& p) const {
  const arch::insn_def& d = arch::kInsnTable[id];
  const auto t = arch::operand_tokens(d.operands);
  const bool mem = d.flags & (iflag::kLoads | iflag::kStores);
  gen_insn g;
  arch::insn& i = g.i;
  i.id = id;
  i.len = static_cast<uint8_t>(arch::insn_length(arch::opcode_byte0(d)));

  auto pair_flag = [](unsigned n) {
    return n == 1 ? iflag::kR1Even : n == 2 ? iflag::kR2Even : iflag::kR3Even;
  };
  auto ext_flag = [](unsigned n) {
    return n == 1 ? iflag::kF1Ext : n == 2 ? iflag::kF2Ext : iflag::kF3Ext;
  };
  // A general register for an operand that may be written: never a reserved one, and for a
  // pair neither half.
  auto pick_gr = [&](bool pair) {
    for (;;) {
      unsigned r = !p.gr_hot.empty() && chance(rng, 70) ? p.gr_hot[below(rng, p.gr_hot.size())]
                                                        : below(rng, 16);
      if (pair) r &= ~1u;
      uint32_t used = (1u << r) | (pair ? 1u << (r + 1) : 0);
      if (!(used & kReservedMask)) return r;
    }
  };
  auto pick_fpr = [&](bool ext) {
    for (;;) {
      unsigned r = !p.fpr_hot.empty() && chance(rng, 70) ? p.fpr_hot[below(rng, p.fpr_hot.size())]
                                                         : below(rng, 16);
      if (!ext || (r & 2) == 0) return r;
    }
  };
  auto set_reg = [&](unsigned n, unsigned r) {
    if (n == 1)
      i.r1 = static_cast<uint8_t>(r);
    else if (n == 2)
      i.r2 = static_cast<uint8_t>(r);
    else if (n == 3)
      i.r3 = static_cast<uint8_t>(r);
  };

  for (const token& x : t) {
    switch (x.kind) {
      case 'R': set_reg(x.n, pick_gr(d.flags & pair_flag(x.n))); break;
      case 'F': set_reg(x.n, pick_fpr(d.flags & ext_flag(x.n))); break;
      case 'A':
      case 'C': set_reg(x.n, below(rng, 16)); break;
      case 'M': {
        uint8_t m = static_cast<uint8_t>(below(rng, 16));
        // In BFP rows M3 is a rounding method; only 0, 1 and 3-7 are valid, and an invalid one
        // ends the case with a specification exception, so favour the valid ones.
        static constexpr uint8_t kRounding[] = {0, 1, 3, 4, 5, 6, 7};
        if ((d.flags & iflag::kFpc) && x.n == 3 && chance(rng, 85)) m = pick(rng, kRounding);
        if (x.n == 1)
          i.r1 = m;
        else if (x.n == 3)
          i.m3 = m;
        else if (x.n == 4)
          i.m4 = m;
        else if (x.n == 5)
          i.m5 = m;
        break;
      }
      case 'I':
      case 'U': {
        unsigned w = imm_width(d.fmt, x.n);
        int64_t v = random_imm(rng, w);
        if (d.fmt == format::IE) {
          (x.n == 1 ? i.i3 : i.i4) = static_cast<uint8_t>(v & 15);
        } else if (x.n <= 2) {
          i.i2 = v;
        } else {
          uint8_t b = static_cast<uint8_t>(v);
          if (x.n == 3)
            i.i3 = b;
          else if (x.n == 4)
            i.i4 = b;
          else
            i.i5 = b;
        }
        break;
      }
      case 'J':
        if (mem) {
          g.data_target = static_cast<int32_t>(data_offset(rng) & ~7u);
        } else {
          unsigned w = (d.fmt == format::RIL_a || d.fmt == format::RIL_b || d.fmt == format::RIL_c)
                           ? 32
                           : 16;
          i.ri = static_cast<int32_t>(random_imm(rng, w));
        }
        break;
      case 'D': {
        int32_t disp;
        if (mem) {
          disp = static_cast<int32_t>(kDataOff + data_offset(rng));
        } else {
          disp = static_cast<int32_t>(random_imm(rng, long_disp(d.fmt) ? 20 : 12));
          if (!long_disp(d.fmt)) disp &= 0xfff;
        }
        if (x.n == 1)
          i.d1 = disp;
        else if (x.n == 2)
          i.d2 = disp;
        else
          i.d4 = disp;
        break;
      }
      case 'B': {
        unsigned b = mem ? kBaseReg : below(rng, 16);
        if (x.n == 1)
          i.b1 = static_cast<uint8_t>(b);
        else if (x.n == 2)
          i.b2 = static_cast<uint8_t>(b);
        else
          i.b4 = static_cast<uint8_t>(b);
        break;
      }
      case 'X':
        i.x2 = static_cast<uint8_t>(mem ? (chance(rng, 50) ? kIndexReg : 0) : below(rng, 16));
        break;
      case 'L': {
        unsigned max = (d.fmt == format::SS_a || d.fmt == format::SS_f) ? 256 : 16;
        unsigned l = chance(rng, 60) ? below(rng, std::min(max, 16u)) : below(rng, max);
        if (x.n == 1)
          i.l1 = static_cast<uint8_t>(l);
        else
          i.l2 = static_cast<uint8_t>(l);
        break;
      }
      default: break;
    }
  }
  // LOAD MULTIPLE and friends write the range R1..R3: keep the reserved registers out of it.
  if (writes_range(d, t)) {
    while (range_mask(i.r1, i.r3) & kReservedMask) {
      i.r1 = static_cast<uint8_t>(pick_gr(false));
      i.r3 = static_cast<uint8_t>(chance(rng, 50) ? i.r1 : pick_gr(false));
    }
  }
  return g;
}

// Storage instructions without a D(B) operand (MVST, CLST, SRST, MVCL, CU*, TR*, CKSM…) take
// their addresses and lengths from registers, which random values would make fault nearly
// always. Before most of them, load their address registers with data-area addresses (LA),
// the odd register of a pair with a small length and GR0/GR1 (terminator, table address) with
// sensible values, using ordinary table rows, so the operation itself gets exercised.
// GR0 is always set: when it is invalid (CLST, MVST, SRST want bits 32-55 zero) and the
// operands are inaccessible too, qemu reports the access exception although the register
// check comes first (PoO, priority of program-interruption conditions): a known qemu
// difference that the generator avoids this way.
void generator::add_operand_setup(const gen_insn& g, std::mt19937_64& rng, bool addresses,
                                  std::vector<gen_insn>& out) const {
  static const uint16_t la = arch::find_insn("la"), lghi = arch::find_insn("lghi");
  if (!la || !lghi) return;
  const arch::insn_def& d = arch::kInsnTable[g.i.id];
  const auto t = arch::operand_tokens(d.operands);
  if (!(d.flags & (iflag::kLoads | iflag::kStores))) return;
  // Rows with a storage operand of their own need no setup, except for register pairs, which
  // are address/length pairs in MVCLE, CLCLE, MVCLU, CLCLU (their D(B) is only a pad byte).
  const bool has_storage_operand =
      std::any_of(t.begin(), t.end(), [](const token& x) { return x.kind == 'D'; });
  constexpr uint32_t kPairs = iflag::kR1Even | iflag::kR2Even | iflag::kR3Even;
  if (has_storage_operand && !(d.flags & kPairs)) return;
  auto emit_la = [&](unsigned r) {
    gen_insn s;
    s.i.id = la;
    s.i.len = 4;
    s.i.r1 = static_cast<uint8_t>(r);
    s.i.b2 = kBaseReg;
    s.i.d2 = static_cast<int32_t>(kDataOff + data_offset(rng));
    out.push_back(s);
  };
  auto emit_lghi = [&](unsigned r, int64_t v) {
    gen_insn s;
    s.i.id = lghi;
    s.i.len = 4;
    s.i.r1 = static_cast<uint8_t>(r);
    s.i.i2 = v;
    out.push_back(s);
  };
  uint32_t named = 0;
  for (const token& x : t) {
    if (!addresses) break;
    if (x.kind != 'R' || x.n < 1 || x.n > 3) continue;
    unsigned r = x.n == 1 ? g.i.r1 : x.n == 2 ? g.i.r2 : g.i.r3;
    uint32_t pf = x.n == 1 ? iflag::kR1Even : x.n == 2 ? iflag::kR2Even : iflag::kR3Even;
    named |= 1u << r;
    emit_la(r);
    if (d.flags & pf) {
      named |= 1u << (r + 1);
      // Even lengths: the two-byte-character forms (MVCLU, CLCLU, CU*) require them, and an
      // odd one meets qemu's wrong exception priority (see kKnownDifferences' notes).
      emit_lghi(r + 1, (below(rng, 4) == 0 ? below(rng, 512) : below(rng, 64)) & ~1u);
    }
  }
  bool r0_named = std::any_of(t.begin(), t.end(), [&](const token& x) {
    return x.kind == 'R' && (x.n == 1 ? g.i.r1 : x.n == 2 ? g.i.r2 : g.i.r3) == 0;
  });
  if (has_storage_operand) return;
  if (!r0_named) emit_lghi(0, below(rng, 256));
  if (addresses && !(named & 2)) emit_la(1);
}

fuzz_case generator::make_case(uint64_t id) const {
  std::mt19937_64 rng(id);
  fuzz_case fc;
  fc.id = id;
  pools p;
  for (unsigned k = 0; k < 5; ++k) {
    unsigned r;
    do r = below(rng, 16);
    while ((1u << r) & kReservedMask);
    p.gr_hot.push_back(r);
  }
  for (unsigned k = 0; k < 4; ++k) p.fpr_hot.push_back(below(rng, 16));

  // Initial state.
  fc.gr_data_off.fill(-1);
  for (unsigned r = 0; r < 16; ++r) {
    if (chance(rng, 15)) {
      fc.gr_data_off[r] = static_cast<int32_t>(data_offset(rng));
    } else {
      fc.gr[r] = random_gr_value(rng);
    }
  }
  fc.gr_data_off[kBaseReg] = -1;
  fc.gr[kBaseReg] = 0;  // the harness puts the block address here
  fc.gr_data_off[kIndexReg] = -1;
  fc.gr[kIndexReg] = chance(rng, 90) ? below(rng, kIndexSpan) & ~7u : below(rng, kIndexSpan);
  for (auto& f : fc.fpr) f = random_fpr_value(rng);
  {
    // FPC: BFP rounding mode (0-3, 7), sometimes flags and a DXC, rarely exception masks.
    const uint32_t modes[] = {0, 0, 0, 1, 2, 3, 7};
    fc.fpc = pick(rng, modes);
    if (chance(rng, 25)) fc.fpc |= (static_cast<uint32_t>(rng()) & 0xf8u) << 16;
    if (chance(rng, 10)) fc.fpc |= (static_cast<uint32_t>(rng()) & 0xffu) << 8;
    if (opt_.fpc_traps && chance(rng, 10)) fc.fpc |= (static_cast<uint32_t>(rng()) & 0xf8u) << 24;
  }
  fc.cc = static_cast<uint8_t>(below(rng, 4));
  for (uint32_t off = 0; off < kDataSize; off += 8) {
    uint64_t v;
    unsigned r = below(rng, 100);
    if (r < 45)
      v = rng();
    else if (r < 65)
      v = pick(rng, kEdge64);
    else if (r < 80)
      v = pick(rng, kEdgeDouble);
    else if (r < 90)
      v = static_cast<uint64_t>(pick(rng, kEdgeFloat)) << 32 | pick(rng, kEdgeFloat);
    else
      v = 0x0000000012345c00ull | (rng() & 0xff) << 8 |
          (chance(rng, 50) ? 0xc : 0xd);  // packed decimal
    for (unsigned b = 0; b < 8; ++b) fc.data[off + b] = static_cast<uint8_t>(v >> (56 - 8 * b));
  }

  if (rows_.empty()) return fc;
  unsigned n = opt_.min_len + below(rng, opt_.max_len - opt_.min_len + 1);
  fc.code.reserve(n);
  while (fc.code.size() < n) {
    uint16_t id = rows_[below(rng, rows_.size())];
    gen_insn g = make_insn(id, rng, p);
    const uint32_t pairs = iflag::kR1Even | iflag::kR2Even | iflag::kR3Even;
    add_operand_setup(g, rng, (arch::kInsnTable[id].flags & pairs) || chance(rng, 75), fc.code);
    fc.code.push_back(g);
  }
  return fc;
}

}  // namespace ssivm::fuzz
