// The disassembler reads each row's operand list (arch/insns.def) and prints it the way
// s390x-linux-gnu-objdump does; objdump's extended mnemonics come from two small tables below.
//
// Operand list grammar (one row's "operands" column):
//   R1 F1 A1 C1 V1   general / floating-point / access / control / vector register
//   M3               mask (unsigned)          I2  signed immediate
//   U2               unsigned immediate (as wide as its field); "U4:6" keeps the low 6 bits
//   J2               relative target, printed as the absolute address
//   D2(X2,B2) D2(B2) D1(L1,B1) D1(R3,B1)     addresses; L prints the length (field + 1)
// Field letters and digits are those of the Principles of Operation; M1 lives in r1, I1 in i2.
#include "arch/disasm.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

#include "arch/decoder.hpp"
#include "arch/insn_table.hpp"

namespace ssivm::arch {
namespace {

// ---------------------------------------------------------------------------------------------
// Extended mnemonics. objdump picks, among the opcode entries matching the bytes, the one whose
// fixed bits are most specific; for us that is "the base row, unless a rule below matches".

// Condition-mask suffixes. Branches and load/store-on-condition name all fourteen masks after
// the condition codes they select; compare-and-branch/trap only have names for the six masks
// a comparison can mean.
enum class cond_set : uint8_t { branch, compare };
constexpr std::array<std::string_view, 16> kBranchSuffix = {
    "", "o", "h", "nle", "l", "nhe", "lh", "ne", "e", "nlh", "he", "nl", "le", "nh", "no", ""};
constexpr std::array<std::string_view, 16> kCompareSuffix = {"",  "", "h",  "", "l",  "", "ne", "",
                                                             "e", "", "nl", "", "nh", "", "",   ""};

// One family of mask-suffixed mnemonics: name = stem + suffix + tail, the mask operand removed.
// Masks 0 and 15 of the branches have names of their own; elsewhere they keep the base form.
struct cond_rule {
  std::string_view row;   // base mnemonic
  std::string_view mask;  // the operand holding the mask
  std::string_view stem;
  std::string_view tail;
  cond_set set;
  std::string_view never;   // name for mask 0 ("" = base form)
  std::string_view always;  // name for mask 15 ("" = base form)
};

constexpr cond_rule kCondRules[] = {
    {"bc", "M1", "b", "", cond_set::branch, "nop", "b"},
    {"bcr", "M1", "b", "r", cond_set::branch, "nopr", "br"},
    {"brc", "M1", "j", "", cond_set::branch, "jnop", "j"},
    {"brcl", "M1", "jg", "", cond_set::branch, "jgnop", "jg"},
    {"bic", "M1", "bi", "", cond_set::branch, "", "bi"},
    {"locr", "M3", "locr", "", cond_set::branch, "", ""},
    {"locgr", "M3", "locgr", "", cond_set::branch, "", ""},
    {"locfhr", "M3", "locfhr", "", cond_set::branch, "", ""},
    {"loc", "M3", "loc", "", cond_set::branch, "", ""},
    {"locg", "M3", "locg", "", cond_set::branch, "", ""},
    {"locfh", "M3", "locfh", "", cond_set::branch, "", ""},
    {"stoc", "M3", "stoc", "", cond_set::branch, "", ""},
    {"stocg", "M3", "stocg", "", cond_set::branch, "", ""},
    {"stocfh", "M3", "stocfh", "", cond_set::branch, "", ""},
    {"lochi", "M3", "lochi", "", cond_set::branch, "", ""},
    {"locghi", "M3", "locghi", "", cond_set::branch, "", ""},
    {"lochhi", "M3", "lochhi", "", cond_set::branch, "", ""},
    {"selr", "M4", "selr", "", cond_set::branch, "", ""},
    {"selgr", "M4", "selgr", "", cond_set::branch, "", ""},
    {"selfhr", "M4", "selfhr", "", cond_set::branch, "", ""},
    {"crj", "M3", "crj", "", cond_set::compare, "", ""},
    {"cgrj", "M3", "cgrj", "", cond_set::compare, "", ""},
    {"clrj", "M3", "clrj", "", cond_set::compare, "", ""},
    {"clgrj", "M3", "clgrj", "", cond_set::compare, "", ""},
    {"cij", "M3", "cij", "", cond_set::compare, "", ""},
    {"cgij", "M3", "cgij", "", cond_set::compare, "", ""},
    {"clij", "M3", "clij", "", cond_set::compare, "", ""},
    {"clgij", "M3", "clgij", "", cond_set::compare, "", ""},
    {"crb", "M3", "crb", "", cond_set::compare, "", ""},
    {"cgrb", "M3", "cgrb", "", cond_set::compare, "", ""},
    {"clrb", "M3", "clrb", "", cond_set::compare, "", ""},
    {"clgrb", "M3", "clgrb", "", cond_set::compare, "", ""},
    {"cib", "M3", "cib", "", cond_set::compare, "", ""},
    {"cgib", "M3", "cgib", "", cond_set::compare, "", ""},
    {"clib", "M3", "clib", "", cond_set::compare, "", ""},
    {"clgib", "M3", "clgib", "", cond_set::compare, "", ""},
    {"crt", "M3", "crt", "", cond_set::compare, "", ""},
    {"cgrt", "M3", "cgrt", "", cond_set::compare, "", ""},
    {"clrt", "M3", "clrt", "", cond_set::compare, "", ""},
    {"clgrt", "M3", "clgrt", "", cond_set::compare, "", ""},
    {"cit", "M3", "cit", "", cond_set::compare, "", ""},
    {"cgit", "M3", "cgit", "", cond_set::compare, "", ""},
    {"clfit", "M3", "clfit", "", cond_set::compare, "", ""},
    {"clgit", "M3", "clgit", "", cond_set::compare, "", ""},
    {"clt", "M3", "clt", "", cond_set::compare, "", ""},
    {"clgt", "M3", "clgt", "", cond_set::compare, "", ""},
};

// Field-conditioned forms: when the fields satisfy `when` (space-separated "field=value" or
// "field&mask=value", fields named as in struct insn), objdump prints `name` with `operands`;
// otherwise it prints `full_name` with `full`. Earlier rules of a row win. Three kinds: the
// older spelling when the newer fields are zero (cdfbra with M3 = M4 = 0 is "cdfbr"), trailing
// operands left out when zero (sske, ipte…), and flag bits with a mnemonic of their own
// (risbg with the zero bit is "risbgz"). A row may be named by either spelling and may list
// either operand set: both directions are derived from one rule.
struct alias_rule {
  std::string_view full_name;
  std::string_view full;
  std::string_view when;
  std::string_view name;
  std::string_view operands;
};

constexpr alias_rule kAliasRules[] = {
    {"bcr", "M1,R2", "r1=0 r2=0", "nopr", ""},
    // BFP with rounding-mode/IEEE-inexact fields (floating-point extension).
    {"cefbra", "F1,M3,R2,M4", "m3=0 m4=0", "cefbr", "F1,R2"},
    {"cdfbra", "F1,M3,R2,M4", "m3=0 m4=0", "cdfbr", "F1,R2"},
    {"cxfbra", "F1,M3,R2,M4", "m3=0 m4=0", "cxfbr", "F1,R2"},
    {"cegbra", "F1,M3,R2,M4", "m3=0 m4=0", "cegbr", "F1,R2"},
    {"cdgbra", "F1,M3,R2,M4", "m3=0 m4=0", "cdgbr", "F1,R2"},
    {"cxgbra", "F1,M3,R2,M4", "m3=0 m4=0", "cxgbr", "F1,R2"},
    {"ledbra", "F1,M3,F2,M4", "m3=0 m4=0", "ledbr", "F1,F2"},
    {"ldxbra", "F1,M3,F2,M4", "m3=0 m4=0", "ldxbr", "F1,F2"},
    {"lexbra", "F1,M3,F2,M4", "m3=0 m4=0", "lexbr", "F1,F2"},
    {"cfebra", "R1,M3,F2,M4", "m4=0", "cfebr", "R1,M3,F2"},
    {"cfdbra", "R1,M3,F2,M4", "m4=0", "cfdbr", "R1,M3,F2"},
    {"cfxbra", "R1,M3,F2,M4", "m4=0", "cfxbr", "R1,M3,F2"},
    {"cgebra", "R1,M3,F2,M4", "m4=0", "cgebr", "R1,M3,F2"},
    {"cgdbra", "R1,M3,F2,M4", "m4=0", "cgdbr", "R1,M3,F2"},
    {"cgxbra", "R1,M3,F2,M4", "m4=0", "cgxbr", "R1,M3,F2"},
    {"fiebra", "F1,M3,F2,M4", "m4=0", "fiebr", "F1,M3,F2"},
    {"fidbra", "F1,M3,F2,M4", "m4=0", "fidbr", "F1,M3,F2"},
    {"fixbra", "F1,M3,F2,M4", "m4=0", "fixbr", "F1,M3,F2"},
    // DFP with rounding-mode fields.
    {"adtra", "F1,F2,F3,M4", "m4=0", "adtr", "F1,F2,F3"},
    {"sdtra", "F1,F2,F3,M4", "m4=0", "sdtr", "F1,F2,F3"},
    {"mdtra", "F1,F2,F3,M4", "m4=0", "mdtr", "F1,F2,F3"},
    {"ddtra", "F1,F2,F3,M4", "m4=0", "ddtr", "F1,F2,F3"},
    {"axtra", "F1,F2,F3,M4", "m4=0", "axtr", "F1,F2,F3"},
    {"sxtra", "F1,F2,F3,M4", "m4=0", "sxtr", "F1,F2,F3"},
    {"mxtra", "F1,F2,F3,M4", "m4=0", "mxtr", "F1,F2,F3"},
    {"dxtra", "F1,F2,F3,M4", "m4=0", "dxtr", "F1,F2,F3"},
    {"cgdtra", "R1,M3,F2,M4", "m4=0", "cgdtr", "R1,M3,F2"},
    {"cgxtra", "R1,M3,F2,M4", "m4=0", "cgxtr", "R1,M3,F2"},
    {"cdgtra", "F1,M3,R2,M4", "m3=0 m4=0", "cdgtr", "F1,R2"},
    {"cxgtra", "F1,M3,R2,M4", "m3=0 m4=0", "cxgtr", "F1,R2"},
    // Unicode conversions without the well-formedness check.
    {"cu21", "R1,R2,M3", "m3=0", "cuutf", "R1,R2"},
    {"cu12", "R1,R2,M3", "m3=0", "cutfu", "R1,R2"},
    // Optional trailing operands.
    {"cu14", "R1,R2,M3", "m3=0", "cu14", "R1,R2"},
    {"cu24", "R1,R2,M3", "m3=0", "cu24", "R1,R2"},
    {"trtt", "R1,R2,M3", "m3=0", "trtt", "R1,R2"},
    {"trto", "R1,R2,M3", "m3=0", "trto", "R1,R2"},
    {"trot", "R1,R2,M3", "m3=0", "trot", "R1,R2"},
    {"troo", "R1,R2,M3", "m3=0", "troo", "R1,R2"},
    {"trte", "R1,R2,M3", "m3=0", "trte", "R1,R2"},
    {"trtre", "R1,R2,M3", "m3=0", "trtre", "R1,R2"},
    {"sske", "R1,R2,M3", "m3=0", "sske", "R1,R2"},
    {"popcnt", "R1,R2,M3", "m3=0", "popcnt", "R1,R2"},
    {"ipte", "R1,R2,R3,M4", "r3=0 m4=0", "ipte", "R1,R2"},
    {"ipte", "R1,R2,R3,M4", "m4=0", "ipte", "R1,R2,R3"},
    {"idte", "R1,R2,R3,M4", "m4=0", "idte", "R1,R2,R3"},
    {"crdte", "R1,R2,R3,M4", "m4=0", "crdte", "R1,R2,R3"},
    {"rdp", "R1,R2,R3,M4", "m4=0", "rdp", "R1,R2,R3"},
    {"sfpc", "R1,R2", "r2=0", "sfpc", "R1"},
    {"efpc", "R1,R2", "r2=0", "efpc", "R1"},
    // Rotate-then-insert with the zero-remaining-bits flag (I4 bit 0, bit 1 reserved).
    {"risbg", "R1,R2,U3,U4,U5", "i4&192=128", "risbgz", "R1,R2,U3,U4:6,U5"},
    {"risbgn", "R1,R2,U3,U4,U5", "i4&192=128", "risbgnz", "R1,R2,U3,U4:6,U5"},
};

// ---------------------------------------------------------------------------------------------
// Fields and operands.

using fsel = insn_field;
inline int64_t get(const insn& i, fsel f) { return get_field(i, f); }
inline void set(insn& i, fsel f, int64_t v) { set_field(i, f, v); }

// The insn field behind an operand letter and number.
fsel field_of(char kind, unsigned n) {
  switch (kind) {
    case 'R':
    case 'F':
    case 'A':
    case 'C':
    case 'V': return n == 1 ? fsel::r1 : n == 2 ? fsel::r2 : n == 3 ? fsel::r3 : fsel::none;
    case 'M':
      return n == 1   ? fsel::r1
             : n == 3 ? fsel::m3
             : n == 4 ? fsel::m4
             : n == 5 ? fsel::m5
                      : fsel::none;
    case 'I':
    case 'U': return n <= 2 ? fsel::i2 : n == 3 ? fsel::i3 : n == 4 ? fsel::i4 : fsel::i5;
    case 'J': return fsel::ri;
    case 'D': return n == 1 ? fsel::d1 : n == 2 ? fsel::d2 : fsel::d4;
    case 'X': return fsel::x2;
    case 'B': return n == 1 ? fsel::b1 : n == 2 ? fsel::b2 : fsel::b4;
    case 'L': return n == 1 ? fsel::l1 : fsel::l2;
    default: return fsel::none;
  }
}

enum class okind : uint8_t { reg, mask, simm, uimm, rel, disp, index, base, length };

// One printed operand. Address operands are split into displacement, index/length/register,
// and base, because objdump decides separators and omissions per part.
struct operand {
  okind kind;
  fsel field;
  char reg = 0;      // 'r', 'f', 'a', 'c', 'v' for registers
  uint8_t bits = 0;  // explicit width of an unsigned immediate ("U4:6"); 0 = field width
};

struct operand_list {
  std::vector<operand> ops;
};

char reg_letter(char kind) {
  return kind == 'R' ? 'r' : kind == 'F' ? 'f' : kind == 'A' ? 'a' : kind == 'C' ? 'c' : 'v';
}

// Parses an operand list; returns false on a letter the grammar does not know.
bool parse_operands(std::string_view s, operand_list& out) {
  for (const operand_token& t : operand_tokens(s)) {
    const char c = t.kind;
    operand op{okind::reg, field_of(c, t.n)};
    if (op.field == fsel::none) return false;
    if (t.inner) {
      // The last register in parentheses is the base; an X before it is an index; an L a
      // length; any other register (D1(R3,B1)) is printed like a length, always.
      if (c == 'B' || (t.closes && c == 'R'))
        op.kind = okind::base;
      else if (c == 'X')
        op.kind = okind::index;
      else if (c == 'L')
        op.kind = okind::length;
      else {
        op.kind = okind::reg;
        op.reg = reg_letter(c);
      }
    } else {
      switch (c) {
        case 'R':
        case 'F':
        case 'A':
        case 'C':
        case 'V':
          op.kind = okind::reg;
          op.reg = reg_letter(c);
          break;
        case 'M': op.kind = okind::mask; break;
        case 'I': op.kind = okind::simm; break;
        case 'U': op.kind = okind::uimm; break;
        case 'J': op.kind = okind::rel; break;
        case 'D': op.kind = okind::disp; break;
        default: return false;
      }
      if (c == 'U') op.bits = t.bits;
    }
    out.ops.push_back(op);
  }
  return true;
}

// Width of an immediate: the width of its field in the row's format.
unsigned uimm_bits(format fmt, fsel f) {
  if (f != fsel::i2) return 8;  // I3..I5 are 4- or 8-bit fields, already unsigned
  switch (fmt) {
    case format::RI_a:
    case format::RIE_a:
    case format::RIE_d:
    case format::RIE_g:
    case format::SIL: return 16;
    case format::RIL_a: return 32;
    case format::SI:
    case format::SIY:
    case format::RIS:
    case format::RIE_c:
    case format::I: return 8;
    default: return 64;
  }
}

void print_operands(const operand_list& ol, format fmt, const insn& i, uint64_t ia,
                    const address_text_fn* address_text, std::string& out) {
  // objdump's separator walk: an index of 0 is left out, a base of 0 right after "(" too
  // (so "D(0,0)" prints as "D", and "D(X,0)" as "D(%rX,%r0)").
  char sep = 0;
  char buf[32];
  for (const operand& op : ol.ops) {
    int64_t v = get(i, op.field);
    if (op.kind == okind::index && v == 0) continue;
    if (op.kind == okind::base && v == 0 && sep == '(') {
      sep = ',';
      continue;
    }
    if (sep) out += sep;
    switch (op.kind) {
      case okind::reg:
        out += '%';
        out += op.reg;
        out += std::to_string(v);
        break;
      case okind::index:
      case okind::base:
        out += "%r";
        out += std::to_string(v);
        break;
      case okind::mask: out += std::to_string(static_cast<uint64_t>(v) & 0xf); break;
      case okind::simm: {
        // Signed as wide as the field: SI/SIY keep I2 as the raw byte.
        unsigned bits = uimm_bits(fmt, op.field);
        if (bits < 64) {
          uint64_t u = static_cast<uint64_t>(v) & ((1ull << bits) - 1);
          v = static_cast<int64_t>(u ^ (1ull << (bits - 1))) -
              static_cast<int64_t>(1ull << (bits - 1));
        }
        out += std::to_string(v);
        break;
      }
      case okind::disp: out += std::to_string(v); break;
      case okind::uimm: {
        unsigned bits = op.bits ? op.bits : uimm_bits(fmt, op.field);
        uint64_t u = static_cast<uint64_t>(v);
        if (bits < 64) u &= (1ull << bits) - 1;
        out += std::to_string(u);
        break;
      }
      case okind::length: out += std::to_string(v + 1); break;
      case okind::rel: {
        uint64_t target = ia + 2 * static_cast<uint64_t>(v);
        if (address_text && *address_text) {
          out += (*address_text)(target);
        } else {
          std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(target));
          out += buf;
        }
        break;
      }
    }
    if (op.kind == okind::disp) {
      sep = '(';
    } else if (op.kind == okind::base) {
      out += ')';
      sep = ',';
    } else {
      sep = ',';
    }
  }
}

// The operand list without one top-level operand (the mask an extended mnemonic absorbs).
std::string without_operand(std::string_view ops, std::string_view drop) {
  std::string out;
  size_t k = 0;
  int depth = 0;
  size_t start = 0;
  auto take = [&](std::string_view item) {
    if (item == drop) return;
    if (!out.empty()) out += ',';
    out += item;
  };
  for (; k < ops.size(); ++k) {
    if (ops[k] == '(') ++depth;
    if (ops[k] == ')') --depth;
    if (ops[k] == ',' && depth == 0) {
      take(ops.substr(start, k - start));
      start = k + 1;
    }
  }
  if (start < ops.size()) take(ops.substr(start));
  return out;
}

struct condition {
  fsel field;
  int64_t mask;  // -1: whole field
  int64_t value;
};

// A resolved extended form of one row.
struct form {
  std::vector<condition> when;  // empty: always
  std::string name;
  operand_list ops;
  std::string_view text;  // the operand list as written
};

struct row_info {
  uint32_t used = 0;             // bit per fsel: fields some form prints (the rest must be zero)
  operand_list ops;              // the row's own operand list
  std::vector<form> aliases;     // field-conditioned forms, in priority order
  fsel cond_field = fsel::none;  // mask of a condition family
  std::array<std::string, 16> cond_name;  // per mask value; empty = base form
  operand_list cond_ops;                  // operands of the extended forms
};

bool parse_when(std::string_view s, std::vector<condition>& out) {
  size_t k = 0;
  while (k < s.size()) {
    while (k < s.size() && s[k] == ' ') ++k;
    size_t e = s.find(' ', k);
    if (e == std::string_view::npos) e = s.size();
    std::string_view term = s.substr(k, e - k);
    k = e;
    if (term.empty()) continue;
    size_t eq = term.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view lhs = term.substr(0, eq);
    condition c{fsel::none, -1, std::stoll(std::string(term.substr(eq + 1)))};
    size_t amp = lhs.find('&');
    if (amp != std::string_view::npos) {
      c.mask = std::stoll(std::string(lhs.substr(amp + 1)));
      lhs = lhs.substr(0, amp);
    }
    c.field = field_by_name(lhs);
    if (c.field == fsel::none) return false;
    out.push_back(c);
  }
  return true;
}

struct tables {
  std::vector<row_info> rows;
  std::map<std::string, std::string, std::less<>> base_of;  // extended name → base name

