// Semantics of the string family (rows in arch/insns/string.def).
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {
}  // namespace ssivm::arch::sem
