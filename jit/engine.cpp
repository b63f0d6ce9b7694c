// The JIT engine (first step: block at a time, synchronous compile). A block is formed exactly
// as the interpreter forms it (runtime::form_block) and becomes one LLVM function that calls
// the semantic entries of the embedded bitcode (cloned into the block's module, internal and
// always-inline), with each instruction's decoded fields as a constant so that LLVM folds them.
// Guest state is addressed in place through the asserted arch::cpu layout. Every way out goes
// through one exit block that sets the PSW exactly as the interpreter leaves it.
#include "jit/engine.hpp"

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Transforms/IPO/AlwaysInliner.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/DeadStoreElimination.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/GVN.h>
#include <llvm/Transforms/Scalar/JumpThreading.h>
#include <llvm/Transforms/Scalar/LICM.h>
#include <llvm/Transforms/Scalar/LoopUnrollPass.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "arch/execute.hpp"
#include "arch/insn_table.hpp"
#include "jit/perf_map.hpp"
#include "jit/promote.hpp"
#include "jit/sem_symbols.hpp"
#include "runtime/blocks.hpp"
#include "runtime/tiering.hpp"

namespace ssivm::jit {

namespace {
const uint8_t kBitcode[] = {
#include "jit/sem_bitcode.inc"
};
}  // namespace

std::span<const uint8_t> semantics_bitcode() { return {kBitcode, sizeof kBitcode}; }

std::vector<std::string> semantics_bitcode_functions() {
  std::vector<std::string> out;
  llvm::LLVMContext ctx;
  auto buf = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char*>(kBitcode), sizeof kBitcode), "semantics",
      false);
  auto m = llvm::parseBitcodeFile(buf->getMemBufferRef(), ctx);
  if (!m) {
    std::fprintf(stderr, "ssivm jit: %s\n", llvm::toString(m.takeError()).c_str());
    return out;
  }
  for (const llvm::Function& f : **m)
    if (!f.isDeclaration() && f.hasExternalLinkage()) out.push_back(f.getName().str());
  return out;
}

std::string semantic_function_name(uint16_t id) {
  if (id == 0) return "ssivm_sem_invalid_";
  return "ssivm_sem_" + std::string(arch::kInsnTable[id].name);
}

namespace {

using arch::cpu;
using runtime::slice_result;
using runtime::stop_reason;
namespace exit_bit = runtime::exit_bit;

// What a block function returns: (instructions completed << 8) | exit code (the contract of
// runtime/tiering.hpp, which the tiered engine's interpreter relies on).
using exit_code = runtime::compiled_exit;
constexpr exit_code kContinue = runtime::kExitContinue, kProgram = runtime::kExitProgram,
                    kSvc = runtime::kExitSvc, kExitRequest = runtime::kExitStop;
// A block function: runs from its first instruction with `budget` left before entering it;
// loops on a branch to its own start while the budget lasts. The PSW is set on return.
using block_fn = runtime::compiled_block;

[[noreturn]] void fail(llvm::Error e, const char* what) {
  std::fprintf(stderr, "ssivm jit: %s: %s\n", what, llvm::toString(std::move(e)).c_str());
  std::abort();
}
template <class T>
T need(llvm::Expected<T> v, const char* what) {
  if (!v) fail(v.takeError(), what);
  return std::move(*v);
}

// The code generation level asked for; if none, $SSIVM_JIT_CG (0..3), else `fallback`.
int codegen_level(const jit_options& opt, int fallback) {
  if (opt.codegen_level >= 0) return opt.codegen_level;
  const char* env = std::getenv("SSIVM_JIT_CG");
  return env ? std::atoi(env) : fallback;
}

struct compiled {
  block_fn fn = nullptr;
  llvm::orc::ResourceTrackerSP rt;
};

constexpr unsigned kL1Size = 4096;

// Translation of blocks: LLJIT, the semantics' bitcode and what is cloned from it. Used by one
// thread at a time (the vCPU's for --engine=jit, the compile thread's for the tiered engine).
class translator {
 public:
  translator(runtime::storage& st, jit_options opt) : st_(st) {
    static std::once_flag once;
    std::call_once(once, [] {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      llvm::InitializeNativeTargetAsmParser();  // the semantics use inline asm (BFP)
    });
    auto jtmb = need(llvm::orc::JITTargetMachineBuilder::detectHost(), "host detection");
    // --engine=jit compiles every block synchronously on first execution, so code generation
    // must be quick: FastISel (level 0) takes less than half the time of SelectionDAG (levels
    // 1-3) after the IR is optimised (int_hash-O2: 4.1 vs 9.4 ms per block). The tiered
    // engine's background compiles use level 2 (make_tier_compiler).
    const int level = codegen_level(opt, 0);
    jtmb.setCodeGenOptLevel(static_cast<llvm::CodeGenOptLevel>(level & 3));
    // No AVX-512: guest code gains nothing from it, and with it the X86 domain reassignment
    // pass took most of the compile time of regions (220 ms for 75 instructions).
    jtmb.addFeatures({"-avx512f"});
    tm_ = need(jtmb.createTargetMachine(), "target machine");
    jit_ = need(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(jtmb).create(), "LLJIT");
    add_perf_map_plugin(*jit_, stats_.code_bytes, opt.perf_map);
    tsc_ = llvm::orc::ThreadSafeContext(std::make_unique<llvm::LLVMContext>());
    auto buf = llvm::MemoryBuffer::getMemBuffer(
        llvm::StringRef(reinterpret_cast<const char*>(kBitcode), sizeof kBitcode), "semantics",
        false);
    sem_ = need(llvm::parseBitcodeFile(buf->getMemBufferRef(), *tsc_.getContext()), "bitcode");
    llvm::orc::SymbolMap syms;
    for (unsigned k = 0; k < kSemSymbolCount; ++k)
      syms[jit_->mangleAndIntern(kSemSymbols[k].name)] = {
          llvm::orc::ExecutorAddr::fromPtr(kSemSymbols[k].addr),
          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    if (auto e = jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(syms))))
      fail(std::move(e), "host symbols");
  }

