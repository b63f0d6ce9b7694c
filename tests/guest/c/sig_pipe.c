// Guest program: writing to a pipe whose reader is gone — with SIGPIPE ignored the write fails
// with EPIPE; with the default action the program ends by SIGPIPE. Also pipe data round trip.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fds[2];
  if (pipe(fds) != 0) return 1;
  const char msg[] = "through the pipe";
  ssize_t w = write(fds[1], msg, sizeof msg);
  char buf[64] = {0};
  ssize_t r = read(fds[0], buf, sizeof buf);
  printf("pipe: wrote %zd read %zd '%s'\n", w, r, buf);
  int copy = dup(fds[1]);
  printf("dup gives a new descriptor: %d\n", copy > fds[1]);
  close(copy);
  close(fds[0]);

  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  w = write(fds[1], msg, sizeof msg);
  printf("ignored SIGPIPE: write=%zd errno=%s\n", w, strerror(errno));
  signal(SIGPIPE, SIG_DFL);
  write(fds[1], msg, sizeof msg);
  printf("not reached\n");
  return 0;
}
