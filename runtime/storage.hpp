// Guest storage: one reserved host mapping per guest, the page registry beside it, and the
// slow paths of the access funnel (faults, code-page invalidation, dirty tracking).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "arch/cpu.hpp"

namespace ssivm::runtime {

// Something that caches work derived from guest code (pre-decoded blocks, JIT regions) and
// must drop it when a page holding such code is stored into.
class code_listener {
 public:
  virtual ~code_listener() = default;
  // `page` is a page number; `c` is the storing CPU (null for host-side writes); called before the
  // store happens.
  virtual void code_page_written(arch::cpu* c, uint64_t page) = 0;
};

// One flag byte per 4 KiB page (arch::page_flag) plus a word-atomic dirty bitmap.
class page_registry {
 public:
  explicit page_registry(uint64_t pages);
  uint64_t pages() const { return pages_; }
  uint8_t* flags() { return flags_.get(); }
  uint8_t flag(uint64_t page) const { return flags_[page]; }
  void set(uint64_t page, uint8_t bits) {
    __atomic_fetch_or(&flags_[page], bits, __ATOMIC_RELAXED);
  }
  void clear(uint64_t page, uint8_t bits) {
    __atomic_fetch_and(&flags_[page], static_cast<uint8_t>(~bits), __ATOMIC_RELAXED);
  }
  // Guest access rights for [first, first+count) pages (the Linux personality's mprotect).
  void set_access(uint64_t first, uint64_t count, bool read, bool write);

  // Dirty tracking for relocation: arm marks every page clean-and-tracked; the first store to
  // a tracked page sets its dirty bit. collect returns and clears the dirty set.
  void arm_dirty_tracking();
  void disarm_dirty_tracking();
  bool dirty(uint64_t page) const {
    return (dirty_[page / 64].load(std::memory_order_relaxed) >> (page % 64)) & 1;
  }
  void mark_dirty(uint64_t page) {
    dirty_[page / 64].fetch_or(1ull << (page % 64), std::memory_order_relaxed);
  }
  std::vector<uint64_t> collect_dirty();

 private:
  uint64_t pages_;
  std::unique_ptr<uint8_t[]> flags_;
  std::unique_ptr<std::atomic<uint64_t>[]> dirty_;
};

class storage {
 public:
  // Reserves `size` bytes (rounded up to pages) of guest storage; nothing is committed until
  // touched. Returns nullptr with `error` set if the host cannot reserve it.
  static std::unique_ptr<storage> create(uint64_t size, std::string* error = nullptr);
  ~storage();
  storage(const storage&) = delete;
  storage& operator=(const storage&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size() const { return size_; }
  page_registry& registry() { return registry_; }

  // Points a CPU's access funnel at this storage.
  void bind(arch::cpu& c);

  void add_code_listener(code_listener* l) { listeners_.push_back(l); }
  void remove_code_listener(code_listener* l);

  // Host-side copies (loader, syscalls): no guest access rights apply, but code pages and
  // dirty tracking are honoured.
  bool write(uint64_t addr, const void* src, uint64_t len);
  bool read(uint64_t addr, void* dst, uint64_t len) const;
  // Drops decoded code on [addr, addr+len) before the host replaces those bytes (mmap, loader).
  void discard_code(uint64_t addr, uint64_t len) { note_store(nullptr, addr, len); }
  bool contains(uint64_t addr, uint64_t len) const { return addr <= size_ && len <= size_ - addr; }

  // Statistics.
  uint64_t slow_stores() const { return slow_stores_; }

 private:
  storage(uint8_t* base, uint64_t size);
  static bool slow_store(arch::cpu& c, uint64_t addr, const void* src, unsigned len);
  static bool slow_load(arch::cpu& c, uint64_t addr, void* dst, unsigned len);
  void note_store(arch::cpu* c, uint64_t addr, uint64_t len);

  uint8_t* base_;
  uint64_t size_;
  page_registry registry_;
  std::vector<code_listener*> listeners_;
  uint64_t slow_stores_ = 0;
};

}  // namespace ssivm::runtime
