// The instruction table: one row per instruction (arch/insns.def), and what derives from it.
// Decoder, disassembler, interpreter dispatch, facility checks and the fuzzer's instruction
// generator all read these rows; nothing else lists instructions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "arch/format.hpp"

namespace ssivm::arch {

// Facilities an instruction belongs to. The STFLE bit of each is in facility_bit(); a row
// whose facility is not installed decodes as an invalid opcode (operation exception).
enum class facility : uint8_t {
  zarch,   // z/Architecture base (includes ESA/390 general instructions, BFP, HFP support ops)
  n3,      // N3 instructions (bit 0)
  ldisp,   // long-displacement (bits 18/19)
  eimm,    // extended-immediate (bit 21)
  etf3,    // ETF3 enhancement (bit 30) — TRTR, CU* well-formedness
  exrl,    // execute-extensions (bit 35)
  fpssh,   // floating-point-support-sign-handling (bit 37): LDGR, LGDR, CPSDR, LCDFR…
  gie,     // general-instructions-extension (bit 34)
  stckf,   // store-clock-fast (bit 25)
  stfle,   // STFLE (bit 7)
  hw,      // high-word (bit 45)
  ia1,     // interlocked-access 1 (bit 45)
  loc,     // load/store-on-condition 1 (bit 45)
  dops,    // distinct-operands (bit 45)
  popcnt,  // population-count (bit 45)
  fpe,     // floating-point extension (bit 37): logical conversions, FIEBRA & co.
  ectg,    // extract-CPU-time (bit 31)
  cmpsc,   // compare-and-swap-and-store (bit 32)
  etf2,    // ETF2 enhancement (bit 24)
  mvcos,   // move-with-optional-specifications (bit 27)
  hfp,     // hexadecimal floating point: not installed yet
  dfp,     // decimal floating point (bit 42): not installed yet
  te,      // transactional execution (bit 73, zEC12): not installed
  ppa,     // processor-assist (bit 49, zEC12): not installed
  vec,     // vector facility (bit 129, z13): not installed
  misc1,   // miscellaneous-instruction-extensions (bit 49, zEC12): not installed
  loc2,    // load/store-on-condition 2 (bit 53, z13): not installed
  count_
};

constexpr bool facility_installed(facility f) {
  switch (f) {
    case facility::hfp:
    case facility::dfp:
    case facility::te:
    case facility::ppa:
    case facility::vec:
    case facility::misc1:
    case facility::loc2: return false;
    default: return true;
  }
}

// Instruction flags. Constraints (kR1Even…) are checked once, at decode/pre-decode time.
namespace iflag {
inline constexpr uint32_t kBranch = 1u << 0;      // may change the instruction address
inline constexpr uint32_t kEndsBlock = 1u << 1;   // a pre-decoded block ends after it
inline constexpr uint32_t kPrivileged = 1u << 2;  // privileged-operation in problem state
inline constexpr uint32_t kStores = 1u << 3;      // may store to guest storage
inline constexpr uint32_t kReadsCC = 1u << 4;     // reads the condition code
inline constexpr uint32_t kSetsCC = 1u << 5;      // sets the condition code
inline constexpr uint32_t kR1Even = 1u << 6;      // R1 designates an even/odd pair
inline constexpr uint32_t kR2Even = 1u << 7;
inline constexpr uint32_t kR3Even = 1u << 8;
inline constexpr uint32_t kF1Ext = 1u << 9;  // R1 names an extended-BFP FPR pair
inline constexpr uint32_t kF2Ext = 1u << 10;
inline constexpr uint32_t kF3Ext = 1u << 11;
inline constexpr uint32_t kFpc = 1u << 12;      // reads/writes FPC (BFP rounding/exceptions)
inline constexpr uint32_t kSvc = 1u << 13;      // leaves to the supervisor
inline constexpr uint32_t kExecute = 1u << 14;  // EXECUTE / EXECUTE RELATIVE LONG
inline constexpr uint32_t kNoFuzz = 1u << 15;   // the random-stream fuzzer must not emit it
inline constexpr uint32_t kLoads = 1u << 16;    // may load from guest storage
}  // namespace iflag

// One row of the table.
struct insn_def {
  std::string_view name;  // upper case, the row's identifier (see mnemonic() for as/objdump's)
  uint16_t opcode;        // 8-bit, 16-bit, or (byte0<<4|nibble) / (byte0<<8|byte5) per format
  format fmt;
  std::string_view operands;  // objdump operand list, e.g. "R1,D2(X2,B2)" (see arch/disasm.cpp)
  facility fac;
  uint32_t flags;
};

enum class insn_id : uint16_t {
  invalid = 0,
#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) ID,
#include "arch/insns.def"
#undef INSN
  count_
};

inline constexpr insn_def kInsnTable[] = {
    {"(invalid)", 0, format::E, "", facility::zarch, iflag::kNoFuzz | iflag::kEndsBlock},
#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) {#ID, OPC, format::FMT, OPS, facility::FAC, FLAGS},
#include "arch/insns.def"
#undef INSN
};
inline constexpr unsigned kInsnCount = static_cast<unsigned>(insn_id::count_);
static_assert(sizeof(kInsnTable) / sizeof(kInsnTable[0]) == kInsnCount);

inline const insn_def& def_of(uint16_t id) { return kInsnTable[id]; }
std::span<const insn_def> all_insns();
// Lower-case mnemonic as GNU as/objdump spell it.
std::string_view mnemonic(uint16_t id);
// Table row by mnemonic (lower case); 0 when unknown.
uint16_t find_insn(std::string_view mnemonic);

// One operand of an operand list as the table writes it ("R1,D2(X2,B2)", "U4:6"): its kind
// letter and field number, an explicit width after ':' (0 when none), whether it sits inside
// the parentheses of a storage operand, and whether it is the last one there.
struct operand_token {
  char kind;
  unsigned n;
  uint8_t bits;
  bool inner;
  bool closes;
};
std::vector<operand_token> operand_tokens(std::string_view ops);

// The first byte(s) that select the row, split as the format splits them.
constexpr uint8_t opcode_byte0(const insn_def& d) {
  switch (ext_of(d.fmt)) {
    case opcode_ext::none: return static_cast<uint8_t>(d.opcode);
    case opcode_ext::nibble: return static_cast<uint8_t>(d.opcode >> 4);
    default: return static_cast<uint8_t>(d.opcode >> 8);
  }
}
constexpr uint8_t opcode_ext_value(const insn_def& d) {
  switch (ext_of(d.fmt)) {
    case opcode_ext::none: return 0;
    case opcode_ext::nibble: return static_cast<uint8_t>(d.opcode & 0xf);
    default: return static_cast<uint8_t>(d.opcode & 0xff);
  }
}

// STFLE facility list (doubleword 0, 1, 2) announcing exactly what is installed.
extern const uint64_t kStfleBits[3];

}  // namespace ssivm::arch
