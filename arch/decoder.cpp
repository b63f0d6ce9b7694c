// Decoder tables built once from the instruction table.
#include "arch/decoder.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ssivm::arch {
namespace {

struct decode_tables {
  std::array<opcode_ext, 256> ext{};
  std::array<bool, 256> used{};
  std::array<uint16_t, 256 * 256> row{};  // (byte0 << 8 | ext value) → table row
  std::array<std::string, kInsnCount> lower;

  decode_tables() {
    for (unsigned id = 1; id < kInsnCount; ++id) {
      const insn_def& d = kInsnTable[id];
      uint8_t b0 = opcode_byte0(d);
      opcode_ext e = ext_of(d.fmt);
      if (used[b0] && ext[b0] != e) {
        std::fprintf(stderr, "instruction table: %.*s disagrees on the opcode layout of %02x\n",
                     int(d.name.size()), d.name.data(), b0);
        std::abort();
      }
      used[b0] = true;
      ext[b0] = e;
      uint16_t key = static_cast<uint16_t>(b0 << 8 | opcode_ext_value(d));
      if (row[key] != 0) {
        std::fprintf(stderr, "instruction table: %.*s duplicates opcode %04x\n", int(d.name.size()),
                     d.name.data(), d.opcode);
        std::abort();
      }
      row[key] = static_cast<uint16_t>(id);
    }
    for (unsigned id = 0; id < kInsnCount; ++id) {
      std::string s(kInsnTable[id].name);
      for (char& ch : s) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      lower[id] = std::move(s);
    }
  }
};

const decode_tables& tables() {
  static const decode_tables t;
  return t;
}

inline uint32_t bits(const uint8_t* b, unsigned first, unsigned count) {
  // Big-endian bit field [first, first+count) of a 48-bit instruction.
  uint64_t v = 0;
  for (unsigned i = 0; i < 6; ++i) v = v << 8 | b[i];
  return static_cast<uint32_t>((v >> (48 - first - count)) & ((1ull << count) - 1));
}
inline int32_t sext(uint32_t v, unsigned width) {
  return static_cast<int32_t>(v << (32 - width)) >> (32 - width);
}
inline int32_t long_disp(const uint8_t* b) {  // DL (bits 20-31) and DH (bits 32-39)
  return sext(bits(b, 32, 8) << 12 | bits(b, 20, 12), 20);
}

}  // namespace

std::span<const insn_def> all_insns() { return {kInsnTable, kInsnCount}; }

std::string_view mnemonic(uint16_t id) { return tables().lower[id < kInsnCount ? id : 0]; }

uint16_t find_insn(std::string_view m) {
  const auto& t = tables();
  for (unsigned id = 1; id < kInsnCount; ++id)
    if (t.lower[id] == m) return static_cast<uint16_t>(id);
  return 0;
}

