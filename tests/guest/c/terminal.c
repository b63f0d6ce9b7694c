// Guest program: terminal ioctls on a pseudo-terminal — opening one (TIOCGPTN, TIOCSPTLCK),
// termios both ways (TCGETS, TCSETS/TCSETSW/TCSETSF: flag words in the guest's byte order),
// window size (TIOCSWINSZ/TIOCGWINSZ), FIONREAD, TCFLSH, TCSBRK, FIONBIO, FIOCLEX, and the
// refusals of calls that need a controlling terminal. Prints only what is the same each run.
// With the argument "unknown-ioctl" it prints only how an ioctl no terminal knows is refused:
// ENOTTY from Linux, ENOSYS from qemu-user (see tests/linux/README.md).
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char** argv) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  if (m < 0) {
    printf("no pseudo-terminals here\n");
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "unknown-ioctl") == 0) {
    CHECK("unknown ioctl", ioctl(m, 0x54ff, 0));
    return 0;
  }
  CHECK("grantpt", grantpt(m));
  CHECK("unlockpt", unlockpt(m));
  unsigned n = 12345;
  CHECK("TIOCGPTN", ioctl(m, TIOCGPTN, &n));
  const char* name = ptsname(m);
  char expect[32];
  snprintf(expect, sizeof expect, "/dev/pts/%u", n);
  printf("ptsname matches TIOCGPTN: %d\n", name && strcmp(name, expect) == 0);
  int s = open(name, O_RDWR | O_NOCTTY);
  CHECK("open slave", s >= 0);
  CHECK("isatty slave", isatty(s));
  CHECK("isatty pipe end", isatty(0) && 0);

  struct termios t;
  CHECK("tcgetattr", tcgetattr(s, &t));
  printf("default: icanon %d echo %d opost %d icrnl %d VMIN %d VEOF %d\n", !!(t.c_lflag & ICANON),
         !!(t.c_lflag & ECHO), !!(t.c_oflag & OPOST), !!(t.c_iflag & ICRNL), t.c_cc[VMIN],
         t.c_cc[VEOF]);
  cfmakeraw(&t);
  t.c_cc[VMIN] = 3;
  t.c_cc[VTIME] = 7;
  cfsetospeed(&t, B9600);
  CHECK("tcsetattr now", tcsetattr(s, TCSANOW, &t));
  struct termios u;
  tcgetattr(s, &u);
  printf("raw: icanon %d echo %d opost %d VMIN %d VTIME %d cs8 %d speed %d\n",
         !!(u.c_lflag & ICANON), !!(u.c_lflag & ECHO), !!(u.c_oflag & OPOST), u.c_cc[VMIN],
         u.c_cc[VTIME], (u.c_cflag & CSIZE) == CS8, cfgetospeed(&u) == B9600);
  u.c_lflag |= ICANON | ECHO;
  CHECK("tcsetattr drain", tcsetattr(s, TCSADRAIN, &u));
  CHECK("tcsetattr flush", tcsetattr(s, TCSAFLUSH, &u));
  tcgetattr(s, &t);
  printf("cooked again: icanon %d echo %d\n", !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO));

  struct winsize w = {.ws_row = 33, .ws_col = 101, .ws_xpixel = 640, .ws_ypixel = 480};
  CHECK("TIOCSWINSZ", ioctl(m, TIOCSWINSZ, &w));
  struct winsize g = {0};
  CHECK("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &g));
  printf("winsize %u x %u (%u x %u)\n", g.ws_row, g.ws_col, g.ws_xpixel, g.ws_ypixel);

  cfmakeraw(&t);
  tcsetattr(s, TCSANOW, &t);
  CHECK("write master", write(m, "typed", 5));
  struct pollfd pf = {s, POLLIN, 0};
  poll(&pf, 1, 5000);  // the line discipline passes input on asynchronously
  int avail = -1;
  CHECK("FIONREAD", ioctl(s, FIONREAD, &avail));
  printf("waiting: %d\n", avail);
  char buf[16] = {0};
  CHECK("read slave", read(s, buf, 5));
  printf("got \"%s\"\n", buf);
  CHECK("write slave", write(s, "out", 3));
  CHECK("tcdrain", tcdrain(s));
  CHECK("tcflush", tcflush(m, TCIOFLUSH));
  CHECK("tcflow", tcflow(s, TCOON));
  CHECK("tcsendbreak", tcsendbreak(s, 0));

  int on = 1;
  CHECK("FIONBIO", ioctl(s, FIONBIO, &on));
  printf("nonblocking: %d\n", !!(fcntl(s, F_GETFL) & O_NONBLOCK));
  CHECK("read empty", read(s, buf, 1));
  CHECK("FIOCLEX", ioctl(s, FIOCLEX));
  printf("cloexec: %d\n", fcntl(s, F_GETFD) & FD_CLOEXEC);
  CHECK("FIONCLEX", ioctl(s, FIONCLEX));
  printf("cloexec: %d\n", fcntl(s, F_GETFD) & FD_CLOEXEC);

  // Not this process's controlling terminal (O_NOCTTY).
  pid_t pg = 0;
  CHECK("TIOCGPGRP", ioctl(s, TIOCGPGRP, &pg));
  CHECK("tcgetsid", tcgetsid(s));
  CHECK("ioctl bad fd", ioctl(999, TCGETS, &t));
  close(s);
  close(m);
  return 0;
}
