// Guest program: signal handlers as Linux s390x runs them — faults caught with siginfo
// (SIGSEGV with the page of the access, SIGFPE/SIGILL with the instruction address),
// siglongjmp out of a handler, handlers that change the interrupted registers and PSW,
// sigqueue values, SA_RESETHAND, SA_NODEFER, masks and sigsuspend, sigtimedwait, and
// frames returned through the kernel's own trampoline (no SA_RESTORER).
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int last_sig, last_code;
static void *last_addr;
static unsigned long last_psw;

static void catch_jump(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  last_sig = sig;
  last_code = si->si_code;
  last_addr = si->si_addr;
  last_psw = uc->uc_mcontext.psw.addr;
  siglongjmp(jb, 1);
}

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static volatile long zero;
static unsigned insn_len(unsigned long a) {
  unsigned op = *(unsigned char *)a;
  return op < 0x40 ? 2 : op < 0xc0 ? 4 : 6;
}

static void faults(void) {
  on(SIGSEGV, catch_jump, 0);
  on(SIGFPE, catch_jump, 0);
  on(SIGILL, catch_jump, 0);
  if (!sigsetjmp(jb, 1)) *(volatile int *)0x2468 = 1;
  printf("store to 0x2468: sig %d code %d addr %p, psw at the store: %u\n", last_sig, last_code,
         last_addr, insn_len(last_psw) >= 4);

  char *page = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (!sigsetjmp(jb, 1)) page[4096 + 100] = 1;
  printf("store to a read-only page: sig %d code %d page offset %ld\n", last_sig, last_code,
         (long)((char *)last_addr - page));
  munmap(page, 8192);

  if (!sigsetjmp(jb, 1)) printf("%ld\n", 5 / zero);
  printf("divide by zero: sig %d code %d psw - addr %ld\n", last_sig, last_code,
         (long)(last_psw - (unsigned long)last_addr));

  if (!sigsetjmp(jb, 1)) asm volatile(".short 0x0000");
  printf("invalid opcode: sig %d code %d psw - addr %ld\n", last_sig, last_code,
         (long)(last_psw - (unsigned long)last_addr));

  if (!sigsetjmp(jb, 1)) {
    volatile double d = 0;
    asm volatile("sfpc %0" ::"d"(0xf8000000));  // IEEE traps on
    printf("%f\n", 1.0 / d);
  }
  asm volatile("sfpc %0" ::"d"(0));
  printf("float divide by zero: sig %d code %d\n", last_sig, last_code);
}

// Handlers that fix the interrupted context and return into it.
static void set_r2(int sig, siginfo_t *si, void *ucv) {
  (void)sig, (void)si;
  ucontext_t *uc = ucv;
  uc->uc_mcontext.gregs[2] = 1234;  // the PSW is already past the invalid instruction
}
static void skip_insn(int sig, siginfo_t *si, void *ucv) {
  (void)sig, (void)si;
  ucontext_t *uc = ucv;
  uc->uc_mcontext.psw.addr += insn_len(uc->uc_mcontext.psw.addr);
  uc->uc_mcontext.gregs[3] = 99;
}
// The classic user-space paging trick: the handler makes the page accessible and returns;
// the access is retried (the PSW in the frame is at the faulting instruction).
static char *lazy_page;
static volatile int lazy_faults;
static void map_on_fault(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  ++lazy_faults;
  mprotect((void *)((unsigned long)si->si_addr & ~4095ul), 4096, PROT_READ | PROT_WRITE);
}
static void retry_after_fault(void) {
  on(SIGSEGV, map_on_fault, 0);
  lazy_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  lazy_page[123] = 5;  // no access: maps it
  mprotect(lazy_page, 4096, PROT_READ);
  lazy_page[124] = 6;  // read-only: made writable
  printf("retried accesses: %d %d after %d faults\n", lazy_page[123], lazy_page[124], lazy_faults);
  munmap(lazy_page, 4096);
}

static void modify_context(void) {
  on(SIGILL, set_r2, 0);
  register long r2 asm("r2") = 5;
  asm volatile(".short 0x0000" : "+d"(r2));
  printf("after SIGILL handler: r2 = %ld\n", r2);

  on(SIGSEGV, skip_insn, 0);
  register long r3 asm("r3") = 0;
  asm volatile("mvi 0(%1),1" : "+d"(r3) : "a"(0x10) : "memory");
  printf("after SIGSEGV handler skipped the store: r3 = %ld\n", r3);
}