void extract_fields(format fmt, const uint8_t* bp, insn& o) {
  uint8_t b[6] = {0, 0, 0, 0, 0, 0};
  for (unsigned i = 0; i < insn_length(bp[0]); ++i) b[i] = bp[i];
  uint64_t w = 0;  // the instruction as a 48-bit big-endian number
  for (unsigned i = 0; i < 6; ++i) w = w << 8 | b[i];
  auto f = [w](unsigned first, unsigned count) {
    return static_cast<uint32_t>((w >> (48 - first - count)) & ((1ull << count) - 1));
  };
  switch (fmt) {
    case format::E: break;
    case format::I: o.i2 = f(8, 8); break;  // I1 kept in i2
    case format::IE:
      o.i3 = static_cast<uint8_t>(f(24, 4));
      o.i4 = static_cast<uint8_t>(f(28, 4));
      break;
    case format::RR:
      o.r1 = f(8, 4);
      o.r2 = f(12, 4);
      break;
    case format::RRE:
      o.r1 = f(24, 4);
      o.r2 = f(28, 4);
      break;
    case format::RRF_a:
    case format::RRF_b:
    case format::RRF_c:
    case format::RRF_d:
    case format::RRF_e:
      o.r3 = o.m3 = static_cast<uint8_t>(f(16, 4));
      o.m4 = static_cast<uint8_t>(f(20, 4));
      o.r1 = f(24, 4);
      o.r2 = f(28, 4);
      break;
    case format::RRD:
      o.r1 = f(16, 4);
      o.r3 = f(24, 4);
      o.r2 = f(28, 4);
      break;
    case format::RI_a:
      o.r1 = f(8, 4);
      o.i2 = sext(f(16, 16), 16);
      break;
    case format::RI_b:
    case format::RI_c:
      o.r1 = f(8, 4);
      o.ri = sext(f(16, 16), 16);
      break;
    case format::RIE_a:
      o.r1 = f(8, 4);
      o.i2 = sext(f(16, 16), 16);
      o.m3 = f(32, 4);
      break;
    case format::RIE_b:
      o.r1 = f(8, 4);
      o.r2 = f(12, 4);
      o.ri = sext(f(16, 16), 16);
      o.m3 = f(32, 4);
      break;
    case format::RIE_c:
      o.r1 = f(8, 4);
      o.m3 = f(12, 4);
      o.ri = sext(f(16, 16), 16);
      o.i2 = sext(f(32, 8), 8);
      break;
    case format::RIE_d:
      o.r1 = f(8, 4);
      o.r3 = f(12, 4);
      o.i2 = sext(f(16, 16), 16);
      break;
    case format::RIE_e:
      o.r1 = f(8, 4);
      o.r3 = f(12, 4);
      o.ri = sext(f(16, 16), 16);
      break;
    case format::RIE_f:
      o.r1 = f(8, 4);
      o.r2 = f(12, 4);
      o.i3 = f(16, 8);
      o.i4 = f(24, 8);
      o.i5 = f(32, 8);
      break;
    case format::RIE_g:
      o.r1 = f(8, 4);
      o.m3 = f(12, 4);
      o.i2 = sext(f(16, 16), 16);
      break;
    case format::RIL_a:
      o.r1 = f(8, 4);
      o.i2 = sext(f(16, 32), 32);
      break;
    case format::RIL_b:
    case format::RIL_c:
      o.r1 = f(8, 4);
      o.ri = sext(f(16, 32), 32);
      break;
    case format::RIS:
      o.r1 = f(8, 4);
      o.m3 = f(12, 4);
      o.b4 = f(16, 4);
      o.d4 = f(20, 12);
      o.i2 = sext(f(32, 8), 8);
      break;
    case format::RRS:
      o.r1 = f(8, 4);
      o.r2 = f(12, 4);
      o.b4 = f(16, 4);
      o.d4 = f(20, 12);
      o.m3 = f(32, 4);
      break;
    case format::RS_a:
    case format::RS_b:
      o.r1 = f(8, 4);
      o.r3 = o.m3 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      break;
    case format::RSI:
      o.r1 = f(8, 4);
      o.r3 = f(12, 4);
      o.ri = sext(f(16, 16), 16);
      break;
    case format::RSY_a:
    case format::RSY_b:
      o.r1 = f(8, 4);
      o.r3 = o.m3 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = long_disp(b);
      break;
    case format::RX_a:
    case format::RX_b:
      o.r1 = f(8, 4);
      o.x2 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      break;
    case format::RXE:
      o.r1 = f(8, 4);
      o.x2 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      o.m3 = f(32, 4);
      break;
    case format::RXF:
      o.r3 = f(8, 4);
      o.x2 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      o.r1 = f(32, 4);
      break;
    case format::RXY_a:
    case format::RXY_b:
      o.r1 = f(8, 4);
      o.x2 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = long_disp(b);
      break;
    case format::S:
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      break;
    case format::SI:
      o.i2 = f(8, 8);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      break;
    case format::SIY:
      o.i2 = f(8, 8);
      o.b1 = f(16, 4);
      o.d1 = long_disp(b);
      break;
    case format::SIL:
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.i2 = sext(f(32, 16), 16);
      break;
    case format::SS_a:
      o.l1 = f(8, 8);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SS_b:
      o.l1 = f(8, 4);
      o.l2 = f(12, 4);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SS_c:
      o.l1 = f(8, 4);
      o.i3 = f(12, 4);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SS_d:
      o.r1 = f(8, 4);
      o.r3 = f(12, 4);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SS_e:
      o.r1 = f(8, 4);
      o.r3 = f(12, 4);
      o.b2 = f(16, 4);
      o.d2 = f(20, 12);
      o.b4 = f(32, 4);
      o.d4 = f(36, 12);
      break;
    case format::RSL_a:
      o.l1 = static_cast<uint8_t>(f(8, 4));
      o.b1 = static_cast<uint8_t>(f(16, 4));
      o.d1 = static_cast<int32_t>(f(20, 12));
      break;
    case format::SS_f:
      o.l2 = f(8, 8);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SSE:
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::SSF:
      o.r3 = f(8, 4);
      o.b1 = f(16, 4);
      o.d1 = f(20, 12);
      o.b2 = f(32, 4);
      o.d2 = f(36, 12);
      break;
    case format::count_: break;
  }
}

