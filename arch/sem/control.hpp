// Semantics of the control family (rows in arch/insns/control.def).
#pragma once

#include "arch/sem/common.hpp"

namespace ssivm::arch::sem {
}  // namespace ssivm::arch::sem
