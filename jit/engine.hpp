// The JIT engine: guest blocks translated with LLVM ORC (LLJIT) from the semantics' bitcode.
// The composition root (tools/) wires it; runtime/ knows only the engine interface.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/engine.hpp"
#include "runtime/storage.hpp"
#include "runtime/tiering.hpp"

namespace ssivm::jit {

struct jit_options {
  // LLVM code generation level 0-3. 0 (FastISel) compiles fastest, 2 gives the best code;
  // -1: $SSIVM_JIT_CG if set, else 0 for make_jit (every block compiled on first execution)
  // and 2 for make_tier_compiler (hot regions only, in the background).
  int codegen_level = -1;
  // Write perf's map of the compiled blocks (/tmp/perf-PID.map); $SSIVM_PERF_MAP=1 does too.
  bool perf_map = false;
};

// A JIT engine for one vCPU over `st` (blocks compiled synchronously on first execution).
std::unique_ptr<runtime::engine> make_jit(runtime::storage& st, jit_options opt = {});

// The tiered engine's compiler (runtime::make_tiered takes it): blocks compiled on a
// background thread, at code generation level 2 unless `opt` says otherwise.
std::unique_ptr<runtime::block_compiler> make_tier_compiler(runtime::storage& st,
                                                            jit_options opt = {});

// The semantics bitcode embedded at build time (jit/sem_bitcode.cpp compiled with -emit-llvm).
std::span<const uint8_t> semantics_bitcode();
// Parses the embedded bitcode and returns the names of the functions it defines (externally
// visible ones only); empty with a message on stderr if it does not parse.
std::vector<std::string> semantics_bitcode_functions();
// The name of the bitcode function of table row `id` (ssivm_sem_<ROW>).
std::string semantic_function_name(uint16_t id);

// Statistics of one JIT engine (for tests and bench/).
struct jit_stats {
  uint64_t blocks_compiled = 0;
  uint64_t guest_insns_compiled = 0;
  uint64_t region_blocks = 0;    // guest blocks in the compiled units (regions)
  double compile_seconds = 0;    // translation + optimisation + code generation
  double translate_seconds = 0;  // of which cloning the semantics and building the IR
  double optimise_seconds = 0;   // of which the IR passes (code generation is the rest)
  uint64_t invalidations = 0;    // blocks dropped by stores into their pages
  uint64_t promoted = 0;         // blocks whose guest registers were kept in host registers
  uint64_t code_bytes = 0;       // host code emitted (executable sections of the linked objects)
};
// Null if `e` is not a JIT engine.
const jit_stats* stats_of(const runtime::engine& e);
// A snapshot of a tier compiler's statistics (zero if `c` is not one).
jit_stats tier_compiler_stats(runtime::block_compiler& c);

}  // namespace ssivm::jit