static volatile int depth, max_depth, count_usr1;
static volatile int got_value, got_code;
static void queued(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  got_value = si->si_value.sival_int;
  got_code = si->si_code;
}
static void nested(int sig, siginfo_t *si, void *uc) {
  (void)si, (void)uc;
  ++count_usr1;
  if (++depth > max_depth) max_depth = depth;
  if (count_usr1 < 3) raise(sig);
  --depth;
}
static void counting(int sig) {
  (void)sig;
  ++count_usr1;
}

static void dispositions(void) {
  on(SIGUSR1, queued, 0);
  union sigval v = {.sival_int = 4242};
  sigqueue(getpid(), SIGUSR1, v);
  printf("sigqueue: value %d code %d (SI_QUEUE %d)\n", got_value, got_code, SI_QUEUE);
  raise(SIGUSR1);
  printf("raise: code %d (SI_TKILL %d)\n", got_code, SI_TKILL);
  kill(getpid(), SIGUSR1);
  printf("kill: code %d (SI_USER %d)\n", got_code, SI_USER);

  // Without SA_NODEFER the raise inside the handler waits for it to return; with it, nests.
  count_usr1 = max_depth = 0;
  on(SIGUSR1, nested, 0);
  raise(SIGUSR1);
  printf("deferred: handler ran %d times, max depth %d\n", count_usr1, max_depth);
  count_usr1 = max_depth = 0;
  on(SIGUSR1, nested, SA_NODEFER);
  raise(SIGUSR1);
  printf("SA_NODEFER: handler ran %d times, max depth %d\n", count_usr1, max_depth);

  // SA_RESETHAND: one delivery, then the default action is back.
  count_usr1 = 0;
  on(SIGUSR2, nested, SA_RESETHAND);
  count_usr1 = 2;  // no re-raise
  raise(SIGUSR2);
  struct sigaction now;
  sigaction(SIGUSR2, NULL, &now);
  printf("SA_RESETHAND: ran, disposition now default: %d\n", now.sa_handler == SIG_DFL);

  // The handler's sa_mask is blocked while it runs.
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = counting;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  count_usr1 = 0;
  raise(SIGHUP);
  sigset_t cur;
  sigprocmask(SIG_SETMASK, NULL, &cur);
  printf("after a handler: SIGTERM blocked %d, SIGHUP blocked %d, count %d\n",
         sigismember(&cur, SIGTERM), sigismember(&cur, SIGHUP), count_usr1);
}

static void masks(void) {
  sigset_t block, old, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  count_usr1 = 0;
  raise(SIGUSR1);
  sigpending(&pending);
  printf("blocked: count %d, pending %d\n", count_usr1, sigismember(&pending, SIGUSR1));
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  int r = sigsuspend(&wait_mask);
  int e = errno;
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  printf("sigsuspend: %d errno EINTR %d, count %d, SIGUSR1 blocked again %d\n", r, e == EINTR,
         count_usr1, sigismember(&after, SIGUSR1));

  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, NULL);
  union sigval v = {.sival_int = 77};
  sigqueue(getpid(), SIGUSR2, v);
  siginfo_t si;
  struct timespec ts = {1, 0};
  int s = sigtimedwait(&block, &si, &ts);
  printf("sigtimedwait: sig %d value %d code %d\n", s, si.si_value.sival_int, si.si_code);
  ts.tv_sec = 0;
  ts.tv_nsec = 1000000;
  s = sigtimedwait(&block, &si, &ts);
  printf("sigtimedwait with nothing pending: %d errno EAGAIN %d\n", s, errno == EAGAIN);
  sigprocmask(SIG_SETMASK, &old, NULL);
}

// Handlers installed with the raw system call and no SA_RESTORER return through the
// trampoline the kernel writes into the frame (svc 119 / svc 173).
struct kernel_sigaction {
  void *handler;
  unsigned long flags;
  void *restorer;
  unsigned long mask;
};
static volatile int plain_sig, rt_sig;
static volatile double fp_seen;
static void plain_handler(int sig) {
  plain_sig = sig;
  fp_seen = 2.5 * sig;  // uses FPRs: the interrupted ones must come back
}
static void rt_handler(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  rt_sig = sig * 100 + (si->si_signo == sig);
}
static void trampolines(void) {
  struct kernel_sigaction ka = {(void *)plain_handler, 0, NULL, 0};
  syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
  struct kernel_sigaction kb = {(void *)rt_handler, SA_SIGINFO, NULL, 0};
  syscall(SYS_rt_sigaction, SIGUSR2, &kb, NULL, 8);
  volatile double keep = 1.25;
  double before = keep * 3;
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
  printf("trampolines: plain %d (fp %.1f), rt %d, fp kept %.2f\n", plain_sig, fp_seen, rt_sig,
         before);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  faults();
  modify_context();
  retry_after_fault();
  dispositions();
  masks();
  trampolines();
  printf("done\n");
  return 0;
}
