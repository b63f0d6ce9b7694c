// Signal delivery as Linux s390x does it: which signal a program interruption raises, the
// order signals are taken in, the rt_sigframe / sigframe a handler runs on, and sigreturn.
// Layouts (arch/s390/kernel/signal.c, asm/sigcontext.h, asm/ucontext.h; facts, not code):
//   _sigregs     psw mask, psw addr, gprs[16], acrs[16] (u32), fpc, pad, fprs[16]   344 bytes
//   rt_sigframe  160 bytes callee save area, svc insn @160, siginfo @168, ucontext @296
//                (uc_flags, uc_link, uc_stack{sp, flags, size}, uc_mcontext @336,
//                uc_sigmask @680, 120 bytes room, vector area @808 only with the vector
//                facility, which we do not present: the frame is 808 bytes)
//   sigframe     160 bytes save area, sigcontext{oldmask, sregs*} @160, _sigregs @176,
//                signo @520; without vector registers 536 bytes, svc insn in its last 2
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "runtime/linux/signal.hpp"
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {

namespace {

constexpr uint64_t kSaveArea = 160;
constexpr uint64_t kRtInfo = 168, kRtUc = 296, kRtMcontext = 336, kRtSigmask = 680,
                   kRtFrameSize = 808;
constexpr uint64_t kSc = 160, kScSregs = 176, kScSigno = 520, kScFrameSize = 536;
constexpr uint64_t kSigregsSize = 344;
static_assert(kRtMcontext + kSigregsSize == kRtSigmask && kScSregs + kSigregsSize == kScSigno);
constexpr uint16_t kSvcOpcode = 0x0a00;
constexpr unsigned kNrSigreturn = 119, kNrRtSigreturn = 173;

// PSW bits a program may change through sigreturn: ASC, CC, program mask, EA, BA.
constexpr uint64_t kPswAsc = 3ull << 46, kPswCc = 3ull << 44, kPswPm = 0xfull << 40;
constexpr uint64_t kPswEa = 1ull << 32, kPswBa = 1ull << 31;
constexpr uint64_t kPswUser = kPswAsc | kPswCc | kPswPm | kPswEa | kPswBa;

bool default_ignores(int sig) {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
    case SIGCONT:
    case SIGSTOP:  // stopping a guest: not yet, the stop signals are ignored
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU: return true;
    default: return false;
  }
}

void save_sigregs(const arch::cpu& c, uint8_t* r) {
  put64(r, c.s.psw_mask | (static_cast<uint64_t>(c.s.cc & 3) << 44));
  put64(r + 8, c.s.psw_addr);
  for (unsigned k = 0; k < 16; ++k) put64(r + 16 + 8 * k, c.s.gr[k]);
  for (unsigned k = 0; k < 16; ++k) put32(r + 144 + 4 * k, c.s.ar[k]);
  put32(r + 208, c.s.fpc);
  for (unsigned k = 0; k < 16; ++k) put64(r + 216 + 8 * k, c.s.fpr[k]);
}

void set_amode_bits(arch::cpu& c) {
  if (c.s.psw_mask & kPswEa) c.s.psw_mask |= kPswBa;
  c.s.amode = (c.s.psw_mask & kPswEa) ? 64 : (c.s.psw_mask & kPswBa) ? 31 : 24;
  c.s.amask = c.s.amode == 64 ? ~0ull : c.s.amode == 31 ? 0x7fffffffull : 0xffffffull;
}

void restore_sigregs(arch::cpu& c, const uint8_t* r) {
  uint64_t mask = get64(r);
  mask = (c.s.psw_mask & ~kPswUser) | (mask & kPswUser);
  if ((mask & kPswAsc) == kPswAsc) mask &= ~kPswAsc;  // home space: back to primary
  c.s.cc = static_cast<uint8_t>((mask >> 44) & 3);
  c.s.psw_mask = mask & ~kPswCc;
  set_amode_bits(c);
  c.s.psw_addr = get64(r + 8) & c.s.amask;
  for (unsigned k = 0; k < 16; ++k) c.s.gr[k] = get64(r + 16 + 8 * k);
  for (unsigned k = 0; k < 16; ++k) c.s.ar[k] = get32(r + 144 + 4 * k);
  c.s.fpc = get32(r + 208);
  for (unsigned k = 0; k < 16; ++k) c.s.fpr[k] = get64(r + 216 + 8 * k);
}

// Host side of signals from outside: the handler only records.
std::atomic<uint64_t> g_host_pending{0};
std::atomic<arch::cpu*> g_running{nullptr};
sigset_t g_caught;
bool g_caught_init = false;
struct host_sender {
  int32_t code, pid;
  uint32_t uid;
};
host_sender g_sender[65];

void record(int sig, siginfo_t* si, void*) {
  if (si) g_sender[sig] = {si->si_code, si->si_pid, static_cast<uint32_t>(si->si_uid)};
  g_host_pending.fetch_or(sig_bit(sig));
  if (arch::cpu* c = g_running.load())
    __atomic_fetch_or(&c->exit_request, exit_bit::kExternal, __ATOMIC_RELAXED);
}

}  // namespace

