// The tiered engine (interpreter first, hot blocks compiled in the background): the same
// results, slices and interruption state as the interpreter, whether or not compiled code has
// been installed yet, and compiled code dropped when its page is stored into.
#include <gtest/gtest.h>

#include "jit/engine.hpp"
#include "runtime/tiering.hpp"
#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

namespace {

struct tiered_guest : test_guest {
  explicit tiered_guest(ssivm::runtime::tier_options opt = {.threshold = 2, .synchronous = true}) {
    eng = ssivm::runtime::make_tiered(*st, ssivm::jit::make_tier_compiler(*st), opt);
  }
  const ssivm::runtime::tier_stats& stats() { return *ssivm::runtime::tier_stats_of(*eng); }
};

}  // namespace

TEST(Tiered, HotLoopIsCompiledAndMatchesTheInterpreter) {
  const char* src = "lghi %r1,1000\nlghi %r2,0\n0: agr %r2,%r1\naghi %r2,3\nbrct %r1,0b\n";
  tiered_guest t;
  test_guest i;
  t.load_asm(src);
  i.load_asm(src);
  EXPECT_EQ(t.run(), stop_reason::svc);
  EXPECT_EQ(i.run(), stop_reason::svc);
  EXPECT_EQ(t.r(2), i.r(2));
  EXPECT_EQ(t.c.s.cc, i.c.s.cc);
  EXPECT_EQ(t.c.s.psw_addr, i.c.s.psw_addr);
  EXPECT_GE(t.stats().installed, 1u);
  EXPECT_EQ(t.eng->name(), "tiered");
}

TEST(Tiered, BudgetEndsSlicesWhereTheInterpreterDoes) {
  // A loop of two blocks, so both compiled entry and chaining between them are sliced.
  const char* src =
      "lghi %r1,500\nlghi %r2,0\n"
      "0: agr %r2,%r1\ncghi %r1,250\njh 1f\naghi %r2,1\n1: brct %r1,0b\n";
  tiered_guest t;
  test_guest i;
  t.load_asm(src);
  i.load_asm(src);
  for (int k = 0; k < 400; ++k) {
    const int64_t budget = 1 + (k * 37) % 23;
    auto rt = t.eng->run(t.c, budget);
    auto ri = i.eng->run(i.c, budget);
    ASSERT_EQ(rt.why, ri.why) << "slice " << k;
    ASSERT_EQ(rt.executed, ri.executed) << "slice " << k;
    ASSERT_EQ(t.c.s.psw_addr, i.c.s.psw_addr) << "slice " << k;
    ASSERT_EQ(t.r(1), i.r(1));
    ASSERT_EQ(t.r(2), i.r(2));
    if (rt.why == stop_reason::svc) break;
  }
  EXPECT_GE(t.stats().installed, 2u);
}

TEST(Tiered, ProgramInterruptionInCompiledCodeLeavesTheInterpretersState) {
  // The divide in the loop body faults on the last pass (r4 reaches 0), in compiled code.
  const char* src =
      "lghi %r1,50\nlghi %r4,49\n"
      "0: lghi %r2,0\nlghi %r3,100\ndsgr %r2,%r4\naghi %r4,-1\nbrct %r1,0b\n";
  tiered_guest t;
  test_guest i;
  t.load_asm(src);
  i.load_asm(src);
  auto rt = t.eng->run(t.c, 100000);
  auto ri = i.eng->run(i.c, 100000);
  EXPECT_EQ(rt.why, stop_reason::program);
  EXPECT_EQ(rt.why, ri.why);
  EXPECT_EQ(rt.executed, ri.executed);
  EXPECT_EQ(t.c.pgm_code, i.c.pgm_code);
  EXPECT_EQ(t.c.pgm_ilc, i.c.pgm_ilc);
  EXPECT_EQ(t.c.s.psw_addr, i.c.s.psw_addr);
  EXPECT_EQ(t.r(1), i.r(1));
  EXPECT_EQ(t.r(4), i.r(4));
  EXPECT_GE(t.stats().installed, 1u);
}

TEST(Tiered, BackgroundCompilationGivesTheSameResult) {
  // Asynchronous (the default mode): 16 M instructions in 1 M slices, past the warm-up
  // (threshold x 64 Ki), so the region is queued to the compile thread; whenever its code
  // arrives (or if it has not yet), the result is the interpreter's.
  const char* src =
      "llilf %r1,4000000\nlghi %r2,0\n0: agr %r2,%r1\nxgr %r2,%r1\naghi %r2,7\nbrct %r1,0b\n";
  tiered_guest t({.threshold = 10});
  test_guest i;
  t.load_asm(src);
  i.load_asm(src);
  stop_reason why;
  do why = t.eng->run(t.c, 1'000'000).why;
  while (why == stop_reason::budget);
  EXPECT_EQ(why, stop_reason::svc);
  EXPECT_EQ(i.run(100'000'000), stop_reason::svc);
  EXPECT_EQ(t.r(2), i.r(2));
  EXPECT_EQ(t.c.s.psw_addr, i.c.s.psw_addr);
  EXPECT_GE(t.stats().requested, 1u);
}

TEST(Tiered, ResultsForADroppedBlockAreDiscarded) {
  // The loop's block is hot and queued; then its code changes (MVI into the loop body after
  // the first loop), so the second loop must run the new code.
  const char* src =
      "lghi %r1,100\nlghi %r2,0\nlarl %r5,0f\n"
      "0: aghi %r2,1\nbrct %r1,0b\n"
      "mvi 3(%r5),5\n"  // aghi %r2,1 -> aghi %r2,5
      "lghi %r1,100\nj 0b\n";
  tiered_guest t;
  t.load_asm(src);
  // The second pass loops forever (j 0b); stop after enough instructions.
  t.eng->run(t.c, 2000);
  test_guest i;
  i.load_asm(src);
  i.eng->run(i.c, 2000);
  EXPECT_EQ(t.r(2), i.r(2));
  EXPECT_EQ(t.c.s.psw_addr, i.c.s.psw_addr);
}
