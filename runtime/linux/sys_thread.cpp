// Threads: clone with CLONE_VM|CLONE_THREAD (a new vCPU of the same guest), exit and
// exit_group, gettid, set_tid_address, robust lists, futex, sched_yield, and the sleeps (a
// sleeping thread parks: the others run on).
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "runtime/linux/signal.hpp"
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {

int64_t process::clone_thread(uint64_t flags, uint64_t child_stack, uint64_t parent_tid,
                              uint64_t child_tid, uint64_t tls) {
  auto t = std::make_unique<guest_thread>();
  guest_thread& parent = *cur_;
  t->cpu = parent.cpu;  // PSW after the SVC, registers, FPRs, FPC, access registers
  t->cpu.exit_request = 0;
  t->cpu.s.gr[2] = 0;  // clone returns 0 in the child
  if (child_stack) t->cpu.s.gr[15] = child_stack;
  if (flags & CLONE_SETTLS) {  // the thread pointer: a0 high half, a1 low half
    t->cpu.s.ar[0] = static_cast<uint32_t>(tls >> 32);
    t->cpu.s.ar[1] = static_cast<uint32_t>(tls);
  }
  t->tid = ++next_tid_;
  t->sigmask = parent.sigmask;
  t->name = parent.name;
  const uint32_t tid_be = arch::to_be(static_cast<uint32_t>(t->tid));
  if ((flags & CLONE_PARENT_SETTID) && !guest_write(parent_tid, &tid_be, 4)) return err(EFAULT);
  if ((flags & CLONE_CHILD_SETTID) && !guest_write(child_tid, &tid_be, 4)) return err(EFAULT);
  if (flags & CLONE_CHILD_CLEARTID) t->clear_child_tid = child_tid;
  int tid = t->tid;
  threads_.push_back(std::move(t));
  return tid;
}

void process::keep_only_current_thread() {
  std::erase_if(threads_, [this](const auto& t) { return t.get() != cur_; });
  rr_ = 0;
  pending_ = 0;
  cur_->pending = 0;
}

void process::reset_for_exec() {
  uint64_t pending = pending_, own = cur_->pending;  // execve keeps pending signals
  keep_only_current_thread();
  pending_ = pending;
  cur_->pending = own;
  cur_->ss_sp = cur_->ss_size = 0;
  cur_->clear_child_tid = cur_->robust_list = 0;
  reset_caught_handlers();
}

void process::reset_caught_handlers() {
  for (int sig = 1; sig <= kMaxSignal; ++sig) {
    guest_sigaction a = decode_sigaction(sigactions_[sig]);
    if (a.handler != kSigIgn) set_sigaction(sig, {});
  }
}

namespace {

using clock = std::chrono::steady_clock;

int64_t sys_exit(process& p, const uint64_t* a) {
  p.end_thread(p.current_thread(), static_cast<int>(a[0] & 0xff));
  return kKeepRegs;
}
int64_t sys_exit_group(process& p, const uint64_t* a) {
  p.exit_with(static_cast<int>(a[0] & 0xff));
  return kKeepRegs;
}
int64_t sys_gettid(process& p, const uint64_t*) { return p.current_thread().tid; }
int64_t sys_set_tid_address(process& p, const uint64_t* a) {
  p.current_thread().clear_child_tid = a[0];
  return p.current_thread().tid;
}
int64_t sys_set_robust_list(process& p, const uint64_t* a) {
  constexpr uint64_t kRobustListHeadSize = 24;
  if (a[1] != kRobustListHeadSize) return err(EINVAL);
  p.current_thread().robust_list = a[0];
  return 0;
}
int64_t sys_sched_yield(process& p, const uint64_t*) {
  p.request_yield();
  return 0;
}

// A guest struct timespec (two doublewords): false for EFAULT; EINVAL is the caller's.
bool read_timespec(process& p, uint64_t addr, int64_t& sec, int64_t& nsec) {
  uint64_t t[2];
  if (!p.guest_read(addr, t, sizeof t)) return false;
  sec = static_cast<int64_t>(arch::from_be(t[0]));
  nsec = static_cast<int64_t>(arch::from_be(t[1]));
  return true;
}
bool valid_timespec(int64_t sec, int64_t nsec) {
  return sec >= 0 && nsec >= 0 && nsec < 1000000000;
}
// The steady-clock instant of `sec`.`nsec` on host clock `clk` (absolute) or from now.
clock::time_point deadline_of(clockid_t clk, bool absolute, int64_t sec, int64_t nsec) {
  auto span = std::chrono::seconds(sec) + std::chrono::nanoseconds(nsec);
  if (!absolute) return clock::now() + span;
  struct timespec now;
  ::clock_gettime(clk, &now);
  auto now_span = std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
  return clock::now() + std::chrono::duration_cast<clock::duration>(span - now_span);
}

// ---- futex ---------------------------------------------------------------------------------

enum : int {
  kFutexWait = 0,
  kFutexWake = 1,
  kFutexRequeue = 3,
  kFutexCmpRequeue = 4,
  kFutexWakeOp = 5,
  kFutexWaitBitset = 9,
  kFutexWakeBitset = 10,
};
constexpr int kFutexPrivate = 128, kFutexClockRealtime = 256;

bool read_u32(process& p, uint64_t addr, uint32_t& v) {
  if (!p.guest_read(addr, &v, 4)) return false;
  v = arch::from_be(v);
  return true;
}

// FUTEX_WAKE_OP: *uaddr2 = old OP oparg; wake uaddr; if old CMP cmparg, wake uaddr2 too.
int64_t futex_wake_op(process& p, uint64_t uaddr, int n, uint64_t uaddr2, int n2, uint32_t val3) {
  unsigned op = (val3 >> 28) & 7, cmp = (val3 >> 24) & 15;
  int32_t oparg = static_cast<int32_t>(val3 << 8) >> 20;
  int32_t cmparg = static_cast<int32_t>(val3 << 20) >> 20;
  if ((val3 >> 31) & 1) oparg = 1 << (oparg & 31);  // FUTEX_OP_OPARG_SHIFT
  uint32_t old;
  if (uaddr2 & 3) return err(EINVAL);
  if (!read_u32(p, uaddr2, old)) return err(EFAULT);
  uint32_t v;
  switch (op) {
    case 0: v = static_cast<uint32_t>(oparg); break;
    case 1: v = old + static_cast<uint32_t>(oparg); break;
    case 2: v = old | static_cast<uint32_t>(oparg); break;
    case 3: v = old & ~static_cast<uint32_t>(oparg); break;
    case 4: v = old ^ static_cast<uint32_t>(oparg); break;
    default: return err(ENOSYS);
  }
  const uint32_t be = arch::to_be(v);
  if (!p.guest_write(uaddr2, &be, 4)) return err(EFAULT);
  int32_t o = static_cast<int32_t>(old);
  bool hit;
  switch (cmp) {
    case 0: hit = o == cmparg; break;
    case 1: hit = o != cmparg; break;
    case 2: hit = o < cmparg; break;
    case 3: hit = o <= cmparg; break;
    case 4: hit = o > cmparg; break;
    case 5: hit = o >= cmparg; break;
    default: return err(ENOSYS);
  }
  int woken = p.futex_wake(uaddr, n);
  if (hit) woken += p.futex_wake(uaddr2, n2);
  return woken;
}

// futex(uaddr, op, val, timeout or val2, uaddr2, val3).
int64_t sys_futex(process& p, const uint64_t* a) {
  const uint64_t uaddr = a[0];
  const int op = static_cast<int>(a[1]);
  const int cmd = op & ~(kFutexPrivate | kFutexClockRealtime);
  const uint32_t val = static_cast<uint32_t>(a[2]);
  const uint32_t val3 = static_cast<uint32_t>(a[5]);
  if (uaddr & 3) return err(EINVAL);
  switch (cmd) {
    case kFutexWait:
    case kFutexWaitBitset: {
      const uint32_t bitset = cmd == kFutexWait ? ~0u : val3;
      if (!bitset) return err(EINVAL);
      wait_state w;
      if (a[3]) {
        int64_t sec, nsec;
        if (!read_timespec(p, a[3], sec, nsec)) return err(EFAULT);
        if (!valid_timespec(sec, nsec)) return err(EINVAL);
        // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's absolute on its clock.
        clockid_t clk = (op & kFutexClockRealtime) ? CLOCK_REALTIME : CLOCK_MONOTONIC;
        w.has_deadline = true;
        w.deadline = deadline_of(clk, cmd == kFutexWaitBitset, sec, nsec);
      }
      uint32_t now;
      if (!read_u32(p, uaddr, now)) return err(EFAULT);
      if (now != val) return err(EAGAIN);
      w.on_futex = true;
      w.futex = uaddr;
      w.bitset = bitset;
      return p.park(std::move(w));  // the defaults: 0, ETIMEDOUT, EINTR
    }
    case kFutexWake:
    case kFutexWakeBitset: {
      const uint32_t bitset = cmd == kFutexWake ? ~0u : val3;
      if (!bitset) return err(EINVAL);
      return p.futex_wake(uaddr, static_cast<int>(std::min<uint32_t>(val, INT32_MAX)), bitset);
    }
    case kFutexRequeue:
    case kFutexCmpRequeue: {
      const uint64_t uaddr2 = a[4];
      if (uaddr2 & 3) return err(EINVAL);
      const int n = static_cast<int>(std::min<uint32_t>(val, INT32_MAX));
      const int n2 = static_cast<int>(std::min<uint64_t>(a[3] & 0xffffffff, INT32_MAX));
      if (cmd == kFutexCmpRequeue) {
        uint32_t now;
        if (!read_u32(p, uaddr, now)) return err(EFAULT);
        if (now != val3) return err(EAGAIN);
      }
      int woken = p.futex_wake(uaddr, n);
      return woken + p.futex_requeue(uaddr, uaddr2, n2);
    }
    case kFutexWakeOp:
      return futex_wake_op(p, uaddr, static_cast<int>(std::min<uint32_t>(val, INT32_MAX)), a[4],
                           static_cast<int>(std::min<uint64_t>(a[3] & 0xffffffff, INT32_MAX)),
                           val3);
    default: return err(ENOSYS);  // priority inheritance: not yet
  }
}

// ---- sleeping ------------------------------------------------------------------------------

// Parks until the deadline; a handled signal ends the sleep with EINTR and, for a relative
// sleep, the time left in `rem`.
int64_t sleep_until(process& p, clock::time_point deadline, uint64_t rem) {
  wait_state w;
  w.has_deadline = true;
  w.deadline = deadline;
  w.complete = [deadline, rem](process& q, guest_thread&, wake_why why) -> int64_t {
    if (why != wake_why::signal) return 0;
    if (rem) {
      auto left = std::max(clock::duration::zero(), deadline - clock::now());
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      uint64_t r[2] = {arch::to_be(static_cast<uint64_t>(ns / 1000000000)),
                       arch::to_be(static_cast<uint64_t>(ns % 1000000000))};
      q.guest_write(rem, r, sizeof r);
    }
    return err(EINTR);
  };
  return p.park(std::move(w));
}
int64_t sys_nanosleep(process& p, const uint64_t* a) {
  int64_t sec, nsec;
  if (!read_timespec(p, a[0], sec, nsec)) return err(EFAULT);
  if (!valid_timespec(sec, nsec)) return err(EINVAL);
  return sleep_until(p, deadline_of(CLOCK_MONOTONIC, false, sec, nsec), a[1]);
}
int64_t sys_clock_nanosleep(process& p, const uint64_t* a) {
  const clockid_t clk = static_cast<clockid_t>(a[0]);
  constexpr uint64_t kTimerAbstime = 1;
  int64_t sec, nsec;
  if (!read_timespec(p, a[2], sec, nsec)) return err(EFAULT);
  if (!valid_timespec(sec, nsec)) return err(EINVAL);
  struct timespec probe;
  if (::clock_gettime(clk, &probe) < 0) return err(EINVAL);
  const bool absolute = (a[1] & kTimerAbstime) != 0;
  return sleep_until(p, deadline_of(clk, absolute, sec, nsec), absolute ? 0 : a[3]);
}

}  // namespace

void register_thread_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(1, "exit", sys_exit);
  def(158, "sched_yield", sys_sched_yield);
  def(162, "nanosleep", sys_nanosleep);
  def(236, "gettid", sys_gettid);
  def(238, "futex", sys_futex);
  def(248, "exit_group", sys_exit_group);
  def(252, "set_tid_address", sys_set_tid_address);
  def(262, "clock_nanosleep", sys_clock_nanosleep);
  def(304, "set_robust_list", sys_set_robust_list);
}

}  // namespace ssivm::runtime::linux_abi
