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

// ---- The format table: where each field of each format sits (PoO bit numbering) ------------

using fld = insn_field;

struct field_pos {
  fld f;
  uint8_t first;   // first bit (0 = leftmost bit of the instruction)
  uint8_t width;   // bits; 20 means a long displacement: DL at `first`, DH at bits 32-39
  bool is_signed;  // sign-extended when extracted
};
constexpr uint8_t kLongDisp = 20;

struct format_fields {
  uint8_t count;
  field_pos f[6];
};

constexpr format_fields fields_of(format fmt) {
  using enum fld;
  switch (fmt) {
    case format::E: return {0, {}};
    case format::I: return {1, {{i2, 8, 8, false}}};  // I1 is kept in i2
    case format::IE: return {2, {{i3, 24, 4, false}, {i4, 28, 4, false}}};
    case format::RR: return {2, {{r1, 8, 4, false}, {r2, 12, 4, false}}};
    case format::RRE: return {2, {{r1, 24, 4, false}, {r2, 28, 4, false}}};
    case format::RRF_a:
    case format::RRF_b:
    case format::RRF_c:
    case format::RRF_d:
    case format::RRF_e:  // bits 16-19 are R3 or M3 by row: both are filled
      return {5,
              {{r3, 16, 4, false},
               {m3, 16, 4, false},
               {m4, 20, 4, false},
               {r1, 24, 4, false},
               {r2, 28, 4, false}}};
    case format::RRD: return {3, {{r1, 16, 4, false}, {r3, 24, 4, false}, {r2, 28, 4, false}}};
    case format::RI_a: return {2, {{r1, 8, 4, false}, {i2, 16, 16, true}}};
    case format::RI_b:
    case format::RI_c: return {2, {{r1, 8, 4, false}, {ri, 16, 16, true}}};
    case format::RIE_a: return {3, {{r1, 8, 4, false}, {i2, 16, 16, true}, {m3, 32, 4, false}}};
    case format::RIE_b:
      return {4, {{r1, 8, 4, false}, {r2, 12, 4, false}, {ri, 16, 16, true}, {m3, 32, 4, false}}};
    case format::RIE_c:
      return {4, {{r1, 8, 4, false}, {m3, 12, 4, false}, {ri, 16, 16, true}, {i2, 32, 8, true}}};
    case format::RIE_d: return {3, {{r1, 8, 4, false}, {r3, 12, 4, false}, {i2, 16, 16, true}}};
    case format::RIE_e: return {3, {{r1, 8, 4, false}, {r3, 12, 4, false}, {ri, 16, 16, true}}};
    case format::RIE_f:
      return {5,
              {{r1, 8, 4, false},
               {r2, 12, 4, false},
               {i3, 16, 8, false},
               {i4, 24, 8, false},
               {i5, 32, 8, false}}};
    case format::RIE_g: return {3, {{r1, 8, 4, false}, {m3, 12, 4, false}, {i2, 16, 16, true}}};
    case format::RIL_a: return {2, {{r1, 8, 4, false}, {i2, 16, 32, true}}};
    case format::RIL_b:
    case format::RIL_c: return {2, {{r1, 8, 4, false}, {ri, 16, 32, true}}};
    case format::RIS:
      return {5,
              {{r1, 8, 4, false},
               {m3, 12, 4, false},
               {b4, 16, 4, false},
               {d4, 20, 12, false},
               {i2, 32, 8, true}}};
    case format::RRS:
      return {5,
              {{r1, 8, 4, false},
               {r2, 12, 4, false},
               {b4, 16, 4, false},
               {d4, 20, 12, false},
               {m3, 32, 4, false}}};
    case format::RS_a:
    case format::RS_b:  // bits 12-15 are R3 or M3 by row
      return {5,
              {{r1, 8, 4, false},
               {r3, 12, 4, false},
               {m3, 12, 4, false},
               {b2, 16, 4, false},
               {d2, 20, 12, false}}};
    case format::RSI: return {3, {{r1, 8, 4, false}, {r3, 12, 4, false}, {ri, 16, 16, true}}};
    case format::RSL_a: return {3, {{l1, 8, 4, false}, {b1, 16, 4, false}, {d1, 20, 12, false}}};
    case format::RSY_a:
    case format::RSY_b:
      return {5,
              {{r1, 8, 4, false},
               {r3, 12, 4, false},
               {m3, 12, 4, false},
               {b2, 16, 4, false},
               {d2, 20, kLongDisp, true}}};
    case format::RX_a:
    case format::RX_b:
      return {4, {{r1, 8, 4, false}, {x2, 12, 4, false}, {b2, 16, 4, false}, {d2, 20, 12, false}}};
    case format::RXE:
      return {5,
              {{r1, 8, 4, false},
               {x2, 12, 4, false},
               {b2, 16, 4, false},
               {d2, 20, 12, false},
               {m3, 32, 4, false}}};
    case format::RXF:
      return {5,
              {{r3, 8, 4, false},
               {x2, 12, 4, false},
               {b2, 16, 4, false},
               {d2, 20, 12, false},
               {r1, 32, 4, false}}};
    case format::RXY_a:
    case format::RXY_b:
      return {
          4,
          {{r1, 8, 4, false}, {x2, 12, 4, false}, {b2, 16, 4, false}, {d2, 20, kLongDisp, true}}};
    case format::S: return {2, {{b2, 16, 4, false}, {d2, 20, 12, false}}};
    case format::SI: return {3, {{i2, 8, 8, false}, {b1, 16, 4, false}, {d1, 20, 12, false}}};
    case format::SIY:
      return {3, {{i2, 8, 8, false}, {b1, 16, 4, false}, {d1, 20, kLongDisp, true}}};
    case format::SIL: return {3, {{b1, 16, 4, false}, {d1, 20, 12, false}, {i2, 32, 16, true}}};
    case format::SS_a:
      return {5,
              {{l1, 8, 8, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::SS_b:
      return {6,
              {{l1, 8, 4, false},
               {l2, 12, 4, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::SS_c:
      return {6,
              {{l1, 8, 4, false},
               {i3, 12, 4, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::SS_d:
      return {6,
              {{r1, 8, 4, false},
               {r3, 12, 4, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::SS_e:
      return {6,
              {{r1, 8, 4, false},
               {r3, 12, 4, false},
               {b2, 16, 4, false},
               {d2, 20, 12, false},
               {b4, 32, 4, false},
               {d4, 36, 12, false}}};
    case format::SS_f:
      return {5,
              {{l2, 8, 8, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::SSE:
      return {4,
              {{b1, 16, 4, false}, {d1, 20, 12, false}, {b2, 32, 4, false}, {d2, 36, 12, false}}};
    case format::SSF:
      return {5,
              {{r3, 8, 4, false},
               {b1, 16, 4, false},
               {d1, 20, 12, false},
               {b2, 32, 4, false},
               {d2, 36, 12, false}}};
    case format::count_: break;
  }
  return {0, {}};
}

// The instruction as a 48-bit big-endian number, and back.
uint64_t word_of(const uint8_t* b) {
  uint64_t w = 0;
  const unsigned len = insn_length(b[0]);
  for (unsigned i = 0; i < 6; ++i) w = w << 8 | (i < len ? b[i] : 0);
  return w;
}
uint64_t bits_at(uint64_t w, unsigned first, unsigned width) {
  return (w >> (48 - first - width)) & ((1ull << width) - 1);
}
uint64_t place(uint64_t v, unsigned first, unsigned width) {
  return (v & ((1ull << width) - 1)) << (48 - first - width);
}
int64_t sign_extend(uint64_t v, unsigned width) {
  return static_cast<int64_t>(v << (64 - width)) >> (64 - width);
}

}  // namespace

int64_t get_field(const insn& o, insn_field f) {
  switch (f) {
#define SSIVM_GET(x) \
  case insn_field::x: return o.x;
    SSIVM_FOR_EACH_INSN_FIELD(SSIVM_GET)
#undef SSIVM_GET
    case insn_field::none: break;
  }
  return 0;
}

void set_field(insn& o, insn_field f, int64_t v) {
  switch (f) {
#define SSIVM_SET(x) \
  case insn_field::x: o.x = static_cast<decltype(o.x)>(v); break;
    SSIVM_FOR_EACH_INSN_FIELD(SSIVM_SET)
#undef SSIVM_SET
    case insn_field::none: break;
  }
}

insn_field field_by_name(std::string_view n) {
#define SSIVM_NAME(x) \
  if (n == #x) return insn_field::x;
  SSIVM_FOR_EACH_INSN_FIELD(SSIVM_NAME)
#undef SSIVM_NAME
  return insn_field::none;
}

std::span<const insn_def> all_insns() { return {kInsnTable, kInsnCount}; }

std::string_view mnemonic(uint16_t id) { return tables().lower[id < kInsnCount ? id : 0]; }

uint16_t find_insn(std::string_view m) {
  const auto& t = tables();
  for (unsigned id = 1; id < kInsnCount; ++id)
    if (t.lower[id] == m) return static_cast<uint16_t>(id);
  return 0;
}

void extract_fields(format fmt, const uint8_t* bp, insn& o) {
  const uint64_t w = word_of(bp);
  const format_fields ff = fields_of(fmt);
  for (unsigned k = 0; k < ff.count; ++k) {
    const field_pos& p = ff.f[k];
    uint64_t v;
    unsigned width = p.width;
    if (width == kLongDisp)
      v = bits_at(w, 32, 8) << 12 | bits_at(w, p.first, 12);  // DH:DL
    else
      v = bits_at(w, p.first, width);
    set_field(o, p.f, p.is_signed ? sign_extend(v, width) : static_cast<int64_t>(v));
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

unsigned encode(const insn& o, uint8_t* out) {
  const insn_def& d = kInsnTable[o.id];
  uint64_t w = place(opcode_byte0(d), 0, 8);
  switch (ext_of(d.fmt)) {
    case opcode_ext::none: break;
    case opcode_ext::byte1: w |= place(opcode_ext_value(d), 8, 8); break;
    case opcode_ext::nibble: w |= place(opcode_ext_value(d), 12, 4); break;
    case opcode_ext::byte5: w |= place(opcode_ext_value(d), 40, 8); break;
  }
  // Fields sharing bits (R3/M3) are ORed, so whichever the row uses lands.
  const format_fields ff = fields_of(d.fmt);
  for (unsigned k = 0; k < ff.count; ++k) {
    const field_pos& p = ff.f[k];
    const uint64_t v = static_cast<uint64_t>(get_field(o, p.f));
    if (p.width == kLongDisp)
      w |= place(v, p.first, 12) | place(v >> 12, 32, 8);
    else
      w |= place(v, p.first, p.width);
  }
  const unsigned len = insn_length(static_cast<uint8_t>(w >> 40));
  for (unsigned i = 0; i < len; ++i) out[i] = static_cast<uint8_t>(w >> (40 - 8 * i));
  return len;
}

}  // namespace ssivm::arch