int signal_for_program_interruption(uint16_t code, uint8_t dxc, int& si_code) {
  namespace pic = arch::pic;
  constexpr int kIllOpc = 1, kIllOpn = 2, kIllPrvOpc = 5;
  constexpr int kFpeIntDiv = 1, kFpeIntOvf = 2, kFpeFltDiv = 3, kFpeFltOvf = 4, kFpeFltUnd = 5,
                kFpeFltRes = 6, kFpeFltInv = 7;
  constexpr int kSegvMapErr = 1, kSegvAccErr = 2;
  si_code = 0;
  switch (code) {
    case pic::operation: si_code = kIllOpc; return SIGILL;
    case pic::privileged_operation: si_code = kIllPrvOpc; return SIGILL;
    case pic::protection: si_code = kSegvAccErr; return SIGSEGV;
    case pic::addressing:
    case pic::segment_translation:
    case pic::page_translation: si_code = kSegvMapErr; return SIGSEGV;
    case pic::data:
      // A data-exception code is an IEEE exception (bits 6-7 zero: the kind from the flags)
      // or compare-and-trap and the like (si_code 0); plain decimal data is SIGILL.
      if (!dxc) {
        si_code = kIllOpn;
        return SIGILL;
      }
      if ((dxc & 3) == 0)
        si_code = (dxc & 0x80)   ? kFpeFltInv
                  : (dxc & 0x40) ? kFpeFltDiv
                  : (dxc & 0x20) ? kFpeFltOvf
                  : (dxc & 0x10) ? kFpeFltUnd
                  : (dxc & 0x08) ? kFpeFltRes
                                 : 0;
      return SIGFPE;
    case pic::fixed_point_overflow:
    case pic::decimal_overflow: si_code = kFpeIntOvf; return SIGFPE;
    case pic::fixed_point_divide:
    case pic::decimal_divide: si_code = kFpeIntDiv; return SIGFPE;
    case pic::hfp_divide: si_code = kFpeFltDiv; return SIGFPE;
    case pic::hfp_exponent_overflow: si_code = kFpeFltOvf; return SIGFPE;
    default: si_code = kIllOpn; return SIGILL;
  }
}

