// The run loop of a Linux process: its threads are vCPUs of one guest, run cooperatively on
// the process's host thread, round-robin, one instruction-budget slice each. A system call
// that would block parks its vCPU (the blocking seam, process::park); when every vCPU is
// parked the host thread sleeps in ppoll() on the union of their descriptors and deadlines,
// with the signals the guest catches unblocked.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <vector>

#include "runtime/linux/signal.hpp"
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

using clock = std::chrono::steady_clock;
// One thread runs long slices; several share the CPU in short ones (about a millisecond).
constexpr int64_t kSoloSlice = 1 << 24, kSharedSlice = 1 << 17;

bool is_restart(int64_t r) {
  return r == kRestartSys || r == kRestartNoIntr || r == kRestartNoHand;
}

// Calls a handler always interrupts, SA_RESTART or not (signal(7)): the waits with a
// timeout of their own.
bool never_restarted(uint64_t nr) {
  switch (nr) {
    case 142:  // select
    case 162:  // nanosleep
    case 168:  // poll
    case 251:  // epoll_wait
    case 262:  // clock_nanosleep
    case 301:  // pselect6
    case 302:  // ppoll
    case 312:  // epoll_pwait
      return true;
    default: return false;
  }
}

}  // namespace

guest_thread* process::find_thread(int tid) {
  for (auto& t : threads_)
    if (t->tid == tid && !t->exited) return t.get();
  return nullptr;
}

int64_t process::park(wait_state w) {
  guest_thread& t = *cur_;
  t.wait = std::move(w);
  t.wait_seq = ++wait_seq_;
  t.parked = true;
  t.woken = false;
  return kParked;
}

bool process::would_block_host() const {
  size_t live = 0;
  for (auto& t : threads_) live += !t->exited;
  return live <= 1;
}

namespace {
// Calls that wait for their descriptor (the first argument): read, write, readv, writev,
// and the socket transfers.
short blocking_events(uint64_t nr) {
  switch (nr) {
    case 3:    // read
    case 145:  // readv
    case 364:  // accept4
    case 371:  // recvfrom
    case 372:  // recvmsg
      return POLLIN;
    case 4:    // write
    case 146:  // writev
    case 369:  // sendto
    case 370:  // sendmsg
      return POLLOUT;
    default: return 0;
  }
}
}  // namespace

// The blocking seam for descriptor I/O: while other threads can run, a call that would block
// on its (blocking) descriptor parks its vCPU and runs again once the descriptor is ready.
bool process::park_on_descriptor(uint64_t nr, const uint64_t* args) {
  const short events = blocking_events(nr);
  if (!events || would_block_host()) return false;
  const int fd = static_cast<int>(args[0]);
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0 || (fl & O_NONBLOCK)) return false;
  pollfd pfd = {fd, events, 0};
  if (::poll(&pfd, 1, 0) != 0) return false;  // ready (or an error the call itself reports)
  wait_state w;
  w.fd = fd;
  w.events = events;
  w.complete = [](process&, guest_thread&, wake_why why) {
    return why == wake_why::signal ? kRestartSys : kRestartNoIntr;
  };
  park(std::move(w));
  return true;
}

void process::restart_syscall(guest_thread& t) {
  t.cpu.s.gr[2] = t.orig_gr2;
  t.cpu.s.psw_addr = (t.cpu.s.psw_addr - t.svc_ilc) & t.cpu.s.amask;
}

void process::end_syscall(guest_thread& t, int64_t r, int64_t host_nr) {
  if (r == kParked || r == kKeepRegs) return;
  // A blocking host call cut short by a signal from outside: the guest's handler decides
  // whether it restarts.
  if (host_nr >= 0 && r == err(EINTR) && host_signals_recorded())
    r = never_restarted(static_cast<uint64_t>(host_nr)) ? kRestartNoHand : kRestartSys;
  t.cpu.s.gr[2] = static_cast<uint64_t>(r);
  t.restart_pending = is_restart(r);
}

