// Guest program: unbounded recursion runs off the end of the stack into the guard gap below
// it: SIGSEGV (the program prints how it starts, not how deep it got, which differs).
#include <stdio.h>

static int depth(volatile char* prev) {
  volatile char frame[1024];
  frame[0] = prev ? prev[0] + 1 : 0;
  return depth(frame) + frame[1];
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("recursing without end\n");
  return depth(0);
}
