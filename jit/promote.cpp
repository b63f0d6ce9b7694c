// Guest state in host registers (see promote.hpp). The semantics address registers as fixed
// offsets from the `cpu` pointer once inlined with constant fields; those accesses are moved to
// one local per slot, and the state is made current again wherever code the pass cannot see
// might look at it: before returns, out-of-line calls and accesses at unknown offsets.
#include "jit/promote.hpp"

#include <llvm/IR/DataLayout.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Operator.h>

#include <map>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>

namespace ssivm::jit {

namespace {

struct slot_ref {
  unsigned slot;   // index into the promoted slots
  uint64_t inner;  // byte offset of the access inside the slot
};

class promoter {
 public:
  promoter(llvm::Function& f, unsigned arg, const std::vector<promotable_range>& ranges,
           const std::vector<constant_field>& constants, const state_free_calls& free_calls)
      : free_(free_calls),
        f_(f),
        dl_(f.getParent()->getDataLayout()),
        state_(f.getArg(arg)),
        ranges_(ranges),
        constants_(constants) {}

  promote_result run() {
    promote_result r;
    if (!scan()) return r;
    if (used_.empty() && consts_.empty()) {
      r.applied = true;
      return r;
    }
    rewrite();
    r.applied = true;
    r.slots = static_cast<unsigned>(used_.size());
    r.syncs = static_cast<unsigned>(syncs_.size());
    return r;
  }

 private:
  const state_free_calls& free_;
  enum class sync_kind { before, around, light };

  // A call that leaves the promoted state alone (see state_free_calls).
  bool is_state_free(const llvm::CallInst* call) const {
    if (const llvm::Function* f = call->getCalledFunction()) {
      for (const std::string& n : free_.callees)
        if (f->getName().starts_with(n)) return true;
      return false;
    }
    auto* ld = llvm::dyn_cast<llvm::LoadInst>(call->getCalledOperand());
    if (!ld) return false;
    llvm::APInt off(64, 0);
    const llvm::Value* base = ld->getPointerOperand()->stripAndAccumulateConstantOffsets(
        dl_, off, /*AllowNonInbounds=*/true);
    if (base != state_) return false;
    for (uint64_t o : free_.loaded_from)
      if (o == off.getZExtValue()) return true;
    return false;
  }

  // Which slot a known access [off, off+size) is in; nullopt if outside every range; false in
  // `ok` if it straddles a slot boundary.
  std::optional<slot_ref> classify(uint64_t off, uint64_t size, bool& ok) const {
    unsigned base = 0;
    for (const promotable_range& r : ranges_) {
      if (off < r.offset + r.size && off + size > r.offset) {
        const uint64_t rel = off - r.offset;
        if (off < r.offset || rel / r.slot != (rel + size - 1) / r.slot) {
          ok = false;
          return std::nullopt;
        }
        return slot_ref{base + static_cast<unsigned>(rel / r.slot), rel % r.slot};
      }
      base += static_cast<unsigned>(r.size / r.slot);
    }
    return std::nullopt;
  }
  bool overlaps_promotable(uint64_t off, uint64_t size) const {
    for (const promotable_range& r : ranges_)
      if (off < r.offset + r.size && off + size > r.offset) return true;
    return false;
  }
  std::pair<uint64_t, uint64_t> slot_span(unsigned slot) const {  // state offset, size
    for (const promotable_range& r : ranges_) {
      const unsigned n = static_cast<unsigned>(r.size / r.slot);
      if (slot < n) return {r.offset + slot * r.slot, r.slot};
      slot -= n;
    }
    return {0, 0};
  }

