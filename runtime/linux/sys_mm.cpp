// Address-space calls: brk, mmap, munmap, mremap, mprotect (the process keeps the map).
#include "runtime/linux/syscall.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace ssivm::runtime::linux_abi {
namespace {

int64_t sys_brk(process& p, const uint64_t* a) { return p.sys_brk(a[0]); }

int64_t sys_mmap(process& p, const uint64_t* a) {
  // s390x mmap takes a pointer to a block of six longs.
  uint64_t blk[6];
  if (!p.guest_read(a[0], blk, sizeof blk)) return err(EFAULT);
  for (auto& v : blk) v = arch::from_be(v);
  return p.sys_mmap(blk[0], blk[1], static_cast<int>(blk[2]), static_cast<int>(blk[3]),
                    static_cast<int>(blk[4]), static_cast<int64_t>(blk[5]));
}
int64_t sys_munmap(process& p, const uint64_t* a) { return p.sys_munmap(a[0], a[1]); }
int64_t sys_mprotect(process& p, const uint64_t* a) {
  return p.sys_mprotect(a[0], a[1], static_cast<int>(a[2]));
}

int64_t sys_mremap(process& p, const uint64_t* a) {
  return p.sys_mremap(a[0], a[1], a[2], static_cast<int>(a[3]), a[4]);
}

// Every page the guest has is resident (storage is committed on touch, and a page never
// touched reads as zero, as a resident one would): 1 per mapped page, ENOMEM past the map.
int64_t sys_mincore(process& p, const uint64_t* a) {
  uint64_t addr = a[0], len = page_up(a[1]);
  if (addr & (arch::kPageSize - 1)) return err(EINVAL);
  if (!p.guest_storage().contains(addr, len)) return err(ENOMEM);
  std::vector<uint8_t> vec(len >> arch::kPageShift, 1);
  for (uint64_t k = 0; k < vec.size(); ++k)
    if (p.guest_storage().registry().flag((addr >> arch::kPageShift) + k) &
        arch::page_flag::kNoRead)
      return err(ENOMEM);
  return p.guest_write(a[2], vec.data(), vec.size()) ? 0 : err(EFAULT);
}

}  // namespace

void register_mm_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(45, "brk", sys_brk);
  def(90, "mmap", sys_mmap);
  def(91, "munmap", sys_munmap);
  def(125, "mprotect", sys_mprotect);
  def(163, "mremap", sys_mremap);
  def(218, "mincore", sys_mincore);
}

using arch::kPageSize;
// Gives pages back to the host: they read as zero again and cost nothing until touched.
void process::zero_pages(uint64_t start, uint64_t len) {
  if (!len) return;
  st_->discard_code(start, len);
  if (::madvise(st_->base() + start, len, MADV_DONTNEED) != 0)
    std::memset(st_->base() + start, 0, len);
}

int64_t process::sys_brk(uint64_t addr) {
  if (addr == 0 || addr < brk_start_) return static_cast<int64_t>(brk_);
  uint64_t new_end = page_up(addr);
  if (new_end > mmap_floor_) return static_cast<int64_t>(brk_);  // would run into mmap space
  uint64_t old_end = page_up(brk_);
  if (new_end > old_end) {
    st_->registry().set_access(old_end >> arch::kPageShift, (new_end - old_end) >> arch::kPageShift,
                               true, true);
  } else if (new_end < old_end) {
    st_->registry().set_access(new_end >> arch::kPageShift, (old_end - new_end) >> arch::kPageShift,
                               false, false);
    zero_pages(new_end, old_end - new_end);  // a later brk must see zeroes, as from the kernel
  }
  brk_ = addr;
  return static_cast<int64_t>(brk_);
}

uint64_t process::mapped_bytes() const {
  uint64_t n = page_up(brk_) - brk_start_;
  for (auto [s, e] : maps_) n += e - s;
  return n;
}

// Top-down first fit between mmap_floor_ and mmap_top_ (maps_ is sorted); 0 if no room.
uint64_t process::find_free(uint64_t len) const {
  uint64_t cand_end = mmap_top_;
  for (auto it = maps_.rbegin(); it != maps_.rend(); ++it) {
    if (it->first >= cand_end) continue;
    if (it->second <= cand_end && cand_end - it->second >= len) break;
    cand_end = std::min(cand_end, it->first);
  }
  if (cand_end < len || cand_end - len < mmap_floor_) return 0;
  return cand_end - len;
}

// Removes [start, end) from the mapping list, splitting ranges that straddle it.
void process::forget_range(uint64_t start, uint64_t end) {
  std::vector<std::pair<uint64_t, uint64_t>> kept;
  kept.reserve(maps_.size() + 1);
  for (auto [s, e] : maps_) {
    if (e <= start || s >= end) {
      kept.emplace_back(s, e);
      continue;
    }
    if (s < start) kept.emplace_back(s, start);
    if (e > end) kept.emplace_back(end, e);
  }
  maps_ = std::move(kept);
}