  // Compiles a region (its first block is the entry) into a function under a resource tracker
  // of its own.
  compiled compile(const std::vector<runtime::region_block>& region);
  void remove(const llvm::orc::ResourceTrackerSP& rt) {
    if (rt)
      if (auto e = rt->remove()) fail(std::move(e), "removing code");
  }
  jit_stats& stats() { return stats_; }

 private:
  llvm::Function* build(llvm::Module& m, const std::vector<runtime::region_block>& region,
                        const std::string& name);
  void optimise(llvm::Module& m, const std::string& name);
  const std::vector<llvm::GlobalValue*>& closure(llvm::Function* f);
  std::unique_ptr<llvm::Module> clone_wanted(
      const std::unordered_set<const llvm::GlobalValue*>& wanted);

  runtime::storage& st_;
  std::unique_ptr<llvm::TargetMachine> tm_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  llvm::orc::ThreadSafeContext tsc_;
  std::unique_ptr<llvm::Module> sem_;
  std::unordered_map<llvm::Function*, std::vector<llvm::GlobalValue*>> closures_;
  uint64_t serial_ = 0;
  jit_stats stats_;
  const bool verify_ = std::getenv("SSIVM_JIT_VERIFY") != nullptr;
  const bool dump_ = std::getenv("SSIVM_JIT_DUMP") != nullptr;  // optimised IR to stderr
  const bool promote_ = std::getenv("SSIVM_JIT_NOPROMOTE") == nullptr;
};

class jit_engine final : public runtime::engine, public runtime::code_listener {
 public:
  jit_engine(runtime::storage& st, jit_options opt) : st_(st), tr_(st, opt) {
    std::memset(l1_, 0, sizeof l1_);
    st_.add_code_listener(this);
  }

  ~jit_engine() override {
    st_.remove_code_listener(this);
    flush();
    release_retired();
  }

  std::string_view name() const override { return "jit"; }

  slice_result run(cpu& c, int64_t budget) override {
    release_retired();
    c.engine = this;
    const int64_t start = budget;
    stop_reason why;
    for (;;) {
      block_fn fn = find(c, c.s.psw_addr);
      if (!fn) {
        why = stop_reason::program;
        break;
      }
      const uint64_t r = fn(&c, budget);
      budget -= static_cast<int64_t>(r >> 8);
      if (!retired_.empty()) release_retired();  // no JIT code is running now
      switch (static_cast<exit_code>(r & 0xff)) {
        case kContinue:
          if (budget > 0 && !c.exit_request) continue;
          why = budget <= 0 && !c.exit_request ? stop_reason::budget : stop_reason::exit_request;
          break;
        case kProgram: why = stop_reason::program; break;
        case kSvc: why = stop_reason::svc; break;
        default: why = stop_reason::exit_request; break;
      }
      if (why == stop_reason::exit_request && !(c.exit_request & exit_bit::kExternal)) {
        // Only our own "code changed" signal: the block in flight was cut short; go on.
        __atomic_fetch_and(&c.exit_request, static_cast<uint8_t>(~exit_bit::kCodeChanged),
                           __ATOMIC_RELAXED);
        if (budget > 0) continue;
        why = stop_reason::budget;
      }
      break;
    }
    __atomic_fetch_and(&c.exit_request, static_cast<uint8_t>(~exit_bit::kCodeChanged),
                       __ATOMIC_RELAXED);
    return {why, static_cast<uint64_t>(start - budget)};
  }

  void flush() override {
    for (auto& [ia, b] : blocks_) retired_.push_back(std::move(b.rt));
    blocks_.clear();
    pages_.clear();
    std::memset(l1_, 0, sizeof l1_);
  }

  void code_page_written(cpu* c, uint64_t page) override {
    std::vector<uint64_t> victims = pages_.take(page);
    if (victims.empty()) return;
    for (uint64_t ia : victims) {
      auto it = blocks_.find(ia);
      if (it == blocks_.end()) continue;
      // The code may be running (a store into its own block): freed after it returns.
      retired_.push_back(std::move(it->second.rt));
      blocks_.erase(it);
      ++tr_.stats().invalidations;
    }
    std::memset(l1_, 0, sizeof l1_);
    if (c) __atomic_fetch_or(&c->exit_request, exit_bit::kCodeChanged, __ATOMIC_RELAXED);
  }

