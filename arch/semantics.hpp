// All semantic routines, for the engines (interpreter: natively; JIT: as LLVM bitcode).
#pragma once

#include "arch/sem/common.hpp"
#include "arch/sem/general.hpp"

