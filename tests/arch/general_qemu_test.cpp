// Differential test of the general fixed-point rows against qemu-s390x: one generated program
// runs every row (AR … CLGHRL in arch/insns/general.def) on random and edge-case operands,
// recording registers, CC and a storage operand per case; the interpreter must produce exactly
// the bytes qemu-s390x does. Cases that would interrupt (divide exceptions) are not generated:
// general_test.cpp covers those against the Principles of Operation.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "arch/insn_table.hpp"
#include "tests/support/test_guest.hpp"

using namespace ssivm::arch;
using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

namespace {

constexpr unsigned kRecord = 88;  // r0-r7, IPM word, 16 bytes of the storage operand

class case_generator {
 public:
  explicit case_generator(uint64_t seed) : rng_(seed) {}

  uint64_t value() {
    static constexpr uint64_t kEdges[] = {0,
                                          1,
                                          2,
                                          ~0ull,
                                          ~0ull - 1,
                                          0x7fffffff,
                                          0x80000000,
                                          0xffffffff,
                                          0xfffffffe,
                                          0x7fffffffffffffff,
                                          0x8000000000000000,
                                          0x100000000,
                                          0xffffffff00000000,
                                          0xffffffff80000000,
                                          0x8000,
                                          0xffff,
                                          0x7fff};
    switch (rng_() % 5) {
      case 0:
      case 1: return kEdges[rng_() % std::size(kEdges)];
      case 2: return rng_();
      case 3: return rng_() & 0xffffffff;
      default: return (rng_() & 0xff) | (rng_() % 2 ? ~0xffull : 0);
    }
  }
  // An immediate for operand letter 'I' (signed) or 'U' (unsigned), as wide as the field.
  int64_t immediate(char kind, format fmt) {
    int64_t lo, hi;
    switch (fmt) {
      case format::RI_a:
      case format::RIE_d:
      case format::SIL:
        lo = kind == 'I' ? -32768 : 0;
        hi = kind == 'I' ? 32767 : 65535;
        break;
      case format::RIL_a:
        lo = kind == 'I' ? INT32_MIN : 0;
        hi = kind == 'I' ? INT32_MAX : UINT32_MAX;
        break;
      default:
        lo = kind == 'I' ? -128 : 0;
        hi = kind == 'I' ? 127 : 255;
        break;
    }
    switch (rng_() % 6) {
      case 0: return lo;
      case 1: return hi;
      case 2: return 0;
      case 3: return kind == 'I' ? -1 : 1;
      default: return lo + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hi - lo + 1));
    }
  }
  uint64_t below(uint64_t n) { return rng_() % n; }

 private:
  std::mt19937_64 rng_;
};

int64_t s32(uint64_t v) { return static_cast<int32_t>(v); }

// False when the divide rows would take a fixed-point-divide exception on these operands.
bool divides_cleanly(std::string_view name, const uint64_t (&r)[8], uint64_t mem_dw,
                     uint32_t mem_w) {
  const uint64_t pair32 = (r[2] & 0xffffffff) << 32 | (r[3] & 0xffffffff);
  if (name == "DR" || name == "D") {
    int64_t d = s32(name == "DR" ? r[4] : mem_w), n = static_cast<int64_t>(pair32);
    if (d == 0 || (n == INT64_MIN && d == -1)) return false;
    int64_t q = n / d;
    return q >= INT32_MIN && q <= INT32_MAX;
  }
  if (name == "DLR" || name == "DL") {
    uint32_t d = static_cast<uint32_t>(name == "DLR" ? r[4] : mem_w);
    return d != 0 && pair32 / d <= UINT32_MAX;
  }
  if (name == "DLGR" || name == "DLG") {
    uint64_t d = name == "DLGR" ? r[4] : mem_dw;
    return d != 0 && r[2] < d;
  }
  if (name == "DSGR" || name == "DSG" || name == "DSGFR" || name == "DSGF") {
    int64_t d = name == "DSGR"    ? static_cast<int64_t>(r[4])
                : name == "DSG"   ? static_cast<int64_t>(mem_dw)
                : name == "DSGFR" ? s32(r[4])
                                  : s32(mem_w);
    return d != 0 && !(static_cast<int64_t>(r[3]) == INT64_MIN && d == -1);
  }
  return true;
}

// Operands for a row: R1 → r2 (even, so pair rows work), R2 → r4, R3 → r5, storage at 0(r9),
// relative operands at the case's own data block.
std::string operands(const insn_def& d, case_generator& gen, unsigned n) {
  std::string out;
  std::string_view s = d.operands;
  for (size_t k = 0; k < s.size();) {
    auto starts = [&](std::string_view p) { return s.substr(k, p.size()) == p; };
    if (starts("D2(X2,B2)") || starts("D1(B1)")) {
      out += "0(%r9)";
      k += starts("D1(B1)") ? 6 : 9;
    } else if (starts("R1")) {
      out += "%r2";
      k += 2;
    } else if (starts("R2")) {
      out += "%r4";
      k += 2;
    } else if (starts("R3")) {
      out += "%r5";
      k += 2;
    } else if (starts("J2")) {
      out += "blk" + std::to_string(n);
      k += 2;
    } else if (starts("I2") || starts("U2")) {
      out += std::to_string(gen.immediate(s[k], d.fmt));
      k += 2;
    } else {
      out += s[k++];
    }
  }
  return out;
}

