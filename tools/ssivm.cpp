// ssivm — the composition root: command line, wiring of engines and personalities.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "arch/disasm.hpp"
#include "io/reactor.hpp"
#include "jit/engine.hpp"
#include "jit/llvm_info.hpp"
#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"

namespace {

const std::vector<uint8_t> kDemoImage = {
#include "demo_image.inc"
};

// Storage sizes as z/VM writes them: 512M, 2G, 4096K, or plain bytes.
bool parse_size(const std::string& s, uint64_t& out) {
  if (s.empty()) return false;
  size_t pos = 0;
  unsigned long long v;
  try {
    v = std::stoull(s, &pos, 10);
  } catch (...) {
    return false;
  }
  std::string unit = s.substr(pos);
  uint64_t mul = 1;
  if (unit == "K" || unit == "k")
    mul = 1ull << 10;
  else if (unit == "M" || unit == "m")
    mul = 1ull << 20;
  else if (unit == "G" || unit == "g")
    mul = 1ull << 30;
  else if (unit == "T" || unit == "t")
    mul = 1ull << 40;
  else if (!unit.empty())
    return false;
  out = v * mul;
  return out >= 1ull << 20;
}

// `compiler` is set to the tiered engine's compiler (owned by the engine), for --stats.
std::unique_ptr<ssivm::runtime::engine> make_engine(const std::string& name,
                                                    ssivm::runtime::storage& st,
                                                    ssivm::runtime::block_compiler** compiler,
                                                    ssivm::runtime::tier_options tier) {
  if (name == "interp") return ssivm::runtime::make_interpreter(st);
  if (name == "jit") return ssivm::jit::make_jit(st);
  if (name == "tiered") {
    auto c = ssivm::jit::make_tier_compiler(st);
    *compiler = c.get();
    return ssivm::runtime::make_tiered(st, std::move(c), tier);
  }
  return nullptr;
}

void print_jit_stats(const ssivm::jit::jit_stats& js, std::FILE* out) {
  std::fprintf(out,
               "ssivm: jit: %llu blocks (%llu guest instructions) compiled in %.3f s "
               "(%.2f ms per block: %.0f%% IR, %.0f%% passes, the rest code generation) into %llu "
               "bytes of host code; %llu dropped by stores into their pages\n",
               (unsigned long long)js.blocks_compiled, (unsigned long long)js.guest_insns_compiled,
               js.compile_seconds,
               js.blocks_compiled ? js.compile_seconds * 1e3 / js.blocks_compiled : 0.0,
               js.compile_seconds > 0 ? 100 * js.translate_seconds / js.compile_seconds : 0.0,
               js.compile_seconds > 0 ? 100 * js.optimise_seconds / js.compile_seconds : 0.0,
               (unsigned long long)js.code_bytes, (unsigned long long)js.invalidations);
}

// Ends this process the way the guest ended: same exit code, or the same signal.
[[noreturn]] void exit_like(ssivm::runtime::linux_abi::process& p, int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (int sig = p.term_signal()) {
    // Like qemu-user, only signals whose default action dumps core are reported.
    bool core = sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
                sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV || sig == SIGSYS ||
                sig == SIGXCPU || sig == SIGXFSZ;
    if (core)
      std::fprintf(stderr, "ssivm: uncaught target signal %d (%s) - core dumped\n", sig,
                   strsignal(sig));
    std::fflush(stderr);
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    std::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(sig);
  }
  std::_Exit(status);
}

void print_stats(const ssivm::runtime::linux_abi::process& p, std::FILE* out) {
  const auto& s = p.stats();
  double mips = s.seconds > 0 ? s.instructions / s.seconds / 1e6 : 0;
  std::fprintf(out,
               "ssivm: %llu guest instructions in %.3f s (%.1f MIPS); %llu system calls, "
               "%.3f s in system calls\n",
               (unsigned long long)s.instructions, s.seconds, mips, (unsigned long long)s.syscalls,
               s.syscall_seconds);
}

// `ssivm disasm FILE`: an ELF's executable sections listed as `objdump -d` lists them, with
// arch::disassemble for the instruction text and the ELF symbols for labels and targets.
struct elf_symbol {
  uint64_t value;
  std::string name;
  int rank;  // which of several symbols at one address names it: global function first
  uint64_t size;
};

uint64_t be(const std::vector<uint8_t>& f, uint64_t off, unsigned n) {
  uint64_t v = 0;
  for (unsigned k = 0; k < n && off + k < f.size(); ++k) v = v << 8 | f[off + k];
  return v;
}

int disasm_file(const std::string& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) {
    std::fprintf(stderr, "ssivm: %s: %s\n", path.c_str(), std::strerror(errno));
    return 1;
  }
  std::vector<uint8_t> f;
  uint8_t buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, in)) > 0) f.insert(f.end(), buf, buf + got);
  std::fclose(in);
  // ELFCLASS64, big-endian, EM_S390.
  if (f.size() < 64 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F' || f[4] != 2 ||
      f[5] != 2 || be(f, 18, 2) != 22) {
    std::fprintf(stderr, "ssivm: %s: not a 64-bit s390x ELF file\n", path.c_str());
    return 1;
  }
  struct section {
    std::string name;
    uint32_t type;
    uint64_t flags, addr, offset, size;
    uint32_t link;
  };
  uint64_t shoff = be(f, 0x28, 8), shentsize = be(f, 0x3a, 2), shnum = be(f, 0x3c, 2);
  uint64_t shstrndx = be(f, 0x3e, 2);
  std::vector<section> sec(shnum);
  for (uint64_t k = 0; k < shnum; ++k) {
    uint64_t h = shoff + k * shentsize;
    sec[k] = {"",
              static_cast<uint32_t>(be(f, h + 4, 4)),
              be(f, h + 8, 8),
              be(f, h + 16, 8),
              be(f, h + 24, 8),
              be(f, h + 32, 8),
              static_cast<uint32_t>(be(f, h + 40, 4))};
    sec[k].name = std::to_string(be(f, h, 4));  // name offset, resolved below
  }
  auto str_at = [&](uint64_t table, uint64_t off) {
    std::string s;
    if (table >= sec.size()) return s;
    for (uint64_t p = sec[table].offset + off; p < f.size() && f[p]; ++p)
      s += static_cast<char>(f[p]);
    return s;
  };
  for (auto& s : sec) s.name = str_at(shstrndx, std::stoull(s.name));
  // Symbols per section, sorted by address; the best-ranked one names an address.
  std::vector<std::vector<elf_symbol>> syms(shnum);
  for (const section& s : sec) {
    if (s.type != 2 /* SHT_SYMTAB */) continue;
    for (uint64_t p = s.offset + 24; p + 24 <= s.offset + s.size; p += 24) {
      unsigned info = f[p + 4], shndx = static_cast<unsigned>(be(f, p + 6, 2));
      unsigned type = info & 0xf, bind = info >> 4;
      if (shndx == 0 || shndx >= shnum || type == 3 /* SECTION */ || type == 4 /* FILE */) continue;
      std::string name = str_at(s.link, be(f, p, 4));
      if (name.empty()) continue;
      // objdump names an address after a typed symbol before an untyped one, then global
      // before weak before local.
      int rank = (type == 1 || type == 2 ? 0 : 3) + (bind == 1 ? 0 : bind == 2 ? 1 : 2);
      syms[shndx].push_back({be(f, p + 8, 8), name, rank, be(f, p + 16, 8)});
    }
  }
  // A linked program's targets may lie in any section (a literal pool in .rodata); a
  // relocatable object's addresses only mean something within their own section.
  bool linked = be(f, 16, 2) != 1 /* ET_REL */;
  bool any_symbol = false;
  for (const auto& v : syms) any_symbol = any_symbol || !v.empty();
  // Targets are named after the nearest symbol at or below them, sections counting as symbols
  // of the lowest rank: within the section for an object file, anywhere for a linked program.
  std::vector<std::vector<elf_symbol>> targets(shnum);
  for (uint64_t j = 1; j < shnum; ++j) {
    targets[j] = syms[j];
    if ((sec[j].flags & 0x2) /* SHF_ALLOC */ && !(sec[j].flags & 0x400) /* SHF_TLS */)
      targets[j].push_back({sec[j].addr, sec[j].name, 9, 0});
  }
  if (linked) {
    std::vector<elf_symbol> everywhere;
    for (const auto& v : targets) everywhere.insert(everywhere.end(), v.begin(), v.end());
    for (auto& v : targets) v = everywhere;
  }
  for (auto& v : targets)
    std::sort(v.begin(), v.end(), [](const elf_symbol& a, const elf_symbol& b) {
      if (a.value != b.value) return a.value < b.value;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.size != b.size ? a.size > b.size : a.name < b.name;
    });
  for (auto& v : syms)
    std::sort(v.begin(), v.end(), [](const elf_symbol& a, const elf_symbol& b) {
      if (a.value != b.value) return a.value < b.value;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.size != b.size ? a.size > b.size : a.name < b.name;
    });
  std::printf("\n%s:     file format elf64-s390\n\n", path.c_str());
  for (uint64_t k = 0; k < shnum; ++k) {
    const section& s = sec[k];
    if (!(s.flags & 0x4) /* SHF_EXECINSTR */ || s.type == 8 /* NOBITS */ || s.size == 0) continue;
    if (s.offset + s.size > f.size()) continue;
    std::printf("\nDisassembly of section %s:\n", s.name.c_str());
    const auto& v = syms[k];
    // Addresses lose the leading zeros every address of the section has, in groups of four
    // digits, and the rest of the zeros become spaces.
    char tmp[32];
    std::snprintf(tmp, sizeof tmp, "%016llx", static_cast<unsigned long long>(s.addr + s.size));
    unsigned zeros = 0;
    while (tmp[zeros] == '0') ++zeros;
    unsigned skip = zeros ? (zeros - 1) & ~3u : 0;
    auto target_text = [&](uint64_t t) {
      char b[64];
      // Without any symbol objdump shows a bare "0x…" address.
      std::snprintf(b, sizeof b, any_symbol ? "%llx" : "0x%llx",
                    static_cast<unsigned long long>(t));
      std::string out = b;
      if (!any_symbol) return out;
      const auto& tv = targets[k];
      auto it = std::upper_bound(tv.begin(), tv.end(), t,
                                 [](uint64_t x, const elf_symbol& e) { return x < e.value; });
      if (it == tv.begin()) return out;
      uint64_t at = std::prev(it)->value;
      auto first = std::lower_bound(tv.begin(), tv.end(), at,
                                    [](const elf_symbol& e, uint64_t x) { return e.value < x; });
      out += " <" + first->name;
      if (t != at) {
        std::snprintf(b, sizeof b, "+0x%llx", static_cast<unsigned long long>(t - at));
        out += b;
      }
      out += ">";
      return out;
    };
    ssivm::arch::address_text_fn address_text = target_text;
    size_t next_sym = 0;
    for (uint64_t off = 0; off < s.size;) {
      uint64_t ia = s.addr + off;
      while (next_sym < v.size() && v[next_sym].value < ia) ++next_sym;
      if (next_sym < v.size() && v[next_sym].value == ia) {
        std::printf("\n%016llx <%s>:\n", static_cast<unsigned long long>(ia),
                    v[next_sym].name.c_str());
        while (next_sym < v.size() && v[next_sym].value == ia) ++next_sym;
      } else if (off == 0) {
        std::printf("\n%016llx <%s>:\n", static_cast<unsigned long long>(ia), s.name.c_str());
      }
      // Runs of zeros are elided as objdump does: eight or more bytes (in whole words unless
      // the run reaches the next symbol), or a short tail of fewer than three at a symbol's end.
      uint64_t stop = next_sym < v.size() && v[next_sym].value - s.addr < s.size
                          ? v[next_sym].value - s.addr
                          : s.size;
      uint64_t z = off;
      while (z < stop && f[s.offset + z] == 0) ++z;
      if (z - off >= 8 || (z == stop && z > off && z - off < 3)) {
        if (z != stop) z = off + ((z - off) & ~uint64_t{3});
        std::printf("\t...\n");
        off = z;
        continue;
      }
      unsigned used = 0;
      std::string text =
          ssivm::arch::disassemble(&f[s.offset + off], s.size - off, ia, &used, address_text);
      std::snprintf(tmp, sizeof tmp, "%016llx", static_cast<unsigned long long>(ia));
      char* a = tmp + skip;
      for (char* z = a; *z == '0' && z[1]; ++z) *z = ' ';
      std::string bytes;
      for (unsigned b = 0; b < 6; ++b) {
        if (b < used) {
          char h[4];
          std::snprintf(h, sizeof h, "%02x ", f[s.offset + off + b]);
          bytes += h;
        } else {
          bytes += "   ";
        }
      }
      std::printf("%s:\t%s\t%s\n", a, bytes.c_str(), text.c_str());
      off += used ? used : 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ssivm — z/Architecture hypervisor with SSI clustering and live guest relocation"};
  app.require_subcommand(1);

  std::string engine_name = "tiered";
  uint32_t tier_threshold = 0;
  bool tier_sync = false;
  std::string storage_text = "1G";
  bool stats = false, strace = false, trace_pgm = false;
  std::string sysroot, root;
  std::vector<std::string> prog;

  auto* run = app.add_subcommand("run", "Run a Linux s390x program as a guest (like qemu-s390x)");
  run->add_option("--engine", engine_name,
                  "Execution engine: interp, jit (every block compiled before it runs) or tiered "
                  "(interpreter first, hot blocks compiled in the background; the default)")
      ->check(CLI::IsMember({"interp", "jit", "tiered"}));
  run->add_option("--tier-threshold", tier_threshold,
                  "Tiered engine: entries of a block before it is compiled (default 1000, or "
                  "$SSIVM_TIER_THRESHOLD)")
      ->check(CLI::PositiveNumber);
  run->add_flag("--tier-sync", tier_sync,
                "Tiered engine: compile a hot region before going on and install it at once "
                "(deterministic, for testing; slower)");
  run->add_option("--storage", storage_text, "Guest storage size (e.g. 512M, 2G)");
  run->add_flag("--stats", stats, "Print guest instructions, MIPS and system-call time at exit");
  run->add_flag("--strace", strace, "Trace system calls to stderr");
  run->add_flag("--trace-pgm", trace_pgm,
                "Report program interruptions (code, address, instruction) on stderr");
  run->add_option("-L,--sysroot", sysroot,
                  "Directory searched first for the guest's absolute paths: its dynamic loader, "
                  "libraries and files (like qemu-s390x -L)")
      ->check(CLI::ExistingDirectory);
  run->add_option("--root", root,
                  "Directory the guest sees as / (default: the host's /); nothing outside it "
                  "can be reached, not by .. nor by symbolic links")
      ->check(CLI::ExistingDirectory);
  run->add_option("program", prog, "Program and its arguments")->required()->expected(-1);
  // Everything after the program belongs to it: main() splits argv there, before CLI11.

  auto* demo = app.add_subcommand("demo", "Run the embedded demo guest and report guest MIPS");
  demo->add_option("--engine", engine_name, "Execution engine (interp, jit, tiered)")
      ->check(CLI::IsMember({"interp", "jit", "tiered"}));

  auto* version = app.add_subcommand("version", "Show versions and host capabilities");

  std::string disasm_path;
  auto* disasm = app.add_subcommand("disasm", "List an ELF file's code as objdump -d does");
  disasm->add_option("file", disasm_path, "s390x ELF program or object")->required();

  // `ssivm run [OPTIONS] PROGRAM ARGS...`: from PROGRAM on, every argument is the guest's,
  // verbatim ("--", "-v", empty strings), as with qemu-s390x. CLI11 sees only what precedes
  // the program (and the program itself, for the required positional).
  std::vector<std::string> guest_argv;
  int cli_argc = argc, program_at = 0;
  if (argc > 2 && std::string_view(argv[1]) == "run") {
    for (int k = 2; k < argc; ++k) {
      std::string_view a = argv[k];
      if (a == "--") {  // explicit end of ssivm's options
        if (k + 1 < argc) program_at = k + 1;
        break;
      }
      if (a.size() > 1 && a[0] == '-') {
        // An option given its value as the next argument ("--storage 2G") skips that value.
        const CLI::Option* o =
            a.find('=') == a.npos ? run->get_option_no_throw(std::string(a)) : nullptr;
        if (o && o->get_expected_min() > 0) ++k;
        continue;
      }
      program_at = k;
      break;
    }
    if (program_at) {
      cli_argc = program_at + 1;
      guest_argv.assign(argv + program_at, argv + argc);
    }
  }
  CLI11_PARSE(app, cli_argc, argv);
  if (!guest_argv.empty()) prog = guest_argv;

  using ssivm::runtime::linux_abi::process;
  using ssivm::runtime::linux_abi::process_options;

  if (disasm->parsed()) return disasm_file(disasm_path);

  if (version->parsed()) {
    fmt::print("ssivm 0.1.0 (LLVM {}, I/O backend {})\n", ssivm::jit::llvm_version(),
               ssivm::io::probe_backend());
    return 0;
  }

  process_options opt;
  if (!parse_size(storage_text, opt.storage_bytes)) {
    std::fprintf(stderr, "HCPSTO003E Invalid storage size - %s\n", storage_text.c_str());
    return 1;
  }
  opt.trace_syscalls = strace;
  opt.trace_pgm = trace_pgm;
  opt.sysroot = sysroot;
  opt.root = root;

  std::string error;
  std::unique_ptr<process> p;
  if (demo->parsed()) {
    p = process::create_from_image(kDemoImage, "demo", {"demo"}, opt, error);
  } else {
    for (char** e = environ; *e; ++e) opt.env.emplace_back(*e);
    p = process::create(prog[0], prog, opt, error);
  }
  if (!p) {
    // Messages already in z/VM form (HCPxxxnnnnE) stand alone.
    std::fprintf(stderr, "%s%s\n", error.compare(0, 3, "HCP") == 0 ? "" : "ssivm: ", error.c_str());
    return 127;
  }
  ssivm::runtime::block_compiler* compiler = nullptr;
  auto eng = make_engine(engine_name, p->guest_storage(), &compiler,
                         {.threshold = tier_threshold, .synchronous = tier_sync});
  int status = p->run(*eng);
  if (demo->parsed()) {
    const auto& s = p->stats();
    std::printf("demo: %s engine, %llu guest instructions in %.3f s = %.1f guest MIPS\n",
                engine_name.c_str(), (unsigned long long)s.instructions, s.seconds,
                s.seconds > 0 ? s.instructions / s.seconds / 1e6 : 0.0);
  } else if (stats) {
    print_stats(*p, stderr);
    if (const auto* js = ssivm::jit::stats_of(*eng)) print_jit_stats(*js, stderr);
    if (const auto* ts = ssivm::runtime::tier_stats_of(*eng)) {
      const auto& s = p->stats();
      std::fprintf(stderr,
                   "ssivm: tiered: %llu regions got hot, %llu installed, %llu discarded and %llu "
                   "dropped (their code changed); %.1f%% of guest instructions ran compiled; "
                   "exits from compiled code: %llu to other code, %llu program interruptions, "
                   "%llu SVCs, %llu stores into code\n",
                   (unsigned long long)ts->requested, (unsigned long long)ts->installed,
                   (unsigned long long)ts->discarded, (unsigned long long)ts->uninstalled,
                   s.instructions ? 100.0 * ts->jit_insns / s.instructions : 0.0,
                   (unsigned long long)ts->exits[0], (unsigned long long)ts->exits[1],
                   (unsigned long long)ts->exits[2], (unsigned long long)ts->exits[3]);
      print_jit_stats(ssivm::jit::tier_compiler_stats(*compiler), stderr);
    }
  }
  exit_like(*p, status);
}
