// The disassembler against GNU objdump: every installed row of the instruction table, encoded
// with random (and edge-case) field values, must print exactly what s390x-linux-gnu-objdump does.
// Also proves that decode(encode(x)) keeps every field and that objdump's mnemonics map back.
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "arch/decoder.hpp"
#include "arch/disasm.hpp"
#include "arch/insn_table.hpp"

using namespace ssivm::arch;

namespace {

// Each instruction sits in its own 16-byte slot padded with "nopr %r7", so objdump stays in
// step even if it did not know an instruction (it would then print a 4-byte .long).
constexpr unsigned kSlot = 16;

// The insn members an operand list names, found independently of the disassembler's parser.
struct named_fields {
  bool r1 = false, r2 = false, r3 = false, x2 = false, b1 = false, b2 = false, b4 = false;
  bool m3 = false, m4 = false, m5 = false, i2 = false, i3 = false, i4 = false, i5 = false;
  bool l1 = false, l2 = false, d1 = false, d2 = false, d4 = false, ri = false;
};

named_fields fields_of(std::string_view ops, named_fields f = {}) {
  for (size_t k = 0; k < ops.size(); ++k) {
    char c = ops[k];
    if (c < 'A' || c > 'Z' || k + 1 >= ops.size()) continue;
    char n = ops[k + 1];
    switch (c) {
      case 'R':
      case 'F':
      case 'A':
      case 'C':
      case 'V': (n == '1' ? f.r1 : n == '2' ? f.r2 : f.r3) = true; break;
      case 'M': (n == '1' ? f.r1 : n == '3' ? f.m3 : n == '4' ? f.m4 : f.m5) = true; break;
      case 'I':
      case 'U': (n <= '2' ? f.i2 : n == '3' ? f.i3 : n == '4' ? f.i4 : f.i5) = true; break;
      case 'J': f.ri = true; break;
      case 'D': (n == '1' ? f.d1 : n == '2' ? f.d2 : f.d4) = true; break;
      case 'X': f.x2 = true; break;
      case 'B': (n == '1' ? f.b1 : n == '2' ? f.b2 : f.b4) = true; break;
      case 'L': (n == '1' ? f.l1 : f.l2) = true; break;
      default: break;
    }
  }
  return f;
}

// Fields any form of the row prints: a row spelled the short way ("cdfbr", "F1,R2") still
// decodes the fields objdump shows in the long form ("cdfbra", "F1,M3,R2,M4").
// Only fields the row's format has count (a z15 operand of an older RRE row does not).
named_fields all_fields(uint16_t id) {
  named_fields f;
  for (std::string_view ops : operand_forms(id)) f = fields_of(ops, f);
  const insn_def& d = kInsnTable[id];
#define CARRIED(x)                  \
  if (f.x) {                        \
    insn probe{};                   \
    probe.id = id;                  \
    probe.x = 1;                    \
    uint8_t b[6] = {};              \
    encode(probe, b);               \
    insn back{};                    \
    extract_fields(d.fmt, b, back); \
    f.x = back.x == 1;              \
  }
  SSIVM_FOR_EACH_INSN_FIELD(CARRIED)
#undef CARRIED
  return f;
}

// Keeps only the named fields of `from` (the others are reserved or unused: zero).
insn keep_named(const insn& from, const named_fields& f) {
  insn o{};
  o.id = from.id;
  o.len = from.len;
#define KEEP(x) \
  if (f.x) o.x = from.x;
  SSIVM_FOR_EACH_INSN_FIELD(KEEP)
#undef KEEP
  return o;
}

// Field-by-field comparison of the named fields; "" when equal.
std::string differing_fields(const insn& a, const insn& b, const named_fields& f) {
  std::string out;
#define CMP(x)           \
  if (f.x && a.x != b.x) \
    out += std::string(#x) + " " + std::to_string(a.x) + "!=" + std::to_string(b.x) + " ";
  SSIVM_FOR_EACH_INSN_FIELD(CMP)
#undef CMP
  return out;
}

// Register-pair and extended-FPR constraints of the row.
void apply_constraints(insn& i, uint32_t flags) {
  if (flags & iflag::kR1Even) i.r1 &= 0xe;
  if (flags & iflag::kR2Even) i.r2 &= 0xe;
  if (flags & iflag::kR3Even) i.r3 &= 0xe;
  // Extended BFP operands name the lower FPR of a pair: 0,1,4,5,8,9,12,13.
  if (flags & iflag::kF1Ext) i.r1 &= 0xd;
  if (flags & iflag::kF2Ext) i.r2 &= 0xd;
  if (flags & iflag::kF3Ext) i.r3 &= 0xd;
}

std::string hex(const uint8_t* b, unsigned n) {
  std::string s;
  char buf[4];
  for (unsigned k = 0; k < n; ++k) {
    std::snprintf(buf, sizeof buf, "%02x", b[k]);
    s += buf;
  }
  return s;
}

struct sample {
  uint16_t id;
  insn in;  // what was encoded
  uint8_t bytes[6];
  uint64_t ia;
};

// Field variants for one row: random ones, each named field zeroed, all zero, and every value
// of each mask (that is where the extended mnemonics live).
std::vector<insn> variants(uint16_t id, std::mt19937_64& rng) {
  const insn_def& d = kInsnTable[id];
  named_fields f = all_fields(id);
  std::vector<insn> out;
  auto random_insn = [&] {
    uint8_t b[6];
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    insn raw{};
    extract_fields(d.fmt, b, raw);
    raw.id = id;
    raw.len = static_cast<uint8_t>(insn_length(opcode_byte0(d)));
    insn k = keep_named(raw, f);
    apply_constraints(k, d.flags);
    return k;
  };
  for (int n = 0; n < 8; ++n) out.push_back(random_insn());
  insn base = random_insn();
  // Unnamed fields are zero in `base`, so zeroing M3 alone clears bits an RRF/RS row shares
  // between r3 and m3.
#define ZERO(x)       \
  if (f.x) {          \
    insn v = base;    \
    v.x = 0;          \
    out.push_back(v); \
  }
  SSIVM_FOR_EACH_INSN_FIELD(ZERO)
#undef ZERO
  {
    insn z{};
    z.id = base.id;
    z.len = base.len;
    out.push_back(z);
  }
  // Two zeroed fields at once: objdump's "optional trailing operand" and "older spelling"
  // forms often need a pair (cdfbra with M3 = M4 = 0 is cdfbr).
  if (f.m3 && f.m4) {
    insn v = base;
    v.m3 = 0;
    v.m4 = 0;
    out.push_back(v);
  }
  if (f.r3 && f.m4) {
    insn v = base;
    v.r3 = 0;
    v.m4 = 0;
    out.push_back(v);
  }
  for (unsigned m = 0; m < 16; ++m) {
    if (f.r1 && std::string_view(d.operands).find("M1") != std::string_view::npos) {
      insn v = base;
      v.r1 = static_cast<uint8_t>(m);
      out.push_back(v);
      insn w = v;
      w.r2 = 0;
      w.x2 = 0;
      w.b2 = 0;
      w.d2 = 0;
      out.push_back(w);
    }
    if (f.m3) {
      insn v = base;
      v.m3 = static_cast<uint8_t>(m);
      out.push_back(v);
    }
    if (f.m4) {
      insn v = base;
      v.m4 = static_cast<uint8_t>(m);
      out.push_back(v);
    }
    if (f.m5) {
      insn v = base;
      v.m5 = static_cast<uint8_t>(m);
      out.push_back(v);
    }
  }
  for (insn& v : out) apply_constraints(v, d.flags);
  return out;
}

// Runs objdump once over the slots; returns "mnemonic\toperands" by slot.
std::vector<std::string> objdump_slots(const std::vector<uint8_t>& image, size_t slots) {
  char path[] = "/tmp/ssivm_disasm_XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, image.data(), image.size()), static_cast<ssize_t>(image.size()));
  close(fd);
  std::string cmd = std::string("s390x-linux-gnu-objdump -D -b binary -m s390:64-bit ") + path;
  std::FILE* p = popen(cmd.c_str(), "r");
  EXPECT_NE(p, nullptr);
  std::vector<std::string> out(slots);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  EXPECT_EQ(pclose(p), 0);
  std::remove(path);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    // "   1c0:\tec 12 81 82 03 55 \trisbgz\t%r1,%r2,1,2,3"
    size_t colon = line.find(":\t");
    if (colon == std::string::npos) continue;
    uint64_t addr = std::strtoull(line.c_str(), nullptr, 16);
    if (addr % kSlot) continue;
    size_t tab = line.find('\t', colon + 2);
    if (tab == std::string::npos) continue;
    if (addr / kSlot < slots) out[addr / kSlot] = line.substr(tab + 1);
  }
  return out;
}

TEST(Disassembler, EveryInstalledRowMatchesObjdumpAndRoundTrips) {
  std::mt19937_64 rng(0x5351564d);  // fixed seed: failures reproduce
  std::vector<sample> samples;
  unsigned skipped = 0, rows = 0;
  for (unsigned id = 1; id < kInsnCount; ++id) {
    const insn_def& d = kInsnTable[id];
    if (!facility_installed(d.fac)) {
      // Such rows must decode as invalid (operation exception): that is the only reason to skip.
      insn probe{};
      probe.id = static_cast<uint16_t>(id);
      uint8_t b[6];
      encode(probe, b);
      insn out;
      decode(b, out);
      EXPECT_EQ(out.id, 0) << d.name << " is not installed but decodes";
      ++skipped;
      continue;
    }
    ++rows;
    named_fields f = all_fields(static_cast<uint16_t>(id));
    for (const insn& v : variants(static_cast<uint16_t>(id), rng)) {
      sample s{static_cast<uint16_t>(id), v, {}, kSlot * samples.size()};
      unsigned len = encode(v, s.bytes);
      ASSERT_EQ(len, v.len) << d.name;
      insn back;
      decode(s.bytes, back);
      ASSERT_EQ(back.id, id) << d.name << " " << hex(s.bytes, len);
      EXPECT_EQ(back.len, len) << d.name;
      std::string diff = differing_fields(back, v, f);
      EXPECT_EQ(diff, "") << d.name << " " << hex(s.bytes, len) << " does not round-trip";
      samples.push_back(s);
    }
  }
  std::vector<uint8_t> image;
  for (const sample& s : samples) {
    unsigned len = insn_length(s.bytes[0]);
    image.insert(image.end(), s.bytes, s.bytes + len);
    for (unsigned k = len; k < kSlot; k += 2) {
      image.push_back(0x07);
      image.push_back(0x07);
    }
  }
  std::vector<std::string> ref = objdump_slots(image, samples.size());
  unsigned mismatches = 0;
  for (size_t k = 0; k < samples.size(); ++k) {
    const sample& s = samples[k];
    insn i;
    decode(s.bytes, i);
    std::string ours = disassemble(i, s.ia);
    if (ours != ref[k] && ++mismatches <= 60) {
      ADD_FAILURE() << kInsnTable[s.id].name << " bytes " << hex(s.bytes, insn_length(s.bytes[0]))
                    << " at 0x" << std::hex << s.ia << "\n  objdump: " << ref[k]
                    << "\n  ssivm:   " << ours;
    }
    // The byte-level entry point agrees with the decoded one for installed rows.
    EXPECT_EQ(disassemble(s.bytes, s.ia), ours);
    // objdump's mnemonic maps back to the row that was encoded.
    std::string m = ref[k].substr(0, ref[k].find('\t'));
    std::vector<uint16_t> back = rows_for_mnemonic(m);
    EXPECT_NE(std::find(back.begin(), back.end(), s.id), back.end())
        << "objdump mnemonic " << m << " does not map back to " << kInsnTable[s.id].name;
  }
  EXPECT_EQ(mismatches, 0u);
  std::printf(
      "[ disasm   ] %u rows compared with objdump over %zu encodings; %u rows of "
      "facilities not installed skipped\n",
      rows, samples.size(), skipped);
}

TEST(Disassembler, ArbitraryBytesOfEveryOpcodeReadLikeObjdump) {
  // Opcode fixed, every other bit random (reserved ones included): objdump either names the
  // instruction or prints a .long, and a listing must do the same. Facilities do not matter.
  std::mt19937_64 rng(0x62797465);
  std::vector<uint8_t> image;
  std::vector<uint16_t> ids;
  for (unsigned id = 1; id < kInsnCount; ++id) {
    const insn_def& d = kInsnTable[id];
    insn z{};
    z.id = static_cast<uint16_t>(id);
    uint8_t op[6];
    encode(z, op);
    for (int n = 0; n < 8; ++n) {
      uint8_t b[kSlot];
      for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
      b[0] = op[0];
      switch (ext_of(d.fmt)) {
        case opcode_ext::byte1: b[1] = op[1]; break;
        case opcode_ext::nibble: b[1] = static_cast<uint8_t>((b[1] & 0xf0) | (op[1] & 0x0f)); break;
        case opcode_ext::byte5: b[5] = op[5]; break;
        case opcode_ext::none: break;
      }
      // Half of them with the unused bits cleared, so that the instruction is recognised.
      if (n % 2) {
        insn i;
        extract_fields(d.fmt, b, i);
        i.id = static_cast<uint16_t>(id);
        insn k = keep_named(i, all_fields(static_cast<uint16_t>(id)));
        encode(k, b);
      }
      unsigned len = insn_length(b[0]);
      for (unsigned k = len; k < kSlot; k += 2) {
        b[k] = 0x07;
        b[k + 1] = 0x07;
      }
      image.insert(image.end(), b, b + kSlot);
      ids.push_back(static_cast<uint16_t>(id));
    }
  }
  std::vector<std::string> ref = objdump_slots(image, ids.size());
  unsigned mismatches = 0;
  for (size_t k = 0; k < ids.size(); ++k) {
    unsigned used = 0;
    const uint8_t* b = &image[k * kSlot];
    std::string ours = disassemble(b, kSlot, k * kSlot, &used);
    if (ours != ref[k] && ++mismatches <= 40)
      ADD_FAILURE() << kInsnTable[ids[k]].name << " bytes " << hex(b, insn_length(b[0]))
                    << "\n  objdump: " << ref[k] << "\n  ssivm:   " << ours;
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST(Disassembler, ExtendedMnemonicsNameTheirBase) {
  // Every extended form either names an existing row's base, or a base not (yet) in the table.
  for (const auto& [ext, base] : extended_mnemonics()) {
    EXPECT_EQ(base_mnemonic(ext), base);
    std::vector<uint16_t> rows = rows_for_mnemonic(ext);
    if (uint16_t id = find_insn(base))
      EXPECT_NE(std::find(rows.begin(), rows.end(), id), rows.end()) << ext;
  }
  EXPECT_EQ(base_mnemonic("jne"), "brc");
  EXPECT_EQ(base_mnemonic("lg"), "lg");
}

TEST(Disassembler, UnknownBytesPrintLikeObjdump) {
  const uint8_t zero[] = {0x00, 0x00, 0x07, 0x07, 0x07, 0x07};
  unsigned used = 0;
  EXPECT_EQ(disassemble(zero, sizeof zero, 0, &used), ".long\t0x00000707");
  EXPECT_EQ(used, 4u);
  EXPECT_EQ(disassemble(zero, 2, 0, &used), ".short\t0x0000");
  EXPECT_EQ(used, 2u);
}

}  // namespace

// The operand-list tokenizer the disassembler and the fuzzer's generator share.
TEST(OperandTokens, StorageOperandsWidthsAndTheBase) {
  auto t = ssivm::arch::operand_tokens("R1,D2(X2,B2),U4:6");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].kind, 'R');
  EXPECT_FALSE(t[0].inner);
  EXPECT_EQ(t[1].kind, 'D');
  EXPECT_EQ(t[1].n, 2u);
  EXPECT_TRUE(t[2].inner);
  EXPECT_FALSE(t[2].closes);  // X2: an index
  EXPECT_TRUE(t[3].inner);
  EXPECT_TRUE(t[3].closes);  // B2: the base
  EXPECT_EQ(t[4].kind, 'U');
  EXPECT_EQ(t[4].n, 4u);
  EXPECT_EQ(t[4].bits, 6u);
  EXPECT_FALSE(t[4].inner);
}