uint16_t lookup_opcode(const uint8_t* b) {
  const auto& t = tables();
  uint8_t b0 = b[0];
  if (!t.used[b0]) return 0;
  uint8_t e = 0;
  switch (t.ext[b0]) {
    case opcode_ext::none: e = 0; break;
    case opcode_ext::byte1: e = b[1]; break;
    case opcode_ext::nibble: e = b[1] & 0xf; break;
    case opcode_ext::byte5: e = b[5]; break;
  }
  return t.row[static_cast<uint16_t>(b0 << 8 | e)];
}

void decode(const uint8_t* b, insn& o) {
  o = insn{};
  o.len = static_cast<uint8_t>(insn_length(b[0]));
  uint16_t id = lookup_opcode(b);
  if (id == 0 || !facility_installed(kInsnTable[id].fac)) return;
  o.id = id;
  extract_fields(kInsnTable[id].fmt, b, o);
}

namespace {
inline void put(uint8_t* b, unsigned first, unsigned count, uint64_t v) {
  uint64_t w = 0;
  for (unsigned i = 0; i < 6; ++i) w = w << 8 | b[i];
  uint64_t mask = ((1ull << count) - 1) << (48 - first - count);
  w = (w & ~mask) | ((v << (48 - first - count)) & mask);
  for (int i = 5; i >= 0; --i) {
    b[i] = static_cast<uint8_t>(w);
    w >>= 8;
  }
}
inline void put_long_disp(uint8_t* b, int32_t d) {
  put(b, 20, 12, static_cast<uint32_t>(d) & 0xfff);
  put(b, 32, 8, (static_cast<uint32_t>(d) >> 12) & 0xff);
}
}  // namespace

