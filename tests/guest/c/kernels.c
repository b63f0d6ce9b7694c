// Guest program: compute kernels — SHA-256, N-queens, dense matrix multiply, a Mandelbrot
// picture, a prime sieve, base64 round trips and a Monte Carlo estimate with a fixed seed.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256(const uint8_t* msg, size_t len, uint8_t out[32]) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t total = ((len + 9 + 63) / 64) * 64;
  uint8_t* buf = calloc(total, 1);
  memcpy(buf, msg, len);
  buf[len] = 0x80;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; ++i) buf[total - 1 - i] = (uint8_t)(bits >> (8 * i));
  for (size_t off = 0; off < total; off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (uint32_t)buf[off + 4 * i] << 24 | (uint32_t)buf[off + 4 * i + 1] << 16 |
             (uint32_t)buf[off + 4 * i + 2] << 8 | buf[off + 4 * i + 3];
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t S1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + S1 + ch + K[i] + w[i];
      uint32_t S0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  free(buf);
  for (int i = 0; i < 8; ++i)
    for (int k = 0; k < 4; ++k) out[4 * i + k] = (uint8_t)(h[i] >> (24 - 8 * k));
}

static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
  if (row == n) return 1;
  int count = 0;
  unsigned avail = ~(cols | d1 | d2) & ((1u << n) - 1);
  while (avail) {
    unsigned bit = avail & -avail;
    avail ^= bit;
    count += queens(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
  }
  return count;
}

static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static size_t b64_encode(const uint8_t* in, size_t n, char* out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
    out[o++] = kB64[v >> 18];
    out[o++] = kB64[(v >> 12) & 63];
    out[o++] = i + 1 < n ? kB64[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < n ? kB64[v & 63] : '=';
  }
  out[o] = 0;
  return o;
}
static size_t b64_decode(const char* in, uint8_t* out) {
  size_t o = 0;
  uint32_t v = 0;
  int bits = 0;
  for (; *in && *in != '='; ++in) {
    v = v << 6 | (uint32_t)(strchr(kB64, *in) - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (uint8_t)(v >> bits);
    }
  }
  return o;
}

int main(void) {
  const char* msgs[] = {"", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
  for (int m = 0; m < 3; ++m) {
    uint8_t d[32];
    sha256((const uint8_t*)msgs[m], strlen(msgs[m]), d);
    printf("sha256(\"%s\") = ", msgs[m]);
    for (int i = 0; i < 32; ++i) printf("%02x", d[i]);
    printf("\n");
  }
  static uint8_t big[100000];
  for (size_t i = 0; i < sizeof big; ++i) big[i] = (uint8_t)(i * i + 7);
  uint8_t d[32];
  sha256(big, sizeof big, d);
  printf("sha256(big) = ");
  for (int i = 0; i < 32; ++i) printf("%02x", d[i]);
  printf("\n");

  for (int n = 4; n <= 9; ++n) printf("queens(%d)=%d\n", n, queens(n, 0, 0, 0, 0));

  enum { N = 48 };
  static double A[N][N], B[N][N], C[N][N];
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      A[i][j] = (i * 3 + j) % 17 - 8.5;
      B[i][j] = 1.0 / (1 + i + 2 * j);
    }
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      double s = 0;
      for (int k = 0; k < N; ++k) s += A[i][k] * B[k][j];
      C[i][j] = s;
    }
  double trace = 0, fro = 0;
  for (int i = 0; i < N; ++i) {
    trace += C[i][i];
    for (int j = 0; j < N; ++j) fro += C[i][j] * C[i][j];
  }
  printf("matmul: trace=%.15g frobenius^2=%.15g c[7][11]=%.17g\n", trace, fro, C[7][11]);

  for (int y = -10; y <= 10; y += 2) {
    char line[72];
    for (int x = -50; x < 20; ++x) {
      double cr = x / 25.0, ci = y / 10.0, zr = 0, zi = 0;
      int it = 0;
      while (it < 60 && zr * zr + zi * zi < 4) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        ++it;
      }
      line[x + 50] = " .:-=+*#%@"[it % 10];
    }
    line[70] = 0;
    printf("|%s|\n", line);
  }

  enum { kLimit = 200000 };
  static unsigned char composite[kLimit + 1];
  unsigned count = 0;
  uint64_t psum = 0;
  for (unsigned i = 2; i <= kLimit; ++i) {
    if (composite[i]) continue;
    ++count;
    psum += i;
    for (unsigned j = i * 2; j <= kLimit; j += i) composite[j] = 1;
  }
  printf("primes<=%d: %u sum=%" PRIu64 "\n", kLimit, count, psum);

  char enc[200];
  uint8_t dec[200];
  const char* texts[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar", "s390x guest \x01\xff"};
  for (int i = 0; i < 8; ++i) {
    size_t e = b64_encode((const uint8_t*)texts[i], strlen(texts[i]), enc);
    size_t n = b64_decode(enc, dec);
    printf("b64 %zu '%s' roundtrip=%d\n", e, enc, n == strlen(texts[i]) && memcmp(dec, texts[i], n) == 0);
  }

  uint64_t s = 42;
  unsigned inside = 0, trials = 200000;
  for (unsigned i = 0; i < trials; ++i) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    double x = (double)(s >> 11) / 9007199254740992.0;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    double y = (double)(s >> 11) / 9007199254740992.0;
    inside += x * x + y * y <= 1.0;
  }
  printf("monte carlo pi ~ %.6f (%u/%u)\n", 4.0 * inside / trials, inside, trials);
  return 0;
}
