// The Engine seam: something that runs a vCPU for a slice (an instruction budget).
// runtime/ defines it; the interpreter (runtime/interp) and the JIT tier (jit/) implement it.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "arch/cpu.hpp"

namespace ssivm::runtime {

class storage;

// Why a slice ended. On return the PSW (psw_addr) designates where execution resumes:
// for `program` per the interruption's ending (arch::cpu::pgm_*), for `svc` after the SVC.
enum class stop_reason : uint8_t {
  budget,        // the instruction budget ran out
  program,       // program interruption pending (arch::cpu::pgm_code)
  svc,           // SUPERVISOR CALL (arch::cpu::svc_code)
  exit_request,  // arch::cpu::exit_request was set from outside
};

struct slice_result {
  stop_reason why;
  uint64_t executed;  // instructions completed in this slice (an interrupted one not counted)
};

class engine {
 public:
  virtual ~engine() = default;
  virtual std::string_view name() const = 0;
  // Runs `c` from c.s.psw_addr for at most about `budget` instructions (a block in flight
  // finishes: the overshoot is below one block).
  virtual slice_result run(arch::cpu& c, int64_t budget) = 0;
  // Drops everything cached (e.g. after the loader rewrote storage).
  virtual void flush() = 0;
};

// exit_request bits.
namespace exit_bit {
inline constexpr uint8_t kExternal = 1;     // another thread wants the vCPU to stop
inline constexpr uint8_t kCodeChanged = 2;  // a store hit code of the block in flight
}  // namespace exit_bit

// The interpreter engine for one vCPU over `st`.
std::unique_ptr<engine> make_interpreter(storage& st);

}  // namespace ssivm::runtime