unsigned encode(const insn& o, uint8_t* out) {
  uint8_t b[6] = {0, 0, 0, 0, 0, 0};
  const insn_def& d = kInsnTable[o.id];
  b[0] = opcode_byte0(d);
  switch (ext_of(d.fmt)) {
    case opcode_ext::none: break;
    case opcode_ext::byte1: b[1] = opcode_ext_value(d); break;
    case opcode_ext::nibble: b[1] = opcode_ext_value(d); break;
    case opcode_ext::byte5: b[5] = opcode_ext_value(d); break;
  }
  auto p = [&](unsigned first, unsigned count, uint64_t v) { put(b, first, count, v); };
  switch (d.fmt) {
    case format::E: break;
    case format::I: p(8, 8, o.i2); break;
    case format::IE:
      p(24, 4, o.i3);
      p(28, 4, o.i4);
      break;
    case format::RR:
      p(8, 4, o.r1);
      p(12, 4, o.r2);
      break;
    case format::RRE:
      p(24, 4, o.r1);
      p(28, 4, o.r2);
      break;
    case format::RRF_a:
    case format::RRF_b:
    case format::RRF_c:
    case format::RRF_d:
    case format::RRF_e:
      p(16, 4, o.r3 | o.m3);
      p(20, 4, o.m4);
      p(24, 4, o.r1);
      p(28, 4, o.r2);
      break;
    case format::RRD:
      p(16, 4, o.r1);
      p(24, 4, o.r3);
      p(28, 4, o.r2);
      break;
    case format::RI_a:
      p(8, 4, o.r1);
      p(16, 16, static_cast<uint64_t>(o.i2));
      break;
    case format::RI_b:
    case format::RI_c:
      p(8, 4, o.r1);
      p(16, 16, static_cast<uint32_t>(o.ri));
      break;
    case format::RIE_a:
      p(8, 4, o.r1);
      p(16, 16, static_cast<uint64_t>(o.i2));
      p(32, 4, o.m3);
      break;
    case format::RIE_b:
      p(8, 4, o.r1);
      p(12, 4, o.r2);
      p(16, 16, static_cast<uint32_t>(o.ri));
      p(32, 4, o.m3);
      break;
    case format::RIE_c:
      p(8, 4, o.r1);
      p(12, 4, o.m3);
      p(16, 16, static_cast<uint32_t>(o.ri));
      p(32, 8, static_cast<uint64_t>(o.i2));
      break;
    case format::RIE_d:
      p(8, 4, o.r1);
      p(12, 4, o.r3);
      p(16, 16, static_cast<uint64_t>(o.i2));
      break;
    case format::RIE_e:
      p(8, 4, o.r1);
      p(12, 4, o.r3);
      p(16, 16, static_cast<uint32_t>(o.ri));
      break;
    case format::RIE_f:
      p(8, 4, o.r1);
      p(12, 4, o.r2);
      p(16, 8, o.i3);
      p(24, 8, o.i4);
      p(32, 8, o.i5);
      break;
    case format::RIE_g:
      p(8, 4, o.r1);
      p(12, 4, o.m3);
      p(16, 16, static_cast<uint64_t>(o.i2));
      break;
    case format::RIL_a:
      p(8, 4, o.r1);
      p(16, 32, static_cast<uint64_t>(o.i2));
      break;
    case format::RIL_b:
    case format::RIL_c:
      p(8, 4, o.r1);
      p(16, 32, static_cast<uint32_t>(o.ri));
      break;
    case format::RIS:
      p(8, 4, o.r1);
      p(12, 4, o.m3);
      p(16, 4, o.b4);
      p(20, 12, static_cast<uint32_t>(o.d4));
      p(32, 8, static_cast<uint64_t>(o.i2));
      break;
    case format::RRS:
      p(8, 4, o.r1);
      p(12, 4, o.r2);
      p(16, 4, o.b4);
      p(20, 12, static_cast<uint32_t>(o.d4));
      p(32, 4, o.m3);
      break;
    case format::RS_a:
    case format::RS_b:
      p(8, 4, o.r1);
      p(12, 4, o.r3 | o.m3);
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::RSI:
      p(8, 4, o.r1);
      p(12, 4, o.r3);
      p(16, 16, static_cast<uint32_t>(o.ri));
      break;
    case format::RSY_a:
    case format::RSY_b:
      p(8, 4, o.r1);
      p(12, 4, o.r3 | o.m3);
      p(16, 4, o.b2);
      put_long_disp(b, o.d2);
      break;
    case format::RX_a:
    case format::RX_b:
      p(8, 4, o.r1);
      p(12, 4, o.x2);
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::RXE:
      p(8, 4, o.r1);
      p(12, 4, o.x2);
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      p(32, 4, o.m3);
      break;
    case format::RXF:
      p(8, 4, o.r3);
      p(12, 4, o.x2);
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      p(32, 4, o.r1);
      break;
    case format::RXY_a:
    case format::RXY_b:
      p(8, 4, o.r1);
      p(12, 4, o.x2);
      p(16, 4, o.b2);
      put_long_disp(b, o.d2);
      break;
    case format::S:
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SI:
      p(8, 8, static_cast<uint64_t>(o.i2));
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      break;
    case format::SIY:
      p(8, 8, static_cast<uint64_t>(o.i2));
      p(16, 4, o.b1);
      put_long_disp(b, o.d1);
      break;
    case format::SIL:
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 16, static_cast<uint64_t>(o.i2));
      break;
    case format::SS_a:
      p(8, 8, o.l1);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SS_b:
      p(8, 4, o.l1);
      p(12, 4, o.l2);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SS_c:
      p(8, 4, o.l1);
      p(12, 4, o.i3);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SS_d:
      p(8, 4, o.r1);
      p(12, 4, o.r3);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SS_e:
      p(8, 4, o.r1);
      p(12, 4, o.r3);
      p(16, 4, o.b2);
      p(20, 12, static_cast<uint32_t>(o.d2));
      p(32, 4, o.b4);
      p(36, 12, static_cast<uint32_t>(o.d4));
      break;
    case format::RSL_a:
      p(8, 4, o.l1);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      break;
    case format::SS_f:
      p(8, 8, o.l2);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SSE:
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::SSF:
      p(8, 4, o.r3);
      p(16, 4, o.b1);
      p(20, 12, static_cast<uint32_t>(o.d1));
      p(32, 4, o.b2);
      p(36, 12, static_cast<uint32_t>(o.d2));
      break;
    case format::count_: break;
  }
  unsigned len = insn_length(b[0]);
  for (unsigned i = 0; i < len; ++i) out[i] = b[i];
  return len;
}

}  // namespace ssivm::arch
