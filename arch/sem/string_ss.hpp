// Storage-to-storage semantics of the string family: MVC and its logical siblings, translate,
// edit, pack/unpack, and the insert/store/compare-under-mask instructions.
// Every SS instruction here fetches its operands (and checks the first operand for storing)
// before it stores anything, so an access exception leaves storage untouched; overlapping
// operands behave as the Principles of Operation's one-byte-at-a-time rule says.
#pragma once

#include "arch/sem/string_common.hpp"

namespace ssivm::arch::sem {
namespace str {

// The first operand of an SS instruction as it evolves, for the byte-at-a-time model: a
// second-operand fetch that hits a first-operand byte already stored sees the new value.
struct ss_overlay {
  uint64_t dst, src, amask;
  unsigned n1;
  const uint8_t* s;  // second operand as fetched before the instruction started
  uint8_t out[256];
  bool written[256];

  ss_overlay(const cpu& c, uint64_t d, uint64_t sa, unsigned n, const uint8_t* sb)
      : dst(d), src(sa), amask(c.s.amask), n1(n), s(sb), out{}, written{} {}
  uint8_t src_byte(unsigned k) const {
    uint64_t j = ((src + k) - dst) & amask;
    return (j < n1 && written[j]) ? out[j] : s[k];
  }
  void put(unsigned j, uint8_t v) {
    out[j] = v;
    written[j] = true;
  }
};

// Host-direct view of [a, a+n) when it lies in storage, does not wrap, and no page flag
// matters for this access (`store`: any flag sends it to the funnel).
inline uint8_t* direct(const cpu& c, uint64_t a, uint64_t n, bool for_store) {
  const guest_memory& m = c.mem;
  if (a > m.size || n > m.size - a || a + n - 1 > c.s.amask) return nullptr;
  uint8_t f = m.page_flags[a >> kPageShift] | m.page_flags[(a + n - 1) >> kPageShift];
  if (for_store ? f != 0 : (f & page_flag::kNoRead) != 0) return nullptr;
  return m.base + a;
}

// NC, OC, XC, MVN, MVZ: result byte k = op(first-operand byte k, second-operand byte k),
// left to right one byte at a time: when the first operand starts `dist` bytes into the
// second, source byte k (k >= dist) is result byte k - dist. Reports a nonzero result.
template <class Op>
inline S ss_combine(cpu& c, const insn& i, Op op, bool& nonzero) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[256], d[256], out[256];
  SSIVM_TRY(load_bytes(c, src, s, n));
  SSIVM_TRY(load_bytes(c, dst, d, n));
  SSIVM_TRY(probe_store(c, dst, n));
  const uint64_t dist = (dst - src) & c.s.amask;
  uint8_t any = 0;
  if (dist != 0 && dist < n) {
    for (unsigned k = 0; k < n; ++k) {
      out[k] = op(d[k], k >= dist ? out[k - dist] : s[k]);
      any |= out[k];
    }
  } else {
    for (unsigned k = 0; k < n; ++k) {
      out[k] = op(d[k], s[k]);
      any |= out[k];
    }
  }
  SSIVM_TRY(store_bytes(c, dst, out, n));
  nonzero = any != 0;
  return S::next;
}

// Selected bytes of a 32-bit register half by a 4-bit mask (leftmost mask bit = leftmost
// byte), packed left to right.
inline unsigned mask_bytes(uint32_t reg, unsigned m, uint8_t* out) {
  unsigned n = 0;
  for (unsigned b = 0; b < 4; ++b)
    if (m & (8u >> b)) out[n++] = static_cast<uint8_t>(reg >> (24 - 8 * b));
  return n;
}

}  // namespace str

// ---- moves ------------------------------------------------------------------------------------

