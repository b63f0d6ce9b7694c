// The semantics as the JIT sees them: compiled to LLVM bitcode at build time (never into a
// host object) and embedded in ssivm_jit. One extern "C" entry per table row, named
// ssivm_sem_<ROW>, with the interpreter's signature; a region's module clones the entries it
// uses, makes them internal + always-inline and passes the decoded fields as a constant, so
// LLVM folds every field after inlining.
#include "arch/insn_table.hpp"
#include "arch/semantics.hpp"

using ssivm::arch::cpu;
using ssivm::arch::insn;

#define SSIVM_SEM_ENTRY(NAME, EXPR)                                         \
  extern "C" uint8_t ssivm_sem_##NAME(cpu* c, const insn* i, uint64_t ia) { \
    (void)i;                                                                \
    (void)ia;                                                               \
    return static_cast<uint8_t>(EXPR);                                      \
  }

// Row 0 (invalid opcode) and rows whose static constraints fail (see arch::constraints_ok).
SSIVM_SEM_ENTRY(invalid_, ssivm::arch::sem::operation(*c))
SSIVM_SEM_ENTRY(bad_constraints_, ssivm::arch::sem::specification(*c))

#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) \
  SSIVM_SEM_ENTRY(ID, ssivm::arch::sem::SEM(*c, *i, ia))
#include "arch/insns.def"
#undef INSN
