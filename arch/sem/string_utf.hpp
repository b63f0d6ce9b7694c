// Semantics of the Unicode conversions CU12, CU14, CU21, CU24, CU41, CU42 (UTF-8/16/32),
// with the well-formedness checking of the ETF3-enhancement facility (M3 bit 3).
// Condition codes: 0 second operand exhausted (an incomplete last character counts as
// exhausted), 1 first operand too short for the next character, 2 invalid character
// (registers designate it), 3 CPU-determined amount processed.
#pragma once

#include "arch/sem/string_common.hpp"

namespace ssivm::arch::sem {
namespace str {

enum class utf_status : uint8_t { ok, incomplete, invalid, fault };

// One character of the second operand: its scalar value and its length in bytes.
struct utf_char {
  uint32_t cp = 0;
  unsigned n = 0;
};

inline utf_status decode_utf8(cpu& c, uint64_t a, uint64_t avail, bool check, utf_char& out) {
  uint8_t b[4];
  if (!load(c, a, b[0])) return utf_status::fault;
  unsigned n;
  if (b[0] < 0x80)
    n = 1;
  else if (b[0] < 0xc0)
    return utf_status::invalid;  // a continuation byte cannot start
  else if (b[0] < 0xe0)
    n = 2;
  else if (b[0] < 0xf0)
    n = 3;
  else if (b[0] < 0xf8)
    n = 4;
  else
    return utf_status::invalid;
  // First bytes that are never well formed are reported before the length is looked at.
  if (check && (b[0] == 0xc0 || b[0] == 0xc1 || b[0] > 0xf4)) return utf_status::invalid;
  if (avail < n) return utf_status::incomplete;
  for (unsigned k = 1; k < n; ++k)
    if (!load(c, wrap(c, a + k), b[k])) return utf_status::fault;
  if (check) {
    for (unsigned k = 1; k < n; ++k)
      if ((b[k] & 0xc0) != 0x80) return utf_status::invalid;
    // Overlong forms, UTF-16 surrogates and values above 10FFFF are not well formed.
    if (n == 3 && ((b[0] == 0xe0 && b[1] < 0xa0) || (b[0] == 0xed && b[1] >= 0xa0)))
      return utf_status::invalid;
    if (n == 4 && ((b[0] == 0xf0 && b[1] < 0x90) || (b[0] == 0xf4 && b[1] >= 0x90)))
      return utf_status::invalid;
  }
  uint32_t cp;
  switch (n) {
    case 1: cp = b[0]; break;
    case 2: cp = (b[0] & 0x1fu) << 6 | (b[1] & 0x3fu); break;
    case 3: cp = (b[0] & 0x0fu) << 12 | (b[1] & 0x3fu) << 6 | (b[2] & 0x3fu); break;
    default:
      cp = (b[0] & 0x07u) << 18 | (b[1] & 0x3fu) << 12 | (b[2] & 0x3fu) << 6 | (b[3] & 0x3fu);
      break;
  }
  out = {cp, n};
  return utf_status::ok;
}

inline utf_status decode_utf16(cpu& c, uint64_t a, uint64_t avail, bool check, utf_char& out) {
  if (avail < 2) return utf_status::incomplete;
  uint16_t u0, u1;
  if (!load(c, a, u0)) return utf_status::fault;
  if ((u0 & 0xfc00) != 0xd800) {  // lone low surrogates convert as they stand
    out = {u0, 2};
    return utf_status::ok;
  }
  if (avail < 4) return utf_status::incomplete;
  if (!load(c, wrap(c, a + 2), u1)) return utf_status::fault;
  if (check && (u1 & 0xfc00) != 0xdc00) return utf_status::invalid;
  // 110110wwwwzzzzyy 110111yyyyxxxxxx: the plane is wwww + 1.
  const uint32_t plane = ((u0 >> 6) & 0xfu) + 1;
  out = {plane << 16 | (u0 & 0x3fu) << 10 | (u1 & 0x3ffu), 4};
  return utf_status::ok;
}

inline utf_status decode_utf32(cpu& c, uint64_t a, uint64_t avail, bool, utf_char& out) {
  if (avail < 4) return utf_status::incomplete;
  uint32_t v;
  if (!load(c, a, v)) return utf_status::fault;
  if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return utf_status::invalid;
  out = {v, 4};
  return utf_status::ok;
}

// Encoders: the bytes of `cp` in the target form; returns their number.
inline unsigned encode_utf8(uint32_t cp, uint8_t* o) {
  if (cp < 0x80) {
    o[0] = static_cast<uint8_t>(cp);
    return 1;
  }
  if (cp < 0x800) {
    o[0] = static_cast<uint8_t>(0xc0 | cp >> 6);
    o[1] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = static_cast<uint8_t>(0xe0 | cp >> 12);
    o[1] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3f));
    o[2] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
    return 3;
  }
  o[0] = static_cast<uint8_t>(0xf0 | ((cp >> 18) & 7));
  o[1] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3f));
  o[2] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3f));
  o[3] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
  return 4;
}
inline unsigned encode_utf16(uint32_t cp, uint8_t* o) {
  if (cp < 0x10000) {
    o[0] = static_cast<uint8_t>(cp >> 8);
    o[1] = static_cast<uint8_t>(cp);
    return 2;
  }
  // Without well-formedness checking a 4-byte UTF-8 form may carry plane 0 or planes above
  // 16: the surrogate bits are taken modulo their width, as the PoO's bit mapping does.
  const uint32_t v = cp - 0x10000;
  const uint16_t hi = static_cast<uint16_t>(0xd800 | ((v >> 10) & 0x3ff));
  const uint16_t lo = static_cast<uint16_t>(0xdc00 | (v & 0x3ff));
  o[0] = static_cast<uint8_t>(hi >> 8);
  o[1] = static_cast<uint8_t>(hi);
  o[2] = static_cast<uint8_t>(lo >> 8);
  o[3] = static_cast<uint8_t>(lo);
  return 4;
}
inline unsigned encode_utf32(uint32_t cp, uint8_t* o) {
  o[0] = static_cast<uint8_t>(cp >> 24);
  o[1] = static_cast<uint8_t>(cp >> 16);
  o[2] = static_cast<uint8_t>(cp >> 8);
  o[3] = static_cast<uint8_t>(cp);
  return 4;
}

