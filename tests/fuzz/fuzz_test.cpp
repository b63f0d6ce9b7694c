// Tests of the fuzzer itself: the generator makes valid encodings that respect the table's
// constraints and the harness's reserved registers, the harness round-trips state, and the
// comparison notices differences and signals.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <random>

#include "arch/decoder.hpp"
#include "arch/execute.hpp"
#include "tests/fuzz/fuzz_run.hpp"

namespace ssivm::fuzz {
namespace {

uint64_t get_be(const std::vector<uint8_t>& v, size_t off, unsigned n) {
  uint64_t x = 0;
  for (unsigned k = 0; k < n; ++k) x = x << 8 | v[off + k];
  return x;
}

run_config config() {
  run_config cfg;
  if (const char* q = std::getenv("SSIVM_QEMU"); q && *q) cfg.qemu = q;
  return cfg;
}

TEST(FuzzGenerator, InstructionsDecodeBackToTheirRowAndKeepReservedRegisters) {
  generator gen({});
  ASSERT_FALSE(gen.rows().empty());
  std::mt19937_64 rng(7);
  for (uint16_t id : gen.rows()) {
    const arch::insn_def& d = arch::kInsnTable[id];
    const bool mem = d.flags & (arch::iflag::kLoads | arch::iflag::kStores);
    for (int k = 0; k < 200; ++k) {
      gen_insn g = gen.make_insn(id, rng);
      std::vector<uint8_t> b = encode_at(g, kCodeBase + 0x100, kCodeBase + 0x10000);
      arch::insn back;
      arch::decode(b.data(), back);
      ASSERT_EQ(back.id, id) << d.name;
      EXPECT_TRUE(arch::constraints_ok(back)) << d.name;
      EXPECT_EQ(written_gr_mask(back) & ((1u << kBaseReg) | (1u << kIndexReg)), 0u) << d.name;
      if (mem && std::string_view(d.operands).find('(') != std::string_view::npos) {
        // Storage operands are based on the block register, inside the data area.
        std::string_view ops = d.operands;
        if (ops.find("B1") != ops.npos) {
          EXPECT_EQ(back.b1, kBaseReg) << d.name;
          EXPECT_GE(back.d1, static_cast<int32_t>(kDataOff)) << d.name;
          EXPECT_LT(back.d1, static_cast<int32_t>(kDataOff + kDispSpan)) << d.name;
        }
        if (ops.find("B2") != ops.npos) EXPECT_EQ(back.b2, kBaseReg) << d.name;
        if (ops.find("X2") != ops.npos) EXPECT_TRUE(back.x2 == 0 || back.x2 == kIndexReg) << d.name;
      }
    }
  }
}

TEST(FuzzGenerator, CaseIdsReproduceCases) {
  generator gen({});
  uint64_t id = generator::case_id(42, 3);
  EXPECT_NE(id, generator::case_id(42, 4));
  EXPECT_NE(id, generator::case_id(43, 3));
  fuzz_case a = gen.make_case(id), b = gen.make_case(id);
  ASSERT_EQ(a.code.size(), b.code.size());
  for (size_t k = 0; k < a.code.size(); ++k) {
    uint8_t x[6], y[6];
    arch::encode(a.code[k].i, x);
    arch::encode(b.code[k].i, y);
    EXPECT_EQ(0, std::memcmp(x, y, a.code[k].i.len));
  }
  EXPECT_EQ(a.gr, b.gr);
  EXPECT_EQ(a.data, b.data);
}

TEST(FuzzHarness, EmptyCaseEchoesItsInitialState) {
  generator gen({});
  fuzz_case fc = gen.make_case(12345);
  fc.code.clear();
  run_config cfg = config();
  harness_image img = build_harness(std::span<const fuzz_case>(&fc, 1), cfg.features);
  run_output r = run_ssivm(img, cfg);
  ASSERT_EQ(r.signal, 0) << r.error;
  ASSERT_EQ(r.exit_code, 0) << r.error;
  ASSERT_EQ(r.out.size(), kOutBytes);
  for (unsigned n = 0; n < 16; ++n) {
    uint64_t want = fc.gr[n];
    if (n == kBaseReg)
      want = img.block_addr[0];
    else if (fc.gr_data_off[n] >= 0)
      want = img.block_addr[0] + kDataOff + fc.gr_data_off[n];
    EXPECT_EQ(get_be(r.out, kOutGr + 8 * n, 8), want) << "r" << n;
    if (cfg.features.fpr) EXPECT_EQ(get_be(r.out, kOutFpr + 8 * n, 8), fc.fpr[n]) << "f" << n;
  }
  if (cfg.features.cc_in && cfg.features.cc_out)
    EXPECT_EQ(get_be(r.out, kOutCc, 4) >> 28 & 3, fc.cc);
  if (cfg.features.fpc) EXPECT_EQ(get_be(r.out, kOutFpc, 4), fc.fpc);
  EXPECT_TRUE(std::equal(fc.data.begin(), fc.data.end(), r.out.begin() + kDataOff));
}

TEST(FuzzCompare, TamperedOutputIsReportedByRegister) {
  generator gen({});
  fuzz_case fc = gen.make_case(99);
  fc.code.clear();
  run_config cfg = config();
  cfg.tamper_ssivm = [](std::vector<uint8_t>& out) {
    if (out.size() >= kOutBytes) out[kOutGr + 8 * 5 + 7] ^= 1;  // flip a bit of r5
  };
  auto res = run_cases(std::span<const fuzz_case>(&fc, 1), cfg);
  ASSERT_EQ(res.size(), 1u);
  ASSERT_TRUE(res[0].qemu.completed) << res[0].qemu.error;
  EXPECT_FALSE(res[0].equal);
  std::string d = describe_difference(fc, res[0]);
  EXPECT_NE(d.find("r5 "), std::string::npos) << d;
  EXPECT_EQ(d.find("r6 "), std::string::npos) << d;
}

TEST(FuzzCompare, FaultingCaseIsComparedBySignalAndTheNextCaseStillRuns) {
  generator gen({});
  fuzz_case bad = gen.make_case(1), good = gen.make_case(2);
  bad.code.clear();
  good.code.clear();
  // L r1,0(0,0): location 0 is not mapped in a Linux process, on either side.
  gen_insn g;
  g.i.id = arch::find_insn("l");
  ASSERT_NE(g.i.id, 0);
  g.i.len = 4;
  g.i.r1 = 1;
  bad.code.push_back(g);
  std::vector<fuzz_case> cases = {bad, good};
  auto res = run_cases(cases, config());
  ASSERT_EQ(res.size(), 2u);
  EXPECT_FALSE(res[0].qemu.completed);
  EXPECT_EQ(res[0].qemu.signal, SIGSEGV);
  EXPECT_EQ(res[0].ssivm.signal, SIGSEGV);
  EXPECT_TRUE(res[0].equal);
  EXPECT_EQ(res[0].fault_index, 0);
  EXPECT_TRUE(res[1].qemu.completed);
  EXPECT_TRUE(res[1].ssivm.completed);
  EXPECT_TRUE(res[1].equal);
}

// A case of one register-operand instruction over the data area, the rest of its state random.
fuzz_case one_insn_case(uint64_t id, std::string_view mnemonic, unsigned r1, unsigned r2,
                        unsigned m3) {
  generator gen({});
  fuzz_case fc = gen.make_case(id);
  fc.code.clear();
  gen_insn g;
  g.i.id = arch::find_insn(mnemonic);
  g.i.len = 4;
  g.i.r1 = static_cast<uint8_t>(r1);
  g.i.r2 = static_cast<uint8_t>(r2);
  g.i.m3 = static_cast<uint8_t>(m3);
  fc.code.push_back(g);
  return fc;
}

// qemu 7.2 tests TROT's two-byte function characters against GR0 bits 56-63 only: with GR0 =
// 0x3440 it stops (CC 1) at the function character 0040, which ssivm (PoO: bits 48-63) stores.
TEST(FuzzExplain, QemuTrotByteWideTestCharacterIsExplained) {
  fuzz_case fc = one_insn_case(77, "trot", 4, 6, 0);
  ASSERT_NE(fc.code[0].i.id, 0);
  fc.gr_data_off.fill(-1);
  fc.gr[0] = 0x3440;
  fc.gr_data_off[4] = 0x100;  // first operand
  fc.gr[5] = 2;               // two source bytes
  fc.gr_data_off[6] = 0x200;  // second operand
  fc.gr_data_off[1] = 0x300;  // table (block + 0x410: a doubleword boundary)
  fc.data[0x200] = 5;
  fc.data[0x201] = 6;
  fc.data[0x300 + 10] = 0x00;
  fc.data[0x300 + 11] = 0x40;
  fc.data[0x300 + 12] = 0x12;
  fc.data[0x300 + 13] = 0x34;
  auto res = run_cases(std::span<const fuzz_case>(&fc, 1), config());
  ASSERT_TRUE(res[0].qemu.completed) << res[0].qemu.error;
  ASSERT_TRUE(res[0].ssivm.completed) << res[0].ssivm.error;
  EXPECT_EQ(res[0].ssivm.block[kOutCc] >> 4 & 3, 0);
  EXPECT_EQ(get_be(res[0].ssivm.block, kDataOff + 0x100, 4), 0x00401234u);
  ASSERT_FALSE(res[0].equal) << "qemu now compares two-byte test characters: drop the rule";
  const char* why = explain_difference(fc, res[0]);
  ASSERT_NE(why, nullptr);
  EXPECT_NE(std::string(why).find("TROT"), std::string::npos) << why;
}

// TRTT's table reaches 128 KiB past GR1: its case owns the blocks after its own and clears
// them first, so a table entry there reads zero even after an earlier case filled them
// (MVCL of 64 KiB of ff from its data area), in a batch as in a one-case program.
TEST(FuzzRun, CasesReachingPastTheirBlockSeeOnlyTheirOwnZeroedReach) {
  fuzz_case fill = one_insn_case(80, "mvcl", 2, 4, 0);
  fill.gr_data_off.fill(-1);
  fill.gr_data_off[2] = 0;
  fill.gr[3] = 0x10000;
  fill.gr_data_off[4] = 0;
  fill.gr[5] = 0xff000000;                            // pad ff, no source bytes
  fuzz_case fc = one_insn_case(78, "trtt", 4, 6, 1);  // M3 bit 3: no test character
  ASSERT_NE(fc.code[0].i.id, 0);
  fc.gr_data_off.fill(-1);
  fc.gr_data_off[4] = 0x100;
  fc.gr[5] = 2;
  fc.gr_data_off[6] = 0x200;
  fc.gr_data_off[1] = 0x300;
  fc.data[0x200] = 0x40;  // character 4000: table entry 32 KiB past GR1, 8 blocks on
  fc.data[0x201] = 0x00;
  ASSERT_TRUE(reaches_past_block(fc));
  ASSERT_FALSE(reaches_past_block(fill));
  std::vector<fuzz_case> cases = {fill, fc};
  for (size_t first : {0u, 1u}) {
    auto res = run_cases(std::span<const fuzz_case>(cases).subspan(first), config());
    const case_outcome& o = res.back();
    ASSERT_TRUE(o.qemu.completed) << o.qemu.error;
    ASSERT_TRUE(o.ssivm.completed) << o.ssivm.error;
    EXPECT_TRUE(o.equal);
    EXPECT_EQ(get_be(o.ssivm.block, kDataOff + 0x100, 2), 0u);
    EXPECT_EQ(o.ssivm.block[kOutCc] >> 4 & 3, 0);
  }
}

}  // namespace
}  // namespace ssivm::fuzz
