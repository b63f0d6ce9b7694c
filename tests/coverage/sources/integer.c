// Integer kernels for the mnemonic-coverage test: arithmetic of every width, bit tricks,
// switches, division, saturation and conditional selects (GCC emits LOC/compare-and-branch).
#include <stddef.h>
#include <stdint.h>

int64_t mix64(int64_t a, int64_t b, int c) {
  switch (c & 7) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return b ? a / b : 0;
    case 4: return b ? a % b : 0;
    case 5: return a << (b & 63);
    case 6: return a >> (b & 63);
    default: return (int64_t)((uint64_t)a >> (b & 63));
  }
}

uint32_t udiv32(uint32_t a, uint32_t b) { return b ? a / b + a % b : a; }
int16_t sat16(int32_t v) { return v > 32767 ? 32767 : v < -32768 ? -32768 : (int16_t)v; }
int8_t narrow8(int64_t v) { return (int8_t)v; }
uint64_t rotl(uint64_t v, unsigned n) { return (v << (n & 63)) | (v >> ((-n) & 63)); }
uint32_t rotl32(uint32_t v, unsigned n) { return (v << (n & 31)) | (v >> ((-n) & 31)); }
int popcount_sum(const uint64_t* v, size_t n) {
  int s = 0;
  for (size_t i = 0; i < n; ++i) s += __builtin_popcountll(v[i]);
  return s;
}
int leading(uint64_t v) { return v ? __builtin_clzll(v) : 64; }
int trailing(uint64_t v) { return v ? __builtin_ctzll(v) : 64; }
uint32_t bswap32(uint32_t v) { return __builtin_bswap32(v); }
uint64_t bswap64(uint64_t v) { return __builtin_bswap64(v); }
uint16_t bswap16(uint16_t v) { return __builtin_bswap16(v); }

int64_t select_max(const int64_t* v, size_t n) {
  int64_t m = INT64_MIN;
  for (size_t i = 0; i < n; ++i) m = v[i] > m ? v[i] : m;
  return m;
}
uint32_t select_min_u(const uint32_t* v, size_t n) {
  uint32_t m = UINT32_MAX;
  for (size_t i = 0; i < n; ++i) m = v[i] < m ? v[i] : m;
  return m;
}
int count_in_range(const int32_t* v, size_t n, int32_t lo, int32_t hi) {
  int c = 0;
  for (size_t i = 0; i < n; ++i) c += v[i] >= lo && v[i] <= hi;
  return c;
}
struct bits { unsigned a : 3, b : 7, c : 13, d : 9; };
unsigned bitfields(struct bits* p, unsigned v) {
  p->b = v;
  p->d = v >> 3;
  return p->a + p->c;
}
uint64_t mulhi(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }
int add_overflows(int64_t a, int64_t b, int64_t* r) { return __builtin_add_overflow(a, b, r); }
int mul_overflows(int32_t a, int32_t b, int32_t* r) { return __builtin_mul_overflow(a, b, r); }
uint64_t sum_unsigned_carry(const uint32_t* v, size_t n) {
  uint64_t s = 0;
  for (size_t i = 0; i < n; ++i) s += v[i];
  return s;
}
int64_t abs_sum(const int32_t* v, size_t n) {
  int64_t s = 0;
  for (size_t i = 0; i < n; ++i) s += v[i] < 0 ? -(int64_t)v[i] : v[i];
  return s;
}
unsigned long hash_bytes(const unsigned char* p, size_t n) {
  unsigned long h = 14695981039346656037ul;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ul;
  return h;
}
int classify(int x) {
  static const int table[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9};
  if ((unsigned)x < sizeof table / sizeof table[0]) return table[x];
  return x < 0 ? -1 : 100;
}
void shift_array(uint16_t* v, size_t n, int s) {
  for (size_t i = 0; i < n; ++i) v[i] = (uint16_t)(v[i] << s | v[i] >> (16 - s));
}
