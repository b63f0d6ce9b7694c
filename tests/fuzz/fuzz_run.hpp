// Running harness batches under qemu-s390x and ssivm, comparing them case by case, and shrinking a
// mismatching case to a minimal repro.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "runtime/engine.hpp"
#include "runtime/storage.hpp"
#include "tests/fuzz/fuzz_gen.hpp"
#include "tests/fuzz/harness.hpp"

namespace ssivm::fuzz {

// How one side ran a harness program.
struct run_output {
  std::vector<uint8_t> out;  // everything written to the output fd
  int exit_code = -1;        // when it exited
  int signal = 0;            // when a signal ended it
  std::string error;         // could not run at all
  struct fault {
    uint64_t case_index;  // ssivm only: where each program interruption happened
    uint64_t psw;
    bool nullified;
  };
  std::vector<fault> faults;
};

struct run_config {
  std::string qemu = "qemu-s390x";
  unsigned timeout_seconds = 60;
  harness_features features = harness_features::probe();
  // Test hook: applied to ssivm's output before comparison (proves the comparison works).
  std::function<void(std::vector<uint8_t>&)> tamper_ssivm;
  // The ssivm engine under test (null: the interpreter). ssivm_fuzz --engine=jit sets the JIT.
  std::function<std::unique_ptr<runtime::engine>(runtime::storage&)> make_engine;
};

run_output run_qemu(const std::vector<uint8_t>& elf, const run_config& cfg);
run_output run_ssivm(const harness_image& img, const run_config& cfg);

// What happened to one case on one side.
struct side {
  bool completed = false;      // its block was written
  int signal = 0;              // else: the signal that ended the program in this case
  std::string error;           // else: why it did not run
  std::vector<uint8_t> block;  // the written block (kOutBytes) when completed
};

struct case_outcome {
  side qemu, ssivm;
  bool equal = false;
  int fault_index = -1;  // ssivm: index of the test instruction that took the interruption
};

// Runs the cases (up to kMaxCasesPerProgram per program; should a program still end early,
// the cases after the one that ended it go to a new program) and compares them.
std::vector<case_outcome> run_cases(std::span<const fuzz_case> cases, const run_config& cfg,
                                    uint64_t* processes = nullptr);

// Human-readable differences between the two sides of a case (registers by name, data bytes).
std::string describe_difference(const fuzz_case& fc, const case_outcome& o);
// The case as a repro: instructions (address, bytes, disassembly) and its initial state.
std::string describe_case(const fuzz_case& fc, bool full_state);

// Shrinks a mismatching case: shortest mismatching prefix, then drops instructions that are
// not needed for the mismatch. Returns the smallest case found (and its outcome).
fuzz_case minimize(const fuzz_case& fc, const run_config& cfg, case_outcome& outcome);

// Why a shrunk mismatch is not an ssivm bug, or nullptr. Two kinds, both decided on the
// observed outcome because they depend on run-time values:
//  - allowed by the PoO: the last instruction is interruptible and one side stopped after a
//    CPU-determined number of bytes (CC 3) where the other went on (to the end or to a fault);
//  - documented qemu 7.2 deviations that depend on run-time values (see the .cpp).
const char* explain_difference(const fuzz_case& minimized, const case_outcome& o);

}  // namespace ssivm::fuzz
