// Engine speed: decode rate, guest MIPS on small loops placed straight in storage (interpreter
// and JIT in the same run), and the JIT's compile latency per block.
#include <benchmark/benchmark.h>

#include <vector>

#include "arch/decoder.hpp"
#include "arch/insn_table.hpp"
#include "jit/engine.hpp"
#include "runtime/engine.hpp"
#include "runtime/storage.hpp"

using namespace ssivm;

namespace {

struct asm_buf {
  std::vector<uint8_t> bytes;
  void emit(arch::insn_id id, auto&& fill) {
    arch::insn i{};
    i.id = static_cast<uint16_t>(id);
    fill(i);
    uint8_t b[6];
    unsigned n = arch::encode(i, b);
    bytes.insert(bytes.end(), b, b + n);
  }
  size_t here() const { return bytes.size(); }
};

constexpr uint64_t kCodeAt = 0x10000;

// Runs `code` (at kCodeAt) with the given registers until `budget` instructions ran.
struct guest {
  std::unique_ptr<runtime::storage> st = runtime::storage::create(16 << 20);
  arch::cpu c{};
  std::unique_ptr<runtime::engine> eng;
  // cg: -1 runs the interpreter, 0-3 the JIT at that code generation level.
  explicit guest(const std::vector<uint8_t>& code, int cg = -1) {
    st->write(kCodeAt, code.data(), code.size());
    st->bind(c);
    c.s.amode = 64;
    c.s.amask = ~0ull;
    c.s.psw_addr = kCodeAt;
    eng =
        cg >= 0 ? ssivm::jit::make_jit(*st, {.codegen_level = cg}) : runtime::make_interpreter(*st);
  }
};

// The dependent ALU loop: agr; aghi; xgr; brct (4 instructions per iteration).
std::vector<uint8_t> alu_loop() {
  asm_buf a;
  size_t top = a.here();
  a.emit(arch::insn_id::AGR, [](auto& i) {
    i.r1 = 2;
    i.r2 = 3;
  });
  a.emit(arch::insn_id::AGHI, [](auto& i) {
    i.r1 = 3;
    i.i2 = 1;
  });
  a.emit(arch::insn_id::XGR, [](auto& i) {
    i.r1 = 4;
    i.r2 = 2;
  });
  int32_t back = -static_cast<int32_t>((a.here() - top) / 2);
  a.emit(arch::insn_id::BRCT, [&](auto& i) {
    i.r1 = 1;
    i.ri = back;
  });
  return a.bytes;
}

// Loads and stores: lg; agr; stg; brct over one doubleword.
std::vector<uint8_t> mem_loop() {
  asm_buf a;
  size_t top = a.here();
  a.emit(arch::insn_id::LG, [](auto& i) {
    i.r1 = 2;
    i.b2 = 5;
    i.d2 = 0;
  });
  a.emit(arch::insn_id::AGR, [](auto& i) {
    i.r1 = 2;
    i.r2 = 3;
  });
  a.emit(arch::insn_id::STG, [](auto& i) {
    i.r1 = 2;
    i.b2 = 5;
    i.d2 = 8;
  });
  int32_t back = -static_cast<int32_t>((a.here() - top) / 2);
  a.emit(arch::insn_id::BRCT, [&](auto& i) {
    i.r1 = 1;
    i.ri = back;
  });
  return a.bytes;
}

// Branches: a taken BRC to the next instruction inside the loop, and a not-taken one.
std::vector<uint8_t> branch_loop() {
  asm_buf a;
  size_t top = a.here();
  a.emit(arch::insn_id::CGR, [](auto& i) {
    i.r1 = 2;
    i.r2 = 3;
  });  // cc 0 (equal)
  a.emit(arch::insn_id::BRC, [](auto& i) {
    i.r1 = 8;
    i.ri = 2;
  });  // taken: je .+4
  a.emit(arch::insn_id::BRC, [](auto& i) {
    i.r1 = 6;
    i.ri = 2;
  });  // not taken
  int32_t back = -static_cast<int32_t>((a.here() - top) / 2);
  a.emit(arch::insn_id::BRCT, [&](auto& i) {
    i.r1 = 1;
    i.ri = back;
  });
  return a.bytes;
}

// Calls: brasl to a leaf that adds and returns with br %r14 (bcr 15,%r14).
std::vector<uint8_t> call_loop() {
  asm_buf a;
  size_t top = a.here();
  a.emit(arch::insn_id::BRASL, [](auto& i) {
    i.r1 = 14;
    i.ri = 5;
  });  // to the leaf below
  a.emit(arch::insn_id::BRCT, [&](auto& i) {
    i.r1 = 1;
    i.ri = -3;
  });
  // Leaf at top + 10: agr %r2,%r3; br %r14
  a.emit(arch::insn_id::AGR, [](auto& i) {
    i.r1 = 2;
    i.r2 = 3;
  });
  a.emit(arch::insn_id::BCR, [](auto& i) {
    i.r1 = 15;
    i.r2 = 14;
  });
  (void)top;
  return a.bytes;
}

// Pure dispatch: a long straight-line block of register moves closed by BRCT.
std::vector<uint8_t> dispatch_block() {
  asm_buf a;
  for (int k = 0; k < 100; ++k)
    a.emit(arch::insn_id::LGR, [&](auto& i) {
      i.r1 = 2 + k % 8;
      i.r2 = 3 + k % 7;
    });
  int32_t back = -static_cast<int32_t>(a.here() / 2);
  a.emit(arch::insn_id::BRCT, [&](auto& i) {
    i.r1 = 1;
    i.ri = back;
  });
  return a.bytes;
}

void run_loop(benchmark::State& state, const std::vector<uint8_t>& code, int cg = -1) {
  guest g(code, cg);
  g.c.s.gr[5] = 0x80000;
  const int64_t budget = state.range(0);
  uint64_t total = 0;
  for (auto _ : state) {
    g.c.s.gr[1] = 0x7fffffff;  // the loop never ends on its own; the budget ends the slice
    g.c.s.psw_addr = kCodeAt;
    auto r = g.eng->run(g.c, budget);
    total += r.executed;
  }
  state.counters["guest_ips"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<int64_t>(total));
}

void BM_InterpAluLoop(benchmark::State& state) { run_loop(state, alu_loop()); }
BENCHMARK(BM_InterpAluLoop)->ArgName("budget")->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_InterpMemLoop(benchmark::State& state) { run_loop(state, mem_loop()); }
BENCHMARK(BM_InterpMemLoop)->ArgName("budget")->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_InterpBranchLoop(benchmark::State& state) { run_loop(state, branch_loop()); }
BENCHMARK(BM_InterpBranchLoop)->ArgName("budget")->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_InterpCallLoop(benchmark::State& state) { run_loop(state, call_loop()); }
BENCHMARK(BM_InterpCallLoop)->ArgName("budget")->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_InterpDispatch(benchmark::State& state) { run_loop(state, dispatch_block()); }
BENCHMARK(BM_InterpDispatch)->ArgName("budget")->Arg(10'000'000)->Unit(benchmark::kMillisecond);

void BM_JitAluLoop(benchmark::State& state) { run_loop(state, alu_loop(), int(state.range(1))); }
BENCHMARK(BM_JitAluLoop)
    ->ArgNames({"budget", "cg"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond);

void BM_JitMemLoop(benchmark::State& state) { run_loop(state, mem_loop(), int(state.range(1))); }
BENCHMARK(BM_JitMemLoop)
    ->ArgNames({"budget", "cg"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond);

void BM_JitBranchLoop(benchmark::State& state) {
  run_loop(state, branch_loop(), int(state.range(1)));
}
BENCHMARK(BM_JitBranchLoop)
    ->ArgNames({"budget", "cg"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond);

void BM_JitCallLoop(benchmark::State& state) { run_loop(state, call_loop(), int(state.range(1))); }
BENCHMARK(BM_JitCallLoop)
    ->ArgNames({"budget", "cg"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond);

void BM_JitDispatch(benchmark::State& state) {
  run_loop(state, dispatch_block(), int(state.range(1)));
}
BENCHMARK(BM_JitDispatch)
    ->ArgNames({"budget", "cg"})
    ->Args({10'000'000, 0})
    ->Args({10'000'000, 2})
    ->Unit(benchmark::kMillisecond);

// Compile latency: the block is dropped and compiled again on every iteration (translation,
// IR optimisation, code generation and linking; the bitcode is parsed once per engine).
void jit_compile(benchmark::State& state, const std::vector<uint8_t>& code) {
  guest g(code, int(state.range(0)));
  const ssivm::jit::jit_stats* js = ssivm::jit::stats_of(*g.eng);
  double before = js->compile_seconds;
  uint64_t blocks = js->blocks_compiled;
  for (auto _ : state) {
    g.eng->flush();
    g.c.s.gr[1] = 2;
    g.c.s.psw_addr = kCodeAt;
    g.eng->run(g.c, 1);
  }
  uint64_t n = js->blocks_compiled - blocks;
  state.counters["ms_per_block"] = n ? (js->compile_seconds - before) * 1e3 / n : 0;
  state.counters["guest_insns_per_block"] =
      n ? double(js->guest_insns_compiled) / js->blocks_compiled : 0;
}

void BM_JitCompileAluLoop(benchmark::State& state) { jit_compile(state, alu_loop()); }
BENCHMARK(BM_JitCompileAluLoop)->ArgName("cg")->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_JitCompileMemLoop(benchmark::State& state) { jit_compile(state, mem_loop()); }
BENCHMARK(BM_JitCompileMemLoop)->ArgName("cg")->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_JitCompile101(benchmark::State& state) { jit_compile(state, dispatch_block()); }
BENCHMARK(BM_JitCompile101)->ArgName("cg")->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_Decode(benchmark::State& state) {
  std::vector<uint8_t> code = alu_loop();
  std::vector<uint8_t> more = mem_loop();
  code.insert(code.end(), more.begin(), more.end());
  uint64_t n = 0;
  for (auto _ : state) {
    size_t off = 0;
    while (off < code.size()) {
      arch::insn i;
      arch::decode(&code[off], i);
      benchmark::DoNotOptimize(i);
      off += i.len;
      ++n;
    }
  }
  state.counters["insns_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Decode);

}  // namespace

BENCHMARK_MAIN();