// MOVE (character): left to right, one byte at a time, so an overlap of one byte to the right
// propagates the first byte (the classic storage-clearing idiom).
inline S MVC(cpu& c, const insn& i, uint64_t) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  const uint64_t dist = (dst - src) & c.s.amask;
  const bool destructive = dist != 0 && dist < n;
  if (!destructive || dist == 1) {
    uint8_t* hs = str::direct(c, src, n, false);
    uint8_t* hd = hs ? str::direct(c, dst, n, true) : nullptr;
    if (hd) {
      // dist == 1 is the byte-propagation idiom (glibc's memset): every byte becomes src[0].
      if (destructive)
        std::memset(hd, *hs, n);
      else
        std::memmove(hd, hs, n);
      return S::next;
    }
  }
  uint8_t s[256];
  SSIVM_TRY(load_bytes(c, src, s, n));
  SSIVM_TRY(probe_store(c, dst, n));
  uint8_t out[256];
  if (destructive) {
    // Byte k reads the byte stored `dist` steps earlier once k reaches it.
    for (unsigned k = 0; k < n; ++k) out[k] = k >= dist ? out[k - dist] : s[k];
  } else {
    std::memcpy(out, s, n);
  }
  SSIVM_TRY(store_bytes(c, dst, out, n));
  return S::next;
}

// MOVE INVERSE: the second-operand address designates the rightmost byte of that operand.
inline S MVCIN(cpu& c, const insn& i, uint64_t) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i), src_right = ea2(c, i);
  uint8_t s[256], out[256];
  SSIVM_TRY(load_bytes(c, wrap(c, src_right - (n - 1)), s, n));
  SSIVM_TRY(probe_store(c, dst, n));
  for (unsigned k = 0; k < n; ++k) out[k] = s[n - 1 - k];
  SSIVM_TRY(store_bytes(c, dst, out, n));
  return S::next;
}

inline S MVN(cpu& c, const insn& i, uint64_t) {
  bool nz;
  return str::ss_combine(
      c, i,
      [](uint8_t d, uint8_t s) -> uint8_t { return static_cast<uint8_t>((d & 0xf0) | (s & 0x0f)); },
      nz);
}
inline S MVZ(cpu& c, const insn& i, uint64_t) {
  bool nz;
  return str::ss_combine(
      c, i,
      [](uint8_t d, uint8_t s) -> uint8_t { return static_cast<uint8_t>((d & 0x0f) | (s & 0xf0)); },
      nz);
}

// ---- logical --------------------------------------------------------------------------------

inline S NC(cpu& c, const insn& i, uint64_t) {
  bool nz;
  S r = str::ss_combine(
      c, i, [](uint8_t d, uint8_t s) -> uint8_t { return d & s; }, nz);
  if (r == S::next) c.s.cc = nz;
  return r;
}
inline S OC(cpu& c, const insn& i, uint64_t) {
  bool nz;
  S r = str::ss_combine(
      c, i, [](uint8_t d, uint8_t s) -> uint8_t { return d | s; }, nz);
  if (r == S::next) c.s.cc = nz;
  return r;
}
// EXCLUSIVE OR (character); XC of a field with itself clears it (fast path).
inline S XC(cpu& c, const insn& i, uint64_t) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i);
  if (dst == ea2(c, i)) {
    if (uint8_t* h = str::direct(c, dst, n, true)) {
      std::memset(h, 0, n);
      c.s.cc = 0;
      return S::next;
    }
  }
  bool nz;
  S r = str::ss_combine(
      c, i, [](uint8_t d, uint8_t s) -> uint8_t { return d ^ s; }, nz);
  if (r == S::next) c.s.cc = nz;
  return r;
}

// COMPARE LOGICAL (character).
inline S CLC(cpu& c, const insn& i, uint64_t) {
  const unsigned n = i.l1 + 1u;
  const uint64_t a1 = ea1(c, i), a2 = ea2(c, i);
  const uint8_t* h1 = str::direct(c, a1, n, false);
  const uint8_t* h2 = h1 ? str::direct(c, a2, n, false) : nullptr;
  uint8_t b1[256], b2[256];
  if (!h2) {
    SSIVM_TRY(load_bytes(c, a1, b1, n));
    SSIVM_TRY(load_bytes(c, a2, b2, n));
    h1 = b1;
    h2 = b2;
  }
  int r = std::memcmp(h1, h2, n);
  c.s.cc = r == 0 ? 0 : (r < 0 ? 1 : 2);
  return S::next;
}