void catch_host_signal(int sig, bool catch_it) {
  switch (sig) {
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:
    case SIGTRAP:
    case SIGSYS:
    case SIGPIPE:  // ssivm ignores it: a write reports EPIPE and raises the guest's SIGPIPE
    case SIGTSTP:  // job control stops and continues ssivm itself
    case SIGTTIN:
    case SIGTTOU:
    case SIGCONT: return;
    default:
      if (sig < 1 || sig > 31) return;  // the host C library owns the real-time signals
  }
  if (!g_caught_init) {
    sigemptyset(&g_caught);
    g_caught_init = true;
  }
  struct sigaction sa {};
  if (catch_it) {
    sa.sa_sigaction = &record;
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART: a blocking host call returns EINTR
    sigfillset(&sa.sa_mask);
    sigaddset(&g_caught, sig);
  } else {
    sa.sa_handler = SIG_DFL;
    sigdelset(&g_caught, sig);
  }
  ::sigaction(sig, &sa, nullptr);
}

uint64_t take_host_signals() { return g_host_pending.exchange(0); }
siginfo_bytes host_signal_info(int sig) {
  const host_sender& s = g_sender[sig];
  return sender_info(sig, s.code, s.pid, s.uid);
}
bool host_signals_recorded() { return g_host_pending.load(std::memory_order_relaxed) != 0; }
void set_running_cpu(arch::cpu* c) { g_running.store(c, std::memory_order_relaxed); }
void block_caught_signals(bool block) {
  if (!g_caught_init) return;
  ::sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &g_caught, nullptr);
}

// ---- process side --------------------------------------------------------------------------

// Signals ignored by whoever started us stay ignored, as across execve. The others are
// recorded when they arrive and delivered as the guest's dispositions and masks say (a
// default action that ends the program ends ssivm the same way) — except those whose default
// is to be ignored (SIGCHLD, SIGWINCH, SIGURG): they are caught only while the guest has a
// handler for them, so they do not interrupt host calls for nothing.
void process::adopt_host_signals() {
  for (int sig = 1; sig <= 31; ++sig) {
    struct sigaction host {};
    if (sig == SIGKILL || sig == SIGSTOP || ::sigaction(sig, nullptr, &host) != 0) continue;
    const uint64_t handler = decode_sigaction(sigactions_[sig]).handler;
    if (host.sa_handler == SIG_IGN && sig != SIGPIPE) {  // SIGPIPE: ssivm's own SIG_IGN
      if (handler == kSigDfl) put64(sigactions_[sig].data(), kSigIgn);
    } else if (host.sa_handler == SIG_DFL) {
      catch_host_signal(sig, !default_ignores(sig) || handler > kSigIgn);
    }
  }
}

void process::set_sigaction(int sig, const std::array<uint8_t, 32>& act) {
  sigactions_[sig] = act;
  guest_sigaction a = decode_sigaction(act);
  if (default_ignores(sig)) catch_host_signal(sig, a.handler > kSigIgn);
  if (a.handler == kSigIgn || (a.handler == kSigDfl && default_ignores(sig))) discard_pending(sig);
}

void process::discard_pending(int sig) {
  pending_ &= ~sig_bit(sig);
  for (auto& t : threads_) t->pending &= ~sig_bit(sig);
}

void process::send_signal(guest_thread* t, int sig, const siginfo_bytes& info) {
  guest_sigaction a = decode_sigaction(sigactions_[sig]);
  bool ignored = a.handler == kSigIgn || (a.handler == kSigDfl && default_ignores(sig));
  guest_thread& target = t ? *t : *cur_;
  if (ignored && !(target.sigmask & sig_bit(sig)) && sig != SIGKILL) return;
  uint64_t& pending = t ? t->pending : pending_;
  auto& slot = t ? t->info[sig] : pending_info_[sig];
  if (!(pending & sig_bit(sig)) || sig >= 32) slot = info;
  pending |= sig_bit(sig);
}

void process::raise_signal(int sig) {
  send_signal(cur_, sig, sender_info(sig, kSiUser, ::getpid(), ::getuid()));
}

