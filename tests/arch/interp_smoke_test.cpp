// The interpreter and the reference stepper agree on a small loop, and self-modifying code
// is seen by the interpreter.
#include <gtest/gtest.h>

#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

TEST(Interp, LoopMatchesReferenceStepper) {
  const char* src = "lghi %r1,100\nlghi %r2,0\n0: agr %r2,%r1\nbrct %r1,0b\n";
  test_guest a, b;
  a.load_asm(src);
  b.load_asm(src);
  EXPECT_EQ(a.run(), stop_reason::svc);
  EXPECT_EQ(b.step_all(), stop_reason::svc);
  EXPECT_EQ(a.r(2), 5050u);
  EXPECT_EQ(b.r(2), 5050u);
  EXPECT_EQ(a.c.s.psw_addr, a.end_ia());
}

TEST(Interp, StoreIntoDecodedCodeIsSeen) {
  // The loop body's "lghi %r3,1" is rewritten to "lghi %r3,2" by an STG-free MVI on its
  // immediate byte, after the block holding it was decoded once.
  test_guest g;
  g.load_asm(
      "lghi %r4,0\n"
      "lghi %r1,2\n"
      "larl %r5,1f\n"
      "0: agr %r4,%r3\n"
      "1: lghi %r3,1\n"
      "mvi 3(%r5),2\n"
      "brct %r1,0b\n"
      "agr %r4,%r3\n");
  g.r(3) = 0;
  EXPECT_EQ(g.run(), stop_reason::svc);
  // pass 1: r4 += 0, r3 = 1; pass 2: r4 += 1, r3 = 2 (rewritten); then r4 += 2.
  EXPECT_EQ(g.r(4), 3u);
}

TEST(Interp, InvalidOpcodeIsAnOperationException) {
  test_guest g;
  g.load({0x00, 0x00});
  EXPECT_EQ(g.run(), stop_reason::program);
  EXPECT_EQ(g.c.pgm_code, ssivm::arch::pic::operation);
}

TEST(Interp, OperandsWrapAtTheTopOf24BitAddressSpace) {
  // The test storage is exactly 16 MiB, the 24-bit address space: a word at 0xfffffe is bytes
  // fffffe, ffffff, 0 and 1.
  test_guest g;
  g.c.s.amode = 24;
  g.c.s.amask = 0xffffff;
  g.c.s.psw_mask &= ~((1ull << (63 - 31)) | (1ull << (63 - 32)));
  g.put8(0xfffffe, 0x11);
  g.put8(0xffffff, 0x22);
  g.put8(0, 0x33);
  g.put8(1, 0x44);
  g.load_asm("l %r1,0(%r2)\nst %r3,0(%r2)\n");
  g.r(2) = 0xfffffe;
  g.r(3) = 0xaabbccdd;
  EXPECT_EQ(g.run(), stop_reason::svc);
  EXPECT_EQ(g.r(1) & 0xffffffff, 0x11223344u);
  EXPECT_EQ(g.get8(0xfffffe), 0xaa);
  EXPECT_EQ(g.get8(0xffffff), 0xbb);
  EXPECT_EQ(g.get8(0), 0xcc);
  EXPECT_EQ(g.get8(1), 0xdd);
}
