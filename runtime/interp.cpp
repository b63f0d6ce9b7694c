// The interpreter engine: guest code is decoded once into pre-decoded blocks (cached by guest
// address), and each block runs as threaded code: every handler runs its semantic routine and
// tail-calls the next handler. Taken branches chain to the target block through a per-op link
// cache, then a direct-mapped L1, then the block map. Stores into a page that holds decoded
// code drop the blocks on that page (self-modifying code, EXECUTE targets included).
// With a block_compiler behind it (the tiered engine), hot blocks are compiled in the
// background and their first op switched to the compiled code.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "arch/decoder.hpp"
#include "arch/execute.hpp"
#include "arch/insn_table.hpp"
#include "arch/semantics.hpp"
#include "runtime/blocks.hpp"
#include "runtime/engine.hpp"
#include "runtime/storage.hpp"
#include "runtime/tiering.hpp"

#define SSIVM_PRESERVE_NONE __attribute__((preserve_none))
#define SSIVM_MUSTTAIL [[clang::musttail]]

namespace ssivm::runtime {
namespace {

using arch::cpu;
using arch::exec_status;
namespace iflag = arch::iflag;

struct op;
struct block;
using handler = SSIVM_PRESERVE_NONE uint64_t (*)(cpu* c, op* o, int64_t budget);

struct op {
  handler fn;
  uint32_t remaining;  // instructions from this one to the end of its block, inclusive
  uint32_t heat;       // first op, tiered: entries left before the block is queued for compiling
  uint64_t ia;         // guest address of the instruction (end op: the fall-through address)
  op* link;            // first op of the cached successor block (taken branch / fall-through)
  std::atomic<uint64_t>* demand;  // first op, tiered, while queued: see compile_request
  uint64_t link_ia;  // its guest address; kNoLink when unset (links are reset on invalidation)
  union {
    handler plain;  // first op, tiered: its own handler while the counting one stands in
    // First op of a compiled block: its code (the block chains through its end op). Not in a
    // union with `link`: the op's own handler may still run once after installation (the
    // synchronous mode installs from inside it) and set its link.
    compiled_block jit;
  };
  arch::insn i;
};
constexpr uint64_t kNoLink = 1;  // odd: never an instruction address

struct block {
  uint64_t serial = 0;    // distinguishes blocks decoded at the same address over time
  bool compiled = false;  // ops[0] runs compiled code
  bool hot = false;       // queued for compilation as the entry of a region
  bool covered = false;   // part of a region queued for compilation (counts on, more slowly)
  std::shared_ptr<std::atomic<uint64_t>>
      demand;  // while queued: entries since (see compile_request)
  // Installed regions this block is part of, other than as their entry: (entry ia, serial).
  std::vector<std::pair<uint64_t, uint64_t>> in_regions;
  uint64_t ia = 0;
  uint64_t end = 0;     // first byte after the block
  uint32_t n = 0;       // instructions
  std::vector<op> ops;  // n instruction ops and one end op
};

constexpr unsigned kL1Size = 4096;
// Region size limits (tiered): compile time grows with the instructions.
constexpr size_t kMaxRegionBlocks = 32;
constexpr uint32_t kMaxRegionInsns = 128;

class interpreter;
SSIVM_PRESERVE_NONE uint64_t chain(cpu* c, op* o, int64_t budget);
SSIVM_PRESERVE_NONE uint64_t chain_slow(cpu* c, op* o, int64_t budget);
uint64_t leave(cpu* c, op* o, int64_t budget, exec_status st);
uint64_t leave_after(cpu* c, op* o, int64_t budget);
SSIVM_PRESERVE_NONE uint64_t jit_handler(cpu* c, op* o, int64_t budget);
SSIVM_PRESERVE_NONE uint64_t count_handler(cpu* c, op* o, int64_t budget);
SSIVM_PRESERVE_NONE uint64_t pending_handler(cpu* c, op* o, int64_t budget);
handler handler_for(const op* o);

class interpreter final : public engine, public code_listener {
 public:
  explicit interpreter(storage& st, std::unique_ptr<block_compiler> compiler = nullptr,
                       tier_options opt = {})
      : st_(st), compiler_(std::move(compiler)) {
    st_.add_code_listener(this);
    std::memset(l1_, 0, sizeof l1_);
    if (compiler_) {
      threshold_ = opt.threshold;
      synchronous_ = opt.synchronous;
      // A guest that ends within ~0.1 s would only pay for LLVM (start-up, a compile thread
      // competing for the machine) without running the code: hot regions found before the
      // guest has run threshold × 64 Ki instructions wait until it has.
      if (!threshold_) {
        const char* env = std::getenv("SSIVM_TIER_THRESHOLD");
        threshold_ = env && std::atoi(env) > 0 ? static_cast<uint32_t>(std::atoi(env))
                                               : kDefaultTierThreshold;
      }
      warmup_ = synchronous_ ? 0 : uint64_t{threshold_} << 16;
      compiler_->set_notify(&interpreter::notify, this);
    }
  }
  ~interpreter() override {
    st_.remove_code_listener(this);
    if (compiler_) {
      flush();
      compiler_.reset();  // stops its background work before the blocks go
    }
  }

