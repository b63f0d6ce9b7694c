// Mnemonic coverage of real s390x code: disassembles libraries and objects with objdump, maps
// every mnemonic (extended ones through the disassembler's rules) to instruction-table rows, and
// lists what is not implemented: (a) facilities newer than z196, (b) everything else.
// Also disassembles every instruction of a known row and compares with objdump's text. Fails
// when (b) is not empty, something newer than z196 is installed, or a disassembly differs.
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "arch/decoder.hpp"
#include "arch/disasm.hpp"
#include "arch/insn_table.hpp"

namespace {

using namespace ssivm::arch;

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Output of a command (stdout and, with `with_stderr`, stderr); false if it could not run.
bool run(const std::string& cmd, std::string& out, int* status = nullptr) {
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  if (status) *status = st;
  return true;
}

// Our disassembly of real code against objdump's, for every instruction whose row we have.
struct crosscheck {
  unsigned long compared = 0;
  unsigned long differing = 0;
  std::vector<std::string> examples;
};

// Mnemonic → occurrences in `objdump -d` output, and the cross-check of each line. Instruction
// lines look like "   1c0:\tc0 e5 00 00 00 00 \tbrasl\t%r14,1c0 <main+0x10>".
void scan(const std::string& text, std::map<std::string, unsigned long>& counts, crosscheck& cc) {
  size_t pos = 0;
  // objdump prints relative targets as bare hex followed by the nearest symbol.
  address_text_fn hex_target = [](uint64_t t) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(t));
    return std::string(buf);
  };
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    size_t colon = text.find(":\t", pos);
    if (colon < end) {
      size_t t1 = text.find('\t', colon + 2);
      if (t1 < end) {
        size_t t2 = text.find('\t', t1 + 1);
        if (t2 > end) t2 = end;
        std::string m = text.substr(t1 + 1, t2 - t1 - 1);
        counts[m]++;
        uint8_t bytes[6];
        unsigned n = 0;
        for (size_t k = colon + 2; k + 1 < t1 && n < 6 && text[k] != ' '; k += 3)
          bytes[n++] = static_cast<uint8_t>(std::strtoul(text.substr(k, 2).c_str(), nullptr, 16));
        std::string theirs = text.substr(t1 + 1, end - t1 - 1);
        size_t sym = theirs.find(" <");
        if (sym != std::string::npos) theirs.erase(sym);
        if (n > 0 && m[0] != '.' && n == insn_length(bytes[0])) {
          insn i;
          decode(bytes, i);
          if (i.id != 0) {
            uint64_t ia = std::strtoull(text.c_str() + pos, nullptr, 16);
            unsigned used = 0;
            std::string ours = disassemble(bytes, n, ia, &used, hex_target);
            // A file without symbols shows targets as plain "0x…".
            if (ours != theirs) ours = disassemble(bytes, n, ia, &used);
            ++cc.compared;
            if (ours != theirs) {
              ++cc.differing;
              if (cc.examples.size() < 20)
                cc.examples.push_back(text.substr(colon + 2, t1 - colon - 2) + " objdump \"" +
                                      theirs + "\" ssivm \"" + ours + "\"");
            }
          }
        }
      }
    }
    pos = end + 1;
  }
}

// The names `as -march=z196` does not know at all ("Unrecognized opcode"): instructions of
// facilities newer than z196. Each name is assembled alone on its own line; a known name only
// draws operand errors.
std::set<std::string> unknown_to_z196(const std::string& as,
                                      const std::vector<std::string>& names) {
  char path[] = "/tmp/ssivm_coverage_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return {};
  std::string src;
  for (const std::string& n : names) src += " " + n + "\n";
  if (write(fd, src.data(), src.size()) != static_cast<ssize_t>(src.size())) std::perror("write");
  close(fd);
  std::string out;
  run(shell_quote(as) + " -march=z196 -o /dev/null " + path + " 2>&1", out);
  std::remove(path);
  std::set<std::string> unknown;
  size_t pos = 0;
  std::string prefix = std::string(path) + ":";
  while ((pos = out.find(prefix, pos)) != std::string::npos) {
    size_t eol = out.find('\n', pos);
    std::string line = out.substr(pos, eol - pos);
    pos = eol == std::string::npos ? out.size() : eol;
    if (line.find("Unrecognized opcode") == std::string::npos) continue;
    unsigned long n = std::strtoul(line.c_str() + prefix.size(), nullptr, 10);
    if (n >= 1 && n <= names.size()) unknown.insert(names[n - 1]);
  }
  return unknown;
}

// STFLE bits of facilities newer than z196 whose instructions we leave out: processor assist,
// execution hint, load-and-trap and misc-instruction-extensions (49), constrained transactional
// execution (50), load/store-on-condition 2 (53), misc-instruction-extensions 2 and 3 (58, 61),
// transactional execution (73), vector and its enhancements (129, 134, 135, 148).
constexpr unsigned kNewerBits[] = {49, 50, 53, 58, 61, 73, 129, 134, 135, 148};

bool stfle_bit(unsigned bit) { return (kStfleBits[bit / 64] >> (63 - bit % 64)) & 1; }

