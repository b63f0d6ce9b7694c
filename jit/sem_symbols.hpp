// Host symbols the semantics bitcode refers to (see sem_symbols.cpp).
#pragma once

namespace ssivm::jit {

struct sem_symbol {
  const char* name;  // linker-level name
  void* addr;
};
extern const sem_symbol kSemSymbols[];
extern const unsigned kSemSymbolCount;

}  // namespace ssivm::jit