void process::force_signal(guest_thread& t, int sig, const siginfo_bytes& info) {
  guest_sigaction a = decode_sigaction(sigactions_[sig]);
  if (a.handler == kSigIgn || (t.sigmask & sig_bit(sig))) {
    std::memset(sigactions_[sig].data(), 0, 8);  // back to SIG_DFL, as force_sig does
    t.sigmask &= ~sig_bit(sig);
  }
  t.info[sig] = info;
  t.pending |= sig_bit(sig);
}

void process::set_signal_mask(uint64_t m) { cur_->sigmask = m & ~kUnblockable; }

int process::dequeue_signal(guest_thread& t, uint64_t set, siginfo_bytes& info) {
  uint64_t ready = (t.pending | pending_) & set;
  if (!ready) return 0;
  uint64_t sync = ready & kSynchronousSignals;
  int sig = __builtin_ctzll(sync ? sync : ready) + 1;
  if (t.pending & sig_bit(sig)) {
    t.pending &= ~sig_bit(sig);
    info = t.info[sig];
  } else {
    pending_ &= ~sig_bit(sig);
    info = pending_info_[sig];
  }
  return sig;
}

void process::deliver_signals(guest_thread& t) {
  while (!exited_) {
    siginfo_bytes info;
    int sig = dequeue_signal(t, ~t.sigmask, info);
    if (!sig) break;
    guest_sigaction a = decode_sigaction(sigactions_[sig]);
    if (sig == SIGKILL || (a.handler == kSigDfl && !default_ignores(sig))) {
      die_by_signal(sig);
      return;
    }
    if (a.handler == kSigDfl || a.handler == kSigIgn) continue;
    if (t.restart_pending) {
      // The interrupted system call: EINTR, or restarted when the handler asks for it.
      t.restart_pending = false;
      int64_t r = static_cast<int64_t>(t.cpu.s.gr[2]);
      if (r == kRestartNoIntr || (r == kRestartSys && (a.flags & kSaRestart)))
        restart_syscall(t);
      else
        t.cpu.s.gr[2] = static_cast<uint64_t>(err(EINTR));
    }
    if (!setup_frame(t, sig, info)) {
      die_by_signal(SIGSEGV);  // no room for the frame: the kernel's force_sigsegv
      return;
    }
    t.has_saved_mask = false;
    t.sigmask |= (a.mask | ((a.flags & kSaNoDefer) ? 0 : sig_bit(sig))) & ~kUnblockable;
    if (a.flags & kSaResetHand) std::memset(sigactions_[sig].data(), 0, 8);
  }
  if (t.restart_pending) {
    t.restart_pending = false;
    restart_syscall(t);
  }
  if (t.has_saved_mask) {
    t.sigmask = t.saved_mask;
    t.has_saved_mask = false;
  }
}

namespace {
bool on_altstack(const guest_thread& t, uint64_t sp) {
  return sp > t.ss_sp && sp - t.ss_sp <= t.ss_size;
}
int altstack_flags(const guest_thread& t, uint64_t sp) {
  if (!t.ss_size) return kSsDisable;
  return on_altstack(t, sp) ? kSsOnStack : 0;
}
}  // namespace