struct missing {
  std::map<std::string, unsigned long> forms;  // objdump spellings seen, with counts
  unsigned long total = 0;
  std::string row_note;  // row present but facility not installed
};

}  // namespace

int main(int argc, char** argv) {
  std::string objdump = "s390x-linux-gnu-objdump", as = "s390x-linux-gnu-as";
  std::vector<std::string> files;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    if (a == "--objdump" && k + 1 < argc)
      objdump = argv[++k];
    else if (a == "--as" && k + 1 < argc)
      as = argv[++k];
    else
      files.push_back(a);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s [--objdump PATH] [--as PATH] FILE...\n", argv[0]);
    return 2;
  }

  // objdump the files two at a time (the libraries dominate; each takes about a second).
  std::vector<std::string> outputs(files.size());
  std::vector<int> statuses(files.size(), -1);
  for (size_t k = 0; k < files.size(); k += 2) {
    std::vector<std::thread> th;
    for (size_t j = k; j < files.size() && j < k + 2; ++j)
      th.emplace_back([&, j] {
        run(shell_quote(objdump) + " -d " + shell_quote(files[j]) + " 2>/dev/null", outputs[j],
            &statuses[j]);
      });
    for (auto& t : th) t.join();
  }
  std::map<std::string, unsigned long> counts;
  unsigned long instructions = 0;
  crosscheck cc;
  for (size_t k = 0; k < files.size(); ++k) {
    if (statuses[k] != 0 || outputs[k].empty()) {
      std::fprintf(stderr, "coverage: objdump failed on %s\n", files[k].c_str());
      return 2;
    }
    std::map<std::string, unsigned long> c;
    scan(outputs[k], c, cc);
    unsigned long n = 0;
    for (const auto& [m, cnt] : c) {
      counts[m] += cnt;
      n += cnt;
    }
    instructions += n;
    std::printf("coverage: %-60s %9lu instructions, %4zu mnemonics\n", files[k].c_str(), n,
                c.size());
  }

  // Map every mnemonic to rows; group what is not implemented by its base mnemonic.
  std::map<std::string, missing> not_implemented;
  unsigned implemented = 0;
  for (const auto& [m, cnt] : counts) {
    if (m.empty() || m[0] == '.') continue;  // data objdump could not decode (.long/.short)
    std::vector<uint16_t> rows = rows_for_mnemonic(m);
    bool ok = false;
    for (uint16_t id : rows) ok = ok || facility_installed(def_of(id).fac);
    if (ok) {
      ++implemented;
      continue;
    }
    std::string base =
        rows.empty() ? std::string(base_mnemonic(m)) : std::string(mnemonic(rows[0]));
    missing& e = not_implemented[base];
    e.forms[m] += cnt;
    e.total += cnt;
    if (!rows.empty()) e.row_note = "row present, facility not installed";
  }

  // Classify with the assembler, and check the whole table while at it: a row that z196's
  // assembler does not know must not be installed.
  std::vector<std::string> names;
  for (const auto& [base, e] : not_implemented) names.push_back(base);
  size_t table_from = names.size();
  for (unsigned id = 1; id < kInsnCount; ++id)
    names.emplace_back(mnemonic(static_cast<uint16_t>(id)));
  std::set<std::string> newer = unknown_to_z196(as, names);

  std::printf("coverage: %lu instructions, %zu distinct mnemonics, %u implemented\n", instructions,
              counts.size(), implemented);
  auto print_list = [&](const char* title, bool want_newer) {
    unsigned n = 0;
    std::string line;
    for (const auto& [base, e] : not_implemented) {
      if ((newer.count(base) != 0) != want_newer) continue;
      ++n;
      line += "  " + base + " (" + std::to_string(e.total);
      std::string forms;
      for (const auto& [f, c] : e.forms)
        if (f != base) forms += (forms.empty() ? "" : " ") + f;
      if (!forms.empty()) line += "; as " + forms;
      if (!e.row_note.empty()) line += "; " + e.row_note;
      line += ")\n";
    }
    std::printf("%s: %u\n%s", title, n, line.c_str());
    return n;
  };
  print_list("(a) newer than z196, left unimplemented", true);
  unsigned missing_b = print_list("(b) not implemented", false);

  unsigned violations = 0;
  for (size_t k = table_from; k < names.size(); ++k) {
    uint16_t id = static_cast<uint16_t>(k - table_from + 1);
    if (newer.count(names[k]) && facility_installed(def_of(id).fac)) {
      std::printf("(c) row %s is newer than z196 but its facility is installed\n",
                  names[k].c_str());
      ++violations;
    }
  }
  for (unsigned bit : kNewerBits)
    if (stfle_bit(bit)) {
      std::printf("(c) STFLE bit %u (a facility newer than z196) is announced\n", bit);
      ++violations;
    }
  std::printf("coverage: %lu instructions of known rows disassembled, %lu differ from objdump\n",
              cc.compared, cc.differing);
  for (const std::string& e : cc.examples) std::printf("  %s\n", e.c_str());
  if (cc.differing) ++violations;
  if (missing_b || violations) {
    std::printf("coverage: FAILED: %u mnemonics not implemented, %u other violations\n", missing_b,
                violations);
    return 1;
  }
  std::printf("coverage: OK\n");
  return 0;
}