// ---- translate ------------------------------------------------------------------------------

// TRANSLATE: each first-operand byte indexes the 256-byte table. Table bytes that lie in the
// first operand are seen as already translated when they come before the current byte.
inline S TR(cpu& c, const insn& i, uint64_t) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i), tab = ea2(c, i);
  uint8_t d[256];
  SSIVM_TRY(load_bytes(c, dst, d, n));
  SSIVM_TRY(probe_store(c, dst, n));
  str::ss_overlay v(c, dst, dst, n, d);
  const uint8_t* ht = str::direct(c, tab, 256, false);
  const bool table_in_op1 = ((tab - dst) & c.s.amask) < n || ((dst - tab) & c.s.amask) < 256;
  for (unsigned k = 0; k < n; ++k) {
    const uint8_t b = d[k];
    uint8_t t;
    if (ht && !table_in_op1) {
      t = ht[b];
    } else {
      const uint64_t ta = wrap(c, tab + b);
      const uint64_t j = (ta - dst) & c.s.amask;
      if (j < n)
        t = v.written[j] ? v.out[j] : d[j];
      else
        SSIVM_TRY(load(c, ta, t));
    }
    v.put(k, t);
  }
  SSIVM_TRY(store_bytes(c, dst, v.out, n));
  return S::next;
}

namespace str {
// TRT/TRTR: scan `n` argument bytes (left to right, or right to left from the rightmost);
// stop at the first nonzero function byte.
inline S translate_and_test(cpu& c, uint64_t first, unsigned n, uint64_t tab, bool reverse) {
  uint8_t a[256];
  const uint64_t lo = reverse ? wrap(c, first - (n - 1)) : first;
  SSIVM_TRY(load_bytes(c, lo, a, n));
  for (unsigned t = 0; t < n; ++t) {
    const unsigned k = reverse ? n - 1 - t : t;
    uint8_t f;
    SSIVM_TRY(load(c, wrap(c, tab + a[k]), f));
    if (f != 0) {
      put_addr_keep_high(c, 1, wrap(c, lo + k));
      c.s.gr[2] = (c.s.gr[2] & ~0xffull) | f;
      c.s.cc = t == n - 1 ? 2 : 1;
      return S::next;
    }
  }
  c.s.cc = 0;
  return S::next;
}
}  // namespace str

inline S TRT(cpu& c, const insn& i, uint64_t) {
  return str::translate_and_test(c, ea1(c, i), i.l1 + 1u, ea2(c, i), false);
}
// TRANSLATE AND TEST REVERSE: the first-operand address designates its rightmost byte.
inline S TRTR(cpu& c, const insn& i, uint64_t) {
  return str::translate_and_test(c, ea1(c, i), i.l1 + 1u, ea2(c, i), true);
}

// ---- edit -----------------------------------------------------------------------------------

namespace str {

// EDIT and EDIT AND MARK: the pattern (first operand) is replaced by the edited result; the
// whole result is formed before anything is stored, so a data exception stores nothing.
inline S edit(cpu& c, const insn& i, bool mark) {
  const unsigned n = i.l1 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t pat[256], out[256];
  SSIVM_TRY(load_bytes(c, dst, pat, n));
  SSIVM_TRY(probe_store(c, dst, n));
  const uint8_t fill = pat[0];
  bool sig = false;            // significance indicator
  bool nonzero = false;        // a nonzero digit in the current field
  bool right_pending = false;  // the right digit of `cur` is still to be used
  uint8_t cur = 0;
  uint64_t next_src = src;
  bool marked = false;
  uint64_t mark_at = 0;
  for (unsigned k = 0; k < n; ++k) {
    const uint8_t p = pat[k];
    uint8_t r;
    if (p == 0x20 || p == 0x21) {  // digit selector, significance starter
      uint8_t digit;
      bool plus_sign = false;
      if (!right_pending) {
        SSIVM_TRY(load(c, next_src, cur));
        next_src = wrap(c, next_src + 1);
        digit = cur >> 4;
        if (digit > 9) return data_exception(c, kDxcDecimalOperand);
        const uint8_t right = cur & 0xf;
        if (right > 9)
          plus_sign = right != 0xb && right != 0xd;
        else
          right_pending = true;
      } else {
        digit = cur & 0xf;
        right_pending = false;
      }
      if (sig) {
        r = static_cast<uint8_t>(0xf0 | digit);
      } else if (digit != 0) {
        r = static_cast<uint8_t>(0xf0 | digit);
        sig = true;
        // The last such byte wins when a later field starts significance again.
        marked = true;
        mark_at = wrap(c, dst + k);
      } else {
        r = fill;
        if (p == 0x21) sig = true;
      }
      if (digit != 0) nonzero = true;
      if (plus_sign) sig = false;
    } else if (p == 0x22) {  // field separator
      r = fill;
      sig = false;
      nonzero = false;
    } else {  // message byte
      r = sig ? p : fill;
    }
    out[k] = r;
  }
  SSIVM_TRY(store_bytes(c, dst, out, n));
  c.s.cc = !nonzero ? 0 : (sig ? 1 : 2);
  if (mark && marked) put_addr_keep_high(c, 1, mark_at);
  return S::next;
}
}  // namespace str

