// Signals: kill/tgkill, rt_sigaction, rt_sigprocmask, sigaltstack, rt_sigsuspend,
// rt_sigtimedwait, sigqueue, and alarm/setitimer through host timers.
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "runtime/linux/signal.hpp"
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {

void register_sigreturn_syscalls(syscall_table& t);  // signal_frame.cpp

namespace {

// Signals for this process follow its dispositions and masks; signals for other processes go
// to the host.
bool to_self(uint64_t pid) {
  int64_t v = static_cast<int64_t>(pid);
  return v == 0 || v == -1 || v == ::getpid() || v == -static_cast<int64_t>(::getpgrp());
}
bool valid_signal(uint64_t sig) { return sig <= static_cast<uint64_t>(kMaxSignal); }

int64_t send_to_thread(process& p, uint64_t tid, int sig, const siginfo_bytes& info) {
  guest_thread* t = p.find_thread(static_cast<int>(tid));
  if (!t) return err(ESRCH);
  if (sig) p.send_signal(t, sig, info);
  return 0;
}
int64_t sys_tgkill(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[2]);
  if (!valid_signal(a[2]) || static_cast<int64_t>(a[0]) <= 0 || static_cast<int64_t>(a[1]) <= 0)
    return err(EINVAL);
  if (static_cast<int64_t>(a[0]) != ::getpid())
    return host_ret(::syscall(SYS_tgkill, static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1]), sig));
  return send_to_thread(p, a[1], sig, sender_info(sig, kSiTkill, ::getpid(), ::getuid()));
}
// tkill names a thread of this program (a host tid may be anything else entirely).
int64_t sys_tkill(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[1]);
  if (!valid_signal(a[1]) || static_cast<int64_t>(a[0]) <= 0) return err(EINVAL);
  return send_to_thread(p, a[0], sig, sender_info(sig, kSiTkill, ::getpid(), ::getuid()));
}
int64_t sys_kill(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[1]);
  if (!valid_signal(a[1])) return err(EINVAL);
  if (!to_self(a[0])) return host_ret(::kill(static_cast<pid_t>(a[0]), sig));
  if (sig) p.send_signal(nullptr, sig, sender_info(sig, kSiUser, ::getpid(), ::getuid()));
  return 0;
}
// sigqueue: the sender's siginfo as given (a process may only fake negative si_codes for
// others; to itself anything goes).
int64_t queue_info(process& p, uint64_t tid, uint64_t pid, int sig, uint64_t uinfo) {
  if (sig < 1 || sig > kMaxSignal) return err(EINVAL);
  if (!to_self(pid)) return err(EPERM);
  siginfo_bytes info;
  if (!p.guest_read(uinfo, info.data(), info.size())) return err(EFAULT);
  put32(info.data(), static_cast<uint32_t>(sig));
  if (!tid) {
    p.send_signal(nullptr, sig, info);
    return 0;
  }
  return send_to_thread(p, tid, sig, info);
}
int64_t sys_rt_sigqueueinfo(process& p, const uint64_t* a) {
  return queue_info(p, 0, a[0], static_cast<int>(a[1]), a[2]);
}
int64_t sys_rt_tgsigqueueinfo(process& p, const uint64_t* a) {
  return queue_info(p, a[1], a[0], static_cast<int>(a[2]), a[3]);
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
  if (a[1]) p.set_sigaction(sig, act);
  return 0;
}
int64_t sys_rt_sigpending(process& p, const uint64_t* a) {
  if (a[1] != 8) return err(EINVAL);
  uint64_t v = arch::to_be(p.pending_signals());
  return p.guest_write(a[0], &v, 8) ? 0 : err(EFAULT);
}
bool read_sigset(process& p, uint64_t addr, uint64_t& set) {
  if (!p.guest_read(addr, &set, 8)) return false;
  set = arch::from_be(set);
  return true;
}
int64_t sys_rt_sigprocmask(process& p, const uint64_t* a) {
  if (a[3] != 8) return err(EINVAL);
  uint64_t old = arch::to_be(p.signal_mask());
  uint64_t set = 0;
  if (a[1]) {
    if (a[0] > 2) return err(EINVAL);
    if (!read_sigset(p, a[1], set)) return err(EFAULT);
  }
  if (a[2] && !p.guest_write(a[2], &old, 8)) return err(EFAULT);
  if (a[1]) {
    uint64_t m = p.signal_mask();
    m = a[0] == 0 ? (m | set) : a[0] == 1 ? (m & ~set) : set;  // BLOCK, UNBLOCK, SETMASK
    p.set_signal_mask(m);
  }
  return 0;
}

