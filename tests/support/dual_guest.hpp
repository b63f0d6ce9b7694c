// Test support: a GoogleTest fixture that runs each snippet twice — through the interpreter
// and through the reference stepper (arch::execute_one) — from the same state, and checks that
// registers, CC, PSW, program interruption and the scratch data area agree.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "tests/support/test_guest.hpp"

namespace ssivm::test {

class dual_guest_test : public ::testing::Test {
 protected:
  static constexpr uint64_t kData = test_guest::kDataAt;
  static constexpr size_t kComparedDataBytes = 64;

  test_guest g;    // the interpreter; set up state here
  test_guest ref;  // the reference stepper; gets g's state at each run

  void put64(uint64_t a, uint64_t v) {
    g.put64(a, v);
    ref.put64(a, v);
  }
  void put32(uint64_t a, uint32_t v) {
    g.put32(a, v);
    ref.put32(a, v);
  }
  void put16(uint64_t a, uint16_t v) {
    std::string s{static_cast<char>(v >> 8), static_cast<char>(v)};
    put_bytes(a, s);
  }
  void put8(uint64_t a, uint8_t v) {
    g.put8(a, v);
    ref.put8(a, v);
  }
  void put_bytes(uint64_t a, const std::string& s) {
    g.put_bytes(a, s);
    ref.put_bytes(a, s);
  }
  uint16_t get16(uint64_t a) { return static_cast<uint16_t>(g.get8(a) << 8 | g.get8(a + 1)); }
  std::string get_hex(uint64_t a, size_t n) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned char ch : g.get_bytes(a, n)) {
      out += kDigits[ch >> 4];
      out += kDigits[ch & 15];
    }
    return out;
  }
  uint64_t& r(unsigned n) { return g.r(n); }
  uint8_t cc() const { return g.c.s.cc; }
  void set_cc(uint8_t v) { g.c.s.cc = v; }

  // Runs `src` on both engines from the state set up in `g`; checks they agree and returns
  // the stop reason.
  runtime::stop_reason run(const std::string& src, const std::string& march = "z196") {
    auto code = assemble(src, march);
    g.load(code);
    ref.load(code);
    ref.c.s = g.c.s;
    ref.c.tod_clock = g.c.tod_clock;
    ref.c.clock_base = g.c.clock_base;
    runtime::stop_reason a = g.run();
    runtime::stop_reason b = ref.step_all();
    EXPECT_EQ(a, b) << src;
    for (unsigned n = 0; n < 16; ++n) EXPECT_EQ(g.r(n), ref.r(n)) << "r" << n << " after " << src;
    for (unsigned n = 0; n < 16; ++n) EXPECT_EQ(g.f(n), ref.f(n)) << "f" << n << " after " << src;
    EXPECT_EQ(g.c.s.fpc, ref.c.s.fpc) << src;
    EXPECT_EQ(g.c.s.cc, ref.c.s.cc) << src;
    EXPECT_EQ(g.c.s.psw_addr, ref.c.s.psw_addr) << src;
    EXPECT_EQ(g.c.s.amode, ref.c.s.amode) << src;
    EXPECT_EQ(g.c.s.psw_mask, ref.c.s.psw_mask) << src;
    if (a == runtime::stop_reason::program) {
      EXPECT_EQ(g.c.pgm_code, ref.c.pgm_code) << src;
      EXPECT_EQ(g.c.pgm_ilc, ref.c.pgm_ilc) << src;
    }
    EXPECT_EQ(g.get_bytes(kData, kComparedDataBytes), ref.get_bytes(kData, kComparedDataBytes))
        << src;
    return a;
  }
  // Runs a snippet that must complete normally (reach the end-marker SVC).
  void ok(const std::string& src) { ASSERT_EQ(run(src), runtime::stop_reason::svc) << src; }
  // Runs a single instruction of length `len` that must end in program interruption `code`
  // with the PSW after it (suppression or completion).
  void fails(const std::string& src, uint16_t code, unsigned len) {
    ASSERT_EQ(run(src), runtime::stop_reason::program) << src;
    EXPECT_EQ(g.c.pgm_code, code) << src;
    EXPECT_EQ(g.c.s.psw_addr, test_guest::kCodeAt + len) << src;
  }
};

}  // namespace ssivm::test