  const jit_stats& stats() { return tr_.stats(); }

 private:
  struct l1_entry {
    uint64_t ia;
    block_fn fn;
  };

  block_fn find(cpu& c, uint64_t ia) {
    l1_entry& e = l1_[(ia >> 1) & (kL1Size - 1)];
    if (e.fn && e.ia == ia) [[likely]]
      return e.fn;
    auto it = blocks_.find(ia);
    block_fn fn = it != blocks_.end() ? it->second.fn : translate(c, ia);
    if (fn) e = {ia, fn};
    return fn;
  }

  void release_retired() {
    for (auto& rt : retired_) tr_.remove(rt);
    retired_.clear();
  }

  block_fn translate(cpu& c, uint64_t ia) {
    std::vector<runtime::region_block> region(1);
    region[0].ia = ia;
    const runtime::formed_block& fb = region[0].block;
    if (!runtime::form_block(c, ia, region[0].block)) return nullptr;
    region[0].successors.push_back(ia);  // a loop on itself stays in the code
    compiled out = tr_.compile(region);
    pages_.add(st_.registry(), ia, fb.end);
    block_fn fn = out.fn;
    blocks_[ia] = std::move(out);
    return fn;
  }

  runtime::storage& st_;
  translator tr_;
  std::unordered_map<uint64_t, compiled> blocks_;
  runtime::code_pages pages_;
  std::vector<llvm::orc::ResourceTrackerSP> retired_;
  l1_entry l1_[kL1Size];
};

// Everything a semantic entry needs from the bitcode module: itself and, transitively, every
// function and global it refers to.
const std::vector<llvm::GlobalValue*>& translator::closure(llvm::Function* f) {
  auto it = closures_.find(f);
  if (it != closures_.end()) return it->second;
  std::vector<llvm::GlobalValue*> out;
  std::unordered_set<const llvm::Value*> seen;
  std::vector<const llvm::Value*> work{f};
  while (!work.empty()) {
    const llvm::Value* v = work.back();
    work.pop_back();
    if (!seen.insert(v).second) continue;
    if (auto* gv = llvm::dyn_cast<llvm::GlobalValue>(v)) {
      out.push_back(const_cast<llvm::GlobalValue*>(gv));
      if (auto* fn = llvm::dyn_cast<llvm::Function>(gv)) {
        for (const llvm::BasicBlock& bb : *fn)
          for (const llvm::Instruction& in : bb)
            for (const llvm::Value* op : in.operands())
              if (llvm::isa<llvm::Constant>(op)) work.push_back(op);
      } else if (auto* var = llvm::dyn_cast<llvm::GlobalVariable>(gv)) {
        if (var->hasInitializer()) work.push_back(var->getInitializer());
      }
    } else if (auto* k = llvm::dyn_cast<llvm::Constant>(v)) {
      for (const llvm::Value* op : k->operands()) work.push_back(op);
    }
  }
  return closures_[f] = std::move(out);
}

// A module holding only `wanted` (a union of closures) from the bitcode: definitions made
// internal and always-inline, so nothing clashes between blocks and everything inlines.
std::unique_ptr<llvm::Module> translator::clone_wanted(
    const std::unordered_set<const llvm::GlobalValue*>& wanted) {
  auto m = std::make_unique<llvm::Module>("block", sem_->getContext());
  m->setDataLayout(sem_->getDataLayout());
  m->setTargetTriple(sem_->getTargetTriple());
  llvm::ValueToValueMapTy vmap;
  // Declarations first (in bitcode order, so the output does not depend on hashing).
  for (const llvm::GlobalVariable& g : sem_->globals()) {
    if (!wanted.count(&g)) continue;
    auto* ng =
        new llvm::GlobalVariable(*m, g.getValueType(), g.isConstant(), g.getLinkage(), nullptr,
                                 g.getName(), nullptr, g.getThreadLocalMode(), g.getAddressSpace());
    ng->copyAttributesFrom(&g);
    vmap[&g] = ng;
  }
  for (const llvm::Function& f : *sem_) {
    if (!wanted.count(&f)) continue;
    auto* nf = llvm::Function::Create(f.getFunctionType(), f.getLinkage(), f.getAddressSpace(),
                                      f.getName(), m.get());
    nf->copyAttributesFrom(&f);
    vmap[&f] = nf;
  }
  for (const llvm::GlobalVariable& g : sem_->globals()) {
    if (!wanted.count(&g) || !g.hasInitializer()) continue;
    auto* ng = llvm::cast<llvm::GlobalVariable>(vmap[&g]);
    ng->setInitializer(llvm::MapValue(g.getInitializer(), vmap));
    ng->setLinkage(llvm::GlobalValue::InternalLinkage);
    ng->setComdat(nullptr);
  }
  for (const llvm::Function& f : *sem_) {
    if (!wanted.count(&f) || f.isDeclaration()) continue;
    auto* nf = llvm::cast<llvm::Function>(vmap[&f]);
    llvm::Function::arg_iterator dst = nf->arg_begin();
    for (const llvm::Argument& a : f.args()) {
      dst->setName(a.getName());
      vmap[&a] = &*dst++;
    }
    llvm::SmallVector<llvm::ReturnInst*, 8> returns;
    llvm::CloneFunctionInto(nf, &f, vmap, llvm::CloneFunctionChangeType::DifferentModule, returns);
    nf->setLinkage(llvm::GlobalValue::InternalLinkage);
    nf->setComdat(nullptr);
    nf->removeFnAttr(llvm::Attribute::OptimizeNone);
    nf->removeFnAttr("target-cpu");
    nf->removeFnAttr("target-features");
    nf->removeFnAttr("tune-cpu");
    // Slow paths the semantics keep out of line (load_slow, store_slow) stay out of line.
    if (!nf->hasFnAttribute(llvm::Attribute::NoInline))
      nf->addFnAttr(llvm::Attribute::AlwaysInline);
  }
  return m;
}