// rt_sigsuspend: the new mask until a handler runs; the old one comes back after it.
int64_t sys_rt_sigsuspend(process& p, const uint64_t* a) {
  if (a[1] != 8) return err(EINVAL);
  uint64_t set;
  if (!read_sigset(p, a[0], set)) return err(EFAULT);
  guest_thread& t = p.current_thread();
  t.saved_mask = t.sigmask;
  t.has_saved_mask = true;
  p.set_signal_mask(set);
  wait_state w;
  w.complete = [](process&, guest_thread&, wake_why) { return kRestartNoHand; };
  return p.park(std::move(w));
}
int64_t sys_pause(process& p, const uint64_t*) {
  wait_state w;
  w.complete = [](process&, guest_thread&, wake_why) { return kRestartNoHand; };
  return p.park(std::move(w));
}

// rt_sigtimedwait(set, info, timeout, sigsetsize).
int64_t sys_rt_sigtimedwait(process& p, const uint64_t* a) {
  if (a[3] != 8) return err(EINVAL);
  uint64_t set;
  if (!read_sigset(p, a[0], set)) return err(EFAULT);
  set &= ~kUnblockable;
  uint64_t uinfo = a[1];
  auto take = [set, uinfo](process& q, guest_thread& t) -> int64_t {
    siginfo_bytes info;
    int sig = q.dequeue_signal(t, set, info);
    if (!sig) return 0;
    if (uinfo && !q.guest_write(uinfo, info.data(), info.size())) return err(EFAULT);
    return sig;
  };
  if (int64_t r = take(p, p.current_thread())) return r;
  wait_state w;
  if (a[2]) {
    uint64_t ts[2];
    if (!p.guest_read(a[2], ts, sizeof ts)) return err(EFAULT);
    int64_t sec = static_cast<int64_t>(arch::from_be(ts[0]));
    int64_t nsec = static_cast<int64_t>(arch::from_be(ts[1]));
    if (sec < 0 || nsec < 0 || nsec >= 1000000000) return err(EINVAL);
    w.has_deadline = true;
    w.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(sec) +
                 std::chrono::nanoseconds(nsec);
  }
  w.wake_signals = set;
  w.complete = [take](process& q, guest_thread& t, wake_why why) -> int64_t {
    if (int64_t r = take(q, t)) return r;
    return why == wake_why::timeout ? err(EAGAIN) : err(EINTR);
  };
  return p.park(std::move(w));
}

// sigaltstack(ss, old_ss): stack_t is {ss_sp, ss_flags (int, padded), ss_size}.
int64_t sys_sigaltstack(process& p, const uint64_t* a) {
  guest_thread& t = p.current_thread();
  const uint64_t sp = t.cpu.s.gr[15];
  const bool on = t.ss_size && sp > t.ss_sp && sp - t.ss_sp <= t.ss_size;
  uint8_t old[24] = {};
  put64(old, t.ss_sp);
  put32(old + 8, static_cast<uint32_t>(!t.ss_size ? kSsDisable : on ? kSsOnStack : 0));
  put64(old + 16, t.ss_size);
  if (a[0]) {
    uint8_t ss[24];
    if (!p.guest_read(a[0], ss, sizeof ss)) return err(EFAULT);
    if (on) return err(EPERM);
    uint32_t flags = get32(ss + 8);
    constexpr uint32_t kSsAutoDisarm = 1u << 31;
    flags &= ~kSsAutoDisarm;
    if (flags != 0 && flags != static_cast<uint32_t>(kSsDisable) &&
        flags != static_cast<uint32_t>(kSsOnStack))
      return err(EINVAL);
    if (flags == static_cast<uint32_t>(kSsDisable)) {
      t.ss_sp = t.ss_size = 0;
    } else {
      constexpr uint64_t kMinSigStkSz = 2048;
      if (get64(ss + 16) < kMinSigStkSz) return err(ENOMEM);
      t.ss_sp = get64(ss);
      t.ss_size = get64(ss + 16);
    }
  }
  if (a[1] && !p.guest_write(a[1], old, sizeof old)) return err(EFAULT);
  return 0;
}

