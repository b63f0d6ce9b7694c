// Decoder: instruction bytes → table row and fields. Derived entirely from the instruction table.
#pragma once

#include <cstdint>

#include "arch/format.hpp"
#include "arch/insn_table.hpp"

namespace ssivm::arch {

// Decodes the instruction at `bytes` (at least insn_length(bytes[0]) bytes readable).
// Unknown opcodes and instructions of facilities not installed give id 0 (invalid), with the
// length still taken from the first byte, as the CPU does for an operation exception.
void decode(const uint8_t* bytes, insn& out);

// Fills the fields of `out` from `bytes` according to `fmt` (id and len untouched).
void extract_fields(format fmt, const uint8_t* bytes, insn& out);

// Encodes a decoded instruction back to bytes (for tests and the fuzzer); returns the length.
unsigned encode(const insn& in, uint8_t* bytes);

// Row of the table for an opcode, ignoring facilities (0 if none).
uint16_t lookup_opcode(const uint8_t* bytes);

}  // namespace ssivm::arch
