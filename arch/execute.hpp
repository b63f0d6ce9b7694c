// One-instruction execution by table dispatch: the reference step used by EXECUTE, the
// fuzzer's reference runs, and any engine's fallback for rare instructions.
#pragma once

#include <cstdint>

#include "arch/cpu.hpp"
#include "arch/format.hpp"

namespace ssivm::arch {

// Runs the semantic routine of `i` (which sits at guest address `ia`). Register-pair and
// other static constraints are checked here too (check_constraints).
exec_status execute_one(cpu& c, const insn& i, uint64_t ia);

// The static constraints of a row (even registers, valid FPR pairs): false with a
// specification exception recorded when violated. Engines check it once per pre-decode.
bool constraints_ok(const insn& i);

// Fetches and decodes the instruction at `ia` through the access funnel; false (with a
// program interruption recorded) if it cannot be fetched.
bool fetch_insn(cpu& c, uint64_t ia, insn& out);

}  // namespace ssivm::arch