  std::string_view name() const override { return compiler_ ? "tiered" : "interp"; }

  slice_result run(cpu& c, int64_t budget) override {
    retired_.clear();
    c.engine = this;
    if (compiler_) begin_slice(c);
    const int64_t start = budget;
    uint64_t why;
    for (;;) {
      block* b = find(c, c.s.psw_addr);
      if (!b) {
        why = static_cast<uint64_t>(stop_reason::program);
        budget_left_ = budget;
        break;
      }
      why = b->ops[0].fn(&c, b->ops.data(), budget - b->n);
      budget = budget_left_;
      if (why == static_cast<uint64_t>(stop_reason::exit_request) &&
          !(c.exit_request & exit_bit::kExternal)) {
        // Only our own signals (code changed, compiled code ready): go on.
        __atomic_fetch_and(&c.exit_request,
                           static_cast<uint8_t>(~(exit_bit::kCodeChanged | exit_bit::kTierUp)),
                           __ATOMIC_RELAXED);
        retired_.clear();
        if (compiler_) {
          compiler_->safe_point();
          install_ready();
        }
        if (budget > 0) continue;
        why = static_cast<uint64_t>(stop_reason::budget);
      }
      break;
    }
    __atomic_fetch_and(&c.exit_request,
                       static_cast<uint8_t>(~(exit_bit::kCodeChanged | exit_bit::kTierUp)),
                       __ATOMIC_RELAXED);
    if (compiler_) {
      end_slice();
      executed_ += static_cast<uint64_t>(start - budget_left_);
      if (executed_ >= warmup_ && !deferred_.empty()) {
        for (compile_request& r : deferred_) compiler_->request(std::move(r));
        deferred_.clear();
      }
    }
    return {static_cast<stop_reason>(why), static_cast<uint64_t>(start - budget_left_)};
  }

  void flush() override {
    for (auto& [ia, b] : blocks_) drop(std::move(b));
    blocks_.clear();
    pages_.clear();
    std::memset(l1_, 0, sizeof l1_);
  }

  // Invalidation is rare; resetting every link then keeps the chaining fast path to a single
  // compare (no generation check).
  void unlink_all() {
    for (auto& [ia, b] : blocks_)
      for (op& o : b->ops) o.link_ia = kNoLink;
  }

  void code_page_written(cpu* c, uint64_t page) override {
    std::vector<uint64_t> victims = pages_.take(page);
    if (victims.empty()) return;
    for (uint64_t ia : victims) {
      auto bi = blocks_.find(ia);
      if (bi == blocks_.end()) continue;
      drop(std::move(bi->second));
      blocks_.erase(bi);
    }
    unlink_all();
    std::memset(l1_, 0, sizeof l1_);
    if (c) __atomic_fetch_or(&c->exit_request, exit_bit::kCodeChanged, __ATOMIC_RELAXED);
  }