compiled translator::compile(const std::vector<runtime::region_block>& region) {
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t ia = region.front().ia;

  // The region's module: a clone of the bitcode holding definitions only for what it uses.
  std::unordered_set<const llvm::GlobalValue*> wanted;
  auto want = [&](uint16_t id, bool ok) {
    const std::string n = ok ? semantic_function_name(id) : "ssivm_sem_bad_constraints_";
    llvm::Function* f = sem_->getFunction(n);
    if (!f) {
      std::fprintf(stderr, "ssivm jit: %s missing from the semantics bitcode\n", n.c_str());
      std::abort();
    }
    for (llvm::GlobalValue* gv : closure(f)) wanted.insert(gv);
  };
  uint64_t insns = 0;
  for (const runtime::region_block& rb : region)
    for (const runtime::block_insn& bi : rb.block.insns) {
      want(bi.i.id, arch::constraints_ok(bi.i));
      ++insns;
    }
  std::unique_ptr<llvm::Module> m = clone_wanted(wanted);
  const std::string name = block_symbol(ia, serial_++);
  build(*m, region, name);
  const auto t1 = std::chrono::steady_clock::now();
  if (verify_ && llvm::verifyModule(*m, &llvm::errs())) {
    std::fprintf(stderr, "ssivm jit: invalid module for block at %#llx\n",
                 static_cast<unsigned long long>(ia));
    std::abort();
  }
  if (!std::getenv("SSIVM_JIT_NOOPT")) optimise(*m, name);
  if (dump_) m->print(llvm::errs(), nullptr);
  const auto t2 = std::chrono::steady_clock::now();

  compiled out;
  out.rt = jit_->getMainJITDylib().createResourceTracker();
  if (auto e = jit_->addIRModule(out.rt, llvm::orc::ThreadSafeModule(std::move(m), tsc_)))
    fail(std::move(e), "adding a block");
  out.fn = need(jit_->lookup(name), "compiling a block").toPtr<block_fn>();
  const auto t3 = std::chrono::steady_clock::now();
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  stats_.compile_seconds += secs(t0, t3);
  stats_.translate_seconds += secs(t0, t1);
  stats_.optimise_seconds += secs(t1, t2);
  ++stats_.blocks_compiled;
  stats_.region_blocks += region.size();
  stats_.guest_insns_compiled += insns;
  return out;
}

