// Branches and control instructions: every branch kind taken and not taken, link formats in
// the three addressing modes, EXECUTE, STFLE, clocks, compare-and-swap, traps, PSW fields and
// privileged instructions. Snippets run on the interpreter and the reference stepper, which
// must agree.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "arch/cpu.hpp"
#include "arch/decoder.hpp"
#include "arch/execute.hpp"
#include "arch/insn_table.hpp"
#include "tests/support/dual_guest.hpp"
#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;
namespace arch = ssivm::arch;
namespace pic = ssivm::arch::pic;

namespace {

constexpr uint64_t kData = test_guest::kDataAt;
constexpr uint64_t kProblemState = 1ull << (63 - 15);
constexpr uint64_t kEa = 1ull << (63 - 31), kBa = 1ull << (63 - 32);

void set_mode(test_guest& g, unsigned mode) {
  g.c.s.amode = static_cast<uint8_t>(mode);
  g.c.s.amask = mode == 64 ? ~0ull : mode == 31 ? 0x7fffffffull : 0xffffffull;
  g.c.s.psw_mask = (g.c.s.psw_mask & ~(kEa | kBa)) | (mode == 64   ? kEa | kBa
                                                      : mode == 31 ? kBa
                                                                   : 0);
}

class BranchControl : public ssivm::test::dual_guest_test {
 protected:
  void mode(unsigned m) { set_mode(g, m); }
  // The program must stop with interruption `code`; returns the PSW address offset from the
  // start of the code.
  uint64_t fails(const std::string& src, uint16_t code) {
    EXPECT_EQ(run(src), stop_reason::program) << src;
    EXPECT_EQ(g.c.pgm_code, code) << src;
    return g.c.s.psw_addr - test_guest::kCodeAt;
  }
};

// ---- branch on condition ----------------------------------------------------------------------

TEST_F(BranchControl, BranchOnConditionAllMasksAndCodes) {
  // Four branch kinds in a row; each adds its bit to r2 only when it falls through.
  for (unsigned m = 0; m < 16; ++m) {
    std::string src =
        "lghi %r2,0\n"
        "brc " +
        std::to_string(m) +
        ",1f\n la %r2,1(%r2)\n"
        "1: brcl " +
        std::to_string(m) +
        ",2f\n la %r2,2(%r2)\n"
        "2: larl %r4,3f\n bcr " +
        std::to_string(m) +
        ",%r4\n la %r2,4(%r2)\n"
        "3: larl %r4,4f\n bc " +
        std::to_string(m) + ",0(%r4)\n la %r2,8(%r2)\n4:\n";
    for (unsigned code = 0; code < 4; ++code) {
      g.c.s.cc = static_cast<uint8_t>(code);
      ok(src);
      bool taken = (m >> (3 - code)) & 1;
      EXPECT_EQ(r(2), taken ? 0u : 15u) << "mask " << m << " cc " << code;
      EXPECT_EQ(cc(), code);  // branches leave the CC alone
    }
  }
}

TEST_F(BranchControl, BcrWithRegisterZeroNeverBranches) {
  // BCR 15,0 and 14,0 are serialisation; any mask with R2 = 0 falls through.
  r(0) = test_guest::kCodeAt;  // a branch to r0's contents would loop forever
  ok("lghi %r2,0\n bcr 15,%r0\n bcr 14,%r0\n la %r2,1(%r2)\n");
  EXPECT_EQ(r(2), 1u);
}

// ---- branch on count --------------------------------------------------------------------------

TEST_F(BranchControl, BranchOnCountLoops) {
  ok("lghi %r1,5\n lghi %r2,0\n larl %r3,0f\n"
     "0: la %r2,1(%r2)\n bct %r1,0(%r3)\n"
     "lghi %r5,3\n larl %r3,1f\n1: la %r2,16(%r2)\n bctr %r5,%r3\n"
     "lghi %r6,2\n larl %r3,2f\n2: la %r2,256(%r2)\n bctg %r6,0(%r3)\n"
     "lghi %r7,4\n larl %r3,3f\n3: aghi %r2,4096\n bctgr %r7,%r3\n"
     "lghi %r8,2\n4: aghi %r2,8192\n brct %r8,4b\n"
     "lghi %r9,2\n5: aghi %r2,16384\n brctg %r9,5b\n");
  EXPECT_EQ(r(2), 5u + 3 * 16 + 2 * 256 + 4 * 4096 + 2 * 8192 + 2 * 16384);
  EXPECT_EQ(r(1), 0u);
  EXPECT_EQ(r(7), 0u);
}

TEST_F(BranchControl, BranchOnCountWidths) {
  // BCT counts in bits 32-63 only; BCTG in all 64. BCTR with R2 = 0 counts without branching.
  r(1) = 0x0000000700000001ull;
  r(6) = 0x0000000100000000ull;
  r(7) = 9;
  ok("lghi %r2,0\n larl %r3,0f\n bct %r1,0(%r3)\n la %r2,1(%r2)\n"
     "0: larl %r3,1f\n bctg %r6,0(%r3)\n la %r2,2(%r2)\n"
     "1: bctr %r7,%r0\n");
  EXPECT_EQ(r(1), 0x0000000700000000ull);
  EXPECT_EQ(r(6), 0x00000000ffffffffull);
  EXPECT_EQ(r(2), 1u);  // BCT fell through, BCTG branched
  EXPECT_EQ(r(7), 8u);
}

TEST_F(BranchControl, BranchOnCountTargetUsesRegisterBeforeDecrement) {
  // BCTR %r3,%r3: the branch address is r3's value before it is decremented.
  ok("larl %r3,1f\n la %r3,2(%r3)\n lghi %r2,0\n bctr %r3,%r3\n"
     "1: .long 0x07000700\n"  // two "bcr 0,0" no-ops: the target is the second one
     "la %r2,1(%r2)\n");
  EXPECT_EQ(r(2), 1u);
}

// ---- branch on index --------------------------------------------------------------------------

TEST_F(BranchControl, BranchOnIndexLowOrEqualAndHigh) {
  // bxle: index 0 step 4 limit 12 runs the body 4 times; bxh: 12 down by 4 while > 0, 3 times.
  ok("lghi %r1,0\n lghi %r4,4\n lghi %r5,12\n lghi %r2,0\n larl %r3,0f\n"
     "0: la %r2,1(%r2)\n bxle %r1,%r4,0(%r3)\n"
     "lghi %r6,12\n lghi %r4,-4\n lghi %r5,0\n larl %r3,1f\n"
     "1: la %r2,16(%r2)\n bxh %r6,%r4,0(%r3)\n");
  EXPECT_EQ(r(2), 4u + 3 * 16);
  EXPECT_EQ(r(1), 16u);
  EXPECT_EQ(r(6), 0u);
}

TEST_F(BranchControl, BranchOnIndexRelativeAndGrandeForms) {
  ok("lghi %r2,0\n lghi %r1,0\n lghi %r4,1\n lghi %r5,3\n"
     "0: la %r2,1(%r2)\n brxle %r1,%r4,0b\n"  // 4 times
     "lghi %r1,3\n lghi %r4,-1\n lghi %r5,0\n"
     "1: la %r2,16(%r2)\n brxh %r1,%r4,1b\n"  // 3 times
     "lghi %r1,0\n lghi %r4,1\n lghi %r5,1\n"
     "2: aghi %r2,256\n brxlg %r1,%r4,2b\n"  // 2 times
     "lghi %r1,2\n lghi %r4,-1\n lghi %r5,0\n"
     "3: aghi %r2,4096\n brxhg %r1,%r4,3b\n");  // 2 times
  EXPECT_EQ(r(2), 4u + 3 * 16 + 2 * 256 + 2 * 4096);
}

TEST_F(BranchControl, BranchOnIndexWidthsAndComparandOrder) {
  // 32-bit forms compare bits 32-63 only and keep bits 0-31 of R1.
  r(1) = 0xaaaaaaaa7fffffffull;
  r(4) = 1;
  r(5) = 0;
  // 0x7fffffff + 1 wraps to INT_MIN (overflow ignored): not high, so bxh falls through.
  ok("lghi %r2,0\n larl %r3,0f\n bxh %r1,%r4,0(%r3)\n la %r2,1(%r2)\n0:\n");
  EXPECT_EQ(r(1), 0xaaaaaaaa80000000ull);
  EXPECT_EQ(r(2), 1u);
  // R1 is the comparand register (R3|1): the comparand is its value before the addition,
  // so 5 + 1 = 6 <= 5 fails.
  r(4) = 1;
  r(5) = 5;
  ok("lghi %r2,0\n larl %r3,0f\n bxleg %r5,%r4,0(%r3)\n la %r2,1(%r2)\n0:\n");
  EXPECT_EQ(r(5), 6u);
  EXPECT_EQ(r(2), 1u);
  // R3 odd: it is increment and comparand at once (BXH R1,R3 with R3=5: 10 > 5 branches).
  r(5) = 5;
  r(1) = 5;
  ok("lghi %r2,0\n larl %r3,0f\n bxhg %r1,%r5,0(%r3)\n la %r2,1(%r2)\n0:\n");
  EXPECT_EQ(r(1), 10u);
  EXPECT_EQ(r(2), 0u);
}

// ---- branch and link --------------------------------------------------------------------------

// Each snippet links in r14 and lands at label 1, whose address minus the link instruction's
// length we take from r6 (LARL of the return point, label 0).
constexpr const char* kLinkPrograms[] = {
    "larl %r5,1f\n bas %r14,0(%r5)\n0: .long 0\n1: larl %r6,0b\n",
    "larl %r5,1f\n basr %r14,%r5\n0: .long 0\n1: larl %r6,0b\n",
    "bras %r14,1f\n0: .long 0\n1: larl %r6,0b\n",
    "brasl %r14,1f\n0: .long 0\n1: larl %r6,0b\n",
    "larl %r5,1f\n bal %r14,0(%r5)\n0: .long 0\n1: larl %r6,0b\n",
    "larl %r5,1f\n balr %r14,%r5\n0: .long 0\n1: larl %r6,0b\n",
};

TEST_F(BranchControl, LinkInformationIn64BitMode) {
  for (const char* src : kLinkPrograms) {
    r(14) = 0x1234567812345678ull;
    ok(src);
    EXPECT_EQ(r(14), r(6)) << src;
  }
}

TEST_F(BranchControl, LinkInformationIn31BitMode) {
  for (const char* src : kLinkPrograms) {
    mode(31);
    r(14) = 0x1234567812345678ull;
    ok(src);
    // Bits 0-31 kept, bit 32 the addressing mode, then the 31-bit address (BAL as BAS).
    EXPECT_EQ(r(14), 0x1234567880000000ull | (r(6) & 0x7fffffff)) << src;
    EXPECT_EQ(g.c.s.amode, 31);
  }
}

TEST_F(BranchControl, LinkInformationIn24BitMode) {
  for (unsigned k = 0; k < 6; ++k) {
    const char* src = kLinkPrograms[k];
    mode(24);
    g.c.s.cc = 2;
    g.c.s.psw_mask |= 0xaull << 40;  // program mask 1010
    r(14) = 0x1234567812345678ull;
    ok(src);
    uint64_t addr = r(6) & 0xffffff;
    if (k < 4) {
      EXPECT_EQ(r(14), 0x1234567800000000ull | addr) << src;  // BAS family: bits 32-39 zero
    } else {
      // BAL family: ILC (BAL 2, BALR 1), CC, program mask in bits 32-39.
      uint64_t ilc = k == 4 ? 2 : 1;
      uint64_t hi = ilc << 6 | 2u << 4 | 0xa;
      EXPECT_EQ(r(14), 0x1234567800000000ull | hi << 24 | addr) << src;
    }
  }
}

TEST_F(BranchControl, BranchAndSaveWithRegisterZeroOnlyLinks) {
  r(0) = test_guest::kCodeAt;
  ok("lghi %r2,0\n basr %r14,%r0\n0: la %r2,1(%r2)\n larl %r6,0b\n");
  EXPECT_EQ(r(2), 1u);
  EXPECT_EQ(r(14), r(6));
}

// ---- addressing-mode switches -----------------------------------------------------------------

TEST_F(BranchControl, SetAndTestAddressingMode) {
  ok("sam31\n tam\n ipm %r2\n sam24\n tam\n ipm %r3\n sam64\n tam\n ipm %r4\n");
  EXPECT_EQ((r(2) >> 28) & 3, 1u);
  EXPECT_EQ((r(3) >> 28) & 3, 0u);
  EXPECT_EQ((r(4) >> 28) & 3, 3u);
  EXPECT_EQ(g.c.s.amode, 64);
  ok("sam31\n");
  EXPECT_EQ(g.c.s.amode, 31);
  EXPECT_EQ(g.c.s.amask, 0x7fffffffull);
  EXPECT_EQ(g.c.s.psw_mask & (kEa | kBa), kBa);
  ok("sam24\n");
  EXPECT_EQ(g.c.s.amask, 0xffffffull);
  EXPECT_EQ(g.c.s.psw_mask & (kEa | kBa), 0u);
}

TEST_F(BranchControl, SetAddressingModeChecksTheUpdatedAddress) {
  // SAM24 above 16 MiB and SAM31 above 2 GiB are specification exceptions, mode unchanged.
  arch::insn i;
  const uint8_t sam24[] = {0x01, 0x0c}, sam31[] = {0x01, 0x0d};
  arch::decode(sam24, i);
  EXPECT_EQ(arch::execute_one(g.c, i, 0x1000000), arch::exec_status::program);
  EXPECT_EQ(g.c.pgm_code, pic::specification);
  EXPECT_EQ(arch::execute_one(g.c, i, 0xfffffc), arch::exec_status::next);  // ends at 0xfffffe
  mode(64);
  arch::decode(sam31, i);
  EXPECT_EQ(arch::execute_one(g.c, i, 0x80000000ull), arch::exec_status::program);
  EXPECT_EQ(g.c.s.amode, 64);
}

TEST_F(BranchControl, BranchAndSetMode) {
  // From 64-bit mode: BSM to an address with bit 32 set and bit 63 clear enters 31-bit mode;
  // R1 gets bit 63 set. Then BASSM back to 64-bit mode (bit 63 of the target), linking with
  // bit 32 = 1 (31-bit mode).
  r(7) = 0;
  ok("larl %r5,1f\n oilf %r5,0x80000000\n bsm %r7,%r5\n .long 0\n"
     "1: tam\n ipm %r2\n larl %r5,2f\n oill %r5,1\n bassm %r14,%r5\n0: .long 0\n"
     "2: tam\n ipm %r3\n larl %r6,0b\n");
  EXPECT_EQ(r(7), 1u);
  EXPECT_EQ((r(2) >> 28) & 3, 1u);
  EXPECT_EQ((r(3) >> 28) & 3, 3u);
  EXPECT_EQ(r(14) & 0xffffffffull, 0x80000000ull | r(6));
  EXPECT_EQ(g.c.s.amode, 64);
}

TEST_F(BranchControl, BranchAndSetModeRecordsModeAndToleratesRegisterZero) {
  mode(31);
  r(7) = 0xffffffff00000000ull;
  ok("bsm %r7,%r0\n");  // no branch, no mode change; R1 bit 32 = 1 (31-bit)
  EXPECT_EQ(r(7), 0xffffffff80000000ull);
  EXPECT_EQ(g.c.s.amode, 31);
  mode(24);
  r(7) = 0xffffffffffffffffull;
  ok("bsm %r7,%r0\n");
  EXPECT_EQ(r(7), 0xffffffff7fffffffull);
  mode(64);
  r(14) = 0;
  ok("bassm %r14,%r0\n0: larl %r6,0b\n");  // links with bit 63, no branch
  EXPECT_EQ(r(14), r(6) | 1);
  // BASSM to a 24-bit target keeps only 24 address bits.
  ok("larl %r5,1f\n bassm %r14,%r5\n .long 0\n1: tam\n ipm %r2\n");
  EXPECT_EQ((r(2) >> 28) & 3, 0u);
  EXPECT_EQ(g.c.s.amode, 24);
}

// ---- compare and branch -----------------------------------------------------------------------

struct cb_case {
  const char* insn;  // with "L" standing for the target (relative label or D4(B4) form)
  bool taken;
};

TEST_F(BranchControl, CompareAndBranchFamily) {
  // r1 = -1, r3 = 1 (as 32 and 64 bits); signed: r1 low; logical: r1 high.
  const cb_case cases[] = {
      {"crj %r1,%r3,4,L", true},    {"crj %r1,%r3,10,L", false},  {"cgrj %r1,%r3,4,L", true},
      {"cgrj %r1,%r1,8,L", true},   {"clrj %r1,%r3,2,L", true},   {"clrj %r1,%r3,4,L", false},
      {"clgrj %r1,%r3,2,L", true},  {"clgrj %r3,%r3,6,L", false}, {"cij %r1,-1,8,L", true},
      {"cij %r3,-1,4,L", false},    {"cgij %r1,0,4,L", true},     {"cgij %r3,1,6,L", false},
      {"clij %r1,255,2,L", true},   {"clij %r3,255,4,L", true},   {"clgij %r3,1,8,L", true},
      {"clgij %r3,200,2,L", false}, {"crb %r1,%r3,4,B", true},    {"crb %r1,%r3,2,B", false},
      {"cgrb %r3,%r1,2,B", true},   {"cgrb %r3,%r1,13,B", false}, {"clrb %r1,%r3,2,B", true},
      {"clrb %r1,%r3,12,B", false}, {"clgrb %r3,%r1,4,B", true},  {"clgrb %r3,%r1,10,B", false},
      {"cib %r1,-2,2,B", true},     {"cib %r1,-2,12,B", false},   {"cgib %r3,1,8,B", true},
      {"cgib %r3,1,6,B", false},    {"clib %r3,128,4,B", true},   {"clib %r1,128,4,B", false},
      {"clgib %r1,255,2,B", true},  {"clgib %r3,0,12,B", false},
  };
  std::string src = "lghi %r1,-1\n lghi %r3,1\n lghi %r2,0\n";
  unsigned k = 0;
  for (const cb_case& cs : cases) {
    std::string in = cs.insn, label = std::to_string(k + 10);
    if (in.back() == 'L') {
      in.replace(in.size() - 1, 1, label + "f");
      src += in + "\n";
    } else {
      in.replace(in.size() - 1, 1, "0(%r9)");
      src += "larl %r9," + label + "f\n" + in + "\n";
    }
    src += "oilf %r2," + std::to_string(1u << k) + "\n" + label + ":\n";
    ++k;
  }
  ok(src);
  for (unsigned n = 0; n < k; ++n)
    EXPECT_EQ((r(2) >> n) & 1, cases[n].taken ? 0u : 1u) << cases[n].insn;
}

// ---- compare and trap -------------------------------------------------------------------------

TEST_F(BranchControl, CompareAndTrapFamily) {
  struct trap_case {
    const char* insn;
    bool traps;
  };
  const trap_case cases[] = {
      {"crt %r1,%r3,4", true},      {"crt %r1,%r3,2", false},      {"cgrt %r1,%r3,4", true},
      {"cgrt %r3,%r1,4", false},    {"cit %r1,-1,8", true},        {"cit %r1,-1,6", false},
      {"cgit %r3,0,2", true},       {"cgit %r3,0,12", false},      {"clrt %r1,%r3,2", true},
      {"clrt %r1,%r3,4", false},    {"clgrt %r3,%r1,4", true},     {"clgrt %r3,%r1,10", false},
      {"clfit %r1,65535,2", true},  {"clfit %r3,65535,10", false}, {"clgit %r3,1,8", true},
      {"clgit %r1,65535,4", false},
  };
  for (const trap_case& t : cases) {
    r(1) = ~0ull;
    r(3) = 1;
    g.c.dxc = 0;
    std::string src = std::string(t.insn) + "\n";
    if (t.traps) {
      // RRF forms (crt, cgrt, clrt, clgrt) are 4 bytes, RIE forms 6; the PSW is after it.
      unsigned len = std::string(t.insn).find("rt ") != std::string::npos ? 4 : 6;
      EXPECT_EQ(fails(src, pic::data), len) << t.insn;
      EXPECT_EQ(g.c.dxc, 0xff) << t.insn;
    } else {
      ok(src);
      EXPECT_EQ(g.c.dxc, 0) << t.insn;
    }
  }
}

// ---- EXECUTE ----------------------------------------------------------------------------------

TEST_F(BranchControl, ExecuteOrsRegisterIntoSecondByte) {
  // Target "ahi %r0,5": with r1 = 0x30 it runs as "ahi %r3,5"; with R1 = 0 as written.
  r(0) = 100;
  r(1) = 0x30;
  r(3) = 10;
  ok("larl %r5,9f\n ex %r1,0(%r5)\n ex %r0,0(%r5)\n exrl %r1,9f\n j 8f\n"
     "9: ahi %r0,5\n8:\n");
  EXPECT_EQ(r(3), 20u);
  EXPECT_EQ(r(0), 105u);
  EXPECT_EQ(cc(), 2);  // set by the target
}

TEST_F(BranchControl, ExecuteOfMoveCharactersSetsTheLength) {
  // The classic use: the length byte of "mvc 0(1,%r9),16(%r9)" comes from r1 (3: four bytes).
  put64(kData + 16, 0x1122334455667788ull);
  r(1) = 3;
  r(9) = kData;
  ok("larl %r5,9f\n ex %r1,0(%r5)\n j 8f\n9: mvc 0(1,%r9),16(%r9)\n8:\n");
  EXPECT_EQ(g.get64(kData), 0x1122334400000000ull);
}

TEST_F(BranchControl, ExecuteOfBranchesResolvesTargetsAndLinksAfterExecute) {
  // The relative branch resolves at the target's address; BRAS links after the EXECUTE.
  ok("lghi %r2,0\n exrl %r0,9f\n0: la %r2,1(%r2)\n j 7f\n"
     "9: bras %r14,8f\n"
     "8: larl %r6,0b\n"
     "7:\n");
  EXPECT_EQ(r(14), r(6));
  EXPECT_EQ(r(2), 0u);  // the "la" after the EXRL was skipped by the branch
  // EX of a conditional branch that is not taken continues after the EX.
  g.c.s.cc = 0;
  ok("lghi %r2,0\n larl %r5,9f\n ex %r0,0(%r5)\n la %r2,1(%r2)\n j 8f\n9: jnz 8f\n8:\n");
  EXPECT_EQ(r(2), 1u);
}

TEST_F(BranchControl, ExecuteInstructionLengthCodesAreTheExecutes) {
  // BAL in 24-bit mode under EX stores the ILC of the EX (2), under EXRL that of EXRL (3).
  mode(24);
  g.c.s.cc = 0;
  ok("larl %r5,9f\n ex %r0,0(%r5)\n0: larl %r6,0b\n j 8f\n9: balr %r14,%r0\n8:\n");
  EXPECT_EQ((r(14) >> 30) & 3, 2u);
  EXPECT_EQ(r(14) & 0xffffff, r(6) & 0xffffff);
  ok("exrl %r0,9f\n j 8f\n9: balr %r14,%r0\n8:\n");
  EXPECT_EQ((r(14) >> 30) & 3, 3u);
}

TEST_F(BranchControl, ExecuteOfExecuteIsAnExecuteException) {
  EXPECT_EQ(fails("larl %r5,9f\n ex %r0,0(%r5)\n9: ex %r0,0(%r5)\n", pic::execute), 10u);
  EXPECT_EQ(g.c.pgm_ilc, 4);
  EXPECT_EQ(fails("exrl %r0,9f\n9: exrl %r0,9b\n", pic::execute), 6u);
  EXPECT_EQ(g.c.pgm_ilc, 6);
}

TEST_F(BranchControl, ExecuteTargetMustBeEven) {
  EXPECT_EQ(fails("larl %r5,9f\n ex %r0,1(%r5)\n9: .long 0\n", pic::specification), 10u);
}

TEST_F(BranchControl, ExecuteOfSupervisorCallUsesTheOredNumber) {
  r(1) = 0x21;
  auto code = ssivm::test::assemble("larl %r5,9f\n ex %r1,0(%r5)\n9: svc 0\n");
  g.load(code);
  EXPECT_EQ(g.run(), stop_reason::svc);
  EXPECT_EQ(g.c.svc_code, 0x21);
  EXPECT_EQ(g.c.s.psw_addr, test_guest::kCodeAt + 10);  // after the EX, not the target
}

TEST_F(BranchControl, ExecuteTargetFaultReportsTheExecute) {
  // A fixed-point overflow in the target completes; the PSW is after the EX, ILC 4.
  g.c.s.psw_mask |= 1ull << (63 - 20);
  r(3) = 0x7fffffff;
  EXPECT_EQ(
      fails("larl %r5,9f\n ex %r0,0(%r5)\n j 8f\n9: ahi %r3,1\n8:\n", pic::fixed_point_overflow),
      10u);
  EXPECT_EQ(g.c.pgm_ilc, 4);
}

// ---- facility list ----------------------------------------------------------------------------

bool announced(unsigned bit) { return (arch::kStfleBits[bit / 64] >> (63 - bit % 64)) & 1; }

TEST_F(BranchControl, FacilityListAnnouncesInstalledFacilitiesOnly) {
  for (unsigned bit : {0u, 7u, 18u, 21u, 25u, 34u, 35u}) EXPECT_TRUE(announced(bit)) << bit;
  // Not installed: DFP (42), misc-instruction-extensions (49), LOC2 (53), TE (73), vector (129).
  for (unsigned bit : {42u, 49u, 53u, 73u, 129u}) EXPECT_FALSE(announced(bit)) << bit;
  // Every facility bit we announce has at least one installed row behind it unless it only
  // describes architecture (bits 1, 2: z/Architecture installed and active).
  EXPECT_TRUE(arch::facility_installed(arch::facility::gie));
}

TEST_F(BranchControl, StoreFacilityListExtended) {
  unsigned m = arch::kStfleBits[2] ? 3 : arch::kStfleBits[1] ? 2 : 1;
  for (unsigned n = 1; n <= 3; ++n) {
    for (unsigned d = 0; d < 4; ++d) put64(kData + 8 * d, 0x5555555555555555ull);
    r(0) = 0xabcdef0000000000ull | (n - 1);
    r(1) = kData;
    ok("stfle 0(%r1)\n");
    unsigned stored = n < m ? n : m;
    for (unsigned d = 0; d < stored; ++d) EXPECT_EQ(g.get64(kData + 8 * d), arch::kStfleBits[d]);
    EXPECT_EQ(g.get64(kData + 8 * stored), 0x5555555555555555ull);
    EXPECT_EQ(r(0), 0xabcdef0000000000ull | (m - 1));
    EXPECT_EQ(cc(), n >= m ? 0 : 3);
  }
  r(1) = kData + 4;
  EXPECT_EQ(fails("stfle 0(%r1)\n", pic::specification), 4u);
}

// ---- clocks -----------------------------------------------------------------------------------

TEST_F(BranchControl, StoreClockWithoutAClockIsNotOperational) {
  put64(kData, ~0ull);
  r(1) = kData;
  ok("stck 0(%r1)\n");
  EXPECT_EQ(cc(), 3);
  EXPECT_EQ(g.get64(kData), 0u);
}

uint64_t fixed_clock(arch::cpu&) { return 0x00d0000000000000ull; }

TEST_F(BranchControl, StoreClockForms) {
  g.c.tod_clock = &fixed_clock;
  g.c.clock_base = 0x1000;
  g.c.s.todpr = 0xbeef;
  r(1) = kData;
  ok("stck 0(%r1)\n stckf 8(%r1)\n stcke 16(%r1)\n");
  EXPECT_EQ(cc(), 0);
  EXPECT_EQ(g.get64(kData), 0x00d0000000001000ull);
  EXPECT_EQ(g.get64(kData + 8), 0x00d0000000001000ull);
  // STCKE: epoch index, the 64 clock bits, zeros, then the programmable field.
  EXPECT_EQ(g.get_bytes(kData + 16, 16),
            std::string("\x00\x00\xd0\x00\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\xbe\xef", 16));
}

TEST_F(BranchControl, SetClockMovesTheGuestClock) {
  // SCK sets the guest TOD clock; STCK then reads it back through the same base.
  g.c.tod_clock = &fixed_clock;
  g.c.s.psw_mask &= ~kProblemState;
  put64(kData, 0x00e0000000000000ull);
  r(1) = kData;
  ok("sck 0(%r1)\n ipm %r2\n stck 8(%r1)\n");
  EXPECT_EQ((r(2) >> 28) & 3, 0u);
  EXPECT_EQ(g.get64(kData + 8), 0x00e0000000000000ull);
  EXPECT_EQ(g.c.clock_base, 0x00e0000000000000ull - fixed_clock(g.c));
}

// ---- compare and swap -------------------------------------------------------------------------

TEST_F(BranchControl, CompareAndSwapSucceedsAndFails) {
  put32(kData, 7);
  put64(kData + 8, 0x1111111122222222ull);
  r(1) = 0xffffffff00000007ull;  // CS compares bits 32-63
  r(3) = 9;
  r(4) = 0x1111111122222222ull;
  r(5) = 0x3333333344444444ull;
  r(9) = kData;
  ok("cs %r1,%r3,0(%r9)\n ipm %r10\n csg %r4,%r5,8(%r9)\n ipm %r11\n");
  EXPECT_EQ((r(10) >> 28) & 3, 0u);
  EXPECT_EQ((r(11) >> 28) & 3, 0u);
  EXPECT_EQ(g.get32(kData), 9u);
  EXPECT_EQ(g.get64(kData + 8), 0x3333333344444444ull);
  EXPECT_EQ(r(1), 0xffffffff00000007ull);  // unchanged on success
  // Now the compare values are stale: CC 1, the current values are loaded, storage unchanged.
  ok("csy %r1,%r3,0(%r9)\n ipm %r10\n csg %r4,%r5,8(%r9)\n");
  EXPECT_EQ(cc(), 1);
  EXPECT_EQ((r(10) >> 28) & 3, 1u);
  EXPECT_EQ(r(1), 0xffffffff00000009ull);
  EXPECT_EQ(r(4), 0x3333333344444444ull);
  EXPECT_EQ(g.get32(kData), 9u);
}

TEST_F(BranchControl, CompareDoubleAndSwap) {
  put64(kData, 0x0000000100000002ull);
  put64(kData + 16, 1);
  put64(kData + 24, 2);
  r(9) = kData;
  r(2) = 0xaaaaaaaa00000001ull;
  r(3) = 0xbbbbbbbb00000002ull;
  r(4) = 5;
  r(5) = 6;
  ok("cds %r2,%r4,0(%r9)\n");
  EXPECT_EQ(cc(), 0);
  EXPECT_EQ(g.get64(kData), 0x0000000500000006ull);
  ok("cdsy %r2,%r4,0(%r9)\n");  // stale now
  EXPECT_EQ(cc(), 1);
  EXPECT_EQ(r(2), 0xaaaaaaaa00000005ull);
  EXPECT_EQ(r(3), 0xbbbbbbbb00000006ull);
  r(6) = 1;
  r(7) = 2;
  ok("cdsg %r6,%r4,16(%r9)\n");
  EXPECT_EQ(cc(), 0);
  EXPECT_EQ(g.get64(kData + 16), 5u);
  EXPECT_EQ(g.get64(kData + 24), 6u);
  r(6) = 5;
  r(7) = 7;
  ok("cdsg %r6,%r4,16(%r9)\n");
  EXPECT_EQ(cc(), 1);
  EXPECT_EQ(r(6), 5u);
  EXPECT_EQ(r(7), 6u);
}

TEST_F(BranchControl, CompareAndSwapAlignmentAndPairs) {
  r(9) = kData;
  EXPECT_EQ(fails("cs %r1,%r3,2(%r9)\n", pic::specification), 4u);
  EXPECT_EQ(fails("csg %r1,%r3,4(%r9)\n", pic::specification), 6u);
  EXPECT_EQ(fails("cds %r2,%r4,4(%r9)\n", pic::specification), 4u);
  EXPECT_EQ(fails("cdsg %r2,%r4,8(%r9)\n", pic::specification), 6u);
  // Odd pair registers (the assembler refuses them, so they are spelled as data):
  // cds %r3,%r4,0(%r9) and cdsg %r2,%r5,0(%r9).
  EXPECT_EQ(fails(".long 0xbb349000\n", pic::specification), 4u);
  EXPECT_EQ(fails(".long 0xeb259000\n .short 0x003e\n", pic::specification), 6u);
}

TEST_F(BranchControl, CompareAndSwapAndStore) {
  // Parameter list at kData+64: replacement 0x11..., store value 0xaabbccdd....
  put64(kData + 64, 0x1111111122222222ull);
  put64(kData + 80, 0xaabbccddeeff0011ull);
  put64(kData, 5);
  r(1) = kData + 64 + 7;  // the low four bits of the list address are ignored
  r(3) = 5;
  r(9) = kData;
  r(0) = 0x0201;  // SC 2 (store 4 bytes), FC 1 (8-byte swap)
  ok("csst 0(%r9),32(%r9),%r3\n");
  EXPECT_EQ(cc(), 0);
  EXPECT_EQ(g.get64(kData), 0x1111111122222222ull);
  EXPECT_EQ(g.get32(kData + 32), 0xaabbccddu);
  EXPECT_EQ(g.get32(kData + 36), 0u);
  // Unequal: R3 gets the first operand, nothing is stored.
  r(0) = 0x0300;  // SC 3, FC 0 (4-byte swap)
  r(3) = 0xffffffff00000000ull;
  ok("csst 8(%r9),40(%r9),%r3\n");
  EXPECT_EQ(cc(), 0);  // word at kData+8 is 0 and r3 bits 32-63 are 0: equal
  EXPECT_EQ(g.get32(kData + 8), 0x11111111u);
  EXPECT_EQ(g.get64(kData + 40), 0xaabbccddeeff0011ull);
  ok("csst 8(%r9),48(%r9),%r3\n");
  EXPECT_EQ(cc(), 1);
  // The 4-byte form compares with bits 32-63 of R3 and loads the first operand there, as
  // every 32-bit operand in a 64-bit register. qemu-s390x (7.2) compares bits 32-63 but
  // deposits the old value into bits 0-31; the Principles of Operation decide.
  EXPECT_EQ(r(3), 0xffffffff11111111ull);
  EXPECT_EQ(g.get64(kData + 48), 0u);
  // FC 2 (CSST2) is not installed; misaligned operands are specification exceptions.
  r(0) = 0x0002;
  EXPECT_EQ(fails("csst 0(%r9),32(%r9),%r3\n", pic::specification), 6u);
  r(0) = 0x0101;
  EXPECT_EQ(fails("csst 0(%r9),33(%r9),%r3\n", pic::specification), 6u);
  EXPECT_EQ(fails("csst 4(%r9),32(%r9),%r3\n", pic::specification), 6u);
}

TEST_F(BranchControl, ExtractCpuTime) {
  g.c.tod_clock = &fixed_clock;
  put64(kData, 100);
  put64(kData + 8, 0x2222);
  put64(kData + 16, 0x3333);
  r(9) = kData;
  r(4) = kData + 16;
  ok("ectg 0(%r9),8(%r9),%r4\n");
  EXPECT_EQ(r(0), 100 + fixed_clock(g.c));  // first operand minus a timer running down
  EXPECT_EQ(r(1), 0x2222u);
  EXPECT_EQ(r(4), 0x3333u);
}

TEST_F(BranchControl, MoveWithOptionalSpecifications) {
  g.put_bytes(kData, "abcdefgh");
  ref.put_bytes(kData, "abcdefgh");
  r(9) = kData;
  r(3) = 5;
  r(0) = 0;  // no keys or spaces specified
  ok("mvcos 32(%r9),0(%r9),%r3\n");
  EXPECT_EQ(cc(), 0);
  EXPECT_EQ(g.get_bytes(kData + 32, 6), std::string("abcde\0", 6));
  // More than 4096 bytes: 4096 move, CC 3.
  r(3) = 5000;
  g.put8(kData + 0x2000 + 4095, 0x5a);
  ref.put8(kData + 0x2000 + 4095, 0x5a);
  ok("lay %r8,0x2000(%r9)\n lay %r7,0x4000(%r9)\n mvcos 0(%r7),0(%r8),%r3\n");
  EXPECT_EQ(cc(), 3);
  EXPECT_EQ(g.get8(kData + 0x4000 + 4095), 0x5a);
  // Problem state: a key the PSW-key mask does not allow is a privileged operation.
  r(0) = 0x00000000ull | (0x3002u << 16);  // OAC1: key 3, K valid
  r(3) = 1;
  fails("mvcos 32(%r9),0(%r9),%r3\n", pic::privileged_operation);
  g.c.s.cr[3] = 1ull << (31 - 3);
  ok("mvcos 32(%r9),0(%r9),%r3\n");
  // With DAT off there are no address spaces to move between: special-operation exception.
  // (qemu-s390x's user mode runs without DAT in its PSW and so always refuses MVCOS.)
  g.c.s.psw_mask &= ~(1ull << (63 - 5));
  fails("mvcos 32(%r9),0(%r9),%r3\n", pic::special_operation);
}

// ---- PSW fields, access registers, cache attributes, prefetch ---------------------------------

TEST_F(BranchControl, InsertAndSetProgramMask) {
  g.c.s.cc = 1;
  g.c.s.psw_mask |= 0x6ull << 40;
  r(1) = 0xffffffffffffffffull;
  r(2) = 0x2c000000;  // CC 2, mask 1100
  ok("ipm %r1\n spm %r2\n epsw %r3,%r4\n");
  EXPECT_EQ(r(1), 0xffffffff16ffffffull);
  EXPECT_EQ(cc(), 2);
  EXPECT_EQ((g.c.s.psw_mask >> 40) & 0xf, 0xcu);
  // EPSW: bits 0-31 of the PSW (CC in 18-19, program mask 20-23) and bits 32-63.
  EXPECT_EQ(r(3) & 0xffffffff, 0x07052c01ull);
  EXPECT_EQ(r(4) & 0xffffffff, 0x80000000ull);
}

TEST_F(BranchControl, AccessRegisters) {
  r(1) = 0x1122334455667788ull;
  ok("sar %a3,%r1\n ear %r2,%a3\n");
  EXPECT_EQ(g.c.s.ar[3], 0x55667788u);
  EXPECT_EQ(r(2) & 0xffffffff, 0x55667788u);
}

TEST_F(BranchControl, ExtractCacheAttributes) {
  ok("ecag %r1,%r0,0\n ecag %r2,%r0,16\n ecag %r3,%r0,32\n ecag %r4,%r0,33\n"
     "ecag %r5,%r0,36\n ecag %r6,%r0,48\n ecag %r7,%r0,64\n ecag %r8,%r0,42\n");
  EXPECT_EQ(r(1), 0x080b0f0f00000000ull);  // L1 private split, L2 private, L3/L4 shared
  EXPECT_EQ(r(2), 256u);                   // line size
  EXPECT_EQ(r(3), 128u << 10);             // L1 data
  EXPECT_EQ(r(4), 64u << 10);              // L1 instruction
  EXPECT_EQ(r(5), 24u << 20);              // L3
  EXPECT_EQ(r(6), 8u);                     // L1 data associativity
  EXPECT_EQ(r(7), ~0ull);                  // undefined attribute
  EXPECT_EQ(r(8), ~0ull);                  // level 5 does not exist
}

TEST_F(BranchControl, PrefetchNeverFaults) {
  r(1) = 0x7ffffffffff0ull;  // far outside storage
  ok("pfd 1,0(%r1)\n pfd 2,0(%r1)\n pfdrl 1,.+0x40000000\n");
}

// ---- privileged instructions ------------------------------------------------------------------

TEST_F(BranchControl, PrivilegedInstructionsInProblemState) {
  const char* insns[] = {
      "lpsw 0(%r9)",
      "lpswe 0(%r9)",
      "ssm 0(%r9)",
      "stnsm 0(%r9),0",
      "stosm 0(%r9),0",
      "lctl %c0,%c0,0(%r9)",
      "lctlg %c0,%c0,0(%r9)",
      "stctl %c0,%c0,0(%r9)",
      "stctg %c0,%c0,0(%r9)",
      "iske %r1,%r9",
      "sske %r1,%r9",
      "ipte %r1,%r2",
      "ptlb",
      "diag %r1,%r2,0x83",
      "sck 0(%r9)",
      "spka 0x30",
      "ipk",
      "stidp 0(%r9)",
      "stap 0(%r9)",
      "stpx 0(%r9)",
      "sigp %r1,%r2,0",
      "stsi 0(%r9)",
      "stfl 0",
      "tprot 0(%r9),0",
      "lura %r1,%r9",
      "lurag %r1,%r9",
      "stura %r1,%r9",
      "sturg %r1,%r9",
      "palb",
      "csp %r2,%r9",
      "cspg %r2,%r9",
  };
  r(9) = kData;
  for (const char* in : insns) {
    uint64_t mask = g.c.s.psw_mask;
    fails(std::string(in) + "\n", pic::privileged_operation);
    EXPECT_EQ(g.c.s.psw_mask, mask) << in;
    EXPECT_EQ(g.get64(kData), 0u) << in;
  }
}

TEST_F(BranchControl, SemiprivilegedAllowedByControlRegisters) {
  g.c.s.cr[3] = 1ull << (31 - 3);   // PSW-key mask allows key 3
  g.c.s.cr[0] = 1ull << (63 - 36);  // extraction authority
  ok("spka 0x30\n ipk\n");
  EXPECT_EQ((g.c.s.psw_mask >> 52) & 0xf, 3u);
  EXPECT_EQ(r(2) & 0xff, 0x30u);
}

TEST_F(BranchControl, SupervisorStateControlRegistersAndSystemMask) {
  g.c.s.psw_mask &= ~kProblemState;
  put64(kData, 0x0123456789abcdefull);
  put64(kData + 8, 0xfedcba9876543210ull);
  r(9) = kData;
  ok("lctlg %c14,%c15,0(%r9)\n stctg %c14,%c15,16(%r9)\n stnsm 32(%r9),0xfc\n");
  EXPECT_EQ(g.c.s.cr[14], 0x0123456789abcdefull);
  EXPECT_EQ(g.c.s.cr[15], 0xfedcba9876543210ull);
  EXPECT_EQ(g.get64(kData + 16), 0x0123456789abcdefull);
  EXPECT_EQ(g.get8(kData + 32), 0x07);     // old system mask
  EXPECT_EQ(g.c.s.psw_mask >> 56, 0x04u);  // I/O and external masks cleared
}

TEST_F(BranchControl, SupervisorStateLoadPswShortFormAndInvalidPsws) {
  // LPSW: ESA/390 short PSW with bit 12 one; 31-bit mode, CC 3, problem state.
  g.c.s.psw_mask &= ~kProblemState;
  r(9) = kData;
  put32(kData, 0x070d3000);  // bits 5-7, 12, 13, 15 (problem state), CC 3
  ok("larl %r2,1f\n oilh %r2,0x8000\n st %r2,4(%r9)\n lpsw 0(%r9)\n"
     ".long 0\n1: ipm %r4\n tam\n");
  EXPECT_EQ((r(4) >> 28) & 3, 3u);
  EXPECT_EQ(g.c.s.amode, 31);
  EXPECT_NE(g.c.s.psw_mask & kProblemState, 0u);
  EXPECT_EQ(g.c.s.psw_mask & (1ull << (63 - 12)), 0u);  // bit 12 is not part of the new PSW
  // Invalid new PSWs: bit 12 in an LPSWE operand, EA without BA, a short PSW without bit 12.
  for (uint64_t bad : {0x0008000180000000ull, 0x0000000100000000ull}) {
    g.c.s.psw_mask = 0x0700000180000000ull;  // supervisor state, 64-bit
    mode(64);
    put64(kData, bad);
    put64(kData + 8, 0x10000);
    EXPECT_EQ(fails("lpswe 0(%r9)\n", pic::specification), 4u) << std::hex << bad;
  }
  put64(kData, 0x0700000080010000ull);
  EXPECT_EQ(fails("lpsw 0(%r9)\n", pic::specification), 4u);
  // SSM is a special operation when CR0 bit 33 suppresses it.
  g.c.s.cr[0] = 1ull << (63 - 33);
  fails("ssm 0(%r9)\n", pic::special_operation);
}

TEST_F(BranchControl, SupervisorStateRealAccessesAndCompareAndSwapAndPurge) {
  g.c.s.psw_mask &= ~kProblemState;
  put64(kData, 0x0123456789abcdefull);
  r(9) = kData;
  r(2) = 0x01234567;
  r(3) = 0x55;
  r(4) = kData + 3;  // CSP ignores the two rightmost address bits (bit 63: purge request)
  ok("lurag %r1,%r9\n lura %r5,%r9\n sturg %r1,%r6\n csp %r2,%r4\n ipm %r7\n"
     "stura %r5,%r8\n tprot 0(%r9),0\n stfl 0\n");
  EXPECT_EQ(r(1), 0x0123456789abcdefull);
  EXPECT_EQ(r(5) & 0xffffffff, 0x01234567u);
  EXPECT_EQ((r(7) >> 28) & 3, 0u);
  EXPECT_EQ(g.get32(kData), 0x55u);
  EXPECT_EQ(cc(), 0);  // TPROT: fetch and store permitted
  EXPECT_EQ(g.get32(200), static_cast<uint32_t>(arch::kStfleBits[0] >> 32));
  EXPECT_EQ(g.get64(0), 0x0123456789abcdefull);  // STURG then STURA at real location 0
  ok("csp %r2,%r4\n");                           // stale compare value now
  EXPECT_EQ(cc(), 1);
  EXPECT_EQ(r(2) & 0xffffffff, 0x55u);
}

TEST_F(BranchControl, SupervisorStateLoadPswExtended) {
  // LPSWE into problem state, 31-bit mode, CC 2, at label 1.
  g.c.s.psw_mask &= ~kProblemState;
  put64(kData, 0x0705200080000000ull);
  r(9) = kData;
  ok("larl %r2,1f\n stg %r2,8(%r9)\n lpswe 0(%r9)\n .long 0\n1: ipm %r3\n tam\n");
  EXPECT_EQ(g.c.s.amode, 31);
  EXPECT_EQ((r(3) >> 28) & 3, 2u);  // the CC from the new PSW
  EXPECT_EQ(cc(), 1);               // TAM in 31-bit mode
  EXPECT_NE(g.c.s.psw_mask & kProblemState, 0u);
}

}  // namespace

