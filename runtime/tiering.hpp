// Tiering: the interpreter runs every block first and counts block entries; a block that gets
// hot is handed to a block_compiler (the JIT tier implements it), compiled in the background,
// and installed by the interpreter at its next block boundary. A guest never waits for the
// compiler. runtime/ defines the seam; jit/ fills it; tools/ wires the two.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "arch/cpu.hpp"
#include "runtime/blocks.hpp"
#include "runtime/engine.hpp"

namespace ssivm::runtime {

// Compiled code of a block: runs from the block's first instruction with `budget` left before
// entering it (it may loop in place while the budget lasts) and returns
// (instructions completed << 8) | compiled_exit, with psw_addr set (and the interruption
// fields, as the interpreter leaves them).
using compiled_block = uint64_t (*)(arch::cpu* c, int64_t budget);
enum compiled_exit : uint8_t { kExitContinue = 0, kExitProgram = 1, kExitSvc = 2, kExitStop = 3 };

// A block of a region, as the interpreter decoded it.
struct region_block {
  uint64_t ia = 0;
  uint64_t serial = 0;  // the interpreter's serial number of the block
  formed_block block;
  // Where the block was seen to continue (taken branches, fall-through): the exits the code
  // connects to other blocks of the region; any other exit leaves the region.
  std::vector<uint64_t> successors;
};

// A region: the hot block first (the only entry), then blocks it was seen to continue in.
struct compile_request {
  uint64_t id;  // the interpreter's serial number of the entry block
  uint64_t ia;
  std::vector<region_block> region;
  // Entries into the region's entry block since it was queued (the interpreter counts them,
  // relaxed): the compiler takes the most wanted request first.
  std::shared_ptr<std::atomic<uint64_t>> demand;
};

struct compile_result {
  uint64_t id;
  uint64_t ia;
  compiled_block fn;
};

// Something that compiles blocks in the background. Every call comes from the thread running
// the engine; `notify` is how the compiler tells that thread results are ready.
class block_compiler {
 public:
  virtual ~block_compiler() = default;
  // Called by the compiler (any thread) when results are ready; set once by the engine.
  using notify_fn = void (*)(void* ctx);
  virtual void set_notify(notify_fn fn, void* ctx) = 0;
  // Queues a block for compilation.
  virtual void request(compile_request r) = 0;
  // Moves the results finished since the last call into `out`.
  virtual void take_ready(std::vector<compile_result>& out) = 0;
  // The engine no longer refers to the code of `id` (its block was dropped, or a result was not
  // installed); freed at the next safe_point().
  virtual void retire(uint64_t id) = 0;
  // No compiled code is running: retired code can be freed.
  virtual void safe_point() = 0;
  // Returns when every request so far has its result ready (tests, synchronous mode).
  virtual void wait_idle() = 0;
};

inline constexpr uint32_t kDefaultTierThreshold = 1000;

struct tier_options {
  // Entries of a block before it is queued for compilation; 0: $SSIVM_TIER_THRESHOLD if set,
  // else kDefaultTierThreshold.
  uint32_t threshold = 0;
  // Compile a hot block before going on, and install it at once: deterministic, for tests.
  bool synchronous = false;
};

// Statistics of a tiered engine.
struct tier_stats {
  uint64_t requested = 0;    // blocks queued for compilation
  uint64_t installed = 0;    // compiled blocks installed
  uint64_t discarded = 0;    // results whose block had been dropped meanwhile
  uint64_t uninstalled = 0;  // installed regions dropped because one of their blocks was
  uint64_t jit_insns = 0;    // guest instructions completed in compiled code
  // Why compiled code returned: to a block outside the region (or a budget / exit check at a
  // jump inside it), a program interruption, SUPERVISOR CALL, a store into code.
  uint64_t exits[4] = {};
};

// The interpreter with a compiler behind it (`--engine=tiered`).
std::unique_ptr<engine> make_tiered(storage& st, std::unique_ptr<block_compiler> compiler,
                                    tier_options opt = {});
// Null if `e` is not a tiered engine.
const tier_stats* tier_stats_of(const engine& e);

// exit_request bit the tiered engine uses: compiled code is ready to install.
namespace exit_bit {
inline constexpr uint8_t kTierUp = 4;
}

}  // namespace ssivm::runtime
