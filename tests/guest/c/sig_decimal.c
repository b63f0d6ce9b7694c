// Guest program: CONVERT TO BINARY of a packed decimal with invalid digits is a data exception
// without a data-exception code, which Linux reports as SIGILL (not SIGFPE).
#include <stdio.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  unsigned char good[8] = {0, 0, 0, 0, 0, 0x12, 0x34, 0x5d};  // -12345
  unsigned char bad[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  int r;
  __asm__ volatile("cvb %0,%1" : "=d"(r) : "R"(*(unsigned char(*)[8])good));
  printf("cvb of packed -12345 = %d\n", r);
  __asm__ volatile("cvb %0,%1" : "=d"(r) : "R"(*(unsigned char(*)[8])bad));
  printf("not reached: %d\n", r);
  return 0;
}
