// Disassembler: mnemonics and operands exactly as GNU objdump (binutils 2.40) prints them for
// s390x, extended mnemonics included, plus the way back from an objdump mnemonic to its row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "arch/format.hpp"

namespace ssivm::arch {

// How a relative target is shown; objdump without symbols prints "0x…".
using address_text_fn = std::function<std::string(uint64_t target)>;

// "mnemonic\toperands" for a decoded instruction at address `ia`, as objdump prints it after
// the instruction bytes. Relative operands are shown as absolute targets ("0x…" unless
// `address_text` says otherwise). An invalid instruction (id 0) gives ".long".
std::string disassemble(const insn& i, uint64_t ia);
std::string disassemble(const insn& i, uint64_t ia, const address_text_fn& address_text);

// Decodes and disassembles the bytes (insn_length(bytes[0]) of them readable). Unlike decode(),
// rows of facilities that are not installed are still named: a listing shows what the bytes
// are, not what this CPU would run.
std::string disassemble(const uint8_t* bytes, uint64_t ia);

// The same for a listing tool: `avail` bytes are readable, `*consumed` receives how many the
// line covers. Unknown opcodes print as objdump does (".long\t0x…" of four bytes, ".short" when
// only two are left), and so do instructions whose reserved bits are not zero.
std::string disassemble(const uint8_t* bytes, size_t avail, uint64_t ia, unsigned* consumed,
                        const address_text_fn& address_text = {});

// The base mnemonic (a row's lower-case name) behind an objdump mnemonic: "jne" → "brc",
// "locgrnle" → "locgr", "cdfbr" → "cdfbra", "risbgz" → "risbg". A mnemonic that is not an
// extended form is returned unchanged. Works whether or not the base row exists yet.
std::string_view base_mnemonic(std::string_view objdump_mnemonic);

// The table rows an objdump mnemonic (extended or not) stands for; empty when no row does.
// Facilities are not considered: a row of an uninstalled facility is still returned.
std::vector<uint16_t> rows_for_mnemonic(std::string_view objdump_mnemonic);

// The operand lists one row can print: its own, then those of its field-conditioned forms
// (tests use them to know which fields a row's encodings may set).
std::vector<std::string_view> operand_forms(uint16_t id);

// Every extended mnemonic the disassembler can print, with its base mnemonic (for tests).
std::vector<std::pair<std::string, std::string>> extended_mnemonics();

}  // namespace ssivm::arch
