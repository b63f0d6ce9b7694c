// Semantics of the string family (rows in arch/insns/string.def): storage-to-storage moves,
// logical and translate instructions, edit and pack, the long/string instructions, checksum
// and Unicode conversions. The routines live in the string_*.hpp files included here.
#pragma once

#include "arch/sem/common.hpp"
#include "arch/sem/string_long.hpp"
#include "arch/sem/string_ss.hpp"
#include "arch/sem/string_utf.hpp"
