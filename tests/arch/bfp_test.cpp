// Binary floating point: rounding modes, IEEE flags and traps (DXC, suppression/completion),
// NaN rules, conversions, extended pairs and the FPC instructions, run through the interpreter.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstring>
#include <string>

#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;
namespace pic = ssivm::arch::pic;

namespace {

uint64_t dbits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}
double dval(uint64_t b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}
uint64_t ebits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return static_cast<uint64_t>(b) << 32;
}
float eval(uint64_t fpr) {
  uint32_t b = static_cast<uint32_t>(fpr >> 32);
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
uint32_t ehi(uint64_t fpr) { return static_cast<uint32_t>(fpr >> 32); }

// FPC bits.
constexpr uint32_t kMaskI = 0x80000000, kMaskZ = 0x40000000, kMaskO = 0x20000000,
                   kMaskU = 0x10000000, kMaskX = 0x08000000;
constexpr uint32_t kFlagI = 0x00800000, kFlagZ = 0x00400000, kFlagO = 0x00200000,
                   kFlagU = 0x00100000, kFlagX = 0x00080000;
constexpr uint32_t kFlags = 0x00f80000;

// Runs one snippet with FPC = fpc; returns the stop reason.
stop_reason run(test_guest& g, const std::string& src, uint32_t fpc = 0) {
  g.load_asm(src);
  g.c.s.fpc = fpc;
  return g.run();
}

uint32_t dxc_of(const test_guest& g) { return (g.c.s.fpc >> 8) & 0xff; }

}  // namespace

TEST(Bfp, LongAddHonoursEachRoundingMode) {
  // 1 + 2^-60 lies strictly between 1 and 1 + 2^-52.
  const uint64_t one = dbits(1.0), up = dbits(1.0) + 1;
  const struct {
    unsigned mode;
    uint64_t pos, neg;
  } cases[] = {
      {0, one, one | (1ull << 63)}, {1, one, one | (1ull << 63)}, {2, up, one | (1ull << 63)},
      {3, one, up | (1ull << 63)},  {7, up, up | (1ull << 63)},  // round to odd: 1.0 has an even
                                                                 // last bit
  };
  for (auto k : cases) {
    test_guest g;
    g.f(0) = dbits(1.0);
    g.f(2) = dbits(std::ldexp(1.0, -60));
    g.f(4) = dbits(-1.0);
    g.f(6) = dbits(-std::ldexp(1.0, -60));
    ASSERT_EQ(run(g, "srnmb " + std::to_string(k.mode) + "\nadbr %f0,%f2\nadbr %f4,%f6\n"),
              stop_reason::svc);
    EXPECT_EQ(g.f(0), k.pos) << "mode " << k.mode;
    EXPECT_EQ(g.f(4), k.neg) << "mode " << k.mode;
    EXPECT_EQ(g.c.s.cc, 1);  // last result negative
    EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  }
}

TEST(Bfp, ShortResultKeepsTheRightHalf) {
  test_guest g;
  g.f(1) = ebits(1.5f) | 0x12345678;
  g.f(2) = ebits(2.25f) | 0x9abcdef0;
  ASSERT_EQ(run(g, "aebr %f1,%f2\n"), stop_reason::svc);
  EXPECT_EQ(eval(g.f(1)), 3.75f);
  EXPECT_EQ(g.f(1) & 0xffffffff, 0x12345678u);
  EXPECT_EQ(g.c.s.cc, 2);
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);  // exact
}

TEST(Bfp, SubtractToZeroIsNegativeZeroOnlyRoundingDown) {
  for (unsigned mode : {0u, 3u}) {
    test_guest g;
    g.f(0) = dbits(5.0);
    g.f(2) = dbits(5.0);
    ASSERT_EQ(run(g, "srnmb " + std::to_string(mode) + "\nsdbr %f0,%f2\n"), stop_reason::svc);
    EXPECT_EQ(g.f(0), mode == 3 ? 1ull << 63 : 0ull);
    EXPECT_EQ(g.c.s.cc, 0);
  }
}