// One function for a region: its blocks in order, the first being the entry. A block's exit
// (taken branch or fall-through) to the head of a region block jumps there directly while the
// budget lasts and nobody asks the vCPU to stop (the interpreter's chaining checks); any other
// target leaves through the shared exit with the PSW at the target.
llvm::Function* translator::build(llvm::Module& m, const std::vector<runtime::region_block>& region,
                                  const std::string& name) {
  llvm::LLVMContext& ctx = m.getContext();
  llvm::Type* i8 = llvm::Type::getInt8Ty(ctx);
  llvm::Type* i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type* ptr = llvm::PointerType::get(ctx, 0);
  auto* fty = llvm::FunctionType::get(i64, {ptr, i64}, false);
  auto* fn = llvm::Function::Create(fty, llvm::GlobalValue::ExternalLinkage, name, m);
  llvm::Argument* c = fn->getArg(0);
  llvm::Argument* budget = fn->getArg(1);
  c->addAttr(llvm::Attribute::NoAlias);
  c->addAttr(llvm::Attribute::NoUndef);
  c->addAttr(llvm::Attribute::getWithDereferenceableBytes(ctx, sizeof(cpu)));

  llvm::IRBuilder<> b(ctx);
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto* leave = llvm::BasicBlock::Create(ctx, "leave", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  auto field = [&](size_t off) { return b.CreateConstInBoundsGEP1_64(i8, c, off); };
  auto k64 = [&](uint64_t v) { return llvm::ConstantInt::get(i64, v); };
  auto k8 = [&](uint64_t v) { return llvm::ConstantInt::get(i8, v); };

  // Each region block's head, with `done`: instructions completed in this call before it.
  std::vector<llvm::BasicBlock*> heads;
  std::vector<llvm::PHINode*> dones;
  for (size_t j = 0; j < region.size(); ++j) {
    heads.push_back(llvm::BasicBlock::Create(ctx, "head", fn));
    b.SetInsertPoint(heads.back());
    dones.push_back(b.CreatePHI(i64, 2, "done"));
  }
  b.SetInsertPoint(entry);
  dones[0]->addIncoming(k64(0), entry);
  b.CreateBr(heads[0]);

  // The shared exit: PSW and result.
  b.SetInsertPoint(exit);
  llvm::PHINode* x_psw = b.CreatePHI(i64, 4, "psw");
  llvm::PHINode* x_res = b.CreatePHI(i64, 4, "res");
  b.CreateStore(x_psw, field(offsetof(cpu, s) + offsetof(arch::cpu_state, psw_addr)));
  b.CreateRet(x_res);
  auto result = [&](llvm::Value* completed, exit_code code) {
    return b.CreateOr(b.CreateShl(completed, 8), k64(code));
  };
  auto to_exit = [&](llvm::Value* psw, llvm::Value* res) {
    x_psw->addIncoming(psw, b.GetInsertBlock());
    x_res->addIncoming(res, b.GetInsertBlock());
    b.CreateBr(exit);
  };
  // Continue at `target` with `completed` instructions done: into a region block if it is one
  // of `likely` (the successors the interpreter saw) and the checks pass, else out.
  auto transfer = [&](llvm::Value* target, llvm::Value* completed,
                      const std::vector<uint64_t>& likely) {
    auto* go = llvm::BasicBlock::Create(ctx, "go", fn);
    auto* out = llvm::BasicBlock::Create(ctx, "out", fn);
    llvm::Value* left = b.CreateSub(budget, completed);
    llvm::Value* req = b.CreateLoad(i8, field(offsetof(cpu, exit_request)), /*isVolatile=*/true);
    b.CreateCondBr(b.CreateAnd(b.CreateICmpSGT(left, k64(0)), b.CreateICmpEQ(req, k8(0))), go, out);
    b.SetInsertPoint(go);
    auto* sw = b.CreateSwitch(target, out, 2);
    for (size_t j = 0; j < region.size(); ++j) {
      if (std::find(likely.begin(), likely.end(), region[j].ia) == likely.end()) continue;
      sw->addCase(llvm::cast<llvm::ConstantInt>(k64(region[j].ia)), heads[j]);
      dones[j]->addIncoming(completed, go);
    }
    b.SetInsertPoint(out);
    to_exit(target, result(completed, kContinue));
  };

  size_t leave_edges = 0;
  for (const runtime::region_block& rb : region) leave_edges += rb.block.insns.size();
  // leave: an instruction ended with program / svc / exit (as the interpreter's leave()).
  b.SetInsertPoint(leave);
  llvm::PHINode* l_st = b.CreatePHI(i8, leave_edges, "st");
  llvm::PHINode* l_k = b.CreatePHI(i64, leave_edges, "k");  // instructions completed before it
  llvm::PHINode* l_ia = b.CreatePHI(i64, leave_edges, "ia");
  llvm::PHINode* l_len = b.CreatePHI(i8, leave_edges, "len");
  // The address after an instruction, wrapped by the addressing mode in force.
  auto after = [&](llvm::Value* at, llvm::Value* len) {
    llvm::Value* amask =
        b.CreateLoad(i64, field(offsetof(cpu, s) + offsetof(arch::cpu_state, amask)));
    return b.CreateAnd(b.CreateAdd(at, b.CreateZExt(len, i64)), amask);
  };
  {
    llvm::Value* l_next = after(l_ia, l_len);
    auto st = [&](arch::exec_status s) { return k8(static_cast<uint8_t>(s)); };
    llvm::Value* is_pgm = b.CreateICmpEQ(l_st, st(arch::exec_status::program));
    llvm::Value* is_svc = b.CreateICmpEQ(l_st, st(arch::exec_status::svc));
    llvm::Value* ilc_p = field(offsetof(cpu, pgm_ilc));
    b.CreateStore(b.CreateSelect(b.CreateOr(is_pgm, is_svc), l_len, b.CreateLoad(i8, ilc_p)),
                  ilc_p);
    llvm::Value* ending = b.CreateLoad(i8, field(offsetof(cpu, pgm_ending)));
    llvm::Value* nullify = b.CreateAnd(
        is_pgm, b.CreateICmpEQ(ending, k8(static_cast<uint8_t>(arch::ending::nullify))));
    llvm::Value* complete_pgm = b.CreateAnd(
        is_pgm, b.CreateICmpEQ(ending, k8(static_cast<uint8_t>(arch::ending::complete))));
    llvm::Value* psw = b.CreateSelect(nullify, l_ia, l_next);
    // Completed: the interrupted instruction counts unless the program check ended it
    // nullified, suppressed or terminated.
    llvm::Value* counts = b.CreateOr(b.CreateNot(is_pgm), complete_pgm);
    llvm::Value* completed = b.CreateAdd(l_k, b.CreateZExt(counts, i64));
    llvm::Value* code =
        b.CreateSelect(is_pgm, k64(kProgram), b.CreateSelect(is_svc, k64(kSvc), k64(kExitRequest)));
    to_exit(psw, b.CreateOr(b.CreateShl(completed, 8), code));
  }

  for (size_t j = 0; j < region.size(); ++j) {
    const runtime::formed_block& fb = region[j].block;
    llvm::PHINode* done = dones[j];
    const uint64_t n = fb.insns.size();
    b.SetInsertPoint(heads[j]);
    for (uint64_t k = 0; k < n; ++k) {
      const runtime::block_insn& bi = fb.insns[k];
      const bool ok = arch::constraints_ok(bi.i);
      const uint32_t flags = arch::kInsnTable[bi.i.id].flags;
      llvm::Function* sem =
          m.getFunction(ok ? semantic_function_name(bi.i.id) : "ssivm_sem_bad_constraints_");
      // The decoded fields as a constant the inlined routine reads.
      auto* fields = new llvm::GlobalVariable(
          m, llvm::ArrayType::get(i8, sizeof(arch::insn)), true, llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantDataArray::get(
              ctx,
              llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(&bi.i), sizeof(arch::insn))),
          "insn");
      fields->setAlignment(llvm::Align(alignof(arch::insn)));
      llvm::Value* st = b.CreateCall(sem, {c, fields, k64(bi.ia)});
      llvm::Value* done_k = b.CreateAdd(done, k64(k));
      llvm::Value* done_k1 = b.CreateAdd(done, k64(k + 1));
      auto* cont = llvm::BasicBlock::Create(ctx, "cont", fn);
      auto add_leave = [&] {
        l_st->addIncoming(st, b.GetInsertBlock());
        l_k->addIncoming(done_k, b.GetInsertBlock());
        l_ia->addIncoming(k64(bi.ia), b.GetInsertBlock());
        l_len->addIncoming(k8(bi.i.len), b.GetInsertBlock());
      };
      if (ok && (flags & arch::iflag::kBranch)) {
        auto* taken = llvm::BasicBlock::Create(ctx, "taken", fn);
        auto* sw = b.CreateSwitch(st, leave, 2);
        sw->addCase(llvm::cast<llvm::ConstantInt>(k8(0)), cont);
        sw->addCase(llvm::cast<llvm::ConstantInt>(k8(1)), taken);
        add_leave();
        b.SetInsertPoint(taken);
        // A taken branch ends the block as the interpreter sees it (the rest of the block,
        // if any, is not run): the whole block was charged on entry.
        transfer(b.CreateLoad(i64, field(offsetof(cpu, next_ia))), b.CreateAdd(done, k64(n)),
                 region[j].successors);
      } else {
        b.CreateCondBr(b.CreateICmpEQ(st, k8(0)), cont, leave);
        add_leave();
      }
      b.SetInsertPoint(cont);
      if (flags & arch::iflag::kStores) {
        // A store into a code page (possibly this region's) asks the code to stop after it.
        auto* stop = llvm::BasicBlock::Create(ctx, "stop", fn);
        auto* go = llvm::BasicBlock::Create(ctx, "go", fn);
        llvm::Value* req = b.CreateLoad(i8, field(offsetof(cpu, exit_request)), true);
        b.CreateCondBr(b.CreateICmpNE(req, k8(0)), stop, go);
        b.SetInsertPoint(stop);
        to_exit(after(k64(bi.ia), k8(bi.i.len)), result(done_k1, kExitRequest));
        b.SetInsertPoint(go);
      }
    }
    transfer(k64(fb.next), b.CreateAdd(done, k64(n)), {fb.next});
  }
  return fn;
}

