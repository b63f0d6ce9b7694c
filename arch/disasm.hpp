// Disassembler: mnemonics and operands as GNU objdump prints them for s390x.
#pragma once

#include <cstdint>
#include <string>

#include "arch/format.hpp"

namespace ssivm::arch {

// "mnemonic\toperands" for a decoded instruction at address `ia` (relative operands are
// shown as absolute targets, "0x…" as objdump does without symbols).
std::string disassemble(const insn& i, uint64_t ia);

// Decodes and disassembles the bytes; "(bad)" style output for invalid opcodes.
std::string disassemble(const uint8_t* bytes, uint64_t ia);

}  // namespace ssivm::arch