  block* find(cpu& c, uint64_t ia) {
    l1_entry& e = l1_[(ia >> 1) & (kL1Size - 1)];
    if (e.b && e.ia == ia) [[likely]]
      return e.b;
    auto it = blocks_.find(ia);
    block* b = it != blocks_.end() ? it->second.get() : decode_block(c, ia);
    if (b) e = {ia, b};
    return b;
  }

  // A block got hot: queue the region it heads for compilation and stop counting it. The
  // region grows from it along the successors the link caches saw (taken branches and
  // fall-throughs, returns included) to blocks that are warm too.
  void hot(op* o) {
    o->fn = &pending_handler;
    auto it = blocks_.find(o->ia);
    if (it == blocks_.end() || it->second->ops.data() != o) return;
    block* root = it->second.get();
    root->hot = true;
    std::vector<block*> members{root};
    std::vector<uint64_t> seen{root->ia};
    uint32_t insns = root->n;
    for (size_t q = 0; q < members.size() && members.size() < kMaxRegionBlocks; ++q) {
      for (uint64_t to : successors(*members[q])) {
        if (std::find(seen.begin(), seen.end(), to) != seen.end()) continue;
        seen.push_back(to);
        auto s = blocks_.find(to);
        if (s == blocks_.end() || !warm(*s->second) || insns + s->second->n > kMaxRegionInsns ||
            members.size() >= kMaxRegionBlocks)
          continue;
        members.push_back(s->second.get());
        insns += s->second->n;
      }
    }
    root->demand = std::make_shared<std::atomic<uint64_t>>(0);
    // The demand counter lives in the op while queued (pending_handler); the block keeps the
    // counter alive, the request shares it.
    o->demand = root->demand.get();
    compile_request r{root->serial, root->ia, {}, root->demand};
    std::vector<std::pair<uint64_t, uint64_t>>& parts = pending_[root->serial];
    parts.clear();
    for (block* m : members) {
      region_block& rb = r.region.emplace_back();
      rb.ia = m->ia;
      rb.serial = m->serial;
      rb.block.insns.reserve(m->n);
      for (uint32_t k = 0; k < m->n; ++k) rb.block.insns.push_back({m->ops[k].i, m->ops[k].ia});
      rb.block.end = m->end;
      rb.block.next = m->ops[m->n].ia;
      rb.successors = successors(*m);
      parts.emplace_back(m->ia, m->serial);
      if (m != root && !m->covered) {
        // Reached through the region from now on; entered from elsewhere often enough, it
        // still becomes the entry of a region of its own.
        m->covered = true;
        m->ops[0].heat = threshold_ * 8;
      }
    }
    ++tstats_.requested;
    if (executed_ < warmup_) {
      deferred_.push_back(std::move(r));  // sent when the guest has run long enough
      return;
    }
    compiler_->request(std::move(r));
    if (synchronous_) {
      compiler_->wait_idle();
      install_ready();  // this entry still runs interpreted; the next one runs the code
    }
  }

  const tier_stats& stats() const { return tstats_; }
  tier_stats tstats_;

  int64_t budget_left_ = 0;

 private:
  // Where a block was seen to continue: its ops' link targets (taken branches, returns) and
  // its fall-through.
  static std::vector<uint64_t> successors(const block& b) {
    std::vector<uint64_t> out;
    for (uint32_t k = 0; k < b.n; ++k)
      if (b.ops[k].link_ia != kNoLink) out.push_back(b.ops[k].link_ia);
    out.push_back(b.ops[b.n].ia);
    return out;
  }

