// The system-call table of the Linux personality: one row per s390x system-call number.
// Each area file (sys_fs.cpp, sys_mm.cpp, sys_signal.cpp, sys_misc.cpp, …) fills in its own
// rows through its register_*_syscalls function; process.cpp assembles the table once.
#pragma once

#include <array>
#include <cerrno>
#include <cstdint>
#include <string>

#include "runtime/linux/process.hpp"

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

void register_fs_syscalls(syscall_table& t);
void register_mm_syscalls(syscall_table& t);
void register_misc_syscalls(syscall_table& t);
void register_signal_syscalls(syscall_table& t);

}  // namespace ssivm::runtime::linux_abi
