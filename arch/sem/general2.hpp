// Semantics of the general instructions, second part (rows in arch/insns/general2.def):
// load/store variants, shifts and rotates, high-word, interlocked-access, load/store on
// condition, population count.
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {
}  // namespace ssivm::arch::sem
