// Guest program: integer hashing and arithmetic (FNV, CRC32, xorshift, 64-bit multiply/divide
// with negative operands, shifts, rotates, bit counts, overflow builtins). Output is deterministic.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t fnv1a32(const void* p, size_t n) {
  const unsigned char* b = p;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 16777619u;
  return h;
}

static uint64_t fnv1a64(const void* p, size_t n) {
  const unsigned char* b = p;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static uint32_t crc_table[256];
static void crc_init(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}
static uint32_t crc32_table(const void* p, size_t n) {
  const unsigned char* b = p;
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) c = crc_table[(c ^ b[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}
static uint32_t crc32_bitwise(const void* p, size_t n) {
  const unsigned char* b = p;
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c ^= b[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

static uint64_t xs_state = 88172645463325252ull;
static uint64_t xorshift64star(void) {
  uint64_t x = xs_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  xs_state = x;
  return x * 0x2545f4914f6cdd1dull;
}
static uint32_t xorshift32(uint32_t* s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

static uint32_t rotl32(uint32_t v, unsigned r) { return (v << (r & 31)) | (v >> ((32 - r) & 31)); }
static uint64_t rotr64(uint64_t v, unsigned r) { return (v >> (r & 63)) | (v << ((64 - r) & 63)); }

// Volatile operands so the compiler emits real divide instructions instead of folding them.
static volatile int64_t vs64[] = {0, 1, -1, 7, -7, 1000000007, -1000000007, INT64_MAX, INT64_MIN + 1,
                                  0x123456789abcdefll, -0x123456789abcdefll, 3, -3, 65536};
static volatile int32_t vs32[] = {0, 1, -1, 7, -7, 1000003, -1000003, INT32_MAX, INT32_MIN + 1, 13, -13};

int main(void) {
  static const char* texts[] = {"", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog",
                                "123456789"};
  crc_init();
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; ++i) {
    size_t n = strlen(texts[i]);
    printf("text %zu: fnv32=%08" PRIx32 " fnv64=%016" PRIx64 " crc=%08" PRIx32 " crcbit=%08" PRIx32 "\n", i,
           fnv1a32(texts[i], n), fnv1a64(texts[i], n), crc32_table(texts[i], n), crc32_bitwise(texts[i], n));
  }

  // A larger buffer from the generator, hashed several ways.
  static unsigned char buf[65536];
  for (size_t i = 0; i < sizeof buf; i += 8) {
    uint64_t r = xorshift64star();
    memcpy(buf + i, &r, 8);
  }
  printf("buffer: fnv64=%016" PRIx64 " crc=%08" PRIx32 "\n", fnv1a64(buf, sizeof buf), crc32_table(buf, sizeof buf));
  uint32_t s32 = 2463534242u;
  uint64_t acc = 0;
  for (int i = 0; i < 100000; ++i) acc += xorshift32(&s32);
  printf("xorshift32 sum=%" PRIu64 " last=%" PRIu32 "\n", acc, s32);

  // 64-bit and 32-bit division and remainder, signed and unsigned, including negatives.
  size_t n64 = sizeof vs64 / sizeof vs64[0], n32 = sizeof vs32 / sizeof vs32[0];
  uint64_t mix = 0;
  for (size_t i = 0; i < n64; ++i)
    for (size_t j = 0; j < n64; ++j) {
      int64_t a = vs64[i], b = vs64[j];
      if (b == 0) continue;
      int64_t q = a / b, r = a % b;
      uint64_t uq = (uint64_t)a / (uint64_t)b, ur = (uint64_t)a % (uint64_t)b;
      mix = (mix ^ (uint64_t)q) * 0x100000001b3ull;
      mix = (mix ^ (uint64_t)r) * 0x100000001b3ull;
      mix = (mix ^ uq) * 0x100000001b3ull;
      mix = (mix ^ ur) * 0x100000001b3ull;
      if (i < 7 && j < 7)
        printf("%" PRId64 " /%% %" PRId64 " = %" PRId64 " %" PRId64 " | u %" PRIu64 " %" PRIu64 "\n", a, b, q, r,
               uq, ur);
    }
  printf("div64 mix=%016" PRIx64 "\n", mix);
  mix = 0;
  for (size_t i = 0; i < n32; ++i)
    for (size_t j = 0; j < n32; ++j) {
      int32_t a = vs32[i], b = vs32[j];
      if (b == 0) continue;
      mix = (mix ^ (uint32_t)(a / b)) * 0x100000001b3ull;
      mix = (mix ^ (uint32_t)(a % b)) * 0x100000001b3ull;
      mix = (mix ^ ((uint32_t)a / (uint32_t)b)) * 0x100000001b3ull;
      mix = (mix ^ ((uint32_t)a % (uint32_t)b)) * 0x100000001b3ull;
    }
  printf("div32 mix=%016" PRIx64 "\n", mix);

  // Multiplication: low and high halves, signed and unsigned.
  for (size_t i = 0; i < n64; i += 2) {
    int64_t a = vs64[i], b = vs64[(i + 5) % n64];
    unsigned __int128 up = (unsigned __int128)(uint64_t)a * (uint64_t)b;
    __int128 sp = (__int128)a * b;
    printf("mul %" PRId64 " * %" PRId64 ": lo=%016" PRIx64 " uhi=%016" PRIx64 " shi=%016" PRIx64 "\n", a, b,
           (uint64_t)(a * b), (uint64_t)(up >> 64), (uint64_t)((unsigned __int128)sp >> 64));
  }
  int32_t m32 = 1;
  for (int i = 0; i < 40; ++i) m32 = m32 * -3 + i;
  printf("mul32 chain=%" PRId32 "\n", m32);

  // Shifts (arithmetic and logical), rotates, bit counts, byte swaps.
  volatile int64_t neg = -0x1234567890ll;
  volatile uint64_t pat = 0xf0e1d2c3b4a59687ull;
  for (unsigned sh = 0; sh < 64; sh += 9)
    printf("sh %2u: sra=%" PRId64 " srl=%016" PRIx64 " sll=%016" PRIx64 " rot=%016" PRIx64 " rotl32=%08" PRIx32
           "\n",
           sh, neg >> sh, pat >> sh, pat << sh, rotr64(pat, sh), rotl32((uint32_t)pat, sh));
  printf("popcount=%d clz=%d ctz=%d clz32=%d bswap64=%016" PRIx64 " bswap32=%08" PRIx32 " bswap16=%04x\n",
         __builtin_popcountll(pat), __builtin_clzll(pat >> 5), __builtin_ctzll(pat << 3),
         __builtin_clz((uint32_t)(pat >> 40)), __builtin_bswap64(pat), __builtin_bswap32((uint32_t)pat),
         (unsigned)__builtin_bswap16((uint16_t)pat));

  // Overflow-checked arithmetic.
  int64_t r64a, r64b, r64c;
  int32_t r32a, r32b;
  int o1 = __builtin_add_overflow((int64_t)vs64[7], (int64_t)vs64[1], &r64a);
  int o2 = __builtin_sub_overflow((int64_t)vs64[8], (int64_t)vs64[3], &r64b);
  int o3 = __builtin_mul_overflow((int64_t)vs64[5], (int64_t)vs64[5], &r64c);
  int o4 = __builtin_add_overflow((int32_t)vs32[7], (int32_t)vs32[1], &r32a);
  int o5 = __builtin_mul_overflow((int32_t)vs32[5], (int32_t)vs32[6], &r32b);
  printf("ovf add64=%d %" PRId64 " sub64=%d %" PRId64 " mul64=%d %" PRId64 " add32=%d %" PRId32
         " mul32=%d %" PRId32 "\n", o1, r64a, o2, r64b, o3, r64c, o4, r32a, o5, r32b);
  // Signed/unsigned comparisons and min/max through conditional selects.
  int64_t mn = INT64_MAX, mx = INT64_MIN;
  uint64_t umn = UINT64_MAX, umx = 0;
  for (size_t i = 0; i < n64; ++i) {
    int64_t v = vs64[i];
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
    umn = (uint64_t)v < umn ? (uint64_t)v : umn;
    umx = (uint64_t)v > umx ? (uint64_t)v : umx;
  }
  printf("min=%" PRId64 " max=%" PRId64 " umin=%" PRIu64 " umax=%" PRIu64 "\n", mn, mx, umn, umx);
  // Narrow types: sign and zero extension through char/short arithmetic.
  volatile signed char sc = -100;
  volatile unsigned char uc = 200;
  volatile short ss = -30000;
  volatile unsigned short us = 60000;
  printf("narrow: %d %d %d %d %d %u\n", sc * 3, uc * 3, ss * 2, us * 2, (signed char)(uc + 100),
         (unsigned short)(ss - 10000));
  return 0;
}
