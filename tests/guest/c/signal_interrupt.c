// Guest program: signals that interrupt blocking system calls and signals from outside the
// program (host interval timers): nanosleep ends early with EINTR, a read from an empty
// pipe fails with EINTR without SA_RESTART and is restarted with it, pause() returns after
// the handler, and a stack overflow is caught on a sigaltstack.
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static int pipefd[2];

static void on_alarm(int sig) {
  (void)sig;
  ++alarms;
}
static void on_alarm_write(int sig) {
  (void)sig;
  ++alarms;
  write(pipefd[1], "x", 1);  // the restarted read finds this
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}
// Long enough for the code between arming the timer and blocking to run first, even when an
// engine compiles that code on first execution (the JIT takes milliseconds per block).
enum { kTimerMs = 200 };
static void timer_ms(int ms) {
  struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

static sigjmp_buf jb;
static char *alt_lo, *alt_hi;
static volatile int on_alt;
static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)si, (void)uc;
  char here;
  on_alt = &here >= alt_lo && &here < alt_hi;
  siglongjmp(jb, 1);
}
static int recurse(int n) {
  volatile char buf[1024];
  buf[0] = (char)n;
  return recurse(n + 1) + buf[0];
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);

  handle(SIGALRM, on_alarm, 0);
  timer_ms(kTimerMs);
  struct timespec req = {5, 0}, rem = {0, 0};
  int r = nanosleep(&req, &rem);
  printf("nanosleep: %d EINTR %d, alarms %d, time left %d\n", r, errno == EINTR, alarms,
         rem.tv_sec >= 3 && rem.tv_sec <= 5);

  pipe(pipefd);
  char c = 0;
  timer_ms(kTimerMs);
  r = (int)read(pipefd[0], &c, 1);
  printf("read without SA_RESTART: %d EINTR %d, alarms %d\n", r, errno == EINTR, alarms);

  handle(SIGALRM, on_alarm_write, SA_RESTART);
  timer_ms(kTimerMs);
  r = (int)read(pipefd[0], &c, 1);
  printf("read with SA_RESTART: %d '%c', alarms %d\n", r, c, alarms);

  handle(SIGALRM, on_alarm, 0);
  timer_ms(kTimerMs);
  r = pause();
  printf("pause: %d EINTR %d, alarms %d\n", r, errno == EINTR, alarms);

  struct itimerval cur;
  getitimer(ITIMER_REAL, &cur);
  printf("timer disarmed: %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

  static char alt[65536];
  alt_lo = alt;
  alt_hi = alt + sizeof alt;
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, NULL);
  if (!sigsetjmp(jb, 1)) recurse(0);
  stack_t now;
  sigaltstack(NULL, &now);
  printf("stack overflow caught on the alternate stack: %d, altstack still set: %d\n", on_alt,
         now.ss_sp == alt && now.ss_flags == 0);
  return 0;
}