using utf_decoder = utf_status (*)(cpu&, uint64_t, uint64_t, bool, utf_char&);
using utf_encoder = unsigned (*)(uint32_t, uint8_t*);

template <utf_decoder Decode, utf_encoder Encode>
inline S convert_utf(cpu& c, const insn& i, bool check) {
  const uint64_t dst = reg_addr(c, i.r1), l1 = reg_len(c, i.r1 + 1);
  const uint64_t src = reg_addr(c, i.r2), l2 = reg_len(c, i.r2 + 1);
  uint64_t in = 0, out = 0;  // bytes consumed / produced
  uint8_t cc;
  for (;;) {
    if (in == l2) {
      cc = 0;
      break;
    }
    if (in >= kUnitBytes) {
      cc = 3;
      break;
    }
    utf_char ch;
    utf_status st = Decode(c, wrap(c, src + in), l2 - in, check, ch);
    if (st == utf_status::incomplete) {
      cc = 0;
      break;
    }
    if (st == utf_status::invalid) {
      cc = 2;
      break;
    }
    uint8_t buf[4];
    unsigned m = 0;
    if (st == utf_status::ok) {
      m = Encode(ch.cp, buf);
      if (l1 - out < m) {
        cc = 1;
        break;
      }
      if (!store_bytes(c, wrap(c, dst + out), buf, m)) st = utf_status::fault;
    }
    if (st == utf_status::fault) {
      if (in == 0) return S::program;
      cc = 3;  // stop short of the fault; re-execution recognises it
      break;
    }
    in += ch.n;
    out += m;
  }
  put_addr(c, i.r1, dst + out);
  put_len(c, i.r1 + 1, l1 - out);
  put_addr(c, i.r2, src + in);
  put_len(c, i.r2 + 1, l2 - in);
  c.s.cc = cc;
  return S::next;
}

}  // namespace str

inline S CU12(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf8, str::encode_utf16>(c, i, i.m3 & 1);
}
inline S CU14(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf8, str::encode_utf32>(c, i, i.m3 & 1);
}
inline S CU21(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf16, str::encode_utf8>(c, i, i.m3 & 1);
}
inline S CU24(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf16, str::encode_utf32>(c, i, i.m3 & 1);
}
inline S CU41(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf32, str::encode_utf8>(c, i, true);
}
inline S CU42(cpu& c, const insn& i, uint64_t) {
  return str::convert_utf<str::decode_utf32, str::encode_utf16>(c, i, true);
}

}  // namespace ssivm::arch::sem
