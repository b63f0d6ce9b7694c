// Decoder basics: lengths, opcode lookup, field extraction, encode round trip.
#include <gtest/gtest.h>

#include "arch/decoder.hpp"
#include "arch/disasm.hpp"
#include "arch/insn_table.hpp"

using namespace ssivm::arch;

TEST(Decoder, LengthComesFromTheFirstTwoBits) {
  EXPECT_EQ(insn_length(0x07), 2u);
  EXPECT_EQ(insn_length(0x58), 4u);
  EXPECT_EQ(insn_length(0xa7), 4u);
  EXPECT_EQ(insn_length(0xe3), 6u);
}

TEST(Decoder, DecodesLongDisplacementNegative) {
  const uint8_t lg[] = {0xe3, 0x10, 0xff, 0xf8, 0xff, 0x04};  // lg %r1,-8(%r15)
  insn i;
  decode(lg, i);
  EXPECT_EQ(i.id, static_cast<uint16_t>(insn_id::LG));
  EXPECT_EQ(i.r1, 1);
  EXPECT_EQ(i.b2, 15);
  EXPECT_EQ(i.d2, -8);
  EXPECT_EQ(disassemble(lg, 0), "lg\t%r1,-8(%r15)");
}

TEST(Decoder, UnknownOpcodeIsInvalid) {
  const uint8_t bad[] = {0x00, 0x00};
  insn i;
  decode(bad, i);
  EXPECT_EQ(i.id, 0);
  EXPECT_EQ(i.len, 2);
}

TEST(Decoder, EveryRowRoundTripsThroughEncode) {
  for (unsigned id = 1; id < kInsnCount; ++id) {
    insn in{};
    in.id = static_cast<uint16_t>(id);
    uint8_t b[6];
    encode(in, b);
    insn out;
    decode(b, out);
    if (!facility_installed(kInsnTable[id].fac)) continue;
    EXPECT_EQ(out.id, id) << kInsnTable[id].name;
  }
}