  // A known-offset memory access of `size` bytes; false if the pass cannot handle it.
  bool note_access(llvm::Instruction* in, uint64_t off, uint64_t size, bool is_load,
                   bool is_volatile) {
    bool ok = true;
    std::optional<slot_ref> s = classify(off, size, ok);
    if (!ok) return false;
    if (s) {
      if (is_volatile) return false;
      rewrites_.emplace_back(in, *s);
      used_.insert(s->slot);
      return true;
    }
    if (is_load && !is_volatile)
      for (const constant_field& k : constants_)
        if (k.offset == off && size == 8) consts_.emplace_back(llvm::cast<llvm::LoadInst>(in), k);
    return true;
  }

  bool scan() {
    std::vector<std::pair<llvm::Value*, std::optional<uint64_t>>> work{{state_, 0}};
    std::unordered_set<llvm::Value*> seen{state_};
    while (!work.empty()) {
      auto [ptr, off] = work.back();
      work.pop_back();
      for (llvm::User* u : ptr->users()) {
        auto* in = llvm::dyn_cast<llvm::Instruction>(u);
        if (!in) return false;
        if (auto* gep = llvm::dyn_cast<llvm::GetElementPtrInst>(in)) {
          if (gep->getPointerOperand() != ptr) return false;
          llvm::APInt delta(64, 0);
          std::optional<uint64_t> next;
          if (off && gep->accumulateConstantOffset(dl_, delta)) next = *off + delta.getZExtValue();
          if (seen.insert(gep).second) work.emplace_back(gep, next);
        } else if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(in)) {
          const uint64_t size = dl_.getTypeStoreSize(ld->getType());
          if (off) {
            if (!note_access(ld, *off, size, true, ld->isVolatile())) return false;
          } else {
            syncs_.emplace_back(ld, sync_kind::before);
          }
        } else if (auto* st = llvm::dyn_cast<llvm::StoreInst>(in)) {
          if (st->getValueOperand() == ptr) return false;  // the state pointer escapes
          const uint64_t size = dl_.getTypeStoreSize(st->getValueOperand()->getType());
          if (off) {
            if (!note_access(st, *off, size, false, st->isVolatile())) return false;
          } else {
            syncs_.emplace_back(st, sync_kind::around);
          }
        } else if (auto* ii = llvm::dyn_cast<llvm::IntrinsicInst>(in)) {
          if (ii->isAssumeLikeIntrinsic() || ii->isLifetimeStartOrEnd()) continue;
          if (auto* mi = llvm::dyn_cast<llvm::MemIntrinsic>(ii)) {
            auto* len = llvm::dyn_cast<llvm::ConstantInt>(mi->getLength());
            if (off && len && !overlaps_promotable(*off, len->getZExtValue())) continue;
          }
          syncs_.emplace_back(in, sync_kind::around);
        } else if (auto* call = llvm::dyn_cast<llvm::CallInst>(in)) {
          if (call->getCalledOperand() == ptr) return false;
          if (is_state_free(call))
            syncs_.emplace_back(call, sync_kind::light);
          else
            syncs_.emplace_back(call,
                                call->onlyReadsMemory() ? sync_kind::before : sync_kind::around);
        } else if (llvm::isa<llvm::PHINode>(in) || llvm::isa<llvm::SelectInst>(in)) {
          if (seen.insert(in).second) work.emplace_back(in, std::nullopt);
        } else if (auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(in)) {
          if (rmw->getPointerOperand() != ptr) return false;
          const uint64_t size = dl_.getTypeStoreSize(rmw->getValOperand()->getType());
          if (off && overlaps_promotable(*off, size)) return false;
          if (!off) syncs_.emplace_back(in, sync_kind::around);
        } else if (llvm::isa<llvm::ICmpInst>(in)) {
          continue;
        } else {
          return false;  // ptrtoint, invoke, cmpxchg, …: leave the function as it is
        }
      }
    }
    return true;
  }

