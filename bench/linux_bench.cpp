// Linux personality costs, ssivm vs qemu-s390x in the same run: the system-call round trip
// (bench/guest/syscall_loop.s: getpid, or a 1-byte write to /dev/null, in a loop) and program
// start-up (a two-instruction static program, a glibc static one, busybox `true`).
// ssivm runs in-process (the `ssivm run` path) and, for start-up, also as a child process,
// which is how qemu-s390x always runs; children are spawned directly, without a shell.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"

#if !defined(SSIVM_BENCH_GUEST_DIR) || !defined(SSIVM_BENCH_SSIVM) || !defined(SSIVM_BENCH_GUESTS)
#error "SSIVM_BENCH_GUEST_DIR, SSIVM_BENCH_SSIVM and SSIVM_BENCH_GUESTS must be defined"
#endif

extern char** environ;

namespace {

using clock_type = std::chrono::steady_clock;
namespace linux_abi = ssivm::runtime::linux_abi;

std::string guest(const char* elf) { return std::string(SSIVM_BENCH_GUEST_DIR) + "/" + elf; }
const std::string kBusybox = std::string(SSIVM_BENCH_GUESTS) + "/sysroot/bin/busybox";

bool exists(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// Runs the program in this process as `ssivm run` does; returns the exit status, or -1.
int run_in_process(const std::vector<std::string>& argv, uint64_t* syscalls = nullptr) {
  std::string error;
  auto p = linux_abi::process::create(argv[0], argv, linux_abi::process_options{}, error);
  if (!p) {
    std::fprintf(stderr, "ssivm: %s\n", error.c_str());
    return -1;
  }
  auto eng = ssivm::runtime::make_interpreter(p->guest_storage());
  int status = p->run(*eng);
  if (syscalls) *syscalls = p->stats().syscalls;
  return status;
}

double cpu_seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Spawns argv (stdout and stdin on /dev/null) and waits; returns the exit status, or -1, and
// the child's CPU time in `cpu`.
int spawn(const std::vector<std::string>& argv, double& cpu) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int ws;
  rusage u{};
  if (::wait4(pid, &ws, 0, &u) < 0 || !WIFEXITED(ws)) return -1;
  cpu = cpu_seconds(u);
  return WEXITSTATUS(ws);
}

// The guest's output goes to /dev/null while in-process runs are timed, as it does for the
// spawned runs (Google Benchmark prints its report after the runs).
class quiet_stdout {
 public:
  quiet_stdout() : saved_(::dup(1)) {
    std::fflush(stdout);
    int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ::dup2(null, 1);
    ::close(null);
  }
  ~quiet_stdout() {
    ::dup2(saved_, 1);
    ::close(saved_);
  }

 private:
  int saved_;
};

enum class runner { ssivm_in_process, ssivm_cli, qemu };

const char* runner_name(runner r) {
  switch (r) {
    case runner::ssivm_in_process: return "ssivm_interp";
    case runner::ssivm_cli: return "ssivm_cli";
    case runner::qemu: return "qemu_s390x";
  }
  return "?";
}

// One whole run: exit status, wall seconds, CPU seconds (this process's for an in-process
// run, the child's otherwise: on a shared host the CPU time is the steadier figure).
struct run_result {
  int status = -1;
  double wall = 0, cpu = 0;
};

run_result run_with(runner r, std::vector<std::string> argv) {
  run_result out;
  auto t0 = clock_type::now();
  if (r == runner::ssivm_in_process) {
    rusage u0{}, u1{};
    ::getrusage(RUSAGE_SELF, &u0);
    out.status = run_in_process(argv);
    ::getrusage(RUSAGE_SELF, &u1);
    out.cpu = cpu_seconds(u1) - cpu_seconds(u0);
  } else {
    argv.insert(argv.begin(), r == runner::qemu ? "qemu-s390x" : std::string(SSIVM_BENCH_SSIVM));
    if (r == runner::ssivm_cli) argv.insert(argv.begin() + 1, "run");
    out.status = spawn(argv, out.cpu);
  }
  out.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
  return out;
}

// System-call round trip: a run making `calls` calls minus a run making one, per call.
void BM_Syscall(benchmark::State& state, runner r, const char* kind) {
  const int64_t calls = state.range(0);
  const std::string elf = guest("syscall_loop.elf");
  quiet_stdout quiet;
  run_result base = run_with(r, {elf, "1", kind});
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    run_result t = run_with(r, {elf, std::to_string(calls), kind});
    if (t.status != 0 || base.status != 0) {
      state.SkipWithError("the guest program failed");
      return;
    }
    double net = std::max(t.wall - base.wall, 1e-9);
    state.SetIterationTime(net);
    wall += net;
    cpu += t.cpu - base.cpu;
  }
  const double total_calls = static_cast<double>(state.iterations() * calls);
  state.SetItemsProcessed(state.iterations() * calls);  // items_per_second = calls/s
  state.counters["ns_per_call"] = 1e9 * wall / total_calls;
  state.counters["cpu_ns_per_call"] = 1e9 * cpu / total_calls;
}

struct startup_program {
  const char* name;
  std::vector<std::string> argv;
};

// Start-up: load, run to exit and tear down, the whole program per iteration.
void BM_Startup(benchmark::State& state, runner r, const startup_program* p) {
  if (!exists(p->argv[0])) {
    state.SkipWithError(("missing " + p->argv[0] + " (scripts/fetch-guests.sh)").c_str());
    return;
  }
  quiet_stdout quiet;
  double cpu = 0;
  for (auto _ : state) {
    run_result t = run_with(r, p->argv);
    if (t.status != 0) {
      state.SkipWithError("the guest program failed");
      return;
    }
    cpu += t.cpu;
  }
  state.SetItemsProcessed(state.iterations());  // items_per_second = programs started/s
  state.counters["cpu_us_per_start"] = 1e6 * cpu / static_cast<double>(state.iterations());
}

const startup_program kStartups[] = {
    {"exit0", {guest("exit0.elf")}},
    {"glibc_static", {guest("kernels.elf"), "none", "1"}},
    {"busybox_true", {kBusybox, "true"}},
};

const bool kRegistered = [] {
  for (const char* kind : {"getpid", "write"})
    for (runner r : {runner::ssivm_in_process, runner::qemu})
      benchmark::RegisterBenchmark(
          (std::string("BM_Syscall/") + kind + "/" + runner_name(r)).c_str(),
          [r, kind](benchmark::State& s) { BM_Syscall(s, r, kind); })
          ->ArgName("calls")
          ->Arg(1000000)
          ->UseManualTime()
          ->Iterations(3)
          ->Unit(benchmark::kMillisecond);
  for (const startup_program& p : kStartups)
    for (runner r : {runner::ssivm_in_process, runner::ssivm_cli, runner::qemu})
      benchmark::RegisterBenchmark(
          (std::string("BM_Startup/") + p.name + "/" + runner_name(r)).c_str(),
          [r, &p](benchmark::State& s) { BM_Startup(s, r, &p); })
          ->MinTime(0.5)
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
