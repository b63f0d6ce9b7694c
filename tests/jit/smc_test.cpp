// Self-modifying code on every engine: a loop that rewrites an instruction of another block,
// EXECUTE of targets rewritten between executions, and stores into a later instruction of the
// running block, cold and in a loop made hot first. Expected values come from plain C++ models.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "jit/engine.hpp"
#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

namespace {

struct engine_factory {
  std::string name;
  std::function<std::unique_ptr<ssivm::runtime::engine>(ssivm::runtime::storage&)> make;
};

const engine_factory kEngines[] = {
    {"interp", [](ssivm::runtime::storage& st) { return ssivm::runtime::make_interpreter(st); }},
    {"jit", [](ssivm::runtime::storage& st) { return ssivm::jit::make_jit(st); }},
    // Compiled after two entries and installed at once, so the loops run compiled code.
    {"tiered",
     [](ssivm::runtime::storage& st) {
       return ssivm::runtime::make_tiered(st, ssivm::jit::make_tier_compiler(st),
                                          {.threshold = 2, .synchronous = true});
     }},
};
void PrintTo(const engine_factory& f, std::ostream* os) { *os << f.name; }

class Smc : public ::testing::TestWithParam<engine_factory> {
 protected:
  void SetUp() override { g.eng = GetParam().make(*g.st); }

  // Runs `src` to its end marker and returns r2.
  uint64_t run(const std::string& src) {
    g.load_asm(src);
    EXPECT_EQ(g.run(10'000'000), stop_reason::svc);
    EXPECT_EQ(g.c.s.psw_addr, g.end_ia());
    return g.r(2);
  }

  test_guest g;
};

}  // namespace

TEST_P(Smc, LoopRewritesAnInstructionOfAnotherBlockOnEveryPass) {
  // Pass i (40..1) stores opcode ALGFI, MSGFI or XILF in turn, and immediate i, into the
  // instruction at 1:, which starts another block, and then runs it.
  const char* src =
      "lghi %r1,40\n"
      "lghi %r2,1\n"
      "larl %r3,1f\n"
      "larl %r4,3f\n"
      "lghi %r5,0\n"
      "0: lh %r0,0(%r5,%r4)\n"
      "sth %r0,0(%r3)\n"
      "st %r1,2(%r3)\n"
      "aghi %r5,2\n"
      "chi %r5,6\n"
      "jl 1f\n"
      "lghi %r5,0\n"
      "1: algfi %r2,0\n"
      "brct %r1,0b\n"
      "j 4f\n"
      "3: .short 0xc22a,0xc220,0xc027\n"
      "4:\n";
  uint64_t want = 1;
  for (uint32_t i = 40, k = 0; i >= 1; --i, k = (k + 1) % 3) {
    if (k == 0) want += i;
    if (k == 1) want *= i;
    if (k == 2) want ^= i;
  }
  EXPECT_EQ(run(src), want);
  if (const auto* js = ssivm::jit::stats_of(*g.eng)) EXPECT_GT(js->invalidations, 0u);
}

TEST_P(Smc, ExecuteRunsItsTargetAsLastStored) {
  // Pass i stores immediate i into the target (EX adds i), turns it into MSGFI 3 (EXRL
  // multiplies by 3) and back into ALGFI.
  const char* src =
      "lghi %r1,12\n"
      "lghi %r2,0\n"
      "larl %r3,9f\n"
      "0: st %r1,2(%r3)\n"
      "ex %r0,0(%r3)\n"
      "mvi 1(%r3),0x20\n"
      "mvhi 2(%r3),3\n"
      "exrl %r0,9f\n"
      "mvi 1(%r3),0x2a\n"
      "brct %r1,0b\n"
      "j 8f\n"
      "9: algfi %r2,0\n"
      "8:\n";
  uint64_t want = 0;
  for (uint64_t i = 12; i >= 1; --i) want = (want + i) * 3;
  EXPECT_EQ(run(src), want);
}

TEST_P(Smc, ExecutedMvcTakesTheLengthStoredIntoIt) {
  // Row r (6..1) gets r bytes twice: by EX of the MVC with length r-1 stored into it, and by
  // EXRL with the length's low bit ORed in from R1 over an even length stored into it.
  const char* src =
      "lghi %r1,6\n"
      "larl %r3,9f\n"
      "llilf %r4,0x80000\n"
      "0: lgr %r2,%r1\n"
      "sllg %r2,%r2,4\n"
      "la %r2,0x100(%r2,%r4)\n"
      "lgr %r0,%r1\n"
      "ahi %r0,-1\n"
      "stc %r0,1(%r3)\n"
      "ex %r0,0(%r3)\n"
      "la %r2,0x100(%r2)\n"
      "lgr %r5,%r0\n"
      "nill %r5,1\n"
      "nill %r0,0xfe\n"
      "stc %r0,1(%r3)\n"
      "exrl %r5,9f\n"
      "brct %r1,0b\n"
      "j 8f\n"
      "9: mvc 0(1,%r2),0(%r4)\n"
      "8:\n";
  const std::string letters = "abcdefgh";
  g.put_bytes(test_guest::kDataAt, letters);
  g.put_bytes(test_guest::kDataAt + 0x100, std::string(0x200, '.'));
  run(src);
  for (unsigned r = 1; r <= 6; ++r) {
    const std::string want = letters.substr(0, r) + std::string(8 - r, '.');
    EXPECT_EQ(g.get_bytes(test_guest::kDataAt + 0x100 + 16 * r, 8), want) << "EX, row " << r;
    EXPECT_EQ(g.get_bytes(test_guest::kDataAt + 0x200 + 16 * r, 8), want) << "EXRL, row " << r;
  }
}

TEST_P(Smc, StoreIntoTheRunningBlockIsSeenByTheNextInstruction) {
  // The ST rewrites the immediate of the very next instruction of its block: pass i adds i.
  const char* src =
      "lghi %r1,100\n"
      "lghi %r2,0\n"
      "larl %r3,1f\n"
      "0: st %r1,2(%r3)\n"
      "1: algfi %r2,0\n"
      "brct %r1,0b\n";
  EXPECT_EQ(run(src), 5050u);
}

TEST_P(Smc, StoreIntoAHotLoopsOwnBlockIsSeenByTheNextInstruction) {
  // 5000 passes store into a data word (the loop is hot, compiled by any tier), then 3 passes
  // in which the same ST rewrites the next instruction's immediate from 1 to 7.
  const char* src =
      "lghi %r1,5000\n"
      "lghi %r3,3\n"
      "lghi %r2,0\n"
      "llilf %r4,0x80000\n"
      "lghi %r5,7\n"
      "0: st %r5,2(%r4)\n"
      "1: algfi %r2,1\n"
      "brct %r1,0b\n"
      "ltgr %r1,%r3\n"
      "jz 2f\n"
      "lghi %r3,0\n"
      "larl %r4,1b\n"
      "j 0b\n"
      "2:\n";
  EXPECT_EQ(run(src), 5000u + 3 * 7);
}

INSTANTIATE_TEST_SUITE_P(Engines, Smc, ::testing::ValuesIn(kEngines),
                         [](const auto& info) { return info.param.name; });
