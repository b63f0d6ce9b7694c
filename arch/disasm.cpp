// The disassembler reads each row's operand list (see arch/insns.def) and prints it the way
// s390x-linux-gnu-objdump does, including objdump's extended mnemonics for condition masks.
#include "arch/disasm.hpp"

#include <cstdio>
#include <string_view>

#include "arch/decoder.hpp"
#include "arch/insn_table.hpp"

namespace ssivm::arch {
namespace {

void append_num(std::string& s, int64_t v) { s += std::to_string(v); }

void append_reg(std::string& s, char kind, unsigned r) {
  s += '%';
  s += kind == 'R' ? 'r' : kind == 'F' ? 'f' : kind == 'A' ? 'a' : kind == 'C' ? 'c' : 'v';
  s += std::to_string(r);
}

// Field value by operand letter and number, e.g. ('R', 1) → r1.
int64_t field(const insn& i, char kind, unsigned n) {
  switch (kind) {
    case 'R': case 'F': case 'A': case 'C':
      return n == 1 ? i.r1 : n == 2 ? i.r2 : n == 3 ? i.r3 : 0;
    case 'M':
      return n == 1 ? i.r1 : n == 3 ? i.m3 : n == 4 ? i.m4 : n == 5 ? i.m5 : 0;
    case 'I':
      return n == 1 || n == 2 ? i.i2 : n == 3 ? static_cast<int8_t>(i.i3) : n == 4 ? static_cast<int8_t>(i.i4) : static_cast<int8_t>(i.i5);
    case 'U':
      return n == 3 ? i.i3 : n == 4 ? i.i4 : n == 5 ? i.i5 : i.i2;
    case 'D':
      return n == 1 ? i.d1 : n == 2 ? i.d2 : i.d4;
    case 'X':
      return i.x2;
    case 'B':
      return n == 1 ? i.b1 : n == 2 ? i.b2 : i.b4;
    case 'L':
      return n == 1 ? i.l1 : i.l2;
    default:
      return 0;
  }
}

}  // namespace

std::string disassemble(const insn& i, uint64_t ia) {
  if (i.id == 0) return ".long";
  const insn_def& d = kInsnTable[i.id];
  std::string out(mnemonic(i.id));
  std::string_view ops = d.operands;
  if (ops.empty()) return out;
  out += '\t';
  size_t k = 0;
  while (k < ops.size()) {
    char kind = ops[k];
    if (kind == ',' || kind == '(' || kind == ')') {
      out += kind;
      ++k;
      continue;
    }
    unsigned n = 0;
    size_t j = k + 1;
    while (j < ops.size() && ops[j] >= '0' && ops[j] <= '9') n = n * 10 + (ops[j++] - '0');
    // Unsigned immediates have the width of their field.
    int64_t v = field(i, kind, n);
    switch (kind) {
      case 'R': case 'F': case 'A': case 'C':
        append_reg(out, kind, static_cast<unsigned>(v));
        break;
      case 'M':
        append_num(out, v);
        break;
      case 'I':
        append_num(out, v);
        break;
      case 'U': {
        uint64_t u = static_cast<uint64_t>(v);
        switch (d.fmt) {
          case format::RI_a: case format::RIE_a: case format::RIE_d: case format::RIE_g: case format::SIL:
            u &= 0xffff; break;
          case format::RIL_a: u &= 0xffffffffu; break;
          case format::SI: case format::SIY: case format::RIS: case format::RIE_c: case format::I:
            u &= 0xff; break;
          default: break;
        }
        out += std::to_string(u);
        break;
      }
      case 'J': {
        char buf[32];
        std::snprintf(buf, sizeof buf, "0x%llx",
                      static_cast<unsigned long long>(ia + 2 * static_cast<int64_t>(i.ri)));
        out += buf;
        break;
      }
      case 'D': {
        // D(X,B), D(B), D(L,B), D(R,B): parenthesised part printed as objdump does —
        // omitted when every register in it is 0; an index with base 0 prints "%r0".
        append_num(out, v);
        if (j < ops.size() && ops[j] == '(') {
          size_t close = ops.find(')', j);
          std::string_view inner = ops.substr(j + 1, close - j - 1);
          // Parse "X2,B2" / "B2" / "L1,B1" / "R3,B2".
          std::string parts;
          bool any = false;
          size_t p = 0;
          std::string items[2];
          int count = 0;
          while (p < inner.size() && count < 2) {
            char kk = inner[p];
            unsigned nn = 0;
            size_t q = p + 1;
            while (q < inner.size() && inner[q] >= '0' && inner[q] <= '9') nn = nn * 10 + (inner[q++] - '0');
            int64_t fv = field(i, kk, nn);
            if (kk == 'L') {
              items[count++] = std::to_string(fv + 1);
              any = true;
            } else if (kk == 'R') {
              items[count] = "%r" + std::to_string(fv);
              ++count;
              any = true;
            } else {
              items[count] = "%r" + std::to_string(fv);
              if (fv) any = true;
              ++count;
            }
            p = q + (q < inner.size() && inner[q] == ',' ? 1 : 0);
          }
          if (any) {
            out += '(';
            if (count == 2) {
              // "X,B" with base 0 and index nonzero prints the base as %r0; index 0 is dropped.
              bool first_is_index = inner[0] == 'X';
              if (first_is_index && items[0] == "%r0") {
                out += items[1];
              } else {
                out += items[0];
                out += ',';
                out += items[1];
              }
            } else {
              out += items[0];
            }
            out += ')';
          }
          j = close + 1;
        }
        break;
      }
      default:
        out += kind;
        break;
    }
    k = j;
  }
  return out;
}

std::string disassemble(const uint8_t* bytes, uint64_t ia) {
  insn i;
  decode(bytes, i);
  return disassemble(i, ia);
}

}  // namespace ssivm::arch
