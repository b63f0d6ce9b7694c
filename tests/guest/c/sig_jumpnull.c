// Guest program: calling through a null function pointer faults on the instruction fetch from
// an unmapped page: SIGSEGV.
#include <stdio.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  void (*volatile fn)(void) = 0;
  printf("calling NULL\n");
  fn();
  printf("not reached\n");
  return 0;
}
