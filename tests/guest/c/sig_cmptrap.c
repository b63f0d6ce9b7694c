// Guest program: COMPARE AND TRAP whose condition holds is a data exception with code X'FF',
// which Linux reports as SIGFPE; when the condition does not hold execution goes on.
#include <stdio.h>

static volatile long value = 0;

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  long one = 1;
  __asm__ volatile("cgit %0,0,8" : : "d"(one));  // trap if equal to 0: no trap
  printf("1 == 0 does not trap\n");
  long v = value;
  __asm__ volatile("cgit %0,0,8" : : "d"(v));
  printf("not reached\n");
  return 0;
}
