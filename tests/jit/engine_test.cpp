// The JIT engine against the interpreter and the reference stepper: loops, self-modifying
// code, program interruptions and the instruction budget.
#include <gtest/gtest.h>

#include "jit/engine.hpp"
#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

namespace {

struct jit_guest : test_guest {
  jit_guest() { eng = ssivm::jit::make_jit(*st); }
};

}  // namespace

TEST(Jit, LoopMatchesInterpreter) {
  const char* src = "lghi %r1,100\nlghi %r2,0\n0: agr %r2,%r1\nbrct %r1,0b\n";
  jit_guest j;
  test_guest i;
  j.load_asm(src);
  i.load_asm(src);
  EXPECT_EQ(j.run(), stop_reason::svc);
  EXPECT_EQ(i.run(), stop_reason::svc);
  EXPECT_EQ(j.r(2), 5050u);
  EXPECT_EQ(j.c.s.psw_addr, i.c.s.psw_addr);
  EXPECT_EQ(j.c.s.cc, i.c.s.cc);
}

TEST(Jit, BudgetEndsSlicesWhereTheInterpreterDoes) {
  const char* src = "lghi %r1,1000\nlghi %r2,0\n0: agr %r2,%r1\naghi %r2,1\nbrct %r1,0b\n";
  jit_guest j;
  test_guest i;
  j.load_asm(src);
  i.load_asm(src);
  for (int64_t budget : {1, 7, 50, 301}) {
    auto rj = j.eng->run(j.c, budget);
    auto ri = i.eng->run(i.c, budget);
    EXPECT_EQ(rj.why, ri.why);
    EXPECT_EQ(rj.executed, ri.executed);
    EXPECT_EQ(j.c.s.psw_addr, i.c.s.psw_addr);
    EXPECT_EQ(j.r(1), i.r(1));
    EXPECT_EQ(j.r(2), i.r(2));
  }
}

TEST(Jit, StoreIntoTheRunningBlockTakesEffectAtTheNextInstruction) {
  // MVI rewrites the immediate of the very next instruction of the same block, on every pass
  // of a loop (the block is recompiled each time).
  const char* src =
      "lghi %r1,3\n"
      "lghi %r4,0\n"
      "larl %r5,1f\n"
      "0: mvi 3(%r5),7\n"
      "1: lghi %r3,1\n"
      "agr %r4,%r3\n"
      "brct %r1,0b\n";
  jit_guest j;
  test_guest i;
  j.load_asm(src);
  i.load_asm(src);
  EXPECT_EQ(j.run(), stop_reason::svc);
  EXPECT_EQ(i.run(), stop_reason::svc);
  EXPECT_EQ(j.r(3), 7u);
  EXPECT_EQ(j.r(4), 21u);
  EXPECT_EQ(j.r(4), i.r(4));
  EXPECT_GT(ssivm::jit::stats_of(*j.eng)->invalidations, 0u);
}

TEST(Jit, ProgramInterruptionLeavesTheInterpretersState) {
  // A fixed-point divide exception in the middle of a block.
  const char* src = "lghi %r1,5\nlghi %r2,0\nlghi %r3,7\ndsgr %r2,%r4\nlghi %r1,9\n";
  jit_guest j;
  test_guest i;
  j.load_asm(src);
  i.load_asm(src);
  j.r(4) = 0;
  i.r(4) = 0;
  auto rj = j.eng->run(j.c, 100);
  auto ri = i.eng->run(i.c, 100);
  EXPECT_EQ(rj.why, stop_reason::program);
  EXPECT_EQ(rj.why, ri.why);
  EXPECT_EQ(rj.executed, ri.executed);
  EXPECT_EQ(j.c.pgm_code, i.c.pgm_code);
  EXPECT_EQ(j.c.pgm_ilc, i.c.pgm_ilc);
  EXPECT_EQ(j.c.s.psw_addr, i.c.s.psw_addr);
  EXPECT_EQ(j.r(1), 5u);
}

TEST(Jit, InvalidOpcodeIsAnOperationException) {
  jit_guest g;
  g.load({0x00, 0x00});
  EXPECT_EQ(g.run(), stop_reason::program);
  EXPECT_EQ(g.c.pgm_code, ssivm::arch::pic::operation);
}
