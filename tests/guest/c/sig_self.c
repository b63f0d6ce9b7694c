// Guest program: signals a program sends itself — ignored signals, blocked signals kept
// pending (sigpending), discarded when their disposition becomes SIG_IGN, and a blocked
// terminating signal that ends the program with that signal once it is unblocked.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);  // every line out before the signal ends the program
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  kill(getpid(), SIGUSR1);
  printf("SIGUSR1 ignored, still running\n");
  raise(SIGCHLD);  // default action: ignore
  raise(SIGWINCH);
  printf("SIGCHLD and SIGWINCH ignored by default\n");

  sigset_t block, pending, old;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, &old);
  printf("old mask had SIGTERM: %d\n", sigismember(&old, SIGTERM));
  raise(SIGTERM);
  raise(SIGUSR2);
  sigpending(&pending);
  printf("pending: SIGTERM=%d SIGUSR2=%d SIGUSR1=%d\n", sigismember(&pending, SIGTERM),
         sigismember(&pending, SIGUSR2), sigismember(&pending, SIGUSR1));
  signal(SIGTERM, SIG_IGN);  // discards the pending SIGTERM
  sigpending(&pending);
  printf("after SIG_IGN: SIGTERM=%d SIGUSR2=%d\n", sigismember(&pending, SIGTERM), sigismember(&pending, SIGUSR2));
  sigprocmask(SIG_SETMASK, &old, NULL);  // SIGUSR2 (default: terminate) is delivered now
  printf("not reached\n");
  return 0;
}