int64_t process::sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off) {
  constexpr int kMapShared = 0x01, kMapPrivate = 0x02, kMapFixed = 0x10, kMapAnonymous = 0x20;
  constexpr int kMapFixedNoReplace = 0x100000;
  if (len == 0 || len > st_->size()) return err(len ? ENOMEM : EINVAL);
  if (!(flags & (kMapShared | kMapPrivate))) return err(EINVAL);
  if (off & static_cast<int64_t>(kPageSize - 1)) return err(EINVAL);
  len = page_up(len);
  uint64_t start;
  if (flags & (kMapFixed | kMapFixedNoReplace)) {
    if (addr & (kPageSize - 1)) return err(EINVAL);
    if (!st_->contains(addr, len) || addr < kPageSize) return err(ENOMEM);
    if (flags & kMapFixedNoReplace) {
      for (auto [s, e] : maps_)
        if (s < addr + len && e > addr) return err(EEXIST);
    }
    start = addr;
    forget_range(start, start + len);
  } else {
    start = find_free(len);
    if (!start) return err(ENOMEM);
  }
  // Shared file mappings are copies too: writes never reach the file (enough for programs
  // that map files to read them).
  zero_pages(start, len);
  if (!(flags & kMapAnonymous)) {
    uint64_t done = 0;
    while (done < len) {
      ssize_t r =
          ::pread(fd, st_->base() + start + done, len - done, off + static_cast<off_t>(done));
      if (r < 0) {
        if (done == 0) return err(errno);
        break;
      }
      if (r == 0) break;
      done += static_cast<uint64_t>(r);
    }
  }
  st_->registry().set_access(start >> arch::kPageShift, len >> arch::kPageShift, prot != 0,
                             (prot & 2) != 0);
  maps_.emplace_back(start, start + len);
  std::sort(maps_.begin(), maps_.end());
  return static_cast<int64_t>(start);
}

int64_t process::sys_munmap(uint64_t addr, uint64_t len) {
  if ((addr & (kPageSize - 1)) || len == 0) return err(EINVAL);
  len = page_up(len);
  if (!st_->contains(addr, len)) return err(EINVAL);
  // Only mmap'ed ranges are given back: the program image, heap and stack stay.
  for (auto [s, e] : maps_) {
    uint64_t lo = std::max(s, addr), hi = std::min(e, addr + len);
    if (lo >= hi) continue;
    st_->registry().set_access(lo >> arch::kPageShift, (hi - lo) >> arch::kPageShift, false, false);
    zero_pages(lo, hi - lo);
  }
  forget_range(addr, addr + len);
  return 0;
}

int64_t process::sys_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                            uint64_t new_addr) {
  constexpr int kMayMove = 1, kFixed = 2;
  if ((old_addr & (kPageSize - 1)) || new_len == 0 || (flags & ~(kMayMove | kFixed)) ||
      ((flags & kFixed) && !(flags & kMayMove)))
    return err(EINVAL);
  old_len = page_up(old_len);
  new_len = page_up(new_len);
  // The old range must be one mapping (or lie inside one).
  auto it = std::find_if(maps_.begin(), maps_.end(), [&](auto& m) {
    return m.first <= old_addr && old_addr + old_len <= m.second;
  });
  if (it == maps_.end() || old_len == 0) return err(EFAULT);
  bool readable = !(st_->registry().flag(old_addr >> arch::kPageShift) & arch::page_flag::kNoRead);
  bool writable = !(st_->registry().flag(old_addr >> arch::kPageShift) & arch::page_flag::kNoWrite);
  auto target_access = [&](uint64_t a, uint64_t n) {
    st_->registry().set_access(a >> arch::kPageShift, n >> arch::kPageShift, readable, writable);
  };
  if (!(flags & kFixed)) {
    if (new_len <= old_len) {  // shrink in place
      sys_munmap(old_addr + new_len, old_len - new_len);
      return static_cast<int64_t>(old_addr);
    }
    // Grow in place when the pages after it are free and below the stack gap.
    uint64_t end = old_addr + new_len;
    bool free_after = end <= mmap_top_;
    for (auto [s, e] : maps_)
      if (s < end && e > old_addr + old_len) free_after = false;
    if (free_after) {
      zero_pages(old_addr + old_len, new_len - old_len);
      target_access(old_addr + old_len, new_len - old_len);
      maps_.emplace_back(old_addr + old_len, end);
      std::sort(maps_.begin(), maps_.end());
      return static_cast<int64_t>(old_addr);
    }
    if (!(flags & kMayMove)) return err(ENOMEM);
    new_addr = find_free(new_len);
    if (!new_addr) return err(ENOMEM);
  } else {
    if ((new_addr & (kPageSize - 1)) || !st_->contains(new_addr, new_len) || new_addr < kPageSize)
      return err(EINVAL);
    if (new_addr < old_addr + old_len && old_addr < new_addr + new_len) return err(EINVAL);
    sys_munmap(new_addr, new_len);
  }
  // Move: copy the contents, then release the old range.
  zero_pages(new_addr, new_len);
  std::memcpy(st_->base() + new_addr, st_->base() + old_addr, std::min(old_len, new_len));
  target_access(new_addr, new_len);
  maps_.emplace_back(new_addr, new_addr + new_len);
  std::sort(maps_.begin(), maps_.end());
  sys_munmap(old_addr, old_len);
  return static_cast<int64_t>(new_addr);
}

int64_t process::sys_mprotect(uint64_t addr, uint64_t len, int prot) {
  if (addr & (kPageSize - 1)) return err(EINVAL);
  len = page_up(len);
  if (!st_->contains(addr, len)) return err(ENOMEM);
  st_->registry().set_access(addr >> arch::kPageShift, len >> arch::kPageShift, prot != 0,
                             (prot & 2) != 0);
  return 0;
}

}  // namespace ssivm::runtime::linux_abi
