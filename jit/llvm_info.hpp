// What the JIT tier links against (reported by `ssivm version`).
#pragma once
#include <string>
namespace ssivm::jit {
std::string llvm_version();
}