  tables() : rows(kInsnCount) {
    for (unsigned id = 1; id < kInsnCount; ++id) {
      if (!parse_operands(kInsnTable[id].operands, rows[id].ops)) {
        std::fprintf(stderr, "disassembler: row %.*s has an operand list it cannot read: %.*s\n",
                     int(kInsnTable[id].name.size()), kInsnTable[id].name.data(),
                     int(kInsnTable[id].operands.size()), kInsnTable[id].operands.data());
        std::abort();
      }
    }
    for (const alias_rule& a : kAliasRules) {
      base_of.emplace(std::string(a.name), std::string(a.full_name));
      // The row may carry either spelling (a "cdfbr" row decodes cdfbra's bytes too).
      uint16_t id = find_insn(a.full_name);
      if (id == 0) id = find_insn(a.name);
      if (id == 0) continue;
      if (id != find_insn(a.full_name))
        base_of.emplace(std::string(a.full_name), std::string(a.name));
      form f, otherwise;
      f.name = std::string(a.name);
      otherwise.name = std::string(a.full_name);
      if (!parse_when(a.when, f.when) || !parse_operands(a.operands, f.ops) ||
          !parse_operands(a.full, otherwise.ops)) {
        std::fprintf(stderr, "disassembler: bad alias rule for %.*s\n", int(a.full_name.size()),
                     a.full_name.data());
        std::abort();
      }
      f.text = a.operands;
      otherwise.text = a.full;
      // Conditional forms in rule order, then, when the row is spelled or listed the short
      // way, the full form for everything else.
      std::vector<form>& forms = rows[id].aliases;
      if (!forms.empty() && forms.back().when.empty()) forms.pop_back();
      forms.push_back(std::move(f));
      if (mnemonic(id) != a.full_name || kInsnTable[id].operands != a.full)
        forms.push_back(std::move(otherwise));
    }
    for (const cond_rule& c : kCondRules) {
      std::array<std::string, 16> names;
      const auto& suffix = c.set == cond_set::branch ? kBranchSuffix : kCompareSuffix;
      for (unsigned m = 0; m < 16; ++m) {
        std::string n;
        if (m == 0)
          n = std::string(c.never);
        else if (m == 15)
          n = std::string(c.always);
        else if (!suffix[m].empty())
          n = std::string(c.stem) + std::string(suffix[m]) + std::string(c.tail);
        if (!n.empty()) base_of.emplace(n, std::string(c.row));
        names[m] = std::move(n);
      }
      uint16_t id = find_insn(c.row);
      if (id == 0) continue;
      row_info& r = rows[id];
      operand_list probe;
      parse_operands(c.mask, probe);
      std::string rest = without_operand(kInsnTable[id].operands, c.mask);
      if (probe.ops.size() != 1 || rest.size() == kInsnTable[id].operands.size() ||
          !parse_operands(rest, r.cond_ops)) {
        std::fprintf(stderr, "disassembler: row %.*s has no %.*s operand for its extended forms\n",
                     int(c.row.size()), c.row.data(), int(c.mask.size()), c.mask.data());
        std::abort();
      }
      r.cond_field = probe.ops[0].field;
      r.cond_name = std::move(names);
    }
    for (row_info& r : rows) {
      auto mark = [&](const operand_list& l) {
        for (const operand& op : l.ops) r.used |= 1u << static_cast<unsigned>(op.field);
      };
      mark(r.ops);
      for (const form& f : r.aliases) mark(f.ops);
    }
  }
};

const tables& the_tables() {
  static const tables t;
  return t;
}

bool matches(const std::vector<condition>& when, const insn& i) {
  for (const condition& c : when) {
    int64_t v = get(i, c.field);
    if (c.mask >= 0) v &= c.mask;
    if (v != c.value) return false;
  }
  return true;
}

std::string render(const insn& i, uint64_t ia, const address_text_fn* address_text) {
  if (i.id == 0 || i.id >= kInsnCount) return ".long";
  const insn_def& d = kInsnTable[i.id];
  const row_info& r = the_tables().rows[i.id];
  std::string_view name = mnemonic(i.id);
  const operand_list* ops = &r.ops;
  bool chosen = false;
  for (const form& f : r.aliases) {
    if (matches(f.when, i)) {
      name = f.name;
      ops = &f.ops;
      chosen = true;
      break;
    }
  }
  if (!chosen && r.cond_field != fsel::none) {
    const std::string& n = r.cond_name[static_cast<uint64_t>(get(i, r.cond_field)) & 0xf];
    if (!n.empty()) {
      name = n;
      ops = &r.cond_ops;
    }
  }
  std::string out(name);
  if (ops->ops.empty()) return out;
  out += '\t';
  print_operands(*ops, d.fmt, i, ia, address_text, out);
  return out;
}

// Unused bits objdump does not look at, as nibble numbers of the 48-bit instruction (nibble 0
// is bits 0-3): it accepts agrk with bits 20-23 set, crj with bits 36-39 set, and so on. Every
// other unused bit must be zero for objdump to recognise the instruction.
uint64_t ignored_bits(format fmt) {
  auto nib = [](unsigned n) { return uint64_t{0xf} << (44 - 4 * n); };
  switch (fmt) {
    case format::RRF_a: return nib(5);
    case format::RIE_b: return nib(9);
    case format::RIE_d: return nib(9);
    case format::RIE_e: return nib(8) | nib(9);
    case format::SI: return nib(2) | nib(3);
    default: return 0;
  }
}

// Decodes the row of the bytes whatever its facility; id 0 when the opcode is unknown or a
// bit that no operand shows is set (objdump then does not recognise the instruction either).
void decode_any(const uint8_t* bytes, insn& i) {
  i = insn{};
  i.len = static_cast<uint8_t>(insn_length(bytes[0]));
  uint16_t id = lookup_opcode(bytes);
  if (id == 0) return;
  i.id = id;
  // An RRE row whose objdump forms have an RRF operand (z15's popcnt M3) shows bits 16-23 the
  // RRF way, though the row itself does not decode them.
  const format fmt = kInsnTable[id].fmt;
  uint32_t used = the_tables().rows[id].used;
  auto uses = [&](fsel f) { return (used >> static_cast<unsigned>(f) & 1) != 0; };
  uint64_t ignored = ignored_bits(fmt);
  if (fmt == format::RRE && (uses(fsel::r3) || uses(fsel::m3) || uses(fsel::m4))) {
    extract_fields(format::RRF_e, bytes, i);
    if (uses(fsel::r3) || uses(fsel::m3)) ignored |= uint64_t{0xf} << 28;
    if (uses(fsel::m4)) ignored |= uint64_t{0xf} << 24;
  } else {
    extract_fields(fmt, bytes, i);
  }
  insn shown = i;
  for (unsigned f = 1; f <= static_cast<unsigned>(fsel::ri); ++f)
    if (!(used >> f & 1)) set(shown, static_cast<fsel>(f), 0);
  // RRF and RS keep bits 16-19 / 12-15 in both r3 and m3: whichever is shown carries them.
  if (used >> static_cast<unsigned>(fsel::r3) & 1) shown.m3 = 0;
  if (used >> static_cast<unsigned>(fsel::m3) & 1) shown.r3 = 0;
  uint8_t again[6] = {};
  encode(shown, again);
  uint64_t diff = 0;
  for (unsigned k = 0; k < 6; ++k) diff = diff << 8 | (k < i.len ? again[k] ^ bytes[k] : 0);
  if (diff & ~ignored) i.id = 0;
}

}  // namespace

