// Reports the LLVM the JIT tier is built with.
#include "jit/llvm_info.hpp"

#include <llvm/Config/llvm-config.h>

namespace ssivm::jit {
std::string llvm_version() { return LLVM_VERSION_STRING; }
}  // namespace ssivm::jit