// Interval timers are the host's: its SIGALRM (or SIGVTALRM, SIGPROF) comes back to the guest
// as a signal from outside. struct itimerval is four longs on s390x.
int64_t sys_alarm(process&, const uint64_t* a) { return ::alarm(static_cast<unsigned>(a[0])); }
void to_guest_itimerval(const struct itimerval& v, uint64_t w[4]) {
  w[0] = arch::to_be(static_cast<uint64_t>(v.it_interval.tv_sec));
  w[1] = arch::to_be(static_cast<uint64_t>(v.it_interval.tv_usec));
  w[2] = arch::to_be(static_cast<uint64_t>(v.it_value.tv_sec));
  w[3] = arch::to_be(static_cast<uint64_t>(v.it_value.tv_usec));
}
int64_t sys_getitimer(process& p, const uint64_t* a) {
  struct itimerval v;
  if (::getitimer(static_cast<int>(a[0]), &v) < 0) return err(errno);
  uint64_t w[4];
  to_guest_itimerval(v, w);
  return p.guest_write(a[1], w, sizeof w) ? 0 : err(EFAULT);
}
int64_t sys_setitimer(process& p, const uint64_t* a) {
  uint64_t w[4] = {};
  if (a[1] && !p.guest_read(a[1], w, sizeof w)) return err(EFAULT);
  struct itimerval v {
  }, old{};
  v.it_interval.tv_sec = static_cast<time_t>(arch::from_be(w[0]));
  v.it_interval.tv_usec = static_cast<suseconds_t>(arch::from_be(w[1]));
  v.it_value.tv_sec = static_cast<time_t>(arch::from_be(w[2]));
  v.it_value.tv_usec = static_cast<suseconds_t>(arch::from_be(w[3]));
  if (::setitimer(static_cast<int>(a[0]), &v, &old) < 0) return err(errno);
  if (a[2]) {
    to_guest_itimerval(old, w);
    if (!p.guest_write(a[2], w, sizeof w)) return err(EFAULT);
  }
  return 0;
}

}  // namespace

void register_signal_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(27, "alarm", sys_alarm);
  def(29, "pause", sys_pause);
  def(37, "kill", sys_kill);
  def(104, "setitimer", sys_setitimer);
  def(105, "getitimer", sys_getitimer);
  def(174, "rt_sigaction", sys_rt_sigaction);
  def(175, "rt_sigprocmask", sys_rt_sigprocmask);
  def(176, "rt_sigpending", sys_rt_sigpending);
  def(177, "rt_sigtimedwait", sys_rt_sigtimedwait);
  def(178, "rt_sigqueueinfo", sys_rt_sigqueueinfo);
  def(179, "rt_sigsuspend", sys_rt_sigsuspend);
  def(186, "sigaltstack", sys_sigaltstack);
  def(237, "tkill", sys_tkill);
  def(241, "tgkill", sys_tgkill);
  def(330, "rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo);
  register_sigreturn_syscalls(t);
}

void process::die_by_signal(int sig) {
  exited_ = true;
  term_signal_ = sig;
  exit_code_ = 128 + sig;
}

}  // namespace ssivm::runtime::linux_abi
