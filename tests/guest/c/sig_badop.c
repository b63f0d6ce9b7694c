// Guest program: an invalid opcode (X'0000') must kill the program with SIGILL (operation
// exception), after the output flushed before it.
#include <stdio.h>

int main(void) {
  printf("executing an invalid instruction\n");
  fflush(stdout);
  __asm__ volatile(".hword 0x0000");
  printf("survived\n");
  return 0;
}