std::vector<operand_token> operand_tokens(std::string_view s) {
  std::vector<operand_token> out;
  bool inner = false;
  auto number = [&](size_t& j) {
    unsigned n = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') n = n * 10 + (s[j++] - '0');
    return n;
  };
  for (size_t k = 0; k < s.size();) {
    const char c = s[k];
    if (c == ',' || c == '(' || c == ')') {
      if (c != ',') inner = c == '(';
      ++k;
      continue;
    }
    size_t j = k + 1;
    operand_token t{c, number(j), 0, inner, false};
    t.closes = inner && (j >= s.size() || s[j] == ')');
    if (j < s.size() && s[j] == ':') {
      ++j;
      t.bits = static_cast<uint8_t>(number(j));
    }
    out.push_back(t);
    k = j;
  }
  return out;
}

std::string disassemble(const insn& i, uint64_t ia) { return render(i, ia, nullptr); }

std::string disassemble(const insn& i, uint64_t ia, const address_text_fn& address_text) {
  return render(i, ia, &address_text);
}

std::string disassemble(const uint8_t* bytes, uint64_t ia) {
  insn i;
  decode_any(bytes, i);
  if (i.id == 0) {
    char buf[32];
    if (i.len >= 4)
      std::snprintf(buf, sizeof buf, ".long\t0x%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2],
                    bytes[3]);
    else
      std::snprintf(buf, sizeof buf, ".short\t0x%02x%02x", bytes[0], bytes[1]);
    return buf;
  }
  return render(i, ia, nullptr);
}

