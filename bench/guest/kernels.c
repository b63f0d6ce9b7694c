/* Benchmark guest: compiled C kernels, selected by argv[1], each repeated argv[2] times.
 * Prints a checksum so that runs under ssivm and qemu-s390x can be compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static uint64_t sieve(int n) {
  static uint8_t composite[1 << 20];
  memset(composite, 0, (size_t)n);
  uint64_t count = 0;
  for (int i = 2; i < n; ++i) {
    if (composite[i]) continue;
    ++count;
    for (int j = 2 * i; j < n; j += i) composite[j] = 1;
  }
  return count;
}

static uint64_t crc32_kernel(int n) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
  uint32_t crc = 0xffffffffu;
  for (int i = 0; i < n; ++i) crc = crc_table[(crc ^ (uint8_t)(i * 31)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static uint64_t matmul(int n) {
  static double a[64][64], b[64][64], c[64][64];
  for (int i = 0; i < 64; ++i)
    for (int j = 0; j < 64; ++j) {
      a[i][j] = (i + j) % 7 * 0.5;
      b[i][j] = (i * j) % 5 * 0.25;
    }
  double sum = 0;
  for (int r = 0; r < n; ++r) {
    for (int i = 0; i < 64; ++i)
      for (int j = 0; j < 64; ++j) {
        double s = 0;
        for (int k = 0; k < 64; ++k) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    sum += c[r % 64][(r * 7) % 64];
  }
  return (uint64_t)sum;
}

static int cmp_u32(const void* x, const void* y) {
  uint32_t a = *(const uint32_t*)x, b = *(const uint32_t*)y;
  return a < b ? -1 : a > b;
}

static uint64_t sort_kernel(int n) {
  uint32_t* v = malloc(sizeof(uint32_t) * (size_t)n);
  uint32_t x = 2463534242u;
  for (int i = 0; i < n; ++i) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    v[i] = x;
  }
  qsort(v, (size_t)n, sizeof v[0], cmp_u32);
  uint64_t h = 0;
  for (int i = 0; i < n; i += 97) h = h * 31 + v[i];
  free(v);
  return h;
}

int main(int argc, char** argv) {
  const char* which = argc > 1 ? argv[1] : "all";
  int reps = argc > 2 ? atoi(argv[2]) : 1;
  uint64_t h = 0;
  for (int r = 0; r < reps; ++r) {
    if (!strcmp(which, "sieve") || !strcmp(which, "all")) h += sieve(1 << 20);
    if (!strcmp(which, "crc32") || !strcmp(which, "all")) h += crc32_kernel(1 << 22);
    if (!strcmp(which, "matmul") || !strcmp(which, "all")) h += matmul(16);
    if (!strcmp(which, "sort") || !strcmp(which, "all")) h += sort_kernel(1 << 18);
  }
  printf("%s x%d: %llu\n", which, reps, (unsigned long long)h);
  return 0;
}
