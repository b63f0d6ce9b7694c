// Guest program: the TOD clock as a problem-state program sees it (STCK, STCKF, STCKE) must
// agree with the system's time of day: epoch 1900-01-01, bit 51 = 1 microsecond, increasing.
// Prints verdicts only (the values themselves change from run to run).
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

static uint64_t stck(void) {
  uint64_t v;
  __asm__ volatile("stck %0" : "=Q"(v) : : "cc", "memory");
  return v;
}
static uint64_t stckf(void) {
  uint64_t v;
  __asm__ volatile("stckf %0" : "=Q"(v) : : "cc", "memory");
  return v;
}
static void stcke(unsigned char out[16]) {
  __asm__ volatile("stcke %0" : "=Q"(*(unsigned char(*)[16])out) : : "cc", "memory");
}

// Seconds from the TOD epoch (1900) to the Unix epoch (1970): 70 years with 17 leap days.
#define kTodUnixOffsetSeconds 2208988800ull

int main(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  uint64_t t1 = stck();
  uint64_t unix_us = (t1 >> 12) - kTodUnixOffsetSeconds * 1000000ull;
  int64_t skew_us = (int64_t)unix_us - ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
  printf("stck agrees with gettimeofday within 2 s: %s\n", skew_us > -2000000 && skew_us < 2000000 ? "yes" : "no");

  uint64_t prev = stckf(), backwards = 0, advanced = 0;
  for (int i = 0; i < 20000; ++i) {
    uint64_t now = stckf();
    backwards += now < prev;
    advanced += now > prev;
    prev = now;
  }
  printf("stckf never goes backwards: %s; it advances: %s\n", backwards == 0 ? "yes" : "no",
         advanced > 0 ? "yes" : "no");
  uint64_t t2 = stck();
  printf("stck is unique and increasing: %s\n", t2 > t1 ? "yes" : "no");

  unsigned char e[16];
  stcke(e);
  // STCKE: byte 0 is the epoch index, bytes 1-8 continue the TOD clock bits 0-63.
  uint64_t ext = 0;
  for (int i = 1; i <= 8; ++i) ext = ext << 8 | e[i];
  uint64_t t3 = stck();
  printf("stcke matches stck: %s\n", ext <= t3 && t3 - ext < (1ull << 32) && ext >= t2 ? "yes" : "no");
  return 0;
}