void translator::optimise(llvm::Module& m, const std::string& name) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm_.get());
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);

  // Phase 1: inline the semantics and fold their decoded fields, so that every guest
  // register is a fixed offset from the cpu pointer.
  {
    llvm::ModulePassManager mpm;
    mpm.addPass(llvm::AlwaysInlinerPass());
    mpm.addPass(llvm::GlobalDCEPass());
    llvm::FunctionPassManager fpm;
    fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
    fpm.addPass(llvm::EarlyCSEPass(true));
    fpm.addPass(llvm::InstCombinePass());
    // Register-range loops (STMG, LMG, …) have constant trip counts once the fields fold:
    // unrolled, each register they touch is a fixed offset too.
    fpm.addPass(llvm::createFunctionToLoopPassAdaptor(llvm::LoopFullUnrollPass(2)));
    fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
    fpm.addPass(llvm::InstCombinePass());
    mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
    mpm.run(m, mam);
  }
  // Phase 2: registers and CC into locals (written back at the shared exit and around
  // out-of-line calls); the storage funnel's fixed fields become constants.
  if (llvm::Function* fn = m.getFunction(name); fn && promote_) {
    using arch::cpu_state;
    static const std::vector<promotable_range> kRanges = {
        {offsetof(cpu, s) + offsetof(cpu_state, gr), sizeof(cpu_state::gr), 8},
        {offsetof(cpu, s) + offsetof(cpu_state, fpr), sizeof(cpu_state::fpr), 8},
        {offsetof(cpu, s) + offsetof(cpu_state, cc), 1, 1},
        {offsetof(cpu, s) + offsetof(cpu_state, psw_mask), 8, 8},
        {offsetof(cpu, s) + offsetof(cpu_state, amask), 8, 8, /*read_by_helpers=*/true},
        {offsetof(cpu, next_ia), 8, 8},
    };
    // The byte-string helpers and the storage slow paths read only the address mask (they
    // record faults in fields that are not promoted); EXECUTE and fetching need everything.
    static const state_free_calls kFree = {
        {"_ZN5ssivm4arch10load_bytesERNS0_3cpuEmPvm", "_ZN5ssivm4arch10probe_loadERNS0_3cpuEmm",
         "_ZN5ssivm4arch11probe_storeERNS0_3cpuEmm", "_ZN5ssivm4arch11store_bytesERNS0_3cpuEmPKvm",
         "_ZN5ssivm4arch6decodeEPKhRNS0_4insnE", "_ZN5ssivm4arch9load_slowI",
         "_ZN5ssivm4arch10store_slowI", "memchr", "memcmp", "sqrt"},
        {offsetof(cpu, mem) + offsetof(arch::guest_memory, slow_store),
         offsetof(cpu, mem) + offsetof(arch::guest_memory, slow_load)},
    };
    const size_t mem = offsetof(cpu, mem);
    const std::vector<constant_field> fixed = {
        {mem + offsetof(arch::guest_memory, base), reinterpret_cast<uint64_t>(st_.base())},
        {mem + offsetof(arch::guest_memory, size), st_.size()},
        {mem + offsetof(arch::guest_memory, page_flags),
         reinterpret_cast<uint64_t>(st_.registry().flags())},
    };
    promote_result r = promote_state(*fn, 0, kRanges, fixed, kFree);
    if (r.applied) ++stats_.promoted;
    fam.invalidate(*fn, llvm::PreservedAnalyses::none());
  }
  // Phase 3: the lean function pipeline.
  llvm::FunctionPassManager fpm;
  fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  fpm.addPass(llvm::EarlyCSEPass(true));
  fpm.addPass(llvm::InstCombinePass());
  fpm.addPass(llvm::SimplifyCFGPass());
  // Threads each semantic routine's status through to its single test, so that results needed
  // only on an interruption path (such as the CC there) are not computed on the normal path.
  fpm.addPass(llvm::JumpThreadingPass());
  fpm.addPass(llvm::createFunctionToLoopPassAdaptor(llvm::LICMPass(llvm::LICMOptions()), true));
  fpm.addPass(llvm::GVNPass());
  fpm.addPass(llvm::DSEPass());
  fpm.addPass(llvm::InstCombinePass());
  fpm.addPass(llvm::SimplifyCFGPass());
  llvm::ModulePassManager mpm;
  mpm.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(fpm)));
  mpm.run(m, mam);
}

