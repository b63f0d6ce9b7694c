// Guest program: an enabled IEEE trap (feenableexcept(FE_DIVBYZERO)) turns a floating-point
// division by zero into SIGFPE (data exception); before that, the masked case just gives inf.
#define _GNU_SOURCE
#include <fenv.h>
#include <stdio.h>

static volatile double zero = 0.0, one = 1.0;

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("masked: 1/0 = %g\n", one / zero);
  printf("enable returned %d\n", feenableexcept(FE_DIVBYZERO));
  printf("enabled now: %d\n", fegetexcept() & FE_DIVBYZERO ? 1 : 0);
  volatile double r = one / zero;
  printf("not reached: %g\n", r);
  return 0;
}