inline S ED(cpu& c, const insn& i, uint64_t) { return str::edit(c, i, false); }
inline S EDMK(cpu& c, const insn& i, uint64_t) { return str::edit(c, i, true); }

// ---- pack / unpack / move with offset -------------------------------------------------------
// These process right to left, one byte at a time; each second-operand byte is fetched once,
// when first needed, and sees result bytes already stored over it.

namespace str {
struct ss_rtl {
  ss_overlay v;
  unsigned n2;
  int next;  // index of the next second-operand byte to fetch (right to left)
  ss_rtl(const cpu& c, uint64_t dst, uint64_t src, unsigned n1, unsigned n2_, const uint8_t* s)
      : v(c, dst, src, n1, s), n2(n2_), next(static_cast<int>(n2_) - 1) {}
  bool more() const { return next >= 0; }
  uint8_t fetch() { return v.src_byte(static_cast<unsigned>(next--)); }
};
}  // namespace str

inline S MVO(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[16], d[16];
  SSIVM_TRY(load_bytes(c, src, s, n2));
  SSIVM_TRY(load_bytes(c, dst, d, n1));
  SSIVM_TRY(probe_store(c, dst, n1));
  str::ss_rtl p(c, dst, src, n1, n2, s);
  uint8_t carry = d[n1 - 1] & 0xf;  // the rightmost first-operand digit stays
  for (int j = static_cast<int>(n1) - 1; j >= 0; --j) {
    uint8_t b = p.more() ? p.fetch() : 0;
    p.v.put(static_cast<unsigned>(j), static_cast<uint8_t>((b << 4) | carry));
    carry = b >> 4;
  }
  SSIVM_TRY(store_bytes(c, dst, p.v.out, n1));
  return S::next;
}

inline S PACK(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[16];
  SSIVM_TRY(load_bytes(c, src, s, n2));
  SSIVM_TRY(probe_store(c, dst, n1));
  str::ss_rtl p(c, dst, src, n1, n2, s);
  for (int j = static_cast<int>(n1) - 1; j >= 0; --j) {
    uint8_t r;
    if (j == static_cast<int>(n1) - 1) {
      const uint8_t b = p.fetch();  // zone and digit swap places
      r = static_cast<uint8_t>((b << 4) | (b >> 4));
    } else {
      const uint8_t lo = p.more() ? (p.fetch() & 0xf) : 0;
      const uint8_t hi = p.more() ? (p.fetch() & 0xf) : 0;
      r = static_cast<uint8_t>((hi << 4) | lo);
    }
    p.v.put(static_cast<unsigned>(j), r);
  }
  SSIVM_TRY(store_bytes(c, dst, p.v.out, n1));
  return S::next;
}

