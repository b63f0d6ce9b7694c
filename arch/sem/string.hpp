// Semantics of the string family (rows in arch/insns/string.def): storage-to-storage moves,
// logical, translate, edit and pack instructions, the long/string instructions, checksum,
// Unicode conversions and packed-decimal arithmetic, in the string_*.hpp files included here.
#pragma once

#include "arch/sem/common.hpp"
#include "arch/sem/string_decimal.hpp"
#include "arch/sem/string_long.hpp"
#include "arch/sem/string_ss.hpp"
#include "arch/sem/string_utf.hpp"