  llvm::Value* state_at(llvm::IRBuilder<>& b, uint64_t off) {
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state_, off);
  }
  bool read_by_helpers(unsigned slot) const {
    for (const promotable_range& r : ranges_) {
      const unsigned n = static_cast<unsigned>(r.size / r.slot);
      if (slot < n) return r.read_by_helpers;
      slot -= n;
    }
    return false;
  }
  void spill(llvm::IRBuilder<>& b, bool light = false) {
    for (auto& [slot, a] : locals_) {
      if (light && !read_by_helpers(slot)) continue;
      auto [off, size] = slot_span(slot);
      b.CreateAlignedStore(b.CreateLoad(a->getAllocatedType(), a), state_at(b, off),
                           llvm::Align(size));
    }
  }
  void reload(llvm::IRBuilder<>& b) {
    for (auto& [slot, a] : locals_) {
      auto [off, size] = slot_span(slot);
      b.CreateStore(b.CreateAlignedLoad(a->getAllocatedType(), state_at(b, off), llvm::Align(size)),
                    a);
    }
  }

  void rewrite() {
    llvm::LLVMContext& ctx = f_.getContext();
    llvm::BasicBlock& entry = f_.getEntryBlock();
    llvm::IRBuilder<> b(&entry, entry.getFirstInsertionPt());
    for (unsigned slot : used_) {
      auto [off, size] = slot_span(slot);
      auto* a = b.CreateAlloca(llvm::IntegerType::get(ctx, static_cast<unsigned>(size * 8)));
      a->setAlignment(llvm::Align(size));
      locals_[slot] = a;
    }
    reload(b);
    for (auto& [in, s] : rewrites_) {
      llvm::AllocaInst* a = locals_[s.slot];
      b.SetInsertPoint(in);
      llvm::Value* p = s.inner ? b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), a, s.inner) : a;
      const llvm::Align al = llvm::commonAlignment(a->getAlign(), s.inner);
      if (auto* ld = llvm::dyn_cast<llvm::LoadInst>(in)) {
        ld->setOperand(ld->getPointerOperandIndex(), p);
        ld->setAlignment(std::min(ld->getAlign(), al));
      } else {
        auto* st = llvm::cast<llvm::StoreInst>(in);
        st->setOperand(st->getPointerOperandIndex(), p);
        st->setAlignment(std::min(st->getAlign(), al));
      }
    }
    for (auto& [in, kind] : syncs_) {
      b.SetInsertPoint(in);
      spill(b, kind == sync_kind::light);
      if (kind == sync_kind::around && !in->isTerminator()) {
        b.SetInsertPoint(in->getNextNode());
        reload(b);
      }
    }
    for (llvm::BasicBlock& bb : f_)
      if (auto* ret = llvm::dyn_cast<llvm::ReturnInst>(bb.getTerminator())) {
        b.SetInsertPoint(ret);
        spill(b);
      }
    for (auto& [ld, k] : consts_) {
      llvm::Constant* v = llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), k.value);
      if (ld->getType()->isPointerTy())
        v = llvm::ConstantExpr::getIntToPtr(v, ld->getType());
      else if (!ld->getType()->isIntegerTy(64))
        continue;
      ld->replaceAllUsesWith(v);
      ld->eraseFromParent();
    }
  }

  llvm::Function& f_;
  const llvm::DataLayout& dl_;
  llvm::Argument* state_;
  const std::vector<promotable_range>& ranges_;
  const std::vector<constant_field>& constants_;
  std::vector<std::pair<llvm::Instruction*, slot_ref>> rewrites_;
  std::vector<std::pair<llvm::Instruction*, sync_kind>> syncs_;
  std::vector<std::pair<llvm::LoadInst*, constant_field>> consts_;
  std::set<unsigned> used_;
  std::map<unsigned, llvm::AllocaInst*> locals_;
};

}  // namespace

promote_result promote_state(llvm::Function& f, unsigned arg,
                             const std::vector<promotable_range>& ranges,
                             const std::vector<constant_field>& constants,
                             const state_free_calls& free_calls) {
  return promoter(f, arg, ranges, constants, free_calls).run();
}

}  // namespace ssivm::jit