// The futex waiters on `addr` (bits in `bitset`), first come first.
std::vector<guest_thread*> process::futex_waiters(uint64_t addr, uint32_t bitset) {
  std::vector<guest_thread*> out;
  for (auto& t : threads_) {
    const wait_state& w = t->wait;
    if (t->parked && !t->woken && w.on_futex && w.futex == addr && (w.bitset & bitset))
      out.push_back(t.get());
  }
  std::sort(out.begin(), out.end(),
            [](guest_thread* a, guest_thread* b) { return a->wait_seq < b->wait_seq; });
  return out;
}

int process::futex_wake(uint64_t addr, int n, uint32_t bitset) {
  int woken = 0;
  for (guest_thread* t : futex_waiters(addr, bitset)) {
    if (woken >= n) break;
    t->woken = true;
    ++woken;
  }
  return woken;
}

int process::futex_requeue(uint64_t from, uint64_t to, int n) {
  int moved = 0;
  for (guest_thread* t : futex_waiters(from, ~0u)) {
    if (moved >= n) break;
    t->wait.futex = to;
    ++moved;
  }
  return moved;
}

void process::end_thread(guest_thread& t, int code) {
  t.exited = true;
  t.parked = false;
  if (t.clear_child_tid) {
    uint32_t zero = 0;
    if (guest_write(t.clear_child_tid, &zero, 4)) futex_wake(t.clear_child_tid, 1);
  }
  if (std::all_of(threads_.begin(), threads_.end(), [](auto& x) { return x->exited; }))
    exit_with(code);
}

// Ends the waits that can end now; with `block`, first sleeps until one can.
void process::check_parked(bool block) {
  std::vector<pollfd> fds;
  std::vector<guest_thread*> fd_owner;
  bool any_deadline = false, all_futex = true;
  clock::time_point first_deadline = clock::time_point::max();
  auto finish = [this](guest_thread& t, wake_why why) {
    t.parked = false;
    t.woken = false;
    auto fn = std::move(t.wait.complete);
    t.wait = wait_state{};
    int64_t r = why == wake_why::timeout  ? err(ETIMEDOUT)
                : why == wake_why::signal ? err(EINTR)
                                          : 0;
    guest_thread* saved = cur_;
    cur_ = &t;  // completions may park again or look at "the current thread"
    if (fn) r = fn(*this, t, why);
    end_syscall(t, r, -1);
    cur_ = saved;
  };
  for (int pass = 0; pass < 2; ++pass) {
    const clock::time_point now = clock::now();
    fds.clear();
    fd_owner.clear();
    any_deadline = false;
    all_futex = true;
    first_deadline = clock::time_point::max();
    bool any_done = false;
    for (size_t k = 0; k < threads_.size(); ++k) {
      guest_thread& t = *threads_[k];
      if (!t.parked) continue;
      const wait_state& w = t.wait;
      // A signal for the whole process wakes one thread that takes it, which gets it.
      const uint64_t takes = ~t.sigmask | w.wake_signals;
      if (t.woken) {
        finish(t, wake_why::event);
      } else if ((t.pending & takes) || (pending_ & takes)) {
        for (uint64_t m = pending_ & takes & ~t.pending; m; m &= m - 1) {
          int sig = __builtin_ctzll(m) + 1;
          t.info[sig] = pending_info_[sig];
        }
        t.pending |= pending_ & takes;
        pending_ &= ~takes;
        finish(t, wake_why::signal);
      } else if (w.has_deadline && now >= w.deadline) {
        finish(t, wake_why::timeout);
      } else {
        all_futex = all_futex && w.on_futex;
        if (w.fd >= 0) {
          fds.push_back({w.fd, w.events, 0});
          fd_owner.push_back(&t);
        }
        if (w.has_deadline) {
          any_deadline = true;
          first_deadline = std::min(first_deadline, w.deadline);
        }
        continue;
      }
      any_done = true;
    }
    if (any_done || (fds.empty() && !block) || pass == 1) return;
    // Poll the descriptors (without waiting unless asked to), with the caught signals
    // unblocked only inside ppoll so that none slips in between the check and the sleep.
    timespec zero{0, 0}, until{};
    timespec* timeout = &zero;
    if (block) {
      if (any_deadline) {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(first_deadline - now);
        int64_t v = std::max<int64_t>(0, ns.count());
        until = {static_cast<time_t>(v / 1000000000), static_cast<long>(v % 1000000000)};
        timeout = &until;
      } else {
        timeout = nullptr;
        // Waits for a signal (pause, sigsuspend) are the program's plan; futex waits that
        // nothing can end are a deadlock: say so once, then block as Linux would.
        if (fds.empty() && all_futex && !warned_deadlock_) {
          std::fprintf(stderr,
                       "ssivm: deadlock: every thread of the program waits on a futex that "
                       "no thread can wake (waiting for a signal)\n");
          warned_deadlock_ = true;
        }
      }
    }
    sigset_t old;
    sigprocmask(SIG_SETMASK, nullptr, &old);
    block_caught_signals(true);
    int n = 0;
    if (!host_signals_recorded()) n = ::ppoll(fds.data(), fds.size(), timeout, &old);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    for (size_t k = 0; n > 0 && k < fds.size(); ++k)
      if (fds[k].revents) fd_owner[k]->woken = true;
    if (host_signals_recorded()) return;  // the run loop queues them, then looks again
  }
}