inline S UNPK(cpu& c, const insn& i, uint64_t) {
  const unsigned n1 = i.l1 + 1u, n2 = i.l2 + 1u;
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[16];
  SSIVM_TRY(load_bytes(c, src, s, n2));
  SSIVM_TRY(probe_store(c, dst, n1));
  // Each result byte is stored right after the source byte holding its digit is fetched;
  // the two result bytes of one source byte fetch it twice, so the second sees a result
  // byte stored over it in between (as qemu-s390x does too).
  str::ss_overlay v(c, dst, src, n1, s);
  int k = static_cast<int>(n2) - 1;  // source byte of the next digit
  bool high_next = false;            // the next digit is the high half of byte k
  for (int j = static_cast<int>(n1) - 1; j >= 0; --j) {
    uint8_t r;
    if (j == static_cast<int>(n1) - 1) {
      const uint8_t b = v.src_byte(static_cast<unsigned>(k--));
      r = static_cast<uint8_t>((b << 4) | (b >> 4));
    } else if (k < 0) {
      r = 0xf0;
    } else if (!high_next) {
      r = static_cast<uint8_t>(0xf0 | (v.src_byte(static_cast<unsigned>(k)) & 0xf));
      high_next = true;
    } else {
      r = static_cast<uint8_t>(0xf0 | (v.src_byte(static_cast<unsigned>(k--)) >> 4));
      high_next = false;
    }
    v.put(static_cast<unsigned>(j), r);
  }
  SSIVM_TRY(store_bytes(c, dst, v.out, n1));
  return S::next;
}

namespace str {
// PACK ASCII / PACK UNICODE: the low four bits of each character (1 or 2 bytes wide) become
// digits of a 16-byte packed result with a plus sign (C); zone bits and digits are not checked.
inline S pack_chars(cpu& c, const insn& i, unsigned width) {
  const unsigned n2 = i.l2 + 1u;
  if (n2 > 32 * width || n2 % width) return specification(c);
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[64];
  SSIVM_TRY(load_bytes(c, src, s, n2));
  SSIVM_TRY(probe_store(c, dst, 16));
  uint8_t digits[32] = {};  // digits[0] is the rightmost
  const unsigned nd = n2 / width;
  for (unsigned k = 0; k < nd; ++k) digits[k] = s[n2 - 1 - k * width] & 0xf;
  uint8_t out[16];
  out[15] = static_cast<uint8_t>((digits[0] << 4) | 0xc);
  for (unsigned b = 1; b < 16; ++b)
    out[15 - b] = static_cast<uint8_t>((digits[2 * b] << 4) | digits[2 * b - 1]);
  SSIVM_TRY(store_bytes(c, dst, out, 16));
  return S::next;
}

// UNPACK ASCII / UNPACK UNICODE: the rightmost digits of a 16-byte packed operand become
// characters 0x3n (0x003n); CC by the sign: 0 plus, 1 minus, 3 invalid (digits unchecked).
inline S unpack_chars(cpu& c, const insn& i, unsigned width) {
  const unsigned n1 = i.l1 + 1u;
  if (n1 > 32 * width || n1 % width) return specification(c);
  const uint64_t dst = ea1(c, i), src = ea2(c, i);
  uint8_t s[16];
  SSIVM_TRY(load_bytes(c, src, s, 16));
  SSIVM_TRY(probe_store(c, dst, n1));
  // Right to left, one byte at a time: each second-operand byte is fetched when its first
  // digit is needed and sees result bytes already stored over it (overlapping operands).
  ss_overlay v(c, dst, src, n1, s);
  const uint8_t last = v.src_byte(15);
  const unsigned nd = n1 / width;
  uint8_t cur = last;
  for (unsigned k = 0; k < nd; ++k) {
    uint8_t digit;
    if (k == 0) {
      digit = last >> 4;
    } else if (k > 30) {
      digit = 0;  // a 32-character result starts with a zero digit: the operand has 31
    } else if (k & 1) {
      cur = v.src_byte(15 - (k + 1) / 2);
      digit = cur & 0xf;
    } else {
      digit = cur >> 4;
    }
    const unsigned at = n1 - 1 - k * width;
    if (width == 2) v.put(at - 1, 0);
    v.put(at, static_cast<uint8_t>(0x30 | digit));
  }
  SSIVM_TRY(store_bytes(c, dst, v.out, n1));
  const uint8_t sign = last & 0xf;
  c.s.cc = sign < 0xa ? 3 : (sign == 0xb || sign == 0xd) ? 1 : 0;
  return S::next;
}
}  // namespace str

