// The system-call table of the Linux personality: one row per s390x system-call number.
// Each area file (sys_fs.cpp, sys_mm.cpp, sys_signal.cpp, sys_misc.cpp, …) fills in its own
// rows through its register_*_syscalls function; process.cpp assembles the table once.
#pragma once

#include <sys/uio.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/linux/process.hpp"
#include "runtime/linux/vfs.hpp"

namespace ssivm::runtime::linux_abi {

using sys_fn = int64_t (*)(process& p, const uint64_t* a);
struct syscall_def {
  const char* name;
  sys_fn fn;
};
constexpr unsigned kSyscallCount = 464;
using syscall_table = std::array<syscall_def, kSyscallCount>;

inline int64_t err(int e) { return -static_cast<int64_t>(e); }
// A host call's result as the guest sees it: the value, or -errno.
inline int64_t host_ret(int64_t r) { return r < 0 ? err(errno) : r; }
constexpr int kMaxSignal = 64;
constexpr uint64_t page_up(uint64_t v) {
  return (v + arch::kPageSize - 1) & ~(arch::kPageSize - 1);
}
// Largest single transfer a read or write passes to the host.
constexpr uint64_t kMaxIo = 1ull << 30;

// Fields of guest structures (big-endian) in a host buffer, and single guest values.
template <typename T>
void put_be(uint8_t* buf, unsigned off, T v) {
  v = arch::to_be(v);
  std::memcpy(buf + off, &v, sizeof v);
}
template <typename T>
T get_be(const uint8_t* buf, unsigned off) {
  T v;
  std::memcpy(&v, buf + off, sizeof v);
  return arch::from_be(v);
}
template <typename T>
bool write_guest(process& p, uint64_t addr, T v) {
  v = arch::to_be(v);
  return p.guest_write(addr, &v, sizeof v);
}
template <typename T>
bool read_guest(process& p, uint64_t addr, T& v) {
  if (!p.guest_read(addr, &v, sizeof v)) return false;
  v = arch::from_be(v);
  return true;
}

// AT_FDCWD as the guest passes it (the value is the same on s390x and the host).
constexpr uint64_t kAtFdCwd = static_cast<uint64_t>(-100);

// The guest's paths reach the host as a host_path (vfs.hpp).
// Reads the guest's path at `addr` (relative to guest descriptor `dirfd`, or kAtFdCwd) and
// resolves it as the guest sees the file system: 0, or -errno (EFAULT, ENAMETOOLONG, ENOENT…).
// `follow_last` is false for calls that act on the last component itself (lstat, readlink,
// unlink, rmdir, mkdir, rename, symlink, link, O_NOFOLLOW, O_CREAT|O_EXCL): a symbolic link
// there is not followed.
// Every system call that passes a guest path to the host goes through here (sys_fs.cpp).
int64_t guest_path(process& p, uint64_t dirfd, uint64_t addr, host_path& out,
                   bool follow_last = true);
// Same for a path ssivm already holds (an execve's #! interpreter).
int64_t guest_path(process& p, uint64_t dirfd, const std::string& path, host_path& out,
                   bool follow_last = true);

// A host path for the calls that have no *at form (statfs, truncate, the *xattr calls,
// inotify_add_watch): a path relative to a descriptor goes through its /proc/self/fd link.
std::string plain_path(const host_path& hp);

// Descriptors whose data the kernel lays out in the host's byte order (eventfd and timerfd
// counters, inotify events, route netlink messages) are marked with their kind when created
// (sys_event.cpp). kind_of checks a mark before answering and drops a stale one. read and
// write pass through translated_*: true, with the call's result in `r`, for such a descriptor.
enum class fd_kind : uint8_t { plain, eventfd, timerfd, inotify, rtnetlink };
void mark_fd(int fd, fd_kind k);
fd_kind kind_of(int fd);
bool translated_read(process& p, int fd, uint64_t addr, uint64_t len, int64_t& r);
bool translated_write(process& p, int fd, uint64_t addr, uint64_t len, int64_t& r);
// The result of a dup of `old`: a new descriptor inherits the mark of the old one.
int64_t inherit_kind(int old, int64_t r);
// NETLINK_ROUTE messages in b[0, len) turned around in place (sys_net.cpp).
void convert_netlink(uint8_t* b, uint64_t len, bool to_host);

// A guest iovec array of `cnt` entries at `addr` as host iovecs pointing into guest storage
// (writable when `for_input`): 0, or -EINVAL (too many, or more than kMaxIo in all), -EFAULT.
int64_t guest_iovec(process& p, uint64_t addr, uint64_t cnt, bool for_input,
                    std::vector<struct iovec>& out);

// The s390x name of system call `nr` (served or not), or nullptr for a number Linux leaves free.
const char* syscall_name(uint64_t nr);

void register_fs_syscalls(syscall_table& t);
void register_mm_syscalls(syscall_table& t);
void register_misc_syscalls(syscall_table& t);
void register_signal_syscalls(syscall_table& t);
void register_proc_syscalls(syscall_table& t);
void register_thread_syscalls(syscall_table& t);
void register_meta_syscalls(syscall_table& t);
void register_poll_syscalls(syscall_table& t);
void register_net_syscalls(syscall_table& t);
void register_event_syscalls(syscall_table& t);

}  // namespace ssivm::runtime::linux_abi
