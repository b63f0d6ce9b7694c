// Guest program: integer division by zero must kill the program with SIGFPE (fixed-point
// divide exception), after the output flushed before it.
#include <stdio.h>

static volatile long divisor = 0;

int main(void) {
  printf("dividing 84 by %ld\n", divisor);
  fflush(stdout);
  long q = 84 / divisor;
  printf("survived: %ld\n", q);
  return 0;
}
