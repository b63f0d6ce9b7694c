// Guest storage and the out-of-line half of the access funnel.
#include "runtime/storage.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ssivm::runtime {

using arch::kPageShift;
using arch::kPageSize;
namespace pf = arch::page_flag;

page_registry::page_registry(uint64_t pages)
    : pages_(pages),
      flags_(new uint8_t[pages]()),
      dirty_(new std::atomic<uint64_t>[(pages + 63) / 64]()) {}

void page_registry::set_access(uint64_t first, uint64_t count, bool read, bool write) {
  for (uint64_t p = first; p < first + count && p < pages_; ++p) {
    uint8_t bits = static_cast<uint8_t>((read ? 0 : pf::kNoRead) | (write ? 0 : pf::kNoWrite));
    uint8_t old = flags_[p];
    flags_[p] = static_cast<uint8_t>((old & ~(pf::kNoRead | pf::kNoWrite)) | bits);
  }
}

void page_registry::arm_dirty_tracking() {
  for (uint64_t w = 0; w < (pages_ + 63) / 64; ++w) dirty_[w].store(0, std::memory_order_relaxed);
  for (uint64_t p = 0; p < pages_; ++p) set(p, pf::kTrackClean);
}

void page_registry::disarm_dirty_tracking() {
  for (uint64_t p = 0; p < pages_; ++p) clear(p, pf::kTrackClean);
}

std::vector<uint64_t> page_registry::collect_dirty() {
  std::vector<uint64_t> out;
  for (uint64_t w = 0; w < (pages_ + 63) / 64; ++w) {
    uint64_t bits = dirty_[w].exchange(0, std::memory_order_relaxed);
    while (bits) {
      unsigned b = static_cast<unsigned>(__builtin_ctzll(bits));
      bits &= bits - 1;
      uint64_t page = w * 64 + b;
      out.push_back(page);
      set(page, pf::kTrackClean);  // re-arm for the next pass
    }
  }
  return out;
}

std::unique_ptr<storage> storage::create(uint64_t size, std::string* error) {
  size = (size + kPageSize - 1) & ~(kPageSize - 1);
  if (size == 0) {
    if (error) *error = "storage size must be at least one page";
    return nullptr;
  }
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) {
    if (error) *error = std::string("cannot reserve guest storage: ") + std::strerror(errno);
    return nullptr;
  }
  return std::unique_ptr<storage>(new storage(static_cast<uint8_t*>(p), size));
}

storage::storage(uint8_t* base, uint64_t size)
    : base_(base), size_(size), registry_(size >> kPageShift) {}

storage::~storage() { munmap(base_, size_); }

void storage::bind(arch::cpu& c) {
  c.mem.base = base_;
  c.mem.size = size_;
  c.mem.page_flags = registry_.flags();
  c.mem.slow_store = &storage::slow_store;
  c.mem.slow_load = &storage::slow_load;
  c.mem.owner = this;
}

void storage::remove_code_listener(code_listener* l) {
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), l), listeners_.end());
}

void storage::note_store(arch::cpu* c, uint64_t addr, uint64_t len) {
  if (len == 0) return;
  uint64_t first = addr >> kPageShift, last = (addr + len - 1) >> kPageShift;
  for (uint64_t p = first; p <= last; ++p) {
    uint8_t f = registry_.flag(p);
    if (f & pf::kTrackClean) {
      registry_.clear(p, pf::kTrackClean);
      registry_.mark_dirty(p);
    }
    if (f & pf::kCode) {
      registry_.clear(p, pf::kCode);
      for (code_listener* l : listeners_) l->code_page_written(c, p);
    }
  }
}

bool storage::slow_store(arch::cpu& c, uint64_t addr, const void* src, unsigned len) {
  auto* self = static_cast<storage*>(c.mem.owner);
  ++self->slow_stores_;
  if (!self->contains(addr, len)) {
    c.pgm_tea = addr;
    c.program_interrupt(arch::pic::addressing, arch::ending::suppress);
    return false;
  }
  if (len) {
    // Check every page first: a store is either done whole or not at all.
    uint64_t first = addr >> kPageShift, last = (addr + len - 1) >> kPageShift;
    for (uint64_t p = first; p <= last; ++p) {
      uint8_t f = self->registry_.flag(p);
      if (f & pf::kNoRead) {
        c.pgm_tea = std::max(addr, p << kPageShift);
        c.program_interrupt(arch::pic::page_translation, arch::ending::nullify);
        return false;
      }
      if (f & pf::kNoWrite) {
        c.pgm_tea = std::max(addr, p << kPageShift);
        c.program_interrupt(arch::pic::protection, arch::ending::suppress);
        return false;
      }
    }
  } else {
    // Zero-length probe (probe_store): check the page of `addr` only.
    uint8_t f = self->registry_.flag(addr >> kPageShift);
    if (f & (pf::kNoRead | pf::kNoWrite)) {
      c.pgm_tea = addr;
      c.program_interrupt((f & pf::kNoRead) ? arch::pic::page_translation : arch::pic::protection,
                          (f & pf::kNoRead) ? arch::ending::nullify : arch::ending::suppress);
      return false;
    }
    return true;
  }
  self->note_store(&c, addr, len);
  std::memmove(self->base_ + addr, src, len);
  return true;
}

bool storage::slow_load(arch::cpu& c, uint64_t addr, void* dst, unsigned len) {
  auto* self = static_cast<storage*>(c.mem.owner);
  if (!self->contains(addr, len)) {
    c.pgm_tea = addr;
    c.program_interrupt(arch::pic::addressing, arch::ending::suppress);
    return false;
  }
  uint64_t first = addr >> kPageShift, last = (addr + (len ? len : 1) - 1) >> kPageShift;
  for (uint64_t p = first; p <= last; ++p) {
    if (self->registry_.flag(p) & pf::kNoRead) {
      c.pgm_tea = std::max(addr, p << kPageShift);
      c.program_interrupt(arch::pic::page_translation, arch::ending::nullify);
      return false;
    }
  }
  std::memcpy(dst, self->base_ + addr, len);
  return true;
}

bool storage::write(uint64_t addr, const void* src, uint64_t len) {
  if (!contains(addr, len)) return false;
  note_store(nullptr, addr, len);
  std::memcpy(base_ + addr, src, len);
  return true;
}

bool storage::read(uint64_t addr, void* dst, uint64_t len) const {
  if (!contains(addr, len)) return false;
  std::memcpy(dst, base_ + addr, len);
  return true;
}

}  // namespace ssivm::runtime
