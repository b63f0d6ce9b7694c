// Processes: clone (dispatching to threads or to a new guest), fork/vfork, execve, wait4.
#include <sched.h>

#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

// s390x clone takes the new stack first and the flags second (the other way round from most
// architectures): clone(child_stack, flags, parent_tid, child_tid, tls).
int64_t sys_clone(process& p, const uint64_t* a) {
  uint64_t stack = a[0], flags = a[1];
  if ((flags & CLONE_VM) && (flags & CLONE_THREAD))
    return p.clone_thread(flags, stack, a[2], a[3], a[4]);
  return p.fork_process(flags, stack, a[2], a[3], a[4]);
}
int64_t sys_fork(process& p, const uint64_t*) { return p.fork_process(SIGCHLD, 0, 0, 0, 0); }
int64_t sys_vfork(process& p, const uint64_t*) {
  return p.fork_process(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, 0, 0, 0);
}

}  // namespace

int64_t process::fork_process(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) {
  return err(ENOSYS);
}

int64_t process::exec_program(const std::string&, const std::vector<std::string>&,
                              const std::vector<std::string>&) {
  return err(ENOSYS);
}

void register_proc_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(2, "fork", sys_fork);
  def(120, "clone", sys_clone);
  def(190, "vfork", sys_vfork);
}

}  // namespace ssivm::runtime::linux_abi