// The tiered engine's compiler: one background thread per engine compiles the blocks the
// interpreter found hot, at the full code generation level, in request order.
//
// A dedicated thread rather than a TBB task: the Linux personality forks the host process,
// and a forked child has none of the parent's threads. pthread_atfork handlers make the
// compiler idle before a fork and give the child fresh locks and a thread on demand.
class tier_compiler final : public runtime::block_compiler {
 public:
  tier_compiler(runtime::storage& st, jit_options opt)
      : st_(st),
        opt_(opt),
        mu_(std::make_unique<std::mutex>()),
        cv_(std::make_unique<std::condition_variable>()) {
    std::lock_guard<std::mutex> g(registry_mu());
    static bool once = (pthread_atfork(&before_fork, &after_fork_parent, &after_fork_child), true);
    (void)once;
    registry().push_back(this);
  }
  ~tier_compiler() override {
    {
      std::lock_guard<std::mutex> g(registry_mu());
      std::erase(registry(), this);
    }
    {
      std::lock_guard<std::mutex> g(*mu_);
      stop_ = true;
    }
    cv_->notify_all();
    if (started_) pthread_join(thread_, nullptr);
    if (!tr_) return;
    for (auto& [id, rt] : live_) tr_->remove(rt);
    for (auto& rt : retired_) tr_->remove(rt);
    for (auto& rt : removable_) tr_->remove(rt);
  }

  void set_notify(notify_fn fn, void* ctx) override {
    notify_ = fn;
    notify_ctx_ = ctx;
  }
  void request(runtime::compile_request r) override {
    {
      std::lock_guard<std::mutex> g(*mu_);
      queue_.push_back(std::move(r));
      start_locked();
    }
    cv_->notify_one();
  }
  void take_ready(std::vector<runtime::compile_result>& out) override {
    std::lock_guard<std::mutex> g(*mu_);
    for (auto& r : ready_) out.push_back(r);
    ready_.clear();
  }
  void retire(uint64_t id) override {
    std::lock_guard<std::mutex> g(*mu_);
    auto it = live_.find(id);
    if (it == live_.end()) return;
    retired_.push_back(std::move(it->second));
    live_.erase(it);
  }
  void safe_point() override {
    bool wake = false;
    {
      std::lock_guard<std::mutex> g(*mu_);
      if (!retired_.empty()) {
        for (auto& rt : retired_) removable_.push_back(std::move(rt));
        retired_.clear();
        start_locked();
        wake = true;
      }
    }
    if (wake) cv_->notify_one();
  }

  void wait_idle() override {
    std::unique_lock<std::mutex> l(*mu_);
    idle_cv_.wait(l, [&] { return queue_.empty() && !busy_; });
  }

