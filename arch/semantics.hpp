// All semantic routines, for the engines (interpreter: natively; JIT: as LLVM bitcode).
#pragma once

#include "arch/sem/bfp.hpp"
#include "arch/sem/branch.hpp"
#include "arch/sem/common.hpp"
#include "arch/sem/control.hpp"
#include "arch/sem/general.hpp"
#include "arch/sem/general2.hpp"
#include "arch/sem/string.hpp"
