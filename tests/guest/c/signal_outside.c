// Guest program: signals sent from outside (tests/guest/outside_signal.sh sends one after
// each "ready" line): caught while computing, while in sigsuspend, while blocked in a read
// from an empty pipe (EINTR), and finally SIGUSR2 with its default action while blocked:
// pending until unblocked, then it ends the program.
// (Not SIGINT: a shell starts background commands with SIGINT ignored.)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got, code;

static void on_signal(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got = sig;
  code = si->si_code;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);

  printf("ready 1\n");
  unsigned long spins = 0;
  while (!got) ++spins;  // a long-running guest notices within one slice
  printf("got signal %d (si_code %d) while computing\n", got, code);

  got = 0;
  sigset_t block, none;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigprocmask(SIG_BLOCK, &block, NULL);
  sigemptyset(&none);
  printf("ready 2\n");
  int r = sigsuspend(&none);
  printf("sigsuspend returned %d (EINTR %d) after signal %d\n", r, errno == EINTR, got);

  got = 0;
  int fds[2];
  pipe(fds);
  char c;
  printf("ready 3\n");
  r = (int)read(fds[0], &c, 1);
  printf("read returned %d (EINTR %d) after signal %d\n", r, errno == EINTR, got);

  // Blocked with its default action: kept pending, and fatal once unblocked.
  sigset_t usr2, pending;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  sigprocmask(SIG_BLOCK, &usr2, NULL);
  printf("ready 4\n");
  do {
    usleep(10000);
    sigpending(&pending);
  } while (!sigismember(&pending, SIGUSR2));
  printf("SIGUSR2 pending while blocked\n");
  sigprocmask(SIG_UNBLOCK, &usr2, NULL);
  printf("not reached\n");
  return 0;
}