bool process::setup_frame(guest_thread& t, int sig, const siginfo_bytes& info) {
  guest_sigaction a = decode_sigaction(sigactions_[sig]);
  arch::cpu& c = t.cpu;
  const bool rt = (a.flags & kSaSiginfo) != 0;
  const uint64_t size = rt ? kRtFrameSize : kScFrameSize;
  const uint64_t old_sp = c.s.gr[15];
  uint64_t sp = old_sp;
  if (on_altstack(t, sp) && !on_altstack(t, (sp - size) & ~7ull)) return false;
  if ((a.flags & kSaOnStack) && altstack_flags(t, sp) == 0) sp = t.ss_sp + t.ss_size;
  const uint64_t frame = (sp - size) & ~7ull;
  const uint64_t mask = t.has_saved_mask ? t.saved_mask : t.sigmask;
  uint8_t f[kRtFrameSize] = {};
  put64(f, old_sp);  // back chain
  uint64_t svc_at;
  if (rt) {
    svc_at = kSaveArea;
    std::memcpy(f + kRtInfo, info.data(), info.size());
    put64(f + kRtUc + 16, t.ss_sp);
    put32(f + kRtUc + 24, static_cast<uint32_t>(altstack_flags(t, old_sp)));
    put64(f + kRtUc + 32, t.ss_size);
    save_sigregs(c, f + kRtMcontext);
    put64(f + kRtSigmask, mask);
  } else {
    svc_at = kScFrameSize - 2;
    put64(f + kSc, mask);
    put64(f + kSc + 8, frame + kScSregs);
    save_sigregs(c, f + kScSregs);
    put32(f + kScSigno, static_cast<uint32_t>(sig));
  }
  const uint16_t svc =
      arch::to_be(static_cast<uint16_t>(kSvcOpcode | (rt ? kNrRtSigreturn : kNrSigreturn)));
  const bool restorer = (a.flags & kSaRestorer) != 0;
  if (!restorer) std::memcpy(f + svc_at, &svc, 2);
  if (!guest_write(frame, f, size)) return false;
  c.s.gr[14] = restorer ? a.restorer : frame + svc_at;
  c.s.gr[15] = frame;
  c.s.psw_mask = (c.s.psw_mask & ~kPswAsc) | kPswEa | kPswBa;
  set_amode_bits(c);
  c.s.psw_addr = a.handler & c.s.amask;
  c.s.gr[2] = static_cast<uint64_t>(sig);
  if (rt) {
    c.s.gr[3] = frame + kRtInfo;
    c.s.gr[4] = frame + kRtUc;
    c.s.gr[5] = 0;  // breaking-event address: not tracked
  } else {
    c.s.gr[3] = frame + kSc;
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
      c.s.gr[4] = c.pgm_code & 127;
      c.s.gr[5] = c.pgm_tea;
      c.s.gr[6] = 0;
    }
  }
  return true;
}

namespace {

// rt_sigreturn and sigreturn: the frame is at r15 (the handler returned to the restorer with
// its stack popped); everything comes back from it, r2 included.
int64_t sigreturn_from(process& p, bool rt) {
  guest_thread& t = p.current_thread();
  arch::cpu& c = t.cpu;
  const uint64_t frame = c.s.gr[15];
  uint8_t f[kRtFrameSize];
  const uint64_t size = rt ? kRtFrameSize : kScFrameSize;
  if (!p.guest_read(frame, f, size)) {
    p.force_signal(t, SIGSEGV, sender_info(SIGSEGV, kSiKernel, 0, 0));
    return kKeepRegs;
  }
  t.sigmask = get64(f + (rt ? kRtSigmask : kSc)) & ~kUnblockable;
  restore_sigregs(c, f + (rt ? kRtMcontext : kScSregs));
  if (rt) {
    // uc_stack: the altstack comes back as saved (restore_altstack), unless it is in use.
    uint64_t sp = get64(f + kRtUc + 16), ss_size = get64(f + kRtUc + 32);
    uint32_t flags = get32(f + kRtUc + 24);
    if (!on_altstack(t, frame)) {
      t.ss_sp = (flags & kSsDisable) ? 0 : sp;
      t.ss_size = (flags & kSsDisable) ? 0 : ss_size;
    }
  }
  t.restart_pending = false;
  return kKeepRegs;
}
int64_t sys_rt_sigreturn(process& p, const uint64_t*) { return sigreturn_from(p, true); }
int64_t sys_sigreturn(process& p, const uint64_t*) { return sigreturn_from(p, false); }

}  // namespace

void register_sigreturn_syscalls(syscall_table& t) {
  t[kNrSigreturn] = {"sigreturn", sys_sigreturn};
  t[kNrRtSigreturn] = {"rt_sigreturn", sys_rt_sigreturn};
}

}  // namespace ssivm::runtime::linux_abi