  // A block back to the interpreter, counting towards a region again.
  void recount(block& b) {
    b.compiled = false;
    b.hot = false;
    b.demand.reset();
    b.ops[0].heat = threshold_;
    b.ops[0].plain = handler_for(&b.ops[0]);
    b.ops[0].fn = &count_handler;
  }

  // Blocks a region may be formed from: hot, or entered a quarter of the threshold times.
  bool warm(const block& b) const {
    if (b.hot || b.covered || b.compiled) return true;
    return b.ops[0].fn == &count_handler && threshold_ - b.ops[0].heat >= threshold_ / 4;
  }

  void drop(std::unique_ptr<block> b) {
    if (b->compiled) compiler_->retire(b->serial);
    // Regions that run this block's old code stop being entered (their entry blocks go back
    // to the interpreter and count again).
    for (auto [ia, serial] : b->in_regions) {
      auto it = blocks_.find(ia);
      if (it == blocks_.end() || !it->second || it->second->serial != serial) continue;
      block& root = *it->second;
      if (!root.compiled) continue;
      compiler_->retire(root.serial);
      ++tstats_.uninstalled;
      recount(root);
    }
    retired_.push_back(std::move(b));
  }

  // The compiler's thread tells the running vCPU (if any) to come back to run() at its next
  // block boundary; results that arrive between slices are picked up at the next slice.
  static void notify(void* self) {
    auto* ip = static_cast<interpreter*>(self);
    std::lock_guard<std::mutex> g(ip->running_mu_);
    ip->ready_ = true;
    if (ip->running_)
      __atomic_fetch_or(&ip->running_->exit_request, exit_bit::kTierUp, __ATOMIC_RELAXED);
  }
  void begin_slice(cpu& c) {
    compiler_->safe_point();
    bool ready;
    {
      std::lock_guard<std::mutex> g(running_mu_);
      running_ = &c;
      ready = ready_;
    }
    if (ready) install_ready();
  }
  void end_slice() {
    std::lock_guard<std::mutex> g(running_mu_);
    running_ = nullptr;
  }
  void install_ready() {
    {
      std::lock_guard<std::mutex> g(running_mu_);
      ready_ = false;
    }
    ready_results_.clear();
    compiler_->take_ready(ready_results_);
    for (const compile_result& r : ready_results_) {
      auto p = pending_.find(r.id);
      bool valid = p != pending_.end();
      // Every block of the region must still be the one compiled (none dropped meanwhile).
      if (valid)
        for (auto [ia, serial] : p->second) {
          auto it = blocks_.find(ia);
          if (it == blocks_.end() || it->second->serial != serial) valid = false;
        }
      if (!valid) {
        compiler_->retire(r.id);
        if (p != pending_.end()) pending_.erase(p);
        ++tstats_.discarded;
        // Its entry block, if still the same, counts again (its region may form anew).
        auto it = blocks_.find(r.ia);
        if (it != blocks_.end() && it->second->serial == r.id && !it->second->compiled)
          recount(*it->second);
        continue;
      }
      block& b = *blocks_.find(r.ia)->second;
      b.demand.reset();
      for (auto [ia, serial] : p->second)
        if (ia != r.ia) blocks_.find(ia)->second->in_regions.emplace_back(r.ia, r.id);
      pending_.erase(p);
      b.compiled = true;
      b.ops[0].jit = r.fn;
      b.ops[0].fn = &jit_handler;
      ++tstats_.installed;
    }
  }
  struct l1_entry {
    uint64_t ia;
    block* b;
  };

  block* decode_block(cpu& c, uint64_t ia);

