// Threads: clone with CLONE_VM|CLONE_THREAD, futex, set_tid_address, gettid.
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {

int64_t process::clone_thread(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) {
  return err(ENOSYS);
}

void register_thread_syscalls(syscall_table&) {}

}  // namespace ssivm::runtime::linux_abi