// ---- access registers ---------------------------------------------------------------------------

TEST_F(BranchControl, LoadAndStoreAccessMultipleWrapAroundFrom15To0) {
  r(4) = kData;
  put32(kData + 0, 0x11111111);
  put32(kData + 4, 0x22222222);
  put32(kData + 8, 0x33333333);
  ok("lam %a15,%a1,0(%r4)");
  EXPECT_EQ(g.c.s.ar[15], 0x11111111u);
  EXPECT_EQ(g.c.s.ar[0], 0x22222222u);
  EXPECT_EQ(g.c.s.ar[1], 0x33333333u);
  ok("stamy %a0,%a1,16(%r4)");
  EXPECT_EQ(g.get32(kData + 16), 0x22222222u);
  EXPECT_EQ(g.get32(kData + 20), 0x33333333u);
  // The operand must be on a word boundary (specification, suppressed).
  r(4) = kData + 2;
  EXPECT_EQ(fails("lam %a1,%a2,0(%r4)", ssivm::arch::pic::specification), 4u);
}

TEST_F(BranchControl, LoadAddressExtendedSetsTheAletByAddressSpaceControl) {
  r(2) = 0x1000;
  g.c.s.ar[5] = 0x77;
  ok("lae %r5,8(%r2)");  // primary space mode (Linux user PSW): ALET 0
  EXPECT_EQ(r(5), 0x1008u);
  EXPECT_EQ(g.c.s.ar[5], 0u);
  g.c.s.ar[2] = 0x1234;
  g.c.s.psw_mask |= 1ull << (63 - 17);  // access-register mode: the base's access register
  ok("laey %r5,-8(%r2)");
  EXPECT_EQ(r(5), 0xff8u);
  EXPECT_EQ(g.c.s.ar[5], 0x1234u);
}