TEST(Bfp, CompareSetsUnorderedAndSignalsPerKind) {
  const uint64_t qnan = 0x7ff8000000000001ull, snan = 0x7ff0000000000001ull;
  struct {
    const char* insn;
    uint64_t b;
    bool invalid;
  } cases[] = {
      {"cdbr", qnan, false}, {"kdbr", qnan, true}, {"cdbr", snan, true}, {"kdbr", snan, true}};
  for (auto k : cases) {
    test_guest g;
    g.f(0) = dbits(1.0);
    g.f(2) = k.b;
    ASSERT_EQ(run(g, std::string(k.insn) + " %f0,%f2\n"), stop_reason::svc);
    EXPECT_EQ(g.c.s.cc, 3) << k.insn;
    EXPECT_EQ((g.c.s.fpc & kFlagI) != 0, k.invalid) << k.insn;
  }
  test_guest g;
  g.f(0) = dbits(-0.0);
  g.f(2) = dbits(0.0);
  ASSERT_EQ(run(g, "cdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.c.s.cc, 0);
  g.f(0) = dbits(-1.0);
  ASSERT_EQ(run(g, "cdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.c.s.cc, 1);
}

TEST(Bfp, InvalidTrapSuppressesAndLeavesCC) {
  test_guest g;
  g.f(0) = dbits(1.0);
  g.f(2) = 0x7ff8000000000000ull;
  g.c.s.cc = 2;
  ASSERT_EQ(run(g, "kdbr %f0,%f2\n", kMaskI), stop_reason::program);
  EXPECT_EQ(g.c.pgm_code, pic::data);
  EXPECT_EQ(g.c.dxc, 0x80);
  EXPECT_EQ(dxc_of(g), 0x80u);
  EXPECT_EQ(g.c.s.cc, 2);
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);
  EXPECT_EQ(g.c.s.psw_addr, test_guest::kCodeAt + 4);  // suppression: PSW after the instruction
}

TEST(Bfp, InvalidOperationGivesTheDefaultNaN) {
  test_guest g;
  g.f(0) = dbits(INFINITY);
  g.f(2) = dbits(INFINITY);
  g.f(4) = 0;
  g.f(6) = 0;
  ASSERT_EQ(run(g, "sdbr %f0,%f2\ndebr %f4,%f6\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), 0x7ff8000000000000ull);  // positive, unlike the x86 default NaN
  EXPECT_EQ(ehi(g.f(4)), 0x7fc00000u);
  EXPECT_EQ(g.c.s.cc, 3);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI);
}

TEST(Bfp, NaNOperandsPropagateSignalingFirst) {
  test_guest g;
  g.f(0) = 0x7ff8000000000aaaull;  // QNaN in operand 1
  g.f(2) = 0xfff0000000000bbbull;  // SNaN in operand 2 wins, made quiet
  ASSERT_EQ(run(g, "adbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), 0xfff8000000000bbbull);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI);
  test_guest h;
  h.f(0) = 0x7ff8000000000aaaull;
  h.f(2) = 0x7ff8000000000bbbull;
  ASSERT_EQ(run(h, "mdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(h.f(0), 0x7ff8000000000aaaull);  // both quiet: operand 1
  EXPECT_EQ(h.c.s.fpc & kFlags, 0u);
}

TEST(Bfp, DivideByZeroFlagsOrTraps) {
  test_guest g;
  g.f(0) = dbits(-3.0);
  g.f(2) = 0;
  ASSERT_EQ(run(g, "ddbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), dbits(-INFINITY));
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagZ);
  test_guest h;
  h.f(0) = dbits(-3.0);
  h.f(2) = 0;
  ASSERT_EQ(run(h, "ddbr %f0,%f2\n", kMaskZ), stop_reason::program);
  EXPECT_EQ(h.c.dxc, 0x40);
  EXPECT_EQ(h.f(0), dbits(-3.0));  // suppressed
}

TEST(Bfp, OverflowMaskedDependsOnRounding) {
  const double big = std::ldexp(1.0, 1000);
  for (unsigned mode : {0u, 1u}) {
    test_guest g;
    g.f(0) = dbits(big);
    g.f(2) = dbits(big);
    ASSERT_EQ(run(g, "srnmb " + std::to_string(mode) + "\nmdbr %f0,%f2\n"), stop_reason::svc);
    EXPECT_EQ(g.f(0), mode == 0 ? dbits(INFINITY) : 0x7fefffffffffffffull);
    EXPECT_EQ(g.c.s.fpc & kFlags, kFlagO | kFlagX);
  }
}

TEST(Bfp, OverflowTrapDeliversTheScaledResult) {
  test_guest g;
  g.f(0) = dbits(std::ldexp(1.0, 1000));
  g.f(2) = dbits(std::ldexp(1.0, 1000));
  ASSERT_EQ(run(g, "mdbr %f0,%f2\n", kMaskO), stop_reason::program);
  EXPECT_EQ(g.c.pgm_code, pic::data);
  EXPECT_EQ(g.c.dxc, 0x20);  // exact
  EXPECT_EQ(g.f(0), dbits(std::ldexp(1.0, 2000 - 1536)));
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);
  // Short, inexact: 3 * (2^127 * (1 + 2^-23)) rounded to nearest rounds up.
  test_guest h;
  h.f(0) = ebits(std::ldexp(1.0f + std::ldexp(1.0f, -23), 127));
  h.f(2) = ebits(3.0f);
  ASSERT_EQ(run(h, "meebr %f0,%f2\n", kMaskO), stop_reason::program);
  EXPECT_EQ(h.c.dxc, 0x2c);  // overflow, inexact, incremented
  double exact = 3.0 * (1.0 + std::ldexp(1.0, -23)) * std::ldexp(1.0, 127 - 192);
  EXPECT_EQ(eval(h.f(0)), static_cast<float>(exact));
}

TEST(Bfp, UnderflowMaskedFlagsOnlyWhenInexact) {
  test_guest g;
  g.f(0) = dbits(std::ldexp(1.0, -1070));  // exact subnormal product
  g.f(2) = dbits(0.5);
  ASSERT_EQ(run(g, "mdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), dbits(std::ldexp(1.0, -1071)));
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);
  test_guest h;
  h.f(0) = dbits(std::ldexp(3.0, -1074));
  h.f(2) = dbits(0.5);
  ASSERT_EQ(run(h, "mdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(h.f(0), dbits(std::ldexp(2.0, -1074)));  // 1.5 ulp rounds to even
  EXPECT_EQ(h.c.s.fpc & kFlags, kFlagU | kFlagX);
}

TEST(Bfp, TininessIsDetectedBeforeRounding) {
  // (2^-1022 - 2^-1075) rounds up to the smallest normal number but was tiny.
  test_guest g;
  // Build it as a product: (1 - 2^-53) * 2^-1022.
  g.f(0) = dbits(1.0 - std::ldexp(1.0, -53));  // largest double below 1
  g.f(2) = dbits(std::ldexp(1.0, -1022));
  ASSERT_EQ(run(g, "mdbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), dbits(std::ldexp(1.0, -1022)));
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagU | kFlagX);
}

TEST(Bfp, UnderflowTrapDeliversTheScaledResult) {
  test_guest g;
  g.f(0) = dbits(std::ldexp(1.0, -1070));
  g.f(2) = dbits(0.5);
  ASSERT_EQ(run(g, "mdbr %f0,%f2\n", kMaskU), stop_reason::program);
  EXPECT_EQ(g.c.dxc, 0x10);  // exact but tiny: trapped all the same
  EXPECT_EQ(g.f(0), dbits(std::ldexp(1.0, -1071 + 1536)));
  EXPECT_EQ(g.c.s.psw_addr, test_guest::kCodeAt + 4);
}

TEST(Bfp, InexactTrapCompletesWithTheRoundedResult) {
  test_guest g;
  g.f(0) = dbits(1.0);
  g.f(2) = dbits(3.0);
  ASSERT_EQ(run(g, "ddbr %f0,%f2\n", kMaskX), stop_reason::program);
  EXPECT_EQ(g.f(0), dbits(1.0 / 3.0));
  EXPECT_EQ(g.c.dxc, 0x08);  // 1/3 rounds down
  test_guest h;
  h.f(0) = dbits(1.0);
  h.f(2) = dbits(10.0);
  ASSERT_EQ(run(h, "ddbr %f0,%f2\n", kMaskX), stop_reason::program);
  EXPECT_EQ(h.f(0), dbits(1.0 / 10.0));
  EXPECT_EQ(h.c.dxc, 0x0c);  // 1/10 rounds up
}

TEST(Bfp, MultiplyAndAddRoundsOnce) {
  // a*a - 1 with a = 1 + 2^-30: the separate product loses the 2^-60 term.
  const double a = 1.0 + std::ldexp(1.0, -30);
  test_guest g;
  g.f(0) = dbits(1.0);
  g.f(2) = dbits(a);
  g.f(4) = dbits(a);
  ASSERT_EQ(run(g, "msdbr %f0,%f4,%f2\n"), stop_reason::svc);
  EXPECT_EQ(dval(g.f(0)), std::ldexp(1.0, -29) + std::ldexp(1.0, -60));
  test_guest h;
  h.f(0) = ebits(-1.0f);
  h.f(2) = ebits(1.0f + std::ldexp(1.0f, -12));
  h.f(4) = ebits(1.0f + std::ldexp(1.0f, -12));
  ASSERT_EQ(run(h, "maebr %f0,%f4,%f2\n"), stop_reason::svc);
  EXPECT_EQ(eval(h.f(0)), std::ldexp(1.0f, -11) + std::ldexp(1.0f, -24));
}

// MDEBR multiplies two short operands (the first in the left half of R1) into a long result.
// The qemu-s390x we compare with takes R1 as a long operand (fixed in later QEMU): the PoO
// decides.
TEST(Bfp, MultiplyShortIntoLong) {
  test_guest g;
  g.f(0) = ebits(1.5f) | 0xdeadbeef;
  g.f(2) = ebits(1.0f + std::ldexp(1.0f, -23));
  ASSERT_EQ(run(g, "mdebr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(dval(g.f(0)), 1.5 * (1.0 + std::ldexp(1.0, -23)));  // exact in long
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);
  test_guest h;
  h.f(0) = 0x7f80000100000000ull;  // short SNaN
  h.f(2) = ebits(2.0f);
  ASSERT_EQ(run(h, "mdebr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(h.f(0), 0x7ff8000020000000ull);
  EXPECT_EQ(h.c.s.fpc & kFlags, kFlagI);
}

TEST(Bfp, ExtendedArithmeticUsesRegisterPairs) {
  test_guest g;
  // 1.0 in f0/f2, 3.0 in f4/f6.
  g.f(0) = 0x3fff000000000000ull;
  g.f(2) = 0;
  g.f(4) = 0x4000800000000000ull;
  g.f(6) = 0;
  g.f(8) = 0x4000000000000000ull;
  g.f(10) = 0;  // 2.0
  ASSERT_EQ(run(g, "dxbr %f0,%f4\nsqxbr %f8,%f8\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), 0x3ffd555555555555ull);  // 1/3, rounded to nearest (down)
  EXPECT_EQ(g.f(2), 0x5555555555555555ull);
  EXPECT_EQ(g.f(8), 0x3fff6a09e667f3bcull);  // sqrt(2)
  EXPECT_EQ(g.f(10), 0xc908b2fb1366ea95ull);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  test_guest h;
  h.f(0) = 0x3fff000000000000ull;
  h.f(2) = 0;
  h.f(4) = 0x3fff000000000000ull;
  h.f(6) = 1;  // 1 + 2^-112
  ASSERT_EQ(run(h, "srnmb 2\naxbr %f0,%f4\n"), stop_reason::svc);
  EXPECT_EQ(h.f(0), 0x4000000000000000ull);
  EXPECT_EQ(h.f(2), 1ull);  // 2 + 2^-112 rounds up to 2 + 2^-111
  EXPECT_EQ(h.c.s.cc, 2);
}

TEST(Bfp, ExtendedOperandsMustBeValidPairs) {
  test_guest g;
  ASSERT_EQ(run(g, ".long 0xb34a0024\n"), stop_reason::program);  // axbr %f2,%f4: as refuses it
  EXPECT_EQ(g.c.pgm_code, pic::specification);
}

TEST(Bfp, ExtendedOverflowTrapScales) {
  test_guest g;
  g.f(0) = 0x7ffe000000000000ull;
  g.f(2) = 0;  // 2^16383
  g.f(4) = 0x4000000000000000ull;
  g.f(6) = 0;  // 2
  ASSERT_EQ(run(g, "mxbr %f0,%f4\n", kMaskO), stop_reason::program);
  EXPECT_EQ(g.c.dxc, 0x20);
  EXPECT_EQ(g.f(0), static_cast<uint64_t>(16384 - 24576 + 16383) << 48);
  test_guest h;
  h.f(0) = 0x7ffe000000000000ull;
  h.f(2) = 0;
  h.f(4) = 0x7ffe000000000000ull;
  h.f(6) = 0;
  ASSERT_EQ(run(h, "axbr %f0,%f4\n", kMaskO), stop_reason::program);
  EXPECT_EQ(h.f(0), static_cast<uint64_t>(16384 - 24576 + 16383) << 48);
}

TEST(Bfp, ConvertToFixedRoundsByM3) {
  const struct {
    unsigned m3;
    int32_t pos, neg;
  } cases[] = {{1, 3, -3}, {3, 3, -3}, {4, 2, -2}, {5, 2, -2}, {6, 3, -2}, {7, 2, -3}};
  for (auto k : cases) {
    test_guest g;
    g.f(0) = dbits(2.5);
    g.f(2) = dbits(-2.5);
    std::string m = std::to_string(k.m3);
    ASSERT_EQ(run(g, "cfdbr %r1," + m + ",%f0\ncfdbr %r2," + m + ",%f2\n"), stop_reason::svc);
    EXPECT_EQ(static_cast<int32_t>(g.r(1)), k.pos) << "m3 " << k.m3;
    EXPECT_EQ(static_cast<int32_t>(g.r(2)), k.neg) << "m3 " << k.m3;
    EXPECT_EQ(g.c.s.cc, 1);
    EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  }
}

TEST(Bfp, ConvertToFixedSpecialCases) {
  test_guest g;
  g.r(1) = 0xffffffff00000000ull;
  g.f(0) = 0x7ff8000000000000ull;
  g.f(2) = dbits(3e10);
  g.f(4) = dbits(-3e10);
  ASSERT_EQ(run(g, "cfdbr %r1,5,%f0\nipm %r5\ncfdbr %r2,5,%f2\ncgdbr %r3,5,%f4\n"),
            stop_reason::svc);
  EXPECT_EQ(g.r(1), 0xffffffff80000000ull);  // high half kept
  EXPECT_EQ((g.r(5) >> 28) & 3, 3u);
  EXPECT_EQ(static_cast<uint32_t>(g.r(2)), 0x7fffffffu);
  EXPECT_EQ(g.r(3), static_cast<uint64_t>(-30000000000ll));  // in range for 64 bits
  EXPECT_EQ(g.c.s.cc, 1);
  // Out of range is reported inexact as well (a NaN source is not; qemu-s390x agrees).
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI | kFlagX);
  test_guest n;
  n.f(0) = 0x7ff8000000000000ull;
  ASSERT_EQ(run(n, "cgdbr %r1,5,%f0\n"), stop_reason::svc);
  EXPECT_EQ(n.r(1), 0x8000000000000000ull);
  EXPECT_EQ(n.c.s.fpc & kFlags, kFlagI);
  // Trap: suppressed, R1 and CC unchanged.
  test_guest h;
  h.r(1) = 7;
  h.f(0) = dbits(3e10);
  h.c.s.cc = 0;
  ASSERT_EQ(run(h, "cfdbr %r1,5,%f0\n", kMaskI), stop_reason::program);
  EXPECT_EQ(h.r(1), 7u);
  EXPECT_EQ(h.c.dxc, 0x80);
  EXPECT_EQ(h.c.s.cc, 0);
  // 2147483647.4 rounds into range; -2147483648.9 truncates into range.
  test_guest k;
  k.f(0) = dbits(2147483647.4);
  k.f(2) = dbits(-2147483648.9);
  ASSERT_EQ(run(k, "cfdbr %r1,4,%f0\ncfdbr %r2,5,%f2\n"), stop_reason::svc);
  EXPECT_EQ(static_cast<uint32_t>(k.r(1)), 0x7fffffffu);
  EXPECT_EQ(static_cast<uint32_t>(k.r(2)), 0x80000000u);
  EXPECT_EQ(k.c.s.cc, 1);
  EXPECT_EQ(k.c.s.fpc & kFlags, kFlagX);
}

TEST(Bfp, ConvertToLogical) {
  test_guest g;
  g.f(0) = dbits(-0.4);
  g.f(2) = dbits(-1.5);
  g.f(4) = dbits(4294967295.0);
  g.f(6) = ebits(1.8446743e19f);  // just below 2^64
  ASSERT_EQ(run(g,
                "clfdbr %r1,4,%f0,0\nipm %r6\nclfdbr %r2,4,%f2,0\nipm %r7\n"
                "clfdbr %r3,4,%f4,0\nclgebr %r4,4,%f6,0\n"),
            stop_reason::svc);
  EXPECT_EQ(static_cast<uint32_t>(g.r(1)), 0u);
  EXPECT_EQ((g.r(6) >> 28) & 3, 1u);  // source negative
  EXPECT_EQ(static_cast<uint32_t>(g.r(2)), 0u);
  EXPECT_EQ((g.r(7) >> 28) & 3, 3u);
  EXPECT_EQ(static_cast<uint32_t>(g.r(3)), 0xffffffffu);
  EXPECT_EQ(g.r(4), static_cast<uint64_t>(1.8446743e19f));
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI | kFlagX);
}

TEST(Bfp, ConvertFromFixedRoundsByM3) {
  // 2^53 + 1 is halfway between two doubles; 2^24 + 1 between two floats.
  const int64_t v = (1ll << 53) + 1;
  struct {
    unsigned m3;
    uint64_t want;
  } cases[] = {{4, dbits(9007199254740992.0)},
               {1, dbits(9007199254740994.0)},
               {5, dbits(9007199254740992.0)},
               {6, dbits(9007199254740994.0)},
               {3, dbits(9007199254740994.0)}};
  for (auto k : cases) {
    test_guest g;
    g.r(2) = static_cast<uint64_t>(v);
    ASSERT_EQ(run(g, "cdgbra %f0," + std::to_string(k.m3) + ",%r2,0\n"), stop_reason::svc);
    EXPECT_EQ(g.f(0), k.want) << "m3 " << k.m3;
    EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  }
  test_guest g;
  g.r(2) = 0xffffffffffffffffull;
  g.r(3) = 0x80000001u;  // negative as a 32-bit signed value
  ASSERT_EQ(run(g, "celgbr %f0,5,%r2,4\ncefbr %f2,%r3\ncxlgbr %f4,0,%r2,0\n"), stop_reason::svc);
  EXPECT_EQ(eval(g.f(0)), std::nextafter(18446744073709551616.0f, 0.0f));  // truncated
  EXPECT_EQ(eval(g.f(2)), -2147483647.0f);
  EXPECT_EQ(g.f(4), 0x403effffffffffffull);  // exact in extended
  EXPECT_EQ(g.f(6), 0xfffe000000000000ull);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);  // from cefbr; celgbr's inexact was suppressed by M4
}

TEST(Bfp, RoundToShorterPrecision) {
  // 1 + 2^-24 is halfway between two floats.
  const double half = 1.0 + std::ldexp(1.0, -24);
  struct {
    unsigned m3;
    float want;
  } cases[] = {
      {0, 1.0f}, {1, 1.0f + std::ldexp(1.0f, -23)}, {5, 1.0f}, {6, 1.0f + std::ldexp(1.0f, -23)}};
  for (auto k : cases) {
    test_guest g;
    g.f(2) = dbits(half);
    ASSERT_EQ(run(g, "ledbra %f0," + std::to_string(k.m3) + ",%f2,0\n"), stop_reason::svc);
    EXPECT_EQ(eval(g.f(0)), k.want) << "m3 " << k.m3;
  }
  test_guest g;
  g.f(2) = dbits(1e300);
  g.f(4) = 0x7ff0000000000123ull;  // SNaN: payload keeps its leftmost bits
  ASSERT_EQ(run(g, "ledbr %f0,%f2\nledbr %f6,%f4\n"), stop_reason::svc);
  EXPECT_EQ(ehi(g.f(0)), 0x7f800000u);
  EXPECT_EQ(ehi(g.f(6)), 0x7fc00000u);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI | kFlagO | kFlagX);
  test_guest h;  // extended to long, and back
  h.f(0) = 0x3fff555555555555ull;
  h.f(2) = 0x5555555555555555ull;  // 4/3
  ASSERT_EQ(run(h, "ldxbr %f4,%f0\nlxdbr %f8,%f4\n"), stop_reason::svc);
  EXPECT_EQ(dval(h.f(4)), 4.0 / 3.0);
  EXPECT_EQ(h.f(8), 0x3fff555555555555ull);
  EXPECT_EQ(h.f(10), 0x5000000000000000ull);
}

TEST(Bfp, LengtheningQuietsSignalingNaNs) {
  test_guest g;
  g.f(2) = 0xff8000010000000full;  // short SNaN (left half)
  ASSERT_EQ(run(g, "ldebr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), 0xfff8000020000000ull);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI);
}

TEST(Bfp, LoadFpIntegerByM3) {
  test_guest g;
  g.f(0) = dbits(-2.5);
  ASSERT_EQ(run(g, "fidbr %f1,4,%f0\nfidbr %f2,1,%f0\nfidbra %f3,6,%f0,4\nfidbr %f4,7,%f0\n"),
            stop_reason::svc);
  EXPECT_EQ(dval(g.f(1)), -2.0);
  EXPECT_EQ(dval(g.f(2)), -3.0);
  EXPECT_EQ(dval(g.f(3)), -2.0);
  EXPECT_EQ(dval(g.f(4)), -3.0);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  test_guest h;
  h.f(0) = dbits(-0.25);
  ASSERT_EQ(run(h, "fidbra %f1,6,%f0,4\n"), stop_reason::svc);
  EXPECT_EQ(h.f(1), 1ull << 63);  // -0
  EXPECT_EQ(h.c.s.fpc & kFlags, 0u);
  test_guest k;
  ASSERT_EQ(run(k, "fidbr %f1,2,%f0\n"), stop_reason::program);
  EXPECT_EQ(k.c.pgm_code, pic::specification);
}

// qemu-s390x copies an SNaN unchanged and signals nothing here; the Principles of Operation
// list IEEE invalid operation (DXC 80) for LOAD AND TEST, with the QNaN as the masked result.
TEST(Bfp, LoadAndTestAndSignOperations) {
  test_guest g;
  g.f(2) = 0x7ff4000000000000ull;  // SNaN
  g.f(4) = dbits(-2.0);
  ASSERT_EQ(run(g, "ltdbr %f0,%f2\nipm %r1\nlpdbr %f6,%f4\nipm %r2\nlcdbr %f8,%f2\n"),
            stop_reason::svc);
  EXPECT_EQ(g.f(0), 0x7ffc000000000000ull);
  EXPECT_EQ((g.r(1) >> 28) & 3, 3u);
  EXPECT_EQ(dval(g.f(6)), 2.0);
  EXPECT_EQ((g.r(2) >> 28) & 3, 2u);
  EXPECT_EQ(g.f(8), 0xfff4000000000000ull);  // sign ops never signal
  EXPECT_EQ(g.c.s.cc, 3);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI);
}

TEST(Bfp, TestDataClass) {
  test_guest g;
  g.f(0) = dbits(-std::ldexp(1.0, -1074));  // negative subnormal: bit 57 = 0x040
  ASSERT_EQ(run(g, "tcdb %f0,0x040\nipm %r1\ntcdb %f0,0x080\n"), stop_reason::svc);
  EXPECT_EQ((g.r(1) >> 28) & 3, 1u);
  EXPECT_EQ(g.c.s.cc, 0);
  test_guest h;
  h.f(0) = 0x7fc0000100000000ull;  // short QNaN +: bit 60 = 0x008
  ASSERT_EQ(run(h, "tceb %f0,0x008\n"), stop_reason::svc);
  EXPECT_EQ(h.c.s.cc, 1);
}

TEST(Bfp, FpcInstructions) {
  test_guest g;
  g.r(1) = 0x00000003;
  g.put32(test_guest::kDataAt, 0x00080001);
  g.r(9) = test_guest::kDataAt;
  ASSERT_EQ(run(g, "sfpc %r1\nefpc %r2\nlfpc 0(%r9)\nstfpc 4(%r9)\nsrnm 2\nefpc %r3\n"),
            stop_reason::svc);
  EXPECT_EQ(static_cast<uint32_t>(g.r(2)), 3u);
  EXPECT_EQ(g.get32(test_guest::kDataAt + 4), 0x00080001u);
  EXPECT_EQ(static_cast<uint32_t>(g.r(3)), 0x00080002u);
  test_guest h;
  h.r(1) = 0x00000005;  // BFP rounding mode 5 does not exist
  ASSERT_EQ(run(h, "sfpc %r1\n"), stop_reason::program);
  EXPECT_EQ(h.c.pgm_code, pic::specification);
  test_guest k;
  k.r(1) = 0x01000000;  // reserved bit 7
  ASSERT_EQ(run(k, "sfpc %r1\n"), stop_reason::program);
  EXPECT_EQ(k.c.pgm_code, pic::specification);
}

// The flags in the FPC before SFASR signal when the new masks enable them (qemu-s390x agrees:
// DXC 43 for divide-by-zero, 2B for overflow with inexact).
TEST(Bfp, SetFpcAndSignalRaisesEnabledFlags) {
  test_guest g;
  g.r(1) = kMaskZ;
  ASSERT_EQ(run(g, "sfasr %r1\n", kFlagZ), stop_reason::program);
  EXPECT_EQ(g.c.pgm_code, pic::data);
  EXPECT_EQ(g.c.dxc, 0x43);
  EXPECT_EQ(g.c.s.fpc, kMaskZ | kFlagZ | 0x4300u);
  test_guest h;
  h.r(1) = kMaskO | kMaskX;
  ASSERT_EQ(run(h, "sfasr %r1\n", kFlagO | kFlagX), stop_reason::program);
  EXPECT_EQ(h.c.dxc, 0x2b);
  test_guest m;  // LOAD FPC AND SIGNAL: the same from storage
  m.put32(test_guest::kDataAt, kMaskI);
  m.r(9) = test_guest::kDataAt;
  ASSERT_EQ(run(m, "lfas 0(%r9)\n", kFlagI | kFlagX), stop_reason::program);
  EXPECT_EQ(m.c.dxc, 0x83);
  EXPECT_EQ(m.c.s.fpc, kMaskI | kFlagI | kFlagX | 0x8300u);
  test_guest k;
  k.r(1) = kMaskZ | kFlagZ | 1;  // flags in the operand itself do not signal
  ASSERT_EQ(run(k, "sfasr %r1\n"), stop_reason::svc);
  EXPECT_EQ(k.c.s.fpc, kMaskZ | kFlagZ | 1);
}

TEST(Bfp, SupportMovesKeepBitsExactly) {
  test_guest g;
  g.r(2) = 0x7ff4000000000001ull;
  g.r(9) = test_guest::kDataAt;
  g.f(3) = dbits(-1.0);
  ASSERT_EQ(run(g,
                "ldgr %f0,%r2\nlgdr %r4,%f0\ncpsdr %f5,%f3,%f0\nlcdfr %f6,%f0\nlzdr %f7\n"
                "ste %f3,0(%r9)\nle %f8,0(%r9)\nstd %f0,8(%r9)\nldy %f9,8(%r9)\nlxr %f12,%f4\n"),
            stop_reason::svc);
  EXPECT_EQ(g.r(4), 0x7ff4000000000001ull);
  EXPECT_EQ(g.f(5), 0xfff4000000000001ull);
  EXPECT_EQ(g.f(6), 0xfff4000000000001ull);
  EXPECT_EQ(g.f(7), 0u);
  EXPECT_EQ(ehi(g.f(8)), 0xbff00000u);
  EXPECT_EQ(g.f(9), 0x7ff4000000000001ull);
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u);
}

TEST(Bfp, RoundingToShorterTrapsWithScaledResults) {
  test_guest g;
  g.f(2) = dbits(std::ldexp(1.0, 200));
  ASSERT_EQ(run(g, "ledbr %f0,%f2\n", kMaskO), stop_reason::program);
  EXPECT_EQ(g.c.dxc, 0x20);
  EXPECT_EQ(eval(g.f(0)), 256.0f);  // 2^(200-192)
  test_guest h;
  h.f(2) = dbits(std::ldexp(1.0, -140));  // exact as a short subnormal, but tiny
  ASSERT_EQ(run(h, "ledbr %f0,%f2\n", kMaskU), stop_reason::program);
  EXPECT_EQ(h.c.dxc, 0x10);
  EXPECT_EQ(eval(h.f(0)), std::ldexp(1.0f, 52));
  test_guest k;  // masked, the same value is exact: no flags at all
  k.f(2) = dbits(std::ldexp(1.0, -140));
  ASSERT_EQ(run(k, "ledbr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(eval(k.f(0)), std::ldexp(1.0f, -140));
  EXPECT_EQ(k.c.s.fpc & kFlags, 0u);
}

TEST(Bfp, MultiplyAndAddUnderflow) {
  test_guest g;
  g.f(0) = 0;
  g.f(2) = dbits(std::ldexp(1.0, -500));
  g.f(4) = dbits(std::ldexp(1.0, -600));
  ASSERT_EQ(run(g, "madbr %f0,%f4,%f2\n"), stop_reason::svc);
  EXPECT_EQ(g.f(0), 0u);  // 2^-1100 rounds to zero
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagU | kFlagX);
  test_guest h;
  h.f(0) = 0;
  h.f(2) = dbits(std::ldexp(1.0, -500));
  h.f(4) = dbits(std::ldexp(1.0, -600));
  ASSERT_EQ(run(h, "madbr %f0,%f4,%f2\n", kMaskU), stop_reason::program);
  EXPECT_EQ(h.c.dxc, 0x10);
  EXPECT_EQ(dval(h.f(0)), std::ldexp(1.0, -1100 + 1536));
}

TEST(Bfp, ShortTininessBeforeRounding) {
  test_guest g;
  g.f(0) = ebits(1.0f - std::ldexp(1.0f, -24));
  g.f(2) = ebits(std::ldexp(1.0f, -126));
  ASSERT_EQ(run(g, "meebr %f0,%f2\n"), stop_reason::svc);
  EXPECT_EQ(eval(g.f(0)), std::ldexp(1.0f, -126));  // the tie rounds up to the smallest normal
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagU | kFlagX);
}

TEST(Bfp, ExtendedUnderflowTrapScales) {
  test_guest g;
  g.f(0) = static_cast<uint64_t>(16383 - 16000) << 48;
  g.f(2) = 0;  // 2^-16000
  g.f(4) = static_cast<uint64_t>(16383 + 1000) << 48;
  g.f(6) = 0;  // 2^1000
  ASSERT_EQ(run(g, "dxbr %f0,%f4\n", kMaskU), stop_reason::program);
  EXPECT_EQ(g.c.dxc, 0x10);
  EXPECT_EQ(g.f(0), static_cast<uint64_t>(16383 - 17000 + 24576) << 48);
  EXPECT_EQ(g.f(2), 0u);
  test_guest h;  // masked: the exact quotient is below the smallest subnormal's half: zero
  h.f(0) = static_cast<uint64_t>(16383 - 16000) << 48;
  h.f(2) = 0;
  h.f(4) = static_cast<uint64_t>(16383 + 1000) << 48;
  h.f(6) = 0;
  ASSERT_EQ(run(h, "dxbr %f0,%f4\n"), stop_reason::svc);
  EXPECT_EQ(h.f(0), 0u);
  EXPECT_EQ(h.c.s.fpc & kFlags, kFlagU | kFlagX);
}

// Host reference for one product in a rounding mode (7: truncate, then set the last bit when
// inexact), computed here with <cfenv> on volatile operands.
static uint64_t host_product(double x, double y, unsigned mode) {
  const int saved = std::fegetround();
  std::fesetround(mode == 0   ? FE_TONEAREST
                  : mode == 2 ? FE_UPWARD
                  : mode == 3 ? FE_DOWNWARD
                              : FE_TOWARDZERO);
  std::feclearexcept(FE_ALL_EXCEPT);
  volatile double vx = x, vy = y;
  volatile double p = vx * vy;
  bool inexact = std::fetestexcept(FE_INEXACT);
  std::fesetround(saved);
  uint64_t b = dbits(p);
  return mode == 7 && inexact ? b | 1 : b;
}

TEST(Bfp, FastAndEnvironmentPathsRoundLikeTheHost) {
  // Normal-range operands take the exact-error fast path; a subnormal result takes the host
  // environment path. Both must round as the host does in every mode.
  const double pairs[][2] = {{1.0 / 3.0, 7.0 / 11.0},
                             {-1.0 / 3.0, 7.0 / 11.0},
                             {std::ldexp(1.0 / 3.0, -1000), std::ldexp(7.0 / 11.0, -60)},
                             {-std::ldexp(1.0 / 3.0, -1000), std::ldexp(7.0 / 11.0, -60)},
                             {1.0 + std::ldexp(1.0, -52), 1.0 - std::ldexp(1.0, -53)}};
  for (unsigned mode : {0u, 1u, 2u, 3u, 7u}) {
    for (auto& pr : pairs) {
      test_guest g;
      g.f(0) = dbits(pr[0]);
      g.f(2) = dbits(pr[1]);
      ASSERT_EQ(run(g, "srnmb " + std::to_string(mode) + "\nmdbr %f0,%f2\n"), stop_reason::svc);
      EXPECT_EQ(g.f(0), host_product(pr[0], pr[1], mode)) << "mode " << mode << " " << pr[0];
      EXPECT_NE(g.c.s.fpc & kFlagX, 0u);
    }
  }
}

TEST(Bfp, ShortMultiplyAndAddNearAHalfwayPoint) {
  // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is halfway between two shorts; a tiny addend decides.
  const float a = 1.0f + std::ldexp(1.0f, -12);
  const struct {
    float addend;
    float want;
  } cases[] = {{0.0f, 1.0f + std::ldexp(1.0f, -11)},  // tie: even
               {std::ldexp(1.0f, -80), 1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -23)},
               {-std::ldexp(1.0f, -80), 1.0f + std::ldexp(1.0f, -11)}};
  for (auto k : cases) {
    test_guest g;
    g.f(0) = ebits(k.addend);
    g.f(2) = ebits(a);
    g.f(4) = ebits(a);
    ASSERT_EQ(run(g, "maebr %f0,%f4,%f2\n"), stop_reason::svc);
    EXPECT_EQ(eval(g.f(0)), k.want) << k.addend;
    EXPECT_EQ(g.c.s.fpc & kFlags, kFlagX);
  }
}

// SET DFP ROUNDING MODE sets FPC bits 25-27 only and leaves the BFP rounding mode alone.
TEST(Bfp, SetDfpRoundingModeSetsFpcBits25To27) {
  ssivm::test::test_guest g;
  g.c.s.fpc = 0x00000001;  // BFP rounding toward zero
  g.r(1) = 0x100;
  g.load_asm("srnmt 5(%r1)\n");
  EXPECT_EQ(g.run(), ssivm::runtime::stop_reason::svc);
  EXPECT_EQ(g.c.s.fpc, 0x00000051u);
}

// ---- DIVIDE TO INTEGER ----------------------------------------------------------------------
// Results marked z12 are the hardware results recorded in Hercules' bfp-001-divtoint test.
namespace {

struct dti_case {
  uint64_t a, b;  // dividend, divisor (short values in the left half)
  unsigned m4;
  uint64_t rem, quo;
  uint8_t cc;
};

// Runs DIEBR or DIDBR f0 / f2 -> remainder f0, quotient f4 with FPC `fpc`.
stop_reason divide_to_integer(test_guest& g, const dti_case& t, bool is_short, uint32_t fpc = 0) {
  g.f(0) = t.a;
  g.f(2) = t.b;
  g.f(4) = 0x5555555555555555ull;
  return run(
      g, std::string(is_short ? "diebr" : "didbr") + " %f0,%f4,%f2," + std::to_string(t.m4) + "\n",
      fpc);
}

void expect_dti(const dti_case& t, bool is_short) {
  test_guest g;
  ASSERT_EQ(divide_to_integer(g, t, is_short), stop_reason::svc);
  if (is_short) {
    EXPECT_EQ(ehi(g.f(0)), t.rem >> 32) << std::hex << t.a << " / " << t.b << " m4 " << t.m4;
    EXPECT_EQ(ehi(g.f(4)), t.quo >> 32) << std::hex << t.a << " / " << t.b << " m4 " << t.m4;
    EXPECT_EQ(g.f(4) & 0xffffffffull, 0x55555555ull);  // the right halves stay
  } else {
    EXPECT_EQ(g.f(0), t.rem) << std::hex << t.a << " / " << t.b << " m4 " << t.m4;
    EXPECT_EQ(g.f(4), t.quo) << std::hex << t.a << " / " << t.b << " m4 " << t.m4;
  }
  EXPECT_EQ(g.c.s.cc, t.cc) << std::hex << t.a << " / " << t.b;
  EXPECT_EQ(g.c.s.fpc & kFlags, 0u) << std::hex << t.a << " / " << t.b;
}

constexpr uint64_t S(uint32_t v) { return static_cast<uint64_t>(v) << 32; }

}  // namespace

TEST(Bfp, DivideToIntegerRoundsTheQuotientByM4) {
  const dti_case cases[] = {
      {S(0x42200000), S(0xc1100000), 0, S(0x40800000), S(0xc0800000), 0},  // 40 / -9 (z12)
      {S(0xc0a00000), S(0xc0800000), 0, S(0xbf800000), S(0x3f800000), 0},  // -5 / -4
      {S(0xc0800000), S(0xc0800000), 0, S(0x80000000), S(0x3f800000), 0},  // -4 / -4: -0
      {S(0x3f800000), S(0xc0800000), 0, S(0x3f800000), S(0x80000000), 0},  // 1 / -4: -0 quotient
      {S(0x40100000), S(0x41200000), 0, S(0x40100000), S(0x00000000), 0},  // 2.25 / 10 (z12)
      // -19 / 2 = -9.5 by each M4 method.
      {S(0xc1980000), S(0x40000000), 1, S(0x3f800000), S(0xc1200000), 0},  // ties away: -10
      {S(0xc1980000), S(0x40000000), 3, S(0xbf800000), S(0xc1100000), 0},  // to odd: -9
      {S(0xc1980000), S(0x40000000), 4, S(0x3f800000), S(0xc1200000), 0},  // ties to even: -10
      {S(0xc1980000), S(0x40000000), 5, S(0xbf800000), S(0xc1100000), 0},  // toward 0: -9
      {S(0xc1980000), S(0x40000000), 6, S(0xbf800000), S(0xc1100000), 0},  // up: -9
      {S(0xc1980000), S(0x40000000), 7, S(0x3f800000), S(0xc1200000), 0},  // down: -10
  };
  for (const dti_case& t : cases) expect_dti(t, true);
  expect_dti({dbits(40.0), dbits(-9.0), 0, dbits(4.0), dbits(-4.0), 0}, false);
  expect_dti({dbits(-5.5), dbits(2.0), 6, dbits(-1.5), dbits(-2.0), 0}, false);
  expect_dti({dbits(-5.5), dbits(2.0), 1, dbits(0.5), dbits(-3.0), 0}, false);
}

TEST(Bfp, DivideToIntegerPartialAndScaledQuotients) {
  // Partial: the quotient needs more than p bits; it is truncated to p bits and the remainder
  // (exact, possibly above the divisor) is final for that quotient: CC 2, or 3 when the
  // quotient is also beyond the format's range and so delivered scaled by 2^-192 / 2^-1536.
  // A final quotient beyond the range (an exact division) gives CC 1. No IEEE flags.
  const dti_case shorts[] = {
      {S(0x4c800000), S(0x40400000), 0, S(0x40800000), S(0x4baaaaaa), 2},  // 2^26 / 3 (z12)
      {S(0x7f7fffff), S(0x00000001), 0, S(0x00000000), S(0x69ffffff), 1},  // max / min (z12)
      {S(0x7f7fffff), S(0x0000000b), 0, S(0x73a00000), S(0x683a2e8a), 3},  // (z12)
  };
  for (const dti_case& t : shorts) expect_dti(t, true);
  const dti_case longs[] = {
      {0x4370000000000000, dbits(3.0), 0, dbits(4.0), 0x4355555555555555, 2},  // 2^56 / 3
      {0x7fefffffffffffff, 1, 0, 0, 0x630fffffffffffff, 1},
      {0x7fefffffffffffff, 3, 0, 0x7ca0000000000000, 0x62f5555555555554, 3},
  };
  for (const dti_case& t : longs) expect_dti(t, false);
  // 25165828 / 1.5 = 16777218.67: even rounded toward zero (16777218, p bits) the integer
  // quotient exceeds 2^24 with a nonzero remainder, so the result is partial (CC 2), as
  // Hercules reads the PoO; the truncated quotient gives the remainder 1.
  for (unsigned m4 : {4u, 5u, 6u})
    expect_dti({S(0x4bc00002), S(0x3fc00000), m4, S(0x3f800000), S(0x4b800001), 2}, true);
}

TEST(Bfp, DivideToIntegerSpecialOperands) {
  const dti_case cases[] = {
      {S(0xc0000000), S(0x7f800000), 0, S(0xc0000000), S(0x80000000), 0},  // -2 / +inf
      {S(0x00000000), S(0xff800000), 0, S(0x00000000), S(0x80000000), 0},  // +0 / -inf
      {S(0x80000000), S(0x40000000), 0, S(0x80000000), S(0x80000000), 0},  // -0 / 2
  };
  for (const dti_case& t : cases) expect_dti(t, true);
  // NaNs (an SNaN first, quieted) and the invalid cases fill both registers, CC 1 (z12).
  test_guest g;
  ASSERT_EQ(divide_to_integer(g, {S(0x7fca0000), S(0x7f8b0000), 0, 0, 0, 0}, true),
            stop_reason::svc);
  EXPECT_EQ(ehi(g.f(0)), 0x7fcb0000u);
  EXPECT_EQ(ehi(g.f(4)), 0x7fcb0000u);
  EXPECT_EQ(g.c.s.cc, 1);
  EXPECT_EQ(g.c.s.fpc & kFlags, kFlagI);
  test_guest h;
  ASSERT_EQ(divide_to_integer(h, {dbits(INFINITY), dbits(2.0), 0, 0, 0, 0}, false),
            stop_reason::svc);
  EXPECT_EQ(h.f(0), 0x7ff8000000000000ull);
  EXPECT_EQ(h.f(4), 0x7ff8000000000000ull);
  EXPECT_EQ(h.c.s.cc, 1);
  EXPECT_EQ(h.c.s.fpc & kFlags, kFlagI);
  // With the invalid mask on: suppressed, nothing changes but the DXC.
  test_guest t;
  t.c.s.cc = 2;
  ASSERT_EQ(divide_to_integer(t, {dbits(1.0), dbits(0.0), 0, 0, 0, 0}, false, kMaskI),
            stop_reason::program);
  EXPECT_EQ(t.c.dxc, 0x80);
  EXPECT_EQ(t.f(0), dbits(1.0));
  EXPECT_EQ(t.f(4), 0x5555555555555555ull);
  EXPECT_EQ(t.c.s.cc, 2);
}

TEST(Bfp, DivideToIntegerRemainderExceptions) {
  // A tiny exact remainder: no flag when masked; with the underflow mask the result is scaled
  // by 2^192 and the instruction completes (z12: 00ffffff / 00fffffe).
  const dti_case tiny = {S(0x00ffffff), S(0x00fffffe), 0, S(0x00000001), S(0x3f800000), 0};
  expect_dti(tiny, true);
  test_guest g;
  ASSERT_EQ(divide_to_integer(g, tiny, true, kMaskU), stop_reason::program);
  EXPECT_EQ(g.c.dxc, 0x10);
  EXPECT_EQ(ehi(g.f(0)), 0x55000000u);
  EXPECT_EQ(ehi(g.f(4)), 0x3f800000u);
  EXPECT_EQ(g.c.s.cc, 0);
  EXPECT_EQ(g.c.s.psw_addr, test_guest::kCodeAt + 4);
  // Rounded up by M4 (RP), the quotient 1 of 0.25(1 + 2^-23) / (1 + 2^-23) leaves the
  // remainder -0.75(1 + 2^-23), which needs 25 bits: rounded by the FPC mode, inexact.
  const dti_case up = {S(0x3e800001), S(0x3f800001), 6, 0, 0, 0};
  test_guest n;
  ASSERT_EQ(divide_to_integer(n, up, true), stop_reason::svc);
  EXPECT_EQ(ehi(n.f(0)), 0xbf400002u);  // ties to even
  EXPECT_EQ(ehi(n.f(4)), 0x3f800000u);
  EXPECT_EQ(n.c.s.fpc & kFlags, kFlagX);
  test_guest z;
  ASSERT_EQ(divide_to_integer(z, up, true, 1), stop_reason::svc);
  EXPECT_EQ(ehi(z.f(0)), 0xbf400001u);  // FPC: toward zero
  test_guest x;
  ASSERT_EQ(divide_to_integer(x, up, true, kMaskX), stop_reason::program);
  EXPECT_EQ(x.c.dxc, 0x0c);  // inexact, magnitude incremented; completed
  EXPECT_EQ(ehi(x.f(0)), 0xbf400002u);
}

TEST(Bfp, DivideToIntegerSpecificationExceptions) {
  for (const char* src : {"diebr %f0,%f4,%f2,2\n", "didbr %f0,%f0,%f2,0\n", "didbr %f0,%f4,%f4,0\n",
                          "diebr %f2,%f4,%f2,0\n"}) {
    test_guest g;
    g.f(2) = dbits(1.0);
    ASSERT_EQ(run(g, src), stop_reason::program) << src;
    EXPECT_EQ(g.c.pgm_code, pic::specification) << src;
  }
}
