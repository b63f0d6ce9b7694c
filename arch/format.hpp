// Instruction formats of z/Architecture and the decoded-instruction record.
// Field positions are numbered as the Principles of Operation numbers them (bit 0 = leftmost).
#pragma once

#include <cstdint>
#include <string_view>

// Applies X to the name of every field of arch::insn (for code that treats them alike).
// clang-format off
#define SSIVM_FOR_EACH_INSN_FIELD(X) \
  X(r1) X(r2) X(r3) X(x2) X(b1) X(b2) X(b4) X(m3) X(m4) X(m5) \
  X(i2) X(i3) X(i4) X(i5) X(l1) X(l2) X(d1) X(d2) X(d4) X(ri)
// clang-format on

namespace ssivm::arch {

// One entry per format variant. Variants that share a bit layout but differ in meaning
// (RI-a immediate vs RI-b relative) are distinct so the disassembler and the fuzzer know.
enum class format : uint8_t {
  E,      // op16
  I,      // op8 I1(8)
  IE,     // op16 //////// I1(4) I2(4)
  RR,     // op8 R1 R2
  RRE,    // op16 //////// R1 R2
  RRF_a,  // op16 R3 M4 R1 R2
  RRF_b,  // op16 R3 M4 R1 R2
  RRF_c,  // op16 M3 //// R1 R2
  RRF_d,  // op16 //// M4 R1 R2
  RRF_e,  // op16 M3 M4 R1 R2
  RRD,    // op16 R1 //// R3 R2
  RI_a,   // op8 R1 op4 I2(16)
  RI_b,   // op8 R1 op4 RI2(16)
  RI_c,   // op8 M1 op4 RI2(16)
  RIE_a,  // op8 R1 //// I2(16) M3 //// op8
  RIE_b,  // op8 R1 R2 RI4(16) M3 //// op8
  RIE_c,  // op8 R1 M3 RI4(16) I2(8) op8
  RIE_d,  // op8 R1 R3 I2(16) //////// op8
  RIE_e,  // op8 R1 R3 RI2(16) //////// op8
  RIE_f,  // op8 R1 R2 I3(8) I4(8) I5(8) op8
  RIE_g,  // op8 R1 M3 I2(16) //////// op8
  RIL_a,  // op8 R1 op4 I2(32)
  RIL_b,  // op8 R1 op4 RI2(32)
  RIL_c,  // op8 M1 op4 RI2(32)
  RIS,    // op8 R1 M3 B4 D4 I2(8) op8
  RRS,    // op8 R1 R2 B4 D4 M3 //// op8
  RS_a,   // op8 R1 R3 B2 D2
  RS_b,   // op8 R1 M3 B2 D2
  RSI,    // op8 R1 R3 RI2(16)
  RSL_a,  // op8 L1(4) //// B1 D1 //////// op8
  RSY_a,  // op8 R1 R3 B2 DL2 DH2 op8
  RSY_b,  // op8 R1 M3 B2 DL2 DH2 op8
  RX_a,   // op8 R1 X2 B2 D2
  RX_b,   // op8 M1 X2 B2 D2
  RXE,    // op8 R1 X2 B2 D2 M3 //// op8
  RXF,    // op8 R3 X2 B2 D2 R1 //// op8
  RXY_a,  // op8 R1 X2 B2 DL2 DH2 op8
  RXY_b,  // op8 M1 X2 B2 DL2 DH2 op8
  S,      // op16 B2 D2
  SI,     // op8 I2(8) B1 D1
  SIY,    // op8 I2(8) B1 DL1 DH1 op8
  SIL,    // op16 B1 D1 I2(16)
  SS_a,   // op8 L1(8) B1 D1 B2 D2
  SS_b,   // op8 L1(4) L2(4) B1 D1 B2 D2
  SS_c,   // op8 L1(4) I3(4) B1 D1 B2 D2
  SS_d,   // op8 R1 R3 B1 D1 B2 D2
  SS_e,   // op8 R1 R3 B2 D2 B4 D4
  SS_f,   // op8 L2(8) B1 D1 B2 D2
  SSE,    // op16 B1 D1 B2 D2
  SSF,    // op8 R3 op4 B1 D1 B2 D2
  count_
};

// Where the second part of the opcode lives, given the first byte.
enum class opcode_ext : uint8_t {
  none,    // 8-bit opcode
  byte1,   // bits 8-15
  nibble,  // bits 12-15
  byte5,   // bits 40-47
};

constexpr opcode_ext ext_of(format f) {
  switch (f) {
    case format::E:
    case format::IE:
    case format::RRE:
    case format::RRF_a:
    case format::RRF_b:
    case format::RRF_c:
    case format::RRF_d:
    case format::RRF_e:
    case format::RRD:
    case format::S:
    case format::SIL:
    case format::SSE: return opcode_ext::byte1;
    case format::RI_a:
    case format::RI_b:
    case format::RI_c:
    case format::RIL_a:
    case format::RIL_b:
    case format::RIL_c:
    case format::SSF: return opcode_ext::nibble;
    case format::RIE_a:
    case format::RIE_b:
    case format::RIE_c:
    case format::RIE_d:
    case format::RIE_e:
    case format::RIE_f:
    case format::RIE_g:
    case format::RIS:
    case format::RRS:
    case format::RSL_a:
    case format::RSY_a:
    case format::RSY_b:
    case format::RXE:
    case format::RXF:
    case format::RXY_a:
    case format::RXY_b:
    case format::SIY: return opcode_ext::byte5;
    default: return opcode_ext::none;
  }
}

// Instruction length from the first opcode byte (bits 0-1): 00 → 2, 01/10 → 4, 11 → 6.
constexpr unsigned insn_length(uint8_t byte0) {
  unsigned top = byte0 >> 6;
  return top == 0 ? 2 : top == 3 ? 6 : 4;
}

// A decoded instruction: every field any format has, named as the Principles of Operation
// names them. Mask fields M1 (RX-b, RI-c, RIL-c, RXY-b) are kept in r1. Immediates are
// sign-extended; a routine that wants the unsigned view narrows it. Relative fields (RI2, RI4)
// are signed halfword counts in `ri`.
struct insn {
  uint16_t id = 0;  // row of the instruction table
  uint8_t len = 0;  // 2, 4 or 6
  uint8_t r1 = 0, r2 = 0, r3 = 0;
  uint8_t x2 = 0, b1 = 0, b2 = 0, b4 = 0;
  uint8_t m3 = 0, m4 = 0, m5 = 0;
  uint8_t i3 = 0, i4 = 0, i5 = 0;
  uint8_t l1 = 0, l2 = 0;
  int32_t d1 = 0, d2 = 0, d4 = 0;
  int32_t ri = 0;
  int64_t i2 = 0;
};

// Fields of insn by name (for code that treats them alike: format table, disassembler rules).
enum class insn_field : uint8_t {
  none,
#define SSIVM_FIELD_ENUMERATOR(x) x,
  SSIVM_FOR_EACH_INSN_FIELD(SSIVM_FIELD_ENUMERATOR)
#undef SSIVM_FIELD_ENUMERATOR
};
int64_t get_field(const insn& i, insn_field f);    // sign-extended as stored
void set_field(insn& i, insn_field f, int64_t v);  // narrowed to the field's width
insn_field field_by_name(std::string_view name);   // "r1" → insn_field::r1; none if unknown

}  // namespace ssivm::arch
