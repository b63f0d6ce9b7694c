// Processes: execve. Replaces the program in the same process (same pid), passes argv and
// envp, closes close-on-exec descriptors, resets handled signals but keeps ignored ones and
// the mask, runs `#!` scripts through their interpreter, and fails cleanly (ENOENT, EACCES,
// ENOEXEC) leaving the old program running.
//
//   proc_exec OTHER_PROGRAM SCRIPT TEXT_FILE EXECUTABLE_TEXT_FILE
// SCRIPT's #! line names this program with the option "script-option"; TEXT_FILE is not
// executable; EXECUTABLE_TEXT_FILE is executable but neither a program nor a script.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static void on_usr2(int sig) { (void)sig; }

static int run_child(char* const argv[], char* const envp[]) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execve(argv[0], argv, envp);
    printf("execve %s failed: %s\n", argv[0], strerror(errno));
    _exit(126);
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// After an exec of this program: what the new image inherited.
static int after_exec(int argc, char** argv) {
  printf("after exec: argc %d\n", argc);
  pid_t before = (pid_t)atol(argv[2]);
  printf("same pid: %d\n", before == getpid());
  int kept = atoi(argv[3]), closed = atoi(argv[4]);
  printf("plain descriptor open: %d\n", fcntl(kept, F_GETFD) >= 0);
  printf("close-on-exec descriptor closed: %d (EBADF %d)\n", fcntl(closed, F_GETFD) < 0,
         errno == EBADF);
  char buf[16] = {0};
  lseek(kept, 0, SEEK_SET);
  printf("plain descriptor reads [%.5s]\n", read(kept, buf, 5) == 5 ? buf : "?");
  struct sigaction sa;
  sigaction(SIGUSR1, NULL, &sa);
  printf("SIGUSR1 still ignored: %d\n", sa.sa_handler == SIG_IGN);
  sigaction(SIGUSR2, NULL, &sa);
  printf("SIGUSR2 handler reset to default: %d\n", sa.sa_handler == SIG_DFL);
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  printf("SIGINT still blocked: %d, SIGQUIT not: %d\n", sigismember(&mask, SIGINT),
         !sigismember(&mask, SIGQUIT));
  printf("environment: EXEC_TEST=%s\n", getenv("EXEC_TEST") ? getenv("EXEC_TEST") : "(unset)");
  return 33;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc >= 5 && strcmp(argv[1], "after-exec") == 0) return after_exec(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "fds-open") == 0) {
    int open_fds = 0;
    for (int fd = 3; fd < 10; ++fd) open_fds += fcntl(fd, F_GETFD) >= 0;
    printf("descriptors 3-9 open after a vfork child's exec: %d\n", open_fds);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "self-exe") == 0) {
    printf("run through /proc/self/exe with %d arguments\n", argc);
    return 4;
  }
  if (argc >= 3 && strcmp(argv[1], "script-option") == 0) {
    // As the interpreter of a script: argv = interpreter, its option, the script, the rest.
    printf("interpreter run for a script, argc %d\n", argc);
    for (int i = 1; i < argc; ++i) printf("  argv[%d] = %s\n", i, argv[i]);
    return 9;
  }
  if (argc < 5) {
    fprintf(stderr, "usage: proc_exec OTHER_PROGRAM SCRIPT TEXT_FILE EXECUTABLE_TEXT_FILE\n");
    return 2;
  }
  const char* other = argv[1];
  const char* script = argv[2];
  const char* plain = argv[3];
  const char* not_program = argv[4];

  // Another program, with its own argv and environment.
  char* other_argv[] = {(char*)other, "first", "two words", "", NULL};
  char* other_env[] = {"SSIVM_GUEST_VALUE=from execve", "SSIVM_GUEST_OTHER=1", NULL};
  printf("other program exited %d\n", run_child(other_argv, other_env));

  // A script: its interpreter (this program) with the #! line's option and the script path.
  char* script_argv[] = {(char*)script, "s1", "s 2", NULL};
  printf("script exited %d\n", run_child(script_argv, environ));

  // This program again through /proc/self/exe.
  char* self_argv[] = {"/proc/self/exe", "self-exe", "x", NULL};
  printf("self exited %d\n", run_child(self_argv, environ));

  // This program again from a descriptor (execveat with AT_EMPTY_PATH).
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    int fd = open(argv[0], O_RDONLY);
    char* fd_argv[] = {"fexecve", "self-exe", "from", "a descriptor", NULL};
    fexecve(fd, fd_argv, environ);
    printf("fexecve failed: %s\n", strerror(errno));
    _exit(126);
  }
  int st;
  waitpid(child, &st, 0);
  printf("fexecve exited %d\n", WEXITSTATUS(st));

  // A vfork child that fills the low descriptors before it execs keeps them all.
  fflush(stdout);
  child = vfork();
  if (child == 0) {
    int fd = open(plain, O_RDONLY);
    for (int k = 3; k < 10; ++k)
      if (k != fd) dup2(fd, k);
    char* fds_argv[] = {argv[0], "fds-open", NULL};
    execve(argv[0], fds_argv, environ);
    _exit(127);
  }
  waitpid(child, &st, 0);

  // Failures leave this program running, with errno set.
  char* none_argv[] = {"/nonexistent/program", NULL};
  errno = 0;
  printf("missing: %d ENOENT %d\n", execve(none_argv[0], none_argv, environ), errno == ENOENT);
  char* dir_argv[] = {"/", NULL};
  errno = 0;
  printf("directory: %d EACCES %d\n", execve("/", dir_argv, environ), errno == EACCES);
  char* plain_argv[] = {(char*)plain, NULL};
  errno = 0;
  printf("not executable: %d EACCES %d\n", execve(plain, plain_argv, environ), errno == EACCES);
  char* text_argv[] = {(char*)not_program, NULL};
  errno = 0;
  printf("not a program: %d ENOEXEC %d\n", execve(not_program, text_argv, environ),
         errno == ENOEXEC);
  errno = 0;
  printf("empty path: %d ENOENT %d\n", execve("", none_argv, environ), errno == ENOENT);

  // This program replaced in place: the pid, descriptors and signal state it inherits.
  pid_t pid = fork();
  if (pid == 0) {
    int kept = open(plain, O_RDONLY);
    int closed = open(plain, O_RDONLY | O_CLOEXEC);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, on_usr2);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    char pidbuf[32], keptbuf[16], closedbuf[16];
    snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
    snprintf(keptbuf, sizeof keptbuf, "%d", kept);
    snprintf(closedbuf, sizeof closedbuf, "%d", closed);
    char* again_argv[] = {argv[0], "after-exec", pidbuf, keptbuf, closedbuf, NULL};
    char* again_env[] = {"EXEC_TEST=passed through", NULL};
    execve(argv[0], again_argv, again_env);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("replaced program exited %d\n", WEXITSTATUS(status));

  // The old program is still here and can exec for good.
  char* last_argv[] = {"/proc/self/exe", "self-exe", NULL};
  execve(last_argv[0], last_argv, environ);
  return 1;
}
