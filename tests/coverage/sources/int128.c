// 128-bit integers for the mnemonic-coverage test: multiply, divide (libgcc calls), shifts,
// add/subtract with carry (ALCGR/SLBGR) and comparisons.
typedef unsigned __int128 u128;
typedef __int128 s128;

u128 mul128(u128 a, u128 b) { return a * b; }
s128 smul128(s128 a, s128 b) { return a * b; }
u128 div128(u128 a, u128 b) { return a / b; }
s128 mod128(s128 a, s128 b) { return a % b; }
u128 add128(u128 a, u128 b) { return a + b; }
u128 sub128(u128 a, u128 b) { return a - b; }
u128 shl128(u128 a, unsigned n) { return a << (n & 127); }
s128 sar128(s128 a, unsigned n) { return a >> (n & 127); }
int lt128(s128 a, s128 b) { return a < b; }
int ult128(u128 a, u128 b) { return a < b; }
u128 widen_mul(unsigned long a, unsigned long b) { return (u128)a * b; }
s128 widen_smul(long a, long b) { return (s128)a * b; }
double to_double(u128 a) { return (double)a; }
u128 from_double(double d) { return (u128)d; }
u128 sum(const u128* v, unsigned n) {
  u128 s = 0;
  for (unsigned i = 0; i < n; ++i) s += v[i];
  return s;
}
int clz128(u128 v) {
  unsigned long hi = (unsigned long)(v >> 64);
  return hi ? __builtin_clzl(hi) : 64 + (v ? __builtin_clzl((unsigned long)v) : 64);
}
