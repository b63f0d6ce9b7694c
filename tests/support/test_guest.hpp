// Test support: assemble s390x source with the cross assembler and run it on a bare CPU
// (no personality) through the interpreter or the reference stepper.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "arch/cpu.hpp"
#include "runtime/engine.hpp"
#include "runtime/storage.hpp"

namespace ssivm::test {

// Assembles `source` (GNU as syntax, -march=z196 unless `march` says otherwise) and returns
// the bytes of .text. Aborts the test binary with the assembler's message on error.
std::vector<uint8_t> assemble(const std::string& source, const std::string& march = "z196");

// A CPU over 16 MiB of storage, code at kCodeAt, 64-bit addressing, problem state.
struct test_guest {
  static constexpr uint64_t kCodeAt = 0x10000;
  static constexpr uint64_t kDataAt = 0x80000;  // a convenient scratch area

  std::unique_ptr<runtime::storage> st;
  arch::cpu c{};
  std::unique_ptr<runtime::engine> eng;

  test_guest();
  // Places code at kCodeAt followed by an SVC 0 as the end marker.
  void load(const std::vector<uint8_t>& code);
  void load_asm(const std::string& source) { load(assemble(source)); }
  // Runs with the interpreter until the end-marker SVC or another stop. Returns the stop.
  runtime::stop_reason run(int64_t budget = 1'000'000);
  // Runs the same code one instruction at a time through arch::execute_one.
  runtime::stop_reason step_all(int64_t max_steps = 1'000'000);

  // Guest storage helpers (big-endian).
  void put64(uint64_t a, uint64_t v);
  void put32(uint64_t a, uint32_t v);
  void put8(uint64_t a, uint8_t v);
  uint64_t get64(uint64_t a);
  uint32_t get32(uint64_t a);
  uint8_t get8(uint64_t a);
  void put_bytes(uint64_t a, const std::string& s);
  std::string get_bytes(uint64_t a, size_t n);
  uint64_t& r(unsigned n) { return c.s.gr[n]; }
  uint64_t& f(unsigned n) { return c.s.fpr[n]; }
  uint64_t end_ia() const { return end_ia_; }

 private:
  uint64_t end_ia_ = 0;
};

}  // namespace ssivm::test
