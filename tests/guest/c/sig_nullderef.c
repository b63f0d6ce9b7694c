// Guest program: a store through a null pointer must kill the program with SIGSEGV (page 0 is
// never mapped), after the output flushed before it.
#include <stdio.h>

static int* volatile target = 0;

int main(void) {
  printf("storing through %s\n", target ? "a pointer" : "NULL");
  fflush(stdout);
  *target = 42;
  printf("survived\n");
  return 0;
}