std::string hex_dump(const std::string& s, size_t at, size_t n) {
  std::string out;
  char b[4];
  for (size_t i = at; i < at + n && i < s.size(); ++i) {
    std::snprintf(b, sizeof b, "%02x", static_cast<unsigned char>(s[i]));
    out += b;
  }
  return out;
}

std::string run_command_output(const std::string& cmd, const std::string& out_file, int& status) {
  status = std::system(cmd.c_str());
  std::ifstream f(out_file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

TEST(GeneralVsQemu, EveryFixedPointRowMatchesQemuOnRandomOperands) {
  constexpr unsigned kCasesPerRow = 10;
  case_generator gen(20261122);
  const unsigned first = static_cast<unsigned>(insn_id::AR);
  const unsigned last = static_cast<unsigned>(insn_id::CLGHRL);
  ASSERT_LT(first, last);

  std::string code, data;
  unsigned n = 0;
  std::vector<std::string> case_text;
  for (unsigned id = first; id <= last; ++id) {
    const insn_def& d = kInsnTable[id];
    if (!facility_installed(d.fac)) continue;
    for (unsigned k = 0; k < kCasesPerRow; ++k) {
      uint64_t r[8];
      uint8_t mem[16];
      for (int attempt = 0;; ++attempt) {
        for (auto& v : r) v = gen.value();
        uint64_t m0 = gen.below(2) ? gen.value() : gen.below(UINT64_MAX);
        uint64_t m1 = gen.below(2) ? m0 : gen.value();
        for (int b = 0; b < 8; ++b) {
          mem[b] = static_cast<uint8_t>(m0 >> (56 - 8 * b));
          mem[8 + b] = static_cast<uint8_t>(m1 >> (56 - 8 * b));
        }
        if (divides_cleanly(d.name, r, m0, static_cast<uint32_t>(m0 >> 32)) || attempt > 100) break;
      }
      const unsigned cc = static_cast<unsigned>(gen.below(4));
      const std::string insn =
          std::string(mnemonic(static_cast<uint16_t>(id))) + " " + operands(d, gen, n);
      case_text.push_back(insn + " (cc " + std::to_string(cc) + ")");
      code += "larl %r13,blk" + std::to_string(n) + "\nla %r9,64(%r13)\nlmg %r0,%r7,0(%r13)\n";
      code += "lgfi %r8," + std::to_string(cc << 28) + "\nspm %r8\n";
      code += insn + "\n";
      code += "ipm %r10\nlarl %r13,outbuf\nlgfi %r12," + std::to_string(n * kRecord) +
              "\nagr %r13,%r12\nstmg %r0,%r7,0(%r13)\nst %r10,64(%r13)\n"
              "lg %r11,0(%r9)\nstg %r11,68(%r13)\nlg %r11,8(%r9)\nstg %r11,76(%r13)\n";
      data += ".align 8\nblk" + std::to_string(n) + ":\n";
      for (uint64_t v : r) data += ".quad " + std::to_string(v) + "\n";
      data += ".byte ";
      for (int b = 0; b < 16; ++b) data += std::to_string(mem[b]) + (b < 15 ? "," : "\n");
      ++n;
    }
  }
  // One position-independent image: outbuf first (at offset 8, after a 6-byte jump), then the data
  // blocks, then the code on its own pages; it ends with write(1, outbuf, size) and exit(0). Linked
  // with -N so qemu maps the text writable; the bare CPU stops at the write's SVC.
  const std::string src = "jg start\n.align 8\noutbuf: .space " + std::to_string(n * kRecord) +
                          "\n" + data + ".balign 4096\nstart:\n" + code +
                          "lghi %r2,1\nlarl %r3,outbuf\nlgfi %r4," + std::to_string(n * kRecord) +
                          "\nsvc 4\nlghi %r2,0\nsvc 1\n";

  char dir[] = "/tmp/ssivm-g1diff-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string d = dir;
  {
    std::ofstream s(d + "/p.s");
    s << "\t.text\n\t.globl _start\n_start:\n" << src;
  }
  int status = 0;
  const std::string qemu =
      run_command_output("s390x-linux-gnu-as -march=z196 -o " + d + "/p.o " + d +
                             "/p.s && s390x-linux-gnu-ld -N --no-warn-rwx-segments -static -o " +
                             d + "/p " + d + "/p.o && qemu-s390x " + d + "/p > " + d + "/out.bin",
                         d + "/out.bin", status);
  std::system(("rm -rf " + d).c_str());
  ASSERT_EQ(status, 0) << "assembling, linking or running under qemu-s390x failed";
  ASSERT_EQ(qemu.size(), n * kRecord);

  test_guest g;
  g.load_asm(src);
  ASSERT_EQ(g.run(100'000'000), stop_reason::svc);
  ASSERT_EQ(g.r(2), 1u) << "stopped before the final write";
  const std::string ours = g.get_bytes(test_guest::kCodeAt + 8, n * kRecord);

  unsigned mismatches = 0;
  for (unsigned k = 0; k < n && mismatches < 20; ++k) {
    if (ours.compare(k * kRecord, kRecord, qemu, k * kRecord, kRecord) == 0) continue;
    ++mismatches;
    ADD_FAILURE() << case_text[k] << "\n  qemu:  " << hex_dump(qemu, k * kRecord, kRecord)
                  << "\n  ssivm: " << hex_dump(ours, k * kRecord, kRecord);
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(n, 150u * kCasesPerRow);  // the row range really covers the family
}

}  // namespace
