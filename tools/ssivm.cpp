// ssivm — the composition root: command line, wiring of engines and personalities.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "io/reactor.hpp"
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
  if (unit == "K" || unit == "k") mul = 1ull << 10;
  else if (unit == "M" || unit == "m") mul = 1ull << 20;
  else if (unit == "G" || unit == "g") mul = 1ull << 30;
  else if (unit == "T" || unit == "t") mul = 1ull << 40;
  else if (!unit.empty()) return false;
  out = v * mul;
  return out >= 1ull << 20;
}

std::unique_ptr<ssivm::runtime::engine> make_engine(const std::string& name,
                                                    ssivm::runtime::storage& st) {
  if (name == "interp") return ssivm::runtime::make_interpreter(st);
  return nullptr;
}

// Ends this process the way the guest ended: same exit code, or the same signal.
[[noreturn]] void exit_like(ssivm::runtime::linux_abi::process& p, int status) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (int sig = p.term_signal()) {
    std::fprintf(stderr, "ssivm: uncaught target signal %d (%s)%s\n", sig, strsignal(sig),
                 sig == SIGABRT || sig == SIGSEGV || sig == SIGILL || sig == SIGFPE ? " - core dumped" : "");
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ssivm — z/Architecture hypervisor with SSI clustering and live guest relocation"};
  app.require_subcommand(1);

  std::string engine_name = "interp";
  std::string storage_text = "1G";
  bool stats = false, strace = false, trace_pgm = false;
  std::vector<std::string> prog;

  auto* run = app.add_subcommand("run", "Run a Linux s390x program as a guest (like qemu-s390x)");
  run->add_option("--engine", engine_name, "Execution engine")->check(CLI::IsMember({"interp"}));
  run->add_option("--storage", storage_text, "Guest storage size (e.g. 512M, 2G)");
  run->add_flag("--stats", stats, "Print guest instructions, MIPS and system-call time at exit");
  run->add_flag("--strace", strace, "Trace system calls to stderr");
  run->add_flag("--trace-pgm", trace_pgm,
                "Report program interruptions (code, address, instruction) on stderr");
  run->add_option("program", prog, "Program and its arguments")->required()->expected(-1);
  run->prefix_command();  // everything after the program belongs to it

  auto* demo = app.add_subcommand("demo", "Run the embedded demo guest and report guest MIPS");
  demo->add_option("--engine", engine_name, "Execution engine")->check(CLI::IsMember({"interp"}));

  auto* version = app.add_subcommand("version", "Show versions and host capabilities");

  CLI11_PARSE(app, argc, argv);

  using ssivm::runtime::linux_abi::process;
  using ssivm::runtime::linux_abi::process_options;

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

  std::string error;
  std::unique_ptr<process> p;
  if (demo->parsed()) {
    p = process::create_from_image(kDemoImage, "demo", {"demo"}, opt, error);
  } else {
    // Remaining arguments after the program name come through as extra positionals.
    for (const std::string& extra : run->remaining()) prog.push_back(extra);
    for (char** e = environ; *e; ++e) opt.env.emplace_back(*e);
    p = process::create(prog[0], prog, opt, error);
  }
  if (!p) {
    std::fprintf(stderr, "ssivm: %s\n", error.c_str());
    return 127;
  }
  auto eng = make_engine(engine_name, p->guest_storage());
  int status = p->run(*eng);
  if (demo->parsed()) {
    const auto& s = p->stats();
    std::printf("demo: %s engine, %llu guest instructions in %.3f s = %.1f guest MIPS\n",
                engine_name.c_str(), (unsigned long long)s.instructions, s.seconds,
                s.seconds > 0 ? s.instructions / s.seconds / 1e6 : 0.0);
  } else if (stats) {
    print_stats(*p, stderr);
  }
  exit_like(*p, status);
}
