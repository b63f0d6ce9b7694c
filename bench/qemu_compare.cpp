// ssivm vs qemu-s390x on the same guest programs, measured in the same run: the dependent ALU
// loop (bench/guest/alu_loop.s) and compiled C kernels (bench/guest/kernels.c), each run as a
// whole program by ssivm (in-process, `ssivm run` path) and by qemu-s390x (a child process).
// Start-up is cancelled by subtracting a minimal run of the same program.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "jit/engine.hpp"
#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"

#ifndef SSIVM_BENCH_GUEST_DIR
#error "SSIVM_BENCH_GUEST_DIR must name the folder of the benchmark guests"
#endif

namespace {

using clock_type = std::chrono::steady_clock;

struct program {
  const char* name;
  const char* elf;
  std::vector<std::string> args;       // the measured run
  std::vector<std::string> base_args;  // the start-up run subtracted from it
};

const program kPrograms[] = {
    {"alu_loop", "alu_loop.elf", {"50000000"}, {"1"}},
    {"sieve", "kernels.elf", {"sieve", "20"}, {"none", "1"}},
    {"crc32", "kernels.elf", {"crc32", "10"}, {"none", "1"}},
    {"matmul", "kernels.elf", {"matmul", "5"}, {"none", "1"}},
    {"sort", "kernels.elf", {"sort", "5"}, {"none", "1"}},
};

std::string path_of(const program& p) { return std::string(SSIVM_BENCH_GUEST_DIR) + "/" + p.elf; }

// Returns seconds; `insns` gets the guest instruction count.
enum class runner { interp, jit, tiered, qemu };

double run_ssivm(const program& p, const std::vector<std::string>& args, uint64_t& insns,
                 runner r) {
  using namespace ssivm::runtime;
  std::string error;
  linux_abi::process_options opt;
  std::vector<std::string> argv = {p.name};
  argv.insert(argv.end(), args.begin(), args.end());
  auto t0 = clock_type::now();
  auto proc = linux_abi::process::create(path_of(p), argv, opt, error);
  if (!proc) {
    std::fprintf(stderr, "ssivm: %s\n", error.c_str());
    std::abort();
  }
  // The JIT at full code generation: these programs are loop kernels (steady state).
  // The tiered engine as `ssivm run` makes it (default threshold, background compiles).
  storage& st = proc->guest_storage();
  auto eng = r == runner::jit      ? ssivm::jit::make_jit(st, {.codegen_level = 2})
             : r == runner::tiered ? make_tiered(st, ssivm::jit::make_tier_compiler(st))
                                   : make_interpreter(st);
  int status = proc->run(*eng);
  double t = std::chrono::duration<double>(clock_type::now() - t0).count();
  insns = proc->stats().instructions;
  return status == 0 ? t : -1;
}

double run_qemu(const program& p, const std::vector<std::string>& args, uint64_t& insns) {
  std::string cmd = "qemu-s390x " + path_of(p);
  for (const auto& a : args) cmd += " " + a;
  cmd += " >/dev/null";
  insns = 0;
  auto t0 = clock_type::now();
  int status = std::system(cmd.c_str());
  double t = std::chrono::duration<double>(clock_type::now() - t0).count();
  return status == 0 ? t : -1;
}

double run_with(runner r, const program& p, const std::vector<std::string>& args, uint64_t& insns) {
  return r == runner::qemu ? run_qemu(p, args, insns) : run_ssivm(p, args, insns, r);
}

template <runner kRunner>
void BM_Program(benchmark::State& state, const program* p) {
  constexpr bool kQemu = kRunner == runner::qemu;
  uint64_t base_insns = 0, insns = 0, total_insns = 0;
  double base = run_with(kRunner, *p, p->base_args, base_insns);
  for (auto _ : state) {
    double t = run_with(kRunner, *p, p->args, insns);
    if (t < 0 || base < 0) {
      state.SkipWithError("the guest program failed");
      return;
    }
    state.SetIterationTime(t - base > 0 ? t - base : 1e-9);
    total_insns += insns - base_insns;
  }
  if (!kQemu)
    state.counters["guest_ips"] =
        benchmark::Counter(static_cast<double>(total_insns), benchmark::Counter::kIsRate);
}

const bool kRegistered = [] {
  for (const program& p : kPrograms) {
    benchmark::RegisterBenchmark((std::string("BM_Program/") + p.name + "/ssivm_interp").c_str(),
                                 BM_Program<runner::interp>, &p)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("BM_Program/") + p.name + "/ssivm_jit").c_str(),
                                 BM_Program<runner::jit>, &p)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("BM_Program/") + p.name + "/ssivm_tiered").c_str(),
                                 BM_Program<runner::tiered>, &p)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark((std::string("BM_Program/") + p.name + "/qemu_s390x").c_str(),
                                 BM_Program<runner::qemu>, &p)
        ->UseManualTime()
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
