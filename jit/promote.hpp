// Guest state in host registers: a pass over a region function (after inlining) that moves the
// guest registers and condition code it touches from the `cpu` argument into locals, loaded at
// entry and written back before every return and around every out-of-line call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class Function;
}

namespace ssivm::jit {

// A byte range of the state the pass may keep in locals, cut into `slot`-byte slots; an access
// must lie within one slot (else the pass leaves the function alone).
struct promotable_range {
  uint64_t offset;
  uint64_t size;
  uint64_t slot;
  bool read_by_helpers = false;  // written back before every call, even a state-free one
};

// Calls that touch none of the promoted state but the read_by_helpers ranges (the storage
// funnel's slow paths): no write-back of the rest around them, no reload after them.
struct state_free_calls {
  std::vector<std::string> callees;   // functions by name (prefix)
  std::vector<uint64_t> loaded_from;  // indirect calls through a pointer loaded from these
                                      // offsets of the state argument
};

// Loads at these offsets of the state argument are replaced by constants (fields that cannot
// change while the function runs, such as the storage base).
struct constant_field {
  uint64_t offset;
  uint64_t value;
};

struct promote_result {
  bool applied = false;  // false: something the pass cannot follow; the function is unchanged
  unsigned slots = 0;    // slots kept in locals
  unsigned syncs = 0;    // out-of-line calls or unknown accesses surrounded by write-back/reload
};

// `state` is argument `arg` of `f`, declared noalias (nothing else reaches the state unless
// given the pointer). Run it once constant offsets are visible (after inlining and InstCombine),
// and SROA afterwards to turn the locals into SSA values.
promote_result promote_state(llvm::Function& f, unsigned arg,
                             const std::vector<promotable_range>& ranges,
                             const std::vector<constant_field>& constants,
                             const state_free_calls& free_calls = {});

}  // namespace ssivm::jit
