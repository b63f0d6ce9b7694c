// Signals: kill/tgkill, rt_sigaction, rt_sigprocmask, and the process's signal state.
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

// Signals the program sends itself follow its dispositions and mask; signals for other
// processes go to the host. Handlers are recorded but cannot run yet (personality issue).
bool to_self(uint64_t pid) {
  int64_t v = static_cast<int64_t>(pid);
  return v == 0 || v == -1 || v == ::getpid() || v == -static_cast<int64_t>(::getpgrp());
}
int64_t sys_tgkill(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[2]);
  if (sig < 0 || sig > kMaxSignal) return err(EINVAL);
  if (!to_self(a[0]) || !to_self(a[1])) return host_ret(::kill(static_cast<pid_t>(a[1]), sig));
  if (sig != 0) p.raise_signal(sig);
  return 0;
}
int64_t sys_tkill(process& p, const uint64_t* a) {
  uint64_t b[3] = {a[0], a[0], a[1]};
  return sys_tgkill(p, b);
}
int64_t sys_kill(process& p, const uint64_t* a) {
  uint64_t b[3] = {a[0], a[0], a[1]};
  return sys_tgkill(p, b);
}

int64_t sys_rt_sigaction(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > kMaxSignal || a[3] != 8) return err(EINVAL);
  // struct sigaction of the s390x kernel: handler, flags, restorer, mask (4 doublewords).
  std::array<uint8_t, 32> act;
  if (a[1]) {
    if (sig == SIGKILL || sig == SIGSTOP) return err(EINVAL);
    if (!p.guest_read(a[1], act.data(), act.size())) return err(EFAULT);
  }
  if (a[2] && !p.guest_write(a[2], p.sigaction_of(sig).data(), 32)) return err(EFAULT);
  if (a[1]) {
    p.sigaction_of(sig) = act;
    uint64_t handler;
    std::memcpy(&handler, act.data(), 8);
    if (arch::from_be(handler) == 1 /* SIG_IGN */) p.discard_pending(sig);  // as Linux does
  }
  return 0;
}
int64_t sys_rt_sigpending(process& p, const uint64_t* a) {
  if (a[1] != 8) return err(EINVAL);
  uint64_t v = arch::to_be(p.pending_signals());
  return p.guest_write(a[0], &v, 8) ? 0 : err(EFAULT);
}
int64_t sys_rt_sigprocmask(process& p, const uint64_t* a) {
  if (a[3] != 8) return err(EINVAL);
  uint64_t old = arch::to_be(p.signal_mask());
  uint64_t set = 0;
  if (a[1]) {
    if (a[0] > 2) return err(EINVAL);
    if (!p.guest_read(a[1], &set, 8)) return err(EFAULT);
    set = arch::from_be(set);
  }
  if (a[2] && !p.guest_write(a[2], &old, 8)) return err(EFAULT);
  if (a[1]) {
    uint64_t m = p.signal_mask();
    m = a[0] == 0 ? (m | set) : a[0] == 1 ? (m & ~set) : set;  // BLOCK, UNBLOCK, SETMASK
    p.set_signal_mask(m);
  }
  return 0;
}

}  // namespace

void register_signal_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(37, "kill", sys_kill);
  def(174, "rt_sigaction", sys_rt_sigaction);
  def(175, "rt_sigprocmask", sys_rt_sigprocmask);
  def(176, "rt_sigpending", sys_rt_sigpending);
  def(237, "tkill", sys_tkill);
  def(241, "tgkill", sys_tgkill);
}

using arch::kPageSize;
void process::set_signal_mask(uint64_t m) {
  // SIGKILL and SIGSTOP cannot be blocked.
  sigmask_ = m & ~(1ull << (SIGKILL - 1)) & ~(1ull << (SIGSTOP - 1));
  // Unblocking delivers what was pending, lowest number first as Linux does.
  while (uint64_t ready = pending_ & ~sigmask_) {
    int sig = __builtin_ctzll(ready) + 1;
    pending_ &= ~(1ull << (sig - 1));
    act_on_signal(sig);
    if (exited_) break;
  }
}

void process::raise_signal(int sig) {
  uint64_t bit = 1ull << (sig - 1);
  if (sigmask_ & bit) {
    pending_ |= bit;
    return;
  }
  act_on_signal(sig);
}

void process::act_on_signal(int sig) {
  uint64_t handler;
  std::memcpy(&handler, sigactions_[sig].data(), 8);
  handler = arch::from_be(handler);
  constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
  if (handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) return;
  if (handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
    switch (sig) {
      case SIGCHLD:
      case SIGURG:
      case SIGWINCH:
      case SIGCONT:  // default action: ignore
        return;
      case SIGSTOP:
      case SIGTSTP:
      case SIGTTIN:
      case SIGTTOU:  // stopping a guest: not yet
        return;
      default: die_by_signal(sig); return;
    }
  }
  std::fprintf(stderr,
               "ssivm: signal %d has a guest handler, which this runner cannot deliver yet\n", sig);
  die_by_signal(sig);
}

void process::die_by_signal(int sig) {
  exited_ = true;
  term_signal_ = sig;
  exit_code_ = 128 + sig;
}

}  // namespace ssivm::runtime::linux_abi
