// Guest program: standard streams redirected by the program itself — stdout sent to a file
// with dup2 and restored, stdin closed and the lowest free descriptor (0) reused by open,
// freopen of stdout — then everything read back and printed.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show(const char* path) {
  char buf[256] = {0};
  int fd = open(path, O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  for (ssize_t i = 0; i < n; ++i)
    if (buf[i] == '\n') buf[i] = '|';
  fprintf(stderr, "%s holds %zd bytes: %s\n", strrchr(path, '-') + 1, n, buf);
}

int main(void) {
  char dir[] = "/tmp/ssivm-redirect-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char a[64], b[64];
  snprintf(a, sizeof a, "%s/out-a", dir);
  snprintf(b, sizeof b, "%s/out-b", dir);

  printf("to the real stdout first\n");
  fflush(stdout);
  int saved = dup(1);
  int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2(fd, 1);
  close(fd);
  printf("into file a\n");
  fflush(stdout);
  write(1, "raw into a\n", 11);
  dup2(saved, 1);
  close(saved);
  printf("back on the real stdout\n");
  fflush(stdout);

  close(0);
  int reused = open(a, O_RDONLY);
  char line[64] = {0};
  fgets(line, sizeof line, stdin);
  line[strcspn(line, "\n")] = 0;
  printf("open after close(0) gave %d; stdin now reads '%s'\n", reused, line);
  fflush(stdout);

  if (!freopen(b, "w", stdout)) return 2;
  printf("freopen'ed into b\n");
  fclose(stdout);
  show(a);
  show(b);
  unlink(a);
  unlink(b);
  rmdir(dir);
  fprintf(stderr, "done\n");
  return 0;
}