guest_thread* process::next_runnable() {
  // Drop the threads that have ended (never the running one, nor the last).
  for (size_t k = 0; k < threads_.size() && threads_.size() > 1;) {
    if (threads_[k]->exited && threads_[k].get() != cur_) {
      threads_.erase(threads_.begin() + static_cast<ptrdiff_t>(k));
      if (rr_ > k) --rr_;
    } else {
      ++k;
    }
  }
  const size_t n = threads_.size();
  for (size_t k = 0; k < n; ++k) {
    size_t i = (rr_ + k) % n;
    guest_thread* t = threads_[i].get();
    if (!t->exited && !t->parked) {
      rr_ = i + 1;
      return t;
    }
  }
  return nullptr;
}

int process::run(engine& e) {
  adopt_host_signals();
  // A broken pipe is the guest's signal to take (sys_write), not the end of ssivm.
  std::signal(SIGPIPE, SIG_IGN);
  auto t0 = clock::now();
  double sys = 0;
  while (!exited_) {
    if (uint64_t host = take_host_signals()) {
      for (int sig = 1; sig <= 31; ++sig)
        if (host & sig_bit(sig)) send_signal(nullptr, sig, host_signal_info(sig));
    }
    check_parked(false);
    guest_thread* t = next_runnable();
    if (!t) {
      check_parked(true);
      continue;
    }
    cur_ = t;
    deliver_signals(*t);
    size_t runnable = 0;
    for (auto& x : threads_) runnable += !x->exited && !x->parked;
    int64_t budget = runnable > 1 ? kSharedSlice : kSoloSlice;
    yield_ = false;
    while (!exited_ && budget > 0 && !t->parked && !t->exited && !yield_) {
      set_running_cpu(&t->cpu);
      slice_result r = e.run(t->cpu, budget);
      set_running_cpu(nullptr);
      __atomic_fetch_and(&t->cpu.exit_request, static_cast<uint8_t>(~exit_bit::kExternal),
                         __ATOMIC_RELAXED);
      stats_.instructions += r.executed;
      budget -= static_cast<int64_t>(r.executed) + 1;
      switch (r.why) {
        case stop_reason::budget: budget = 0; break;
        case stop_reason::exit_request: break;
        case stop_reason::svc: {
          auto s0 = clock::now();
          syscall();
          sys += std::chrono::duration<double>(clock::now() - s0).count();
          if (threads_.size() > 1) budget = std::min(budget, kSharedSlice);  // a new thread
          break;
        }
        case stop_reason::program: deliver_program_interruption(); break;
      }
      if (host_signals_recorded()) break;
      if (!t->parked && !t->exited) deliver_signals(*t);
    }
  }
  stats_.seconds = std::chrono::duration<double>(clock::now() - t0).count();
  stats_.syscall_seconds = sys;
  return exit_code_;
}

}  // namespace ssivm::runtime::linux_abi
