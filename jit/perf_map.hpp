// JIT code made visible: every object the JIT links adds its code size to a counter and, when
// asked, one line per function to perf's map of JIT symbols (/tmp/perf-PID.map).
#pragma once

#include <cstdint>
#include <string>

namespace llvm::orc {
class LLJIT;
}

namespace ssivm::jit {

// The symbol of the block compiled from guest address `ia`: the address in hex, so that perf
// and the IR dump name guest code (ssivm_blk_1000a4_17); `serial` keeps recompilations apart.
std::string block_symbol(uint64_t ia, uint64_t serial);

// perf's map file for this process.
std::string perf_map_path();

// Adds to `jit`'s object linking layer a plugin that adds the bytes of executable code of every
// linked object to `code_bytes` and, if `write_map` or $SSIVM_PERF_MAP=1, appends its functions
// to perf_map_path(). Returns false (and does nothing) if `jit` does not link with JITLink.
bool add_perf_map_plugin(llvm::orc::LLJIT& jit, uint64_t& code_bytes, bool write_map);

}  // namespace ssivm::jit