  storage& st_;
  std::unique_ptr<block_compiler> compiler_;  // null: a plain interpreter
  uint32_t threshold_ = 0;
  bool synchronous_ = false;
  uint64_t warmup_ = 0;    // guest instructions before the first request goes to the compiler
  uint64_t executed_ = 0;  // guest instructions run so far
  std::vector<compile_request> deferred_;
  uint64_t serial_ = 0;
  std::vector<compile_result> ready_results_;
  // Regions queued: entry serial -> (ia, serial) of each block compiled into it.
  std::unordered_map<uint64_t, std::vector<std::pair<uint64_t, uint64_t>>> pending_;
  std::mutex running_mu_;
  cpu* running_ = nullptr;  // the vCPU in run(), under running_mu_
  bool ready_ = false;      // results are waiting, under running_mu_
  std::unordered_map<uint64_t, std::unique_ptr<block>> blocks_;
  code_pages pages_;
  std::vector<std::unique_ptr<block>> retired_;  // freed when no handler can be running them
  l1_entry l1_[kL1Size];
};

inline interpreter* self(cpu* c) { return static_cast<interpreter*>(c->engine); }

// ---- handlers ------------------------------------------------------------------------------

// kDeadCC: the next instruction of the block overwrites the condition code before anything
// can observe it (see cc_is_dead), so the compiler may drop this instruction's CC computation.
template <auto Sem, uint32_t Flags, bool kDeadCC = false>
SSIVM_PRESERVE_NONE uint64_t exec_handler(cpu* c, op* o, int64_t budget) {
  exec_status st = Sem(*c, o->i, o->ia);
  if constexpr ((Flags & iflag::kBranch) != 0) {
    if (st == exec_status::branch) SSIVM_MUSTTAIL return chain(c, o, budget);
  }
  if (st == exec_status::next) [[likely]] {
    if constexpr (kDeadCC) c->s.cc = 0;
    if constexpr ((Flags & iflag::kStores) != 0) {
      if (c->exit_request) [[unlikely]]
        return leave_after(c, o, budget);
    }
    SSIVM_MUSTTAIL return o[1].fn(c, o + 1, budget);
  }
  return leave(c, o, budget, st);
}

// The op after a block's last instruction: continue at the fall-through address.
SSIVM_PRESERVE_NONE uint64_t end_handler(cpu* c, op* o, int64_t budget) {
  c->next_ia = o->ia;
  SSIVM_MUSTTAIL return chain(c, o, budget);
}

// Chaining to the successor block. The fast path (cached link) makes no calls, so handlers
// that inline it need no stack frame; everything else is in chain_slow.
SSIVM_PRESERVE_NONE uint64_t chain_slow(cpu* c, op* o, int64_t budget);

SSIVM_PRESERVE_NONE uint64_t chain(cpu* c, op* o, int64_t budget) {
  const uint64_t target = c->next_ia;
  if (o->link_ia != target || budget <= 0 || c->exit_request) [[unlikely]]
    SSIVM_MUSTTAIL return chain_slow(c, o, budget);
  op* first = o->link;
  budget -= first->remaining;
  SSIVM_MUSTTAIL return first->fn(c, first, budget);
}

[[gnu::noinline]] SSIVM_PRESERVE_NONE uint64_t chain_slow(cpu* c, op* o, int64_t budget) {
  const uint64_t target = c->next_ia;
  interpreter* ip = self(c);
  if (budget <= 0 || c->exit_request) {
    c->s.psw_addr = target;
    ip->budget_left_ = budget;
    return static_cast<uint64_t>(budget <= 0 && !c->exit_request ? stop_reason::budget
                                                                 : stop_reason::exit_request);
  }
  block* b = ip->find(*c, target);
  if (!b) [[unlikely]] {
    // The branch completed; fetching its target faulted (PSW at the target, nullified).
    c->s.psw_addr = target;
    ip->budget_left_ = budget;
    return static_cast<uint64_t>(stop_reason::program);
  }
  if (c->exit_request) [[unlikely]] {  // decoding may have invalidated the caller's block
    c->s.psw_addr = target;
    ip->budget_left_ = budget;
    return static_cast<uint64_t>(stop_reason::exit_request);
  }
  op* first = b->ops.data();
  o->link = first;
  o->link_ia = target;
  budget -= first->remaining;
  SSIVM_MUSTTAIL return first->fn(c, first, budget);
}

[[gnu::noinline]] uint64_t leave(cpu* c, op* o, int64_t budget, exec_status st) {
  interpreter* ip = self(c);
  const uint64_t next = (o->ia + o->i.len) & c->s.amask;
  switch (st) {
    case exec_status::program:
      c->pgm_ilc = o->i.len;
      if (c->pgm_ending == arch::ending::nullify) {
        c->s.psw_addr = o->ia;
        ip->budget_left_ = budget + o->remaining;
      } else {
        c->s.psw_addr = next;
        ip->budget_left_ =
            budget + o->remaining - (c->pgm_ending == arch::ending::complete ? 1 : 0);
      }
      return static_cast<uint64_t>(stop_reason::program);
    case exec_status::svc:
      c->pgm_ilc = o->i.len;
      c->s.psw_addr = next;
      ip->budget_left_ = budget + o->remaining - 1;
      return static_cast<uint64_t>(stop_reason::svc);
    default:
      c->s.psw_addr = next;
      ip->budget_left_ = budget + o->remaining - 1;
      return static_cast<uint64_t>(stop_reason::exit_request);
  }
}

[[gnu::noinline]] uint64_t leave_after(cpu* c, op* o, int64_t budget) {
  c->s.psw_addr = (o->ia + o->i.len) & c->s.amask;
  self(c)->budget_left_ = budget + o->remaining - 1;
  return static_cast<uint64_t>(stop_reason::exit_request);
}

// A block's first op while it is counted (tiered): entries until it is hot.
SSIVM_PRESERVE_NONE uint64_t count_handler(cpu* c, op* o, int64_t budget) {
  const handler plain = o->plain;  // hot() may install compiled code in its place
  if (--o->heat == 0) [[unlikely]]
    self(c)->hot(o);
  SSIVM_MUSTTAIL return plain(c, o, budget);
}

// A queued block's first op: count the demand for its code, then run it interpreted.
SSIVM_PRESERVE_NONE uint64_t pending_handler(cpu* c, op* o, int64_t budget) {
  o->demand->store(o->demand->load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  SSIVM_MUSTTAIL return o->plain(c, o, budget);
}

// A compiled block's first op: run the code, then chain from the block's end op (the link
// cache there follows whichever exit the code took).
SSIVM_PRESERVE_NONE uint64_t jit_handler(cpu* c, op* o, int64_t budget) {
  const int64_t before = budget + o->remaining;  // entering charged the whole block
  const uint64_t r = o->jit(c, before);
  budget = before - static_cast<int64_t>(r >> 8);
  tier_stats& ts = self(c)->tstats_;
  ts.jit_insns += r >> 8;
  ++ts.exits[r & 3];
  switch (static_cast<compiled_exit>(r & 0xff)) {
    case kExitContinue: {
      c->next_ia = c->s.psw_addr;
      op* end = o + o->remaining;
      SSIVM_MUSTTAIL return chain(c, end, budget);
    }
    case kExitProgram:
      self(c)->budget_left_ = budget;
      return static_cast<uint64_t>(stop_reason::program);
    case kExitSvc: self(c)->budget_left_ = budget; return static_cast<uint64_t>(stop_reason::svc);
    default:
      self(c)->budget_left_ = budget;
      return static_cast<uint64_t>(stop_reason::exit_request);
  }
}

// Routines for rows that cannot run as decoded.
inline exec_status invalid_opcode(cpu& c, const arch::insn&, uint64_t) {
  return arch::sem::operation(c);
}
inline exec_status bad_constraints(cpu& c, const arch::insn&, uint64_t) {
  return arch::sem::specification(c);
}

constexpr handler kHandlers[] = {
    &exec_handler<&invalid_opcode, 0>,
#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) &exec_handler<&arch::sem::SEM, (FLAGS)>,
#include "arch/insns.def"
#undef INSN
};
static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == arch::kInsnCount);

constexpr handler kDeadCCHandlers[] = {
    &exec_handler<&invalid_opcode, 0>,
#define INSN(ID, OPC, FMT, OPS, FAC, FLAGS, SEM) \
  &exec_handler<&arch::sem::SEM, (FLAGS), ((FLAGS)&iflag::kSetsCC) != 0>,
#include "arch/insns.def"
#undef INSN
};

// True if instruction `next` sets the condition code from registers alone, without reading
// it and without any way to be interrupted before setting it: then the CC of the instruction
// before it in the same block can never be observed.
bool overwrites_cc_unobserved(const arch::insn& next) {
  using arch::format;
  const arch::insn_def& d = arch::kInsnTable[next.id];
  constexpr uint32_t kDisqualify = iflag::kReadsCC | iflag::kLoads | iflag::kStores |
                                   iflag::kBranch | iflag::kFpc | iflag::kSvc | iflag::kExecute |
                                   iflag::kPrivileged;
  if (!(d.flags & iflag::kSetsCC) || (d.flags & kDisqualify)) return false;
  if (!arch::constraints_ok(next)) return false;
  switch (d.fmt) {
    case format::RR:
    case format::RRE:
    case format::RRF_a:
    case format::RRF_b:
    case format::RRF_c:
    case format::RRF_d:
    case format::RRF_e:
    case format::RI_a:
    case format::RIL_a:
    case format::RIE_d: return true;
    default: return false;
  }
}

// The handler of an instruction op (its successor, if any, must be filled in).
handler handler_for(const op* o) {
  if (!arch::constraints_ok(o->i)) return &exec_handler<&bad_constraints, 0>;
  const uint32_t flags = arch::kInsnTable[o->i.id].flags;
  const bool dead_cc = (flags & iflag::kSetsCC) && !(flags & iflag::kStores) && o->remaining > 1 &&
                       overwrites_cc_unobserved(o[1].i);
  return dead_cc ? kDeadCCHandlers[o->i.id] : kHandlers[o->i.id];
}

block* interpreter::decode_block(cpu& c, uint64_t ia) {
  formed_block fb;
  if (!form_block(c, ia, fb)) return nullptr;
  const std::vector<block_insn>& insns = fb.insns;
  auto b = std::make_unique<block>();
  b->ia = ia;
  b->end = fb.end;
  b->n = static_cast<uint32_t>(insns.size());
  b->ops.resize(insns.size() + 1);
  for (size_t k = 0; k < insns.size(); ++k) {
    op& o = b->ops[k];
    o.i = insns[k].i;
    o.ia = insns[k].ia;
    o.remaining = static_cast<uint32_t>(insns.size() - k);
  }
  for (size_t k = 0; k < insns.size(); ++k) b->ops[k].fn = handler_for(&b->ops[k]);
  b->serial = ++serial_;
  if (compiler_) {
    b->ops[0].heat = threshold_;
    b->ops[0].plain = b->ops[0].fn;
    b->ops[0].fn = &count_handler;
  }
  for (op& o : b->ops) o.link_ia = kNoLink;
  op& end = b->ops.back();
  end.fn = &end_handler;
  end.ia = fb.next;
  end.remaining = 0;
  // Register the pages so that a store there drops this block.
  pages_.add(st_.registry(), ia, b->end);
  block* raw = b.get();
  blocks_[ia] = std::move(b);
  return raw;
}

}  // namespace

std::unique_ptr<engine> make_interpreter(storage& st) { return std::make_unique<interpreter>(st); }

std::unique_ptr<engine> make_tiered(storage& st, std::unique_ptr<block_compiler> compiler,
                                    tier_options opt) {
  return std::make_unique<interpreter>(st, std::move(compiler), opt);
}

const tier_stats* tier_stats_of(const engine& e) {
  auto* ip = dynamic_cast<const interpreter*>(&e);
  return ip && ip->name() == "tiered" ? &ip->stats() : nullptr;
}

}  // namespace ssivm::runtime
