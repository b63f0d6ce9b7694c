// The host addresses of what the semantics bitcode calls but does not define (generated from
// the bitcode's undefined symbols at build time: out-of-line parts of the access funnel,
// EXECUTE's fetch and dispatch, libc/libm). Taking their addresses here also makes the linker
// keep them in every binary that links the JIT.
#include "jit/sem_symbols.hpp"

#include "jit/sem_symbols_decl.inc"

namespace ssivm::jit {

const sem_symbol kSemSymbols[] = {
#include "jit/sem_symbols_table.inc"
};
const unsigned kSemSymbolCount = sizeof(kSemSymbols) / sizeof(kSemSymbols[0]);

}  // namespace ssivm::jit
