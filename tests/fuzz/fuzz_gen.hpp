// Random valid instruction sequences for the differential fuzzer, derived from the instruction
// table (arch/insns.def): which rows, which fields, which register and operand constraints.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "arch/format.hpp"
#include "arch/insn_table.hpp"

namespace ssivm::fuzz {

// Layout of one case's block in the harness's writable data segment. General register 11
// holds the block's address during the test instructions; general register 12 holds a small
// index. Every memory operand the generator makes is r11 + displacement (+ r12), inside the
// data area. The epilogue fills the whole block before writing it out.
inline constexpr uint32_t kBlockSize = 4096;
inline constexpr uint32_t kStatus = 0;     // doubleword: 0 here; a fault record is 0x100 | signal
inline constexpr uint32_t kOutGr = 8;      // 16 doublewords after the test instructions
inline constexpr uint32_t kOutFpr = 136;   // 16 doublewords
inline constexpr uint32_t kOutFpc = 264;   // FPC word
inline constexpr uint32_t kOutCc = 268;    // IPM result word (CC and program mask in byte 0)
inline constexpr uint32_t kDataOff = 272;  // the data area the test instructions use
inline constexpr uint32_t kDataSize = 2048;
inline constexpr uint32_t kOutBytes = kDataOff + kDataSize;  // what the harness writes per case

// Each case's initial state sits in a read-only segment, so that a case whose stores run wild
// cannot change a later case's inputs; the prologue copies the data area into the block.
inline constexpr uint32_t kInitData = 0;
inline constexpr uint32_t kInitGr = kDataSize;
inline constexpr uint32_t kInitFpr = kInitGr + 128;
inline constexpr uint32_t kInitFpc = kInitFpr + 128;
inline constexpr uint32_t kInitCc = kInitFpc + 4;  // SPM operand word (CC in bits 2-3 of it)
inline constexpr uint32_t kInitAr = kInitCc + 4;   // 16 access registers (zero), by LAM
inline constexpr uint32_t kInitStride = kInitAr + 64 + 8;

// Where displacements may point: [kDataOff, kDataOff + kDispSpan) plus an index below
// kIndexSpan, plus the operand length (at most 256 for SS formats, 128 for LMG/STMG).
inline constexpr uint32_t kDispSpan = 1024;
inline constexpr uint32_t kIndexSpan = 512;
static_assert(kDispSpan + kIndexSpan + 256 <= kDataSize);

inline constexpr unsigned kBaseReg = 11;   // the block's address
inline constexpr unsigned kIndexReg = 12;  // a small offset (multiple of 8 most of the time)

// One generated instruction. A relative operand of a storage-accessing row (LRL, STGRL…) must
// designate the data area, whose address is only known when the harness places the case: it is
// given as an offset into the data area and resolved by the harness.
struct gen_insn {
  arch::insn i;
  int32_t data_target = -1;  // >= 0: the J operand designates data area + this offset
};

// A test case: instructions and the complete initial state. Register values that are
// addresses of the case's own data area are kept as offsets (gr_data_off) for the same reason.
struct fuzz_case {
  uint64_t id = 0;  // reproduces the case: see generator::make_case
  std::vector<gen_insn> code;
  std::array<uint64_t, 16> gr{};
  std::array<int32_t, 16> gr_data_off{};  // >= 0: gr[n] = data area address + this offset
  std::array<uint64_t, 16> fpr{};
  uint32_t fpc = 0;
  uint8_t cc = 0;
  std::array<uint8_t, kDataSize> data{};
};

struct gen_options {
  unsigned min_len = 1;  // instructions per case
  unsigned max_len = 24;
  std::vector<std::string> only;     // mnemonics to restrict the stream to (empty: all)
  std::vector<std::string> exclude;  // mnemonics to leave out (on top of the built-in list)
  bool fpc_traps = true;             // sometimes enable IEEE exception masks in the FPC
};

// Rows that are not comparable between two correct implementations, so the fuzzer never emits
// them (each with its reason). Not a place for hiding bugs: see kKnownDifferences in fuzz_run.
struct excluded_row {
  const char* mnemonic;
  const char* why;
};
extern const excluded_row kNotComparable[];
extern const unsigned kNotComparableCount;

// Documented qemu-s390x (7.2, Debian's) deviations from the Principles of Operation. The
// generator never emits an instruction for which `triggers` holds, and nothing else: the same
// row with other field values stays in the stream. Each entry says what the PoO requires and
// what qemu does instead.
struct known_difference {
  const char* mnemonic;  // nullptr: any row with a relative operand
  bool (*triggers)(const arch::insn& i);
  const char* why;
};
extern const known_difference kKnownDifferences[];
extern const unsigned kKnownDifferenceCount;
// The entry an instruction would trigger, or nullptr.
const known_difference* known_difference_for(const arch::insn& i);

class generator {
 public:
  explicit generator(const gen_options& opt);

  // The case with this id (a pure function of id and the table: ids reproduce cases).
  fuzz_case make_case(uint64_t id) const;
  // Case ids of a run: derived from the run's seed and the case's ordinal.
  static uint64_t case_id(uint64_t seed, uint64_t ordinal);

  // Rows the generator draws from.
  const std::vector<uint16_t>& rows() const { return rows_; }
  // One random instance of row `id` (for tests), using `rng`.
  gen_insn make_insn(uint16_t id, std::mt19937_64& rng) const;

 private:
  struct pools;
  gen_insn make_insn(uint16_t id, std::mt19937_64& rng, const pools& p) const;
  gen_insn make_insn_once(uint16_t id, std::mt19937_64& rng, const pools& p) const;
  void add_operand_setup(const gen_insn& g, std::mt19937_64& rng, bool addresses,
                         std::vector<gen_insn>& out) const;

  gen_options opt_;
  std::vector<uint16_t> rows_;
};

// Rows whose storage accesses are not bounded by the case's block, whatever the generator does
// (each with its reason). A case holding one gets kReachBlocks more blocks of its own after its
// block, which its prologue clears (harness.cpp): in a batch it would otherwise read the blocks
// of the cases after it, which an earlier case may have written differently on the two sides
// (an explained CPU-determined stop that stored past its block), and in a one-case program an
// unmapped page.
struct reaching_row {
  const char* mnemonic;
  const char* why;
};
extern const reaching_row kBeyondBlock[];
extern const unsigned kBeyondBlockCount;
// A 128 KiB table from anywhere in the data area, and the rest of the block.
inline constexpr uint32_t kReachBlocks = 33;
static_assert((kReachBlocks + 1) * kBlockSize >= kDataOff + kDataSize + (128u << 10));
bool reaches_past_block(const fuzz_case& fc);

// True when a row is eligible for the random stream at all (installed facility, not a branch,
// SVC, EXECUTE or privileged, not marked kNoFuzz, not in kNotComparable).
bool fuzzable(uint16_t id);

// General registers row `i` may write, by its operand list and flags (pairs, ranges).
// Used by the tests to prove the reserved registers are never targeted.
uint32_t written_gr_mask(const arch::insn& i);

}  // namespace ssivm::fuzz