  jit_stats stats() {
    std::lock_guard<std::mutex> g(*mu_);
    return tr_ ? stats_ : jit_stats{};
  }

 private:
  void start_locked() {
    if (started_ || stop_) return;
    if (pthread_create(&thread_, nullptr, &tier_compiler::main, this) != 0) {
      std::fprintf(stderr, "ssivm jit: cannot start the compile thread\n");
      std::abort();
    }
    started_ = true;
  }
  static void* main(void* self) {
    static_cast<tier_compiler*>(self)->loop();
    return nullptr;
  }
  void loop() {
    std::unique_lock<std::mutex> l(*mu_);
    for (;;) {
      cv_->wait(l, [&] { return stop_ || !queue_.empty() || !removable_.empty(); });
      if (stop_) return;
      std::vector<llvm::orc::ResourceTrackerSP> rem = std::move(removable_);
      removable_.clear();
      std::optional<runtime::compile_request> r;
      if (!queue_.empty()) {
        // The most wanted first: the region entered most often since it was queued (LLVM
        // compiles far fewer regions than a busy program makes hot).
        auto best = queue_.begin();
        uint64_t most = 0;
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
          const uint64_t d = it->demand ? it->demand->load(std::memory_order_relaxed) : 0;
          if (d > most) most = d, best = it;
        }
        r = std::move(*best);
        queue_.erase(best);
      }
      busy_ = true;
      l.unlock();
      // LLVM is set up here, on first use, so a guest that never gets hot never pays for it.
      if (!tr_) tr_ = std::make_unique<translator>(st_, opt_);
      for (auto& rt : rem) tr_->remove(rt);
      compiled c;
      if (r) c = tr_->compile(r->region);
      l.lock();
      stats_ = tr_->stats();
      busy_ = false;
      if (r) {
        live_[r->id] = std::move(c.rt);
        ready_.push_back({r->id, r->ia, c.fn});
      }
      idle_cv_.notify_all();
      if (!r) continue;
      l.unlock();
      if (notify_) notify_(notify_ctx_);
      l.lock();
    }
  }

  static std::mutex& registry_mu() {
    static std::mutex m;
    return m;
  }
  static std::vector<tier_compiler*>& registry() {
    static std::vector<tier_compiler*> r;
    return r;
  }
  // Before a fork: every compiler idle and locked, so the child sees consistent state.
  static void before_fork() {
    registry_mu().lock();
    for (tier_compiler* t : registry()) {
      std::unique_lock<std::mutex> l(*t->mu_);
      t->idle_cv_.wait(l, [&] { return !t->busy_; });
      l.release();
    }
  }
  static void after_fork_parent() {
    for (tier_compiler* t : registry()) t->mu_->unlock();
    registry_mu().unlock();
  }
  // The child has no compile thread: fresh locks (the old ones may count waiters that do not
  // exist here), and a new thread when there is work.
  static void after_fork_child() {
    for (tier_compiler* t : registry()) {
      (void)t->mu_.release();
      (void)t->cv_.release();
      t->mu_ = std::make_unique<std::mutex>();
      t->cv_ = std::make_unique<std::condition_variable>();
      t->started_ = false;
      if (!t->queue_.empty() || !t->removable_.empty()) t->start_locked();
      if (!t->ready_.empty() && t->notify_) t->notify_(t->notify_ctx_);
    }
    new (&registry_mu()) std::mutex();
  }

  runtime::storage& st_;
  jit_options opt_;
  std::unique_ptr<translator> tr_;  // made by the compile thread
  jit_stats stats_;                 // a copy, under mu_
  std::unique_ptr<std::mutex> mu_;
  std::unique_ptr<std::condition_variable> cv_;
  std::condition_variable_any idle_cv_;
  pthread_t thread_{};
  bool started_ = false;
  bool stop_ = false;
  bool busy_ = false;
  std::deque<runtime::compile_request> queue_;
  std::vector<runtime::compile_result> ready_;
  std::unordered_map<uint64_t, llvm::orc::ResourceTrackerSP> live_;
  std::vector<llvm::orc::ResourceTrackerSP> retired_;    // dropped; code may still be running
  std::vector<llvm::orc::ResourceTrackerSP> removable_;  // dropped before a safe point
  runtime::block_compiler::notify_fn notify_ = nullptr;
  void* notify_ctx_ = nullptr;
};

}  // namespace

std::unique_ptr<runtime::block_compiler> make_tier_compiler(runtime::storage& st, jit_options opt) {
  opt.codegen_level = codegen_level(opt, 2);
  return std::make_unique<tier_compiler>(st, opt);
}

jit_stats tier_compiler_stats(runtime::block_compiler& c) {
  auto* t = dynamic_cast<tier_compiler*>(&c);
  return t ? t->stats() : jit_stats{};
}

std::unique_ptr<runtime::engine> make_jit(runtime::storage& st, jit_options opt) {
  return std::make_unique<jit_engine>(st, opt);
}

const jit_stats* stats_of(const runtime::engine& e) {
  auto* j = dynamic_cast<const jit_engine*>(&e);
  return j ? &const_cast<jit_engine*>(j)->stats() : nullptr;
}

}  // namespace ssivm::jit
