// Processes through the C library's spawning: posix_spawn (clone with CLONE_VM|CLONE_VFORK),
// system() and popen() (both run /bin/sh -c). The test runs with an s390x shell at /bin/sh.
//
//   proc_spawn OTHER_PROGRAM
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static void describe(const char* what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: proc_spawn OTHER_PROGRAM\n");
    return 2;
  }
  char* other = argv[1];

  // posix_spawn with its output sent to a file by a file action, then read back.
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "spawned.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char* sargv[] = {other, "spawned", "with args", NULL};
  char* senv[] = {"SSIVM_GUEST_VALUE=spawned", NULL};
  pid_t pid;
  int r = posix_spawn(&pid, other, &fa, NULL, sargv, senv);
  posix_spawn_file_actions_destroy(&fa);
  int status;
  printf("posix_spawn: %d, waitpid finds the child: %d\n", r, waitpid(pid, &status, 0) == pid);
  describe("spawned program", status);
  FILE* f = fopen("spawned.out", "r");
  char line[256];
  int lines = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "argv[", 5) == 0 || strncmp(line, "SSIVM_GUEST_VALUE", 17) == 0)
      printf("  spawned said: %s", line);
    ++lines;
  }
  if (f) fclose(f);
  printf("spawned output lines: %d\n", lines > 5);

  // posix_spawn with attributes: a new process group, the default signal mask.
  posix_spawnattr_t at;
  posix_spawnattr_init(&at);
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&at, 0);
  char* shargv[] = {"/bin/sh", "-c", "exit 12", NULL};
  r = posix_spawn(&pid, "/bin/sh", NULL, &at, shargv, environ);
  posix_spawnattr_destroy(&at);
  waitpid(pid, &status, 0);
  printf("posix_spawn with a process group: %d\n", r);
  describe("spawned shell", status);

  // system(): the shell's status, a pipeline inside it, and the shell's availability.
  printf("system(NULL) finds a shell: %d\n", system(NULL) != 0);
  describe("system exit 3", system("exit 3"));
  fflush(stdout);
  describe("system pipeline", system("echo from system | tr a-z A-Z"));
  describe("system kill", system("kill -9 $$"));

  // popen() for reading and for writing.
  FILE* p = popen("echo first && echo second | tr a-z A-Z", "r");
  while (p && fgets(line, sizeof line, p)) printf("popen read: %s", line);
  describe("pclose (read)", pclose(p));
  p = popen("tr a-z A-Z && exit 5", "w");
  fputs("written through popen\n", p);
  fflush(stdout);
  describe("pclose (write)", pclose(p));
  return 0;
}
