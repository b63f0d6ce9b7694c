// The embedded semantics bitcode defines one entry per instruction-table row.
#include <gtest/gtest.h>

#include <algorithm>

#include "arch/insn_table.hpp"
#include "jit/engine.hpp"

TEST(JitBitcode, EveryTableRowHasItsSemanticFunction) {
  EXPECT_GT(ssivm::jit::semantics_bitcode().size(), 0u);
  std::vector<std::string> defined = ssivm::jit::semantics_bitcode_functions();
  ASSERT_FALSE(defined.empty());
  std::sort(defined.begin(), defined.end());
  auto has = [&](const std::string& n) {
    return std::binary_search(defined.begin(), defined.end(), n);
  };
  for (unsigned id = 0; id < ssivm::arch::kInsnCount; ++id) {
    const std::string name = ssivm::jit::semantic_function_name(static_cast<uint16_t>(id));
    EXPECT_TRUE(has(name)) << name;
  }
  EXPECT_TRUE(has("ssivm_sem_bad_constraints_"));
}
