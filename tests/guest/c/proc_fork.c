// Processes: fork, vfork and clone-style children; wait4/waitpid/waitid with exit codes and
// deaths by signal; copy-on-write separation; pipes between parent and child; process groups.
// Prints only what is the same on every run (no pids, no times).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int shared_value = 10;
static pid_t child_tid_slot;

// A clone() child on its own stack (no CLONE_VM: a copy of the parent's storage).
static int clone_child(void* arg) {
  int ok_stack = (char*)&arg > (char*)arg - 65536 && (char*)&arg < (char*)arg;
  int ok_tid = child_tid_slot == getpid();
  shared_value = 1234;
  return 40 + ok_stack * 2 + ok_tid;
}

static void describe(const char* what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by signal %d%s\n", what, WTERMSIG(status),
           WCOREDUMP(status) ? " (core)" : "");
  else
    printf("%s: status %#x\n", what, status);
}

// Quietly: the emulators report core-dumping signals on stderr.
static void quiet_stderr(void) {
  int fd = open("/dev/null", O_WRONLY);
  dup2(fd, 2);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);  // children must not inherit unwritten output

  // Exit codes, in order of creation.
  for (int code = 0; code < 4; ++code) {
    pid_t pid = fork();
    if (pid == 0) _exit(code * 50);
    int status;
    pid_t got = waitpid(pid, &status, 0);
    printf("waitpid returned the child: %d\n", got == pid);
    describe("exit", status);
  }

  // Deaths by signal: raised by the child itself, and sent by the parent.
  int sigs[] = {SIGTERM, SIGKILL, SIGUSR1, SIGABRT, SIGSEGV};
  for (unsigned k = 0; k < sizeof sigs / sizeof sigs[0]; ++k) {
    pid_t pid = fork();
    if (pid == 0) {
      quiet_stderr();
      if (sigs[k] == SIGABRT) abort();
      if (sigs[k] == SIGSEGV) *(volatile int*)0 = 1;
      raise(sigs[k]);
      _exit(99);
    }
    int status;
    waitpid(pid, &status, 0);
    describe(strsignal(sigs[k]), status);
  }
  int block[2];
  pipe(block);
  pid_t sleeper = fork();
  if (sleeper == 0) {
    char ch;
    close(block[1]);
    read(block[0], &ch, 1);  // never written: blocks until killed
    _exit(1);
  }
  close(block[0]);
  int status;
  printf("WNOHANG while running: %d\n", waitpid(sleeper, &status, WNOHANG));
  kill(sleeper, SIGTERM);
  waitpid(sleeper, &status, 0);
  describe("killed by parent", status);
  close(block[1]);

  // The child's storage is a copy.
  pid_t pid = fork();
  if (pid == 0) {
    shared_value = 99;
    printf("child sees %d\n", shared_value);
    _exit(shared_value);
  }
  waitpid(pid, &status, 0);
  printf("parent still sees %d, child exited %d\n", shared_value, WEXITSTATUS(status));

  // A pipe from child to parent.
  int fds[2];
  pipe(fds);
  pid = fork();
  if (pid == 0) {
    close(fds[0]);
    for (int i = 0; i < 1000; ++i) dprintf(fds[1], "line %d\n", i);
    _exit(0);
  }
  close(fds[1]);
  char buf[4096];
  long total = 0, lines = 0;
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) {
    total += n;
    for (ssize_t i = 0; i < n; ++i) lines += buf[i] == '\n';
  }
  close(fds[0]);
  waitpid(pid, &status, 0);
  printf("pipe carried %ld bytes in %ld lines\n", total, lines);

  // Several children, reaped by wait(-1) in any order: count them.
  for (int i = 0; i < 5; ++i)
    if (fork() == 0) _exit(10 + i);
  int sum = 0, reaped = 0;
  while ((pid = wait(&status)) > 0) {
    sum += WEXITSTATUS(status);
    ++reaped;
  }
  printf("reaped %d children, statuses sum to %d, then errno ECHILD: %d\n", reaped, sum,
         errno == ECHILD);

  // waitid with its siginfo.
  pid = fork();
  if (pid == 0) _exit(17);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  waitid(P_PID, pid, &si, WEXITED);
  printf("waitid: signo %d code %d (CLD_EXITED %d) status %d pid matches %d\n", si.si_signo,
         si.si_code, CLD_EXITED, si.si_status, si.si_pid == pid);
  pid = fork();
  if (pid == 0) {
    raise(SIGKILL);
    _exit(0);
  }
  memset(&si, 0, sizeof si);
  waitid(P_ALL, 0, &si, WEXITED);
  printf("waitid: code %d (CLD_KILLED %d) status %d\n", si.si_code, CLD_KILLED, si.si_status);
  memset(&si, 0xff, sizeof si);
  int r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
  printf("waitid without children: %d errno ECHILD %d\n", r, errno == ECHILD);

  // wait4 with resource usage.
  pid = fork();
  if (pid == 0) {
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 1000000; ++i) x += i;
    _exit(3);
  }
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  pid_t got = wait4(pid, &status, 0, &ru);
  printf("wait4: child %d, status %d, times sane %d\n", got == pid, WEXITSTATUS(status),
         ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);

  // vfork: the parent waits until the child exits.
  pid = vfork();
  if (pid == 0) _exit(21);
  waitpid(pid, &status, 0);
  describe("vfork", status);

  // clone() with a new stack, the exit signal in the flags, and the child's tid store.
  // (Not CLONE_PARENT_SETTID: qemu-user 7.2 stores it in the child, the kernel in the parent.)
  static char stack[65536] __attribute__((aligned(16)));
  char* top = stack + sizeof stack;
  pid = clone(clone_child, top, SIGCHLD | CLONE_CHILD_SETTID, top, NULL, NULL, &child_tid_slot);
  waitpid(pid, &status, 0);
  printf("clone: child on its stack with its tid stored: %d, parent's values kept: %d\n",
         WEXITSTATUS(status), shared_value == 10 && child_tid_slot == 0);

  // Process groups and sessions.
  printf("getpgid(0) == getpgrp(): %d\n", getpgid(0) == getpgrp());
  printf("getsid(0) == getsid(getpid()): %d\n", getsid(0) == getsid(getpid()));
  pid = fork();
  if (pid == 0) {
    int ok = setpgid(0, 0) == 0 && getpgrp() == getpid();
    int sid = setsid();
    _exit(ok * 2 + (sid == getpid()));
  }
  waitpid(pid, &status, 0);
  printf("child made its own group and session: %d\n", WEXITSTATUS(status));
  printf("getpgid of no such process: %d errno ESRCH %d\n", getpgid(0x7ffffff0), errno == ESRCH);
  printf("waitpid without children: %d errno ECHILD %d\n", waitpid(-1, &status, 0),
         errno == ECHILD);
  return 0;
}
