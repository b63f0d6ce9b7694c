// ssivm vs qemu-s390x on the same guest program, measured in the same run: the dependent ALU
// loop ELF (bench/guest/alu_loop.s) run as a whole program by `ssivm run` (in-process) and by
// qemu-s390x (a child process). Start-up is cancelled by subtracting a 1-iteration run.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"

#ifndef SSIVM_ALU_LOOP_ELF
#error "SSIVM_ALU_LOOP_ELF must name the benchmark guest"
#endif

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int64_t kIterations = 50'000'000;  // 200M guest instructions

double run_ssivm(int64_t iterations) {
  using namespace ssivm::runtime;
  std::string error;
  linux_abi::process_options opt;
  auto t0 = clock_type::now();
  auto p = linux_abi::process::create(SSIVM_ALU_LOOP_ELF, {"alu_loop", std::to_string(iterations)},
                                      opt, error);
  if (!p) std::abort();
  auto eng = make_interpreter(p->guest_storage());
  if (p->run(*eng) != 0) std::abort();
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double run_qemu(int64_t iterations) {
  std::string cmd = std::string("qemu-s390x ") + SSIVM_ALU_LOOP_ELF + " " + std::to_string(iterations);
  auto t0 = clock_type::now();
  if (std::system(cmd.c_str()) != 0) std::abort();
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

template <double (*Run)(int64_t)>
void BM_AluLoopProgram(benchmark::State& state) {
  double base = Run(1);
  uint64_t insns = 0;
  for (auto _ : state) {
    double t = Run(kIterations) - base;
    state.SetIterationTime(t > 0 ? t : 1e-9);
    insns += 4 * kIterations;
  }
  state.counters["guest_ips"] = benchmark::Counter(static_cast<double>(insns), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_AluLoopProgram<run_ssivm>)->Name("BM_AluLoopProgram/ssivm_interp")->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AluLoopProgram<run_qemu>)->Name("BM_AluLoopProgram/qemu_s390x")->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