std::string disassemble(const uint8_t* bytes, size_t avail, uint64_t ia, unsigned* consumed,
                        const address_text_fn& address_text) {
  char buf[32];
  unsigned len = avail ? insn_length(bytes[0]) : 0;
  if (avail >= len && len > 0) {
    insn i;
    decode_any(bytes, i);
    if (i.id != 0) {
      *consumed = len;
      return render(i, ia, &address_text);
    }
  }
  // Not an instruction we (or objdump) know: objdump shows a word, a halfword or a byte.
  if (avail >= 4) {
    std::snprintf(buf, sizeof buf, ".long\t0x%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2],
                  bytes[3]);
    *consumed = 4;
  } else if (avail >= 2) {
    std::snprintf(buf, sizeof buf, ".short\t0x%02x%02x", bytes[0], bytes[1]);
    *consumed = 2;
  } else {
    std::snprintf(buf, sizeof buf, ".byte\t0x%02x", avail ? bytes[0] : 0);
    *consumed = avail ? 1 : 0;
  }
  return buf;
}

std::string_view base_mnemonic(std::string_view m) {
  const auto& t = the_tables();
  auto it = t.base_of.find(m);
  return it == t.base_of.end() ? m : std::string_view(it->second);
}

std::vector<uint16_t> rows_for_mnemonic(std::string_view m) {
  std::vector<uint16_t> out;
  // A row spelled like the mnemonic comes first: "cdfbr" may be a row of its own.
  if (uint16_t id = find_insn(m)) out.push_back(id);
  std::string_view base = base_mnemonic(m);
  if (base != m)
    if (uint16_t id = find_insn(base)) out.push_back(id);
  return out;
}

std::vector<std::string_view> operand_forms(uint16_t id) {
  std::vector<std::string_view> out;
  if (id == 0 || id >= kInsnCount) return out;
  out.push_back(kInsnTable[id].operands);
  for (const form& f : the_tables().rows[id].aliases) out.push_back(f.text);
  return out;
}

std::vector<std::pair<std::string, std::string>> extended_mnemonics() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [ext, base] : the_tables().base_of)
    if (ext != base) out.emplace_back(ext, base);
  return out;
}

}  // namespace ssivm::arch
