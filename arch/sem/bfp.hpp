// Semantics of the bfp family (rows in arch/insns/bfp.def).
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {
}  // namespace ssivm::arch::sem
