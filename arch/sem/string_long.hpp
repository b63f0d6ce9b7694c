// Semantics of the long and string instructions: MVCL, CLCL, MVCLE, CLCLE, MVCLU, CLCLU, MVST,
// CLST, SRST, SRSTU, CKSM, TRE and TROO/TROT/TRTO/TRTT, working a page at a time.
// MVCL/CLCL complete in one execution; an access exception part-way leaves the registers
// describing the progress and nullifies the rest, so re-executing resumes. The others stop
// after str::kUnitBytes with condition code 3 (the "CPU-determined amount"), and also stop
// with CC 3 just before an inaccessible page once they have made progress; the exception is
// then recognised when the program re-executes the instruction, with nothing left half done.
#pragma once

#include "arch/sem/string_common.hpp"

namespace ssivm::arch::sem {
namespace str {

// After a fault part-way through MVCL/CLCL: the completed units stand (registers updated by
// the caller), so the instruction ends with the PSW designating it, ready to resume.
inline S partial_fault(cpu& c, bool progressed) {
  if (progressed) c.pgm_ending = ending::nullify;
  return S::program;
}

// Moves `len` bytes of the first operand from `src` (first `n_src` bytes) then padding,
// page-bounded chunk by chunk. `done` counts first-operand bytes stored. The padding is the
// byte `pad`, or with `wide` the 2-byte character `pad` (MVCLU; lengths are even there).
inline bool move_long(cpu& c, uint64_t dst, uint64_t src, uint64_t len, uint64_t n_src,
                      uint16_t pad, uint64_t& done, bool wide = false) {
  uint8_t buf[kPageSize];
  while (done < len) {
    const uint64_t a1 = wrap(c, dst + done);
    uint64_t n = len - done < page_rest(a1) ? len - done : page_rest(a1);
    if (done < n_src) {
      const uint64_t a2 = wrap(c, src + done);
      n = min3(n, n_src - done, page_rest(a2));
      if (!load_bytes(c, a2, buf, n)) return false;
    } else if (!wide) {
      std::memset(buf, static_cast<uint8_t>(pad), n);
    } else {
      for (uint64_t j = 0; j < n; ++j)
        buf[j] = static_cast<uint8_t>(((done + j - n_src) & 1) ? pad : pad >> 8);
    }
    if (!store_bytes(c, a1, buf, n)) return false;
    done += n;
  }
  return true;
}

// Compares up to `limit` positions of two operands padded with `pad` (a byte, or with `wide`
// a 2-byte character); `done` counts equal positions (whole characters with `wide`).
// Returns false on an access exception; `diff` is 0 if all compared equal, else the CC of
// the first unequal position.
inline bool compare_long(cpu& c, uint64_t a1, uint64_t l1, uint64_t a2, uint64_t l2, uint16_t pad,
                         uint64_t limit, uint64_t& done, uint8_t& diff, bool wide = false) {
  uint8_t b1[kPageSize], b2[kPageSize];
  diff = 0;
  auto fill = [&](uint8_t* b, uint64_t n, uint64_t l) {
    if (!wide)
      std::memset(b, static_cast<uint8_t>(pad), n);
    else
      for (uint64_t j = 0; j < n; ++j)
        b[j] = static_cast<uint8_t>(((done + j - l) & 1) ? pad : pad >> 8);
  };
  while (done < limit) {
    uint64_t n = limit - done;
    const bool in1 = done < l1, in2 = done < l2;
    if (in1) n = min3(n, l1 - done, page_rest(wrap(c, a1 + done)));
    if (in2) n = min3(n, l2 - done, page_rest(wrap(c, a2 + done)));
    if (in1) {
      if (!load_bytes(c, wrap(c, a1 + done), b1, n)) return false;
    } else {
      fill(b1, n, l1);
    }
    if (in2) {
      if (!load_bytes(c, wrap(c, a2 + done), b2, n)) return false;
    } else {
      fill(b2, n, l2);
    }
    for (uint64_t k = 0; k < n; ++k) {
      if (b1[k] != b2[k]) {
        done += k;
        diff = b1[k] < b2[k] ? 1 : 2;
        if (wide && (done & 1)) --done;  // designate the whole character
        return true;
      }
    }
    done += n;
  }
  return true;
}

}  // namespace str

// MOVE LONG: 24-bit lengths in R1+1 / R2+1, padding byte in bits 32-39 of R2+1. CC 3 (and no
// movement) when the first operand would be used as a source after being stored into.
inline S MVCL(cpu& c, const insn& i, uint64_t) {
  const uint64_t dst = str::reg_addr(c, i.r1), src = str::reg_addr(c, i.r2);
  const uint32_t l1 = gr32(c, i.r1 + 1) & 0xffffffu, l2 = gr32(c, i.r2 + 1) & 0xffffffu;
  const uint8_t pad = static_cast<uint8_t>(gr32(c, i.r2 + 1) >> 24);
  const uint64_t n = l1 < l2 ? l1 : l2;
  const uint64_t dist = (dst - src) & c.s.amask;
  if (dist != 0 && dist < n) {
    c.s.cc = 3;
    return S::next;
  }
  uint64_t done = 0;
  const bool ok = str::move_long(c, dst, src, l1, l2, pad, done);
  const uint64_t used = done < l2 ? done : l2;
  str::put_addr(c, i.r1, dst + done);
  set_gr32(c, i.r1 + 1, (gr32(c, i.r1 + 1) & 0xff000000u) | static_cast<uint32_t>(l1 - done));
  str::put_addr(c, i.r2, src + used);
  set_gr32(c, i.r2 + 1, (gr32(c, i.r2 + 1) & 0xff000000u) | static_cast<uint32_t>(l2 - used));
  if (!ok) return str::partial_fault(c, done != 0);
  c.s.cc = l1 == l2 ? 0 : (l1 < l2 ? 1 : 2);
  return S::next;
}

// COMPARE LOGICAL LONG: on inequality the registers designate the first unequal bytes (a
// padded operand's address and length stop at its end).
inline S CLCL(cpu& c, const insn& i, uint64_t) {
  const uint64_t a1 = str::reg_addr(c, i.r1), a2 = str::reg_addr(c, i.r2);
  const uint32_t l1 = gr32(c, i.r1 + 1) & 0xffffffu, l2 = gr32(c, i.r2 + 1) & 0xffffffu;
  const uint8_t pad = static_cast<uint8_t>(gr32(c, i.r2 + 1) >> 24);
  uint64_t done = 0;
  uint8_t diff = 0;
  const bool ok = str::compare_long(c, a1, l1, a2, l2, pad, l1 > l2 ? l1 : l2, done, diff);
  const uint64_t u1 = done < l1 ? done : l1, u2 = done < l2 ? done : l2;
  str::put_addr(c, i.r1, a1 + u1);
  set_gr32(c, i.r1 + 1, (gr32(c, i.r1 + 1) & 0xff000000u) | static_cast<uint32_t>(l1 - u1));
  str::put_addr(c, i.r2, a2 + u2);
  set_gr32(c, i.r2 + 1, (gr32(c, i.r2 + 1) & 0xff000000u) | static_cast<uint32_t>(l2 - u2));
  if (!ok) return str::partial_fault(c, done != 0);
  c.s.cc = diff;
  return S::next;
}

// MOVE LONG EXTENDED: padding byte from bits 56-63 of the second-operand address; CC 3 after
// a CPU-determined amount.
inline S MVCLE(cpu& c, const insn& i, uint64_t) {
  const uint64_t dst = str::reg_addr(c, i.r1), src = str::reg_addr(c, i.r3);
  const uint64_t l1 = str::reg_len(c, i.r1 + 1), l3 = str::reg_len(c, i.r3 + 1);
  const uint8_t pad = static_cast<uint8_t>(ea2(c, i));
  const uint64_t limit = l1 < str::kUnitBytes ? l1 : str::kUnitBytes;
  uint64_t done = 0;
  const bool ok = str::move_long(c, dst, src, limit, l3, pad, done);
  if (!ok && done == 0) return S::program;
  const uint64_t used = done < l3 ? done : l3;
  str::put_addr(c, i.r1, dst + done);
  str::put_len(c, i.r1 + 1, l1 - done);
  str::put_addr(c, i.r3, src + used);
  str::put_len(c, i.r3 + 1, l3 - used);
  c.s.cc = done < l1 ? 3 : (l1 == l3 ? 0 : (l1 < l3 ? 1 : 2));
  return S::next;
}

// COMPARE LOGICAL LONG EXTENDED.
inline S CLCLE(cpu& c, const insn& i, uint64_t) {
  const uint64_t a1 = str::reg_addr(c, i.r1), a3 = str::reg_addr(c, i.r3);
  const uint64_t l1 = str::reg_len(c, i.r1 + 1), l3 = str::reg_len(c, i.r3 + 1);
  const uint8_t pad = static_cast<uint8_t>(ea2(c, i));
  const uint64_t total = l1 > l3 ? l1 : l3;
  const uint64_t limit = total < str::kUnitBytes ? total : str::kUnitBytes;
  uint64_t done = 0;
  uint8_t diff = 0;
  const bool ok = str::compare_long(c, a1, l1, a3, l3, pad, limit, done, diff);
  if (!ok && done == 0) return S::program;
  const uint64_t u1 = done < l1 ? done : l1, u3 = done < l3 ? done : l3;
  str::put_addr(c, i.r1, a1 + u1);
  str::put_len(c, i.r1 + 1, l1 - u1);
  str::put_addr(c, i.r3, a3 + u3);
  str::put_len(c, i.r3 + 1, l3 - u3);
  c.s.cc = !ok ? 3 : diff ? diff : (done < total ? 3 : 0);
  return S::next;
}

// MOVE LONG UNICODE / COMPARE LOGICAL LONG UNICODE: as MVCLE/CLCLE with 2-byte characters
// and a 2-byte padding character (bits 48-63 of the second-operand address); odd lengths are
// a specification exception.
inline S MVCLU(cpu& c, const insn& i, uint64_t) {
  const uint64_t dst = str::reg_addr(c, i.r1), src = str::reg_addr(c, i.r3);
  const uint64_t l1 = str::reg_len(c, i.r1 + 1), l3 = str::reg_len(c, i.r3 + 1);
  if ((l1 | l3) & 1) return specification(c);
  const uint16_t pad = static_cast<uint16_t>(ea2(c, i));
  const uint64_t limit = l1 < str::kUnitBytes ? l1 : str::kUnitBytes;
  uint64_t done = 0;
  const bool ok = str::move_long(c, dst, src, limit, l3, pad, done, true);
  if (!ok) {
    done &= ~1ull;  // whole characters only; the next execution redoes a split one
    if (done == 0) return S::program;
  }
  const uint64_t used = done < l3 ? done : l3;
  str::put_addr(c, i.r1, dst + done);
  str::put_len(c, i.r1 + 1, l1 - done);
  str::put_addr(c, i.r3, src + used);
  str::put_len(c, i.r3 + 1, l3 - used);
  c.s.cc = done < l1 ? 3 : (l1 == l3 ? 0 : (l1 < l3 ? 1 : 2));
  return S::next;
}

inline S CLCLU(cpu& c, const insn& i, uint64_t) {
  const uint64_t a1 = str::reg_addr(c, i.r1), a3 = str::reg_addr(c, i.r3);
  const uint64_t l1 = str::reg_len(c, i.r1 + 1), l3 = str::reg_len(c, i.r3 + 1);
  if ((l1 | l3) & 1) return specification(c);
  const uint16_t pad = static_cast<uint16_t>(ea2(c, i));
  const uint64_t total = l1 > l3 ? l1 : l3;
  const uint64_t limit = total < str::kUnitBytes ? total : str::kUnitBytes;
  uint64_t done = 0;
  uint8_t diff = 0;
  const bool ok = str::compare_long(c, a1, l1, a3, l3, pad, limit, done, diff, true);
  if (!ok) done &= ~1ull;
  if (!ok && done == 0) return S::program;
  const uint64_t u1 = done < l1 ? done : l1, u3 = done < l3 ? done : l3;
  str::put_addr(c, i.r1, a1 + u1);
  str::put_len(c, i.r1 + 1, l1 - u1);
  str::put_addr(c, i.r3, a3 + u3);
  str::put_len(c, i.r3 + 1, l3 - u3);
  c.s.cc = !ok ? 3 : diff ? diff : (done < total ? 3 : 0);
  return S::next;
}

// MOVE STRING: up to and including the ending character (R0 bits 56-63). CC 1: R1 designates
// the ending character in the first operand; CC 3: both addresses advanced.
inline S MVST(cpu& c, const insn& i, uint64_t) {
  uint8_t ch;
  SSIVM_TRY(str::ending_char(c, ch));
  const uint64_t dst = str::reg_addr(c, i.r1), src = str::reg_addr(c, i.r2);
  uint8_t buf[kPageSize];
  uint64_t done = 0;
  while (done < str::kUnitBytes) {
    const uint64_t a1 = wrap(c, dst + done), a2 = wrap(c, src + done);
    uint64_t n = str::min3(str::kUnitBytes - done, str::page_rest(a1), str::page_rest(a2));
    if (!load_bytes(c, a2, buf, n)) {
      if (done == 0) return S::program;
      break;
    }
    const void* hit = std::memchr(buf, ch, n);
    const uint64_t m = hit ? static_cast<uint64_t>(static_cast<const uint8_t*>(hit) - buf) + 1 : n;
    if (!store_bytes(c, a1, buf, m)) {
      if (done == 0) return S::program;
      break;
    }
    if (hit) {
      str::put_addr(c, i.r1, dst + done + m - 1);
      c.s.cc = 1;
      return S::next;
    }
    done += n;
  }
  str::put_addr(c, i.r1, dst + done);
  str::put_addr(c, i.r2, src + done);
  c.s.cc = 3;
  return S::next;
}

// COMPARE LOGICAL STRING: the ending character is lower than any other byte. CC 0 (both end
// together) leaves the registers alone; CC 1/2 point them at the deciding bytes.
inline S CLST(cpu& c, const insn& i, uint64_t) {
  uint8_t ch;
  SSIVM_TRY(str::ending_char(c, ch));
  const uint64_t a1 = str::reg_addr(c, i.r1), a2 = str::reg_addr(c, i.r2);
  for (uint64_t k = 0; k < str::kUnitBytes; ++k) {
    uint8_t b1, b2;
    if (!load(c, wrap(c, a1 + k), b1) || !load(c, wrap(c, a2 + k), b2)) {
      if (k == 0) return S::program;
      str::put_addr(c, i.r1, a1 + k);
      str::put_addr(c, i.r2, a2 + k);
      c.s.cc = 3;
      return S::next;
    }
    if (b1 == ch && b2 == ch) {
      c.s.cc = 0;
      return S::next;
    }
    if (b1 == ch || b2 == ch || b1 != b2) {
      c.s.cc = b1 == ch ? 1 : b2 == ch ? 2 : (b1 < b2 ? 1 : 2);
      str::put_addr(c, i.r1, a1 + k);
      str::put_addr(c, i.r2, a2 + k);
      return S::next;
    }
  }
  str::put_addr(c, i.r1, a1 + str::kUnitBytes);
  str::put_addr(c, i.r2, a2 + str::kUnitBytes);
  c.s.cc = 3;
  return S::next;
}

// SEARCH STRING: from R2 up to (not including) the address in R1. CC 1: R1 = address of the
// character; CC 2: not found, registers unchanged; CC 3: R2 advanced.
inline S SRST(cpu& c, const insn& i, uint64_t) {
  uint8_t ch;
  SSIVM_TRY(str::ending_char(c, ch));
  const uint64_t end = str::reg_addr(c, i.r1);
  uint64_t a = str::reg_addr(c, i.r2);
  uint64_t left = str::kUnitBytes;
  while (left) {
    if (a == end) {
      c.s.cc = 2;
      return S::next;
    }
    uint64_t n = left < str::page_rest(a) ? left : str::page_rest(a);
    const uint64_t to_end = (end - a) & c.s.amask;
    if (to_end < n) n = to_end;
    uint8_t buf[kPageSize];
    if (!load_bytes(c, a, buf, n)) {
      if (left == str::kUnitBytes) return S::program;
      break;
    }
    if (const void* hit = std::memchr(buf, ch, n)) {
      str::put_addr(c, i.r1, a + static_cast<uint64_t>(static_cast<const uint8_t*>(hit) - buf));
      c.s.cc = 1;
      return S::next;
    }
    a = wrap(c, a + n);
    left -= n;
  }
  if (a == end) {
    c.s.cc = 2;
    return S::next;
  }
  str::put_addr(c, i.r2, a);
  c.s.cc = 3;
  return S::next;
}

// SEARCH STRING UNICODE: 2-byte characters from R2 up to the end address R1, character in R0
// bits 48-63 (bits 32-47 must be zero). PoO: when bit 63 of R1 and R2 differ, the first
// character after the second operand is at R1 + 1 (an odd-length operand ends with a character
// that straddles R1; with R1 = R2 - 1 the operand is empty). The search ends with CC 2 when the
// next character's address equals that end, wrapping around storage if R1 is below R2.
inline S SRSTU(cpu& c, const insn& i, uint64_t) {
  if (c.s.gr[0] & 0xffff0000ull) return specification(c);
  const uint16_t ch = static_cast<uint16_t>(c.s.gr[0]);
  uint64_t a = str::reg_addr(c, i.r2);
  uint64_t end = str::reg_addr(c, i.r1);
  if ((end ^ a) & 1) end = wrap(c, end + 1);
  for (uint64_t k = 0; k < str::kUnitBytes; k += 2) {
    if (a == end) {
      c.s.cc = 2;
      return S::next;
    }
    uint16_t v;
    if (!load(c, a, v)) {
      if (k == 0) return S::program;
      break;
    }
    if (v == ch) {
      str::put_addr(c, i.r1, a);
      c.s.cc = 1;
      return S::next;
    }
    a = wrap(c, a + 2);
  }
  str::put_addr(c, i.r2, a);
  c.s.cc = 3;
  return S::next;
}

// CHECKSUM: 32-bit words added into bits 32-63 of R1 with end-around carry; a final partial
// word is padded on the right with zeros.
inline S CKSM(cpu& c, const insn& i, uint64_t) {
  uint64_t a = str::reg_addr(c, i.r2), len = str::reg_len(c, i.r2 + 1);
  uint32_t sum = gr32(c, i.r1);
  uint64_t done = 0;
  bool stopped = false;
  while (len - done > 0 && done < str::kUnitBytes) {
    uint8_t w[4] = {0, 0, 0, 0};
    const uint64_t n = len - done < 4 ? len - done : 4;
    if (!load_bytes(c, wrap(c, a + done), w, n)) {
      if (done == 0) return S::program;
      stopped = true;
      break;
    }
    const uint64_t t = static_cast<uint64_t>(sum) + (static_cast<uint32_t>(w[0]) << 24 |
                                                     static_cast<uint32_t>(w[1]) << 16 |
                                                     static_cast<uint32_t>(w[2]) << 8 | w[3]);
    sum = static_cast<uint32_t>(t) + static_cast<uint32_t>(t >> 32);
    done += n;
  }
  // The checksum is written last: with R1 = R2 + 1 (unpredictable per the PoO) it wins, as
  // on qemu-s390x.
  str::put_addr(c, i.r2, a + done);
  str::put_len(c, i.r2 + 1, len - done);
  set_gr32(c, i.r1, sum);
  c.s.cc = (stopped || done < len) ? 3 : 0;
  return S::next;
}

// TRANSLATE EXTENDED: first operand (R1, R1+1) translated in place through the 256-byte
// table at R2 until a byte equal to the test byte (R0 bits 56-63) is met (CC 1).
inline S TRE(cpu& c, const insn& i, uint64_t) {
  const uint64_t a = str::reg_addr(c, i.r1), len = str::reg_len(c, i.r1 + 1);
  const uint64_t tab = str::reg_addr(c, i.r2);
  const uint8_t test = static_cast<uint8_t>(c.s.gr[0]);
  uint64_t k = 0;
  uint8_t cc = 0;
  for (; k < len; ++k) {
    if (k == str::kUnitBytes) {
      cc = 3;
      break;
    }
    uint8_t b, t;
    const uint64_t at = wrap(c, a + k);
    if (!load(c, at, b) || (b != test && (!load(c, wrap(c, tab + b), t) || !store(c, at, t)))) {
      if (k == 0) return S::program;
      cc = 3;
      break;
    }
    if (b == test) {
      cc = 1;
      break;
    }
  }
  str::put_addr(c, i.r1, a + k);
  str::put_len(c, i.r1 + 1, len - k);
  c.s.cc = cc;
  return S::next;
}

namespace str {
// TROO/TROT/TRTO/TRTT: second operand (R2; length in R1+1) of `sw`-byte characters
// translated through the table at GR1 into `dw`-byte characters at R1. Stops with CC 1
// (nothing stored for that character) when a translated character equals the test
// character in R0, unless M3 bit 3 turns the test off.
inline S translate_xx(cpu& c, const insn& i, unsigned sw, unsigned dw) {
  const uint64_t len = reg_len(c, i.r1 + 1);
  if (sw == 2 && (len & 1)) return specification(c);
  const uint64_t dst = reg_addr(c, i.r1), src = reg_addr(c, i.r2);
  const uint64_t tab = reg_addr(c, 1) & ~7ull;
  const bool test_on = !(i.m3 & 1);
  const uint16_t test =
      dw == 1 ? static_cast<uint8_t>(c.s.gr[0]) : static_cast<uint16_t>(c.s.gr[0]);
  uint64_t k = 0, out = 0;  // source bytes consumed, first-operand bytes stored
  uint8_t cc = 0;
  while (k < len) {
    if (k >= kUnitBytes) {
      cc = 3;
      break;
    }
    uint16_t ch, t;
    bool ok;
    if (sw == 1) {
      uint8_t b;
      ok = load(c, wrap(c, src + k), b);
      ch = b;
    } else {
      ok = load(c, wrap(c, src + k), ch);
    }
    if (ok) {
      if (dw == 1) {
        uint8_t b;
        ok = load(c, wrap(c, tab + ch), b);
        t = b;
      } else {
        ok = load(c, wrap(c, tab + 2ull * ch), t);
      }
    }
    if (ok && test_on && t == test) {
      cc = 1;
      break;
    }
    if (ok)
      ok = dw == 1 ? store(c, wrap(c, dst + out), static_cast<uint8_t>(t))
                   : store(c, wrap(c, dst + out), t);
    if (!ok) {
      if (k == 0) return S::program;
      cc = 3;
      break;
    }
    k += sw;
    out += dw;
  }
  put_addr(c, i.r1, dst + out);
  put_len(c, i.r1 + 1, len - k);
  put_addr(c, i.r2, src + k);
  c.s.cc = cc;
  return S::next;
}
}  // namespace str

inline S TROO(cpu& c, const insn& i, uint64_t) { return str::translate_xx(c, i, 1, 1); }
inline S TROT(cpu& c, const insn& i, uint64_t) { return str::translate_xx(c, i, 1, 2); }
inline S TRTO(cpu& c, const insn& i, uint64_t) { return str::translate_xx(c, i, 2, 1); }
inline S TRTT(cpu& c, const insn& i, uint64_t) { return str::translate_xx(c, i, 2, 2); }

}  // namespace ssivm::arch::sem