inline S PKA(cpu& c, const insn& i, uint64_t) { return str::pack_chars(c, i, 1); }
inline S PKU(cpu& c, const insn& i, uint64_t) { return str::pack_chars(c, i, 2); }
inline S UNPKA(cpu& c, const insn& i, uint64_t) { return str::unpack_chars(c, i, 1); }
inline S UNPKU(cpu& c, const insn& i, uint64_t) { return str::unpack_chars(c, i, 2); }

// ---- under mask -----------------------------------------------------------------------------

namespace str {
// INSERT CHARACTERS UNDER MASK into bits 32-63 (or 0-31 for ICMH).
inline S icm(cpu& c, unsigned r1, unsigned m, uint64_t a, bool high) {
  if (m == 0) {
    // No bytes selected: CC 0 and (as the PoO permits) no storage access.
    c.s.cc = 0;
    return S::next;
  }
  uint8_t b[4];
  const unsigned n = static_cast<unsigned>(__builtin_popcount(m));
  SSIVM_TRY(load_bytes(c, a, b, n));
  uint32_t reg = high ? gr32h(c, r1) : gr32(c, r1);
  uint32_t inserted = 0;
  for (unsigned k = 0, x = 0; k < 4; ++k) {
    if (!(m & (8u >> k))) continue;
    const unsigned shift = 24 - 8 * k;
    reg = (reg & ~(0xffu << shift)) | (static_cast<uint32_t>(b[x]) << shift);
    inserted = inserted << 8 | b[x++];
  }
  if (high)
    set_gr32h(c, r1, reg);
  else
    set_gr32(c, r1, reg);
  c.s.cc = inserted == 0 ? 0 : (b[0] & 0x80) ? 1 : 2;
  return S::next;
}
inline S stcm(cpu& c, unsigned r1, unsigned m, uint64_t a, bool high) {
  uint8_t b[4];
  const unsigned n = mask_bytes(high ? gr32h(c, r1) : gr32(c, r1), m, b);
  if (n) SSIVM_TRY(store_bytes(c, a, b, n));
  return S::next;
}
inline S clm(cpu& c, unsigned r1, unsigned m, uint64_t a, bool high) {
  uint8_t b[4], s[4];
  const unsigned n = mask_bytes(high ? gr32h(c, r1) : gr32(c, r1), m, b);
  if (n) SSIVM_TRY(load_bytes(c, a, s, n));
  int r = n ? std::memcmp(b, s, n) : 0;
  c.s.cc = r == 0 ? 0 : (r < 0 ? 1 : 2);
  return S::next;
}
}  // namespace str

inline S ICM(cpu& c, const insn& i, uint64_t) { return str::icm(c, i.r1, i.m3, ea2(c, i), false); }
inline S ICMY(cpu& c, const insn& i, uint64_t) { return str::icm(c, i.r1, i.m3, ea2(c, i), false); }
inline S ICMH(cpu& c, const insn& i, uint64_t) { return str::icm(c, i.r1, i.m3, ea2(c, i), true); }
inline S STCM(cpu& c, const insn& i, uint64_t) {
  return str::stcm(c, i.r1, i.m3, ea2(c, i), false);
}
inline S STCMY(cpu& c, const insn& i, uint64_t) {
  return str::stcm(c, i.r1, i.m3, ea2(c, i), false);
}
inline S STCMH(cpu& c, const insn& i, uint64_t) {
  return str::stcm(c, i.r1, i.m3, ea2(c, i), true);
}
inline S CLM(cpu& c, const insn& i, uint64_t) { return str::clm(c, i.r1, i.m3, ea2(c, i), false); }
inline S CLMY(cpu& c, const insn& i, uint64_t) { return str::clm(c, i.r1, i.m3, ea2(c, i), false); }
inline S CLMH(cpu& c, const insn& i, uint64_t) { return str::clm(c, i.r1, i.m3, ea2(c, i), true); }

}  // namespace ssivm::arch::sem
