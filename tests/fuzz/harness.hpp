// The fuzzer's harness program: a static s390x ELF, written in-process, that runs a batch of
// cases. Per case: load the initial state, run the test instructions, store GRs/FPRs/FPC/CC
// beside the data area and write the block to the output (svc 4); exit 0 after the last case.
// A program interruption does not end the program: a signal handler (on an alternate stack,
// since the test owns r15) writes a fault record (0x100 | signal) and goes on with the next
// case. ssivm's side serves the same protocol from its run loop (fuzz_run.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_gen.hpp"

namespace ssivm::fuzz {

inline constexpr uint64_t kCodeBase = 0x1000000;  // where the ELF's first segment lives

// What the harness can save and restore, decided by which rows ssivm implements (the harness
// is made of table rows only, so it never needs an instruction ssivm lacks).
struct harness_features {
  bool fpr = false;     // LD/STD
  bool fpc = false;     // LFPC/STFPC
  bool cc_in = false;   // SPM
  bool cc_out = false;  // IPM
  static harness_features probe();
  std::string describe() const;
};

// The header page at the start of the data segment.
inline constexpr uint32_t kHdrFd = 0;       // word: output file descriptor (1)
inline constexpr uint32_t kHdrCase = 8;     // doubleword: index of the case running
inline constexpr uint32_t kHdrRecord = 16;  // doubleword: the fault record being written
inline constexpr uint32_t kHdrSigaction = 32;
inline constexpr uint32_t kHdrAltstack = 64;  // stack_t
inline constexpr uint32_t kHdrNext = 96;      // doublewords: entry k = address of case k's code
inline constexpr unsigned kMaxCasesPerProgram = (4096 - kHdrNext) / 8 - 1;
inline constexpr uint32_t kAltStackPages = 16;

struct harness_image {
  std::vector<uint8_t> elf;
  uint64_t fd_word = 0;              // guest address of the output fd (a word, initially 1)
  uint64_t header = 0;               // guest address of the header page
  std::vector<uint64_t> block_addr;  // per case: the block's guest address (r11)
  std::vector<std::vector<uint64_t>> insn_addr;  // per case: each test instruction's address
};

harness_image build_harness(std::span<const fuzz_case> cases, const harness_features& f);

// The bytes of one test instruction at `ia` for a case whose block is at `block` (resolves
// relative operands that designate the data area).
std::vector<uint8_t> encode_at(const gen_insn& g, uint64_t ia, uint64_t block);

}  // namespace ssivm::fuzz
