// Linux s390x signal ABI as the guest sees it: sigaction flags, siginfo layout, the signal a
// program interruption raises. Shared by the signal system calls, the frame code and the
// scheduler (internal to runtime/linux).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "arch/cpu.hpp"

namespace ssivm::runtime::linux_abi {

using siginfo_bytes = std::array<uint8_t, 128>;

// sa_flags (asm-generic/signal-defs.h; the same numbers on s390x).
inline constexpr uint64_t kSaNoCldStop = 1, kSaNoCldWait = 2, kSaSiginfo = 4,
                          kSaRestorer = 0x04000000, kSaOnStack = 0x08000000,
                          kSaRestart = 0x10000000, kSaNoDefer = 0x40000000,
                          kSaResetHand = 0x80000000;
inline constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
inline constexpr int kSsOnStack = 1, kSsDisable = 2;
// si_code values.
inline constexpr int32_t kSiUser = 0, kSiKernel = 0x80, kSiQueue = -1, kSiTkill = -6;

inline constexpr uint64_t sig_bit(int sig) { return 1ull << (sig - 1); }
// Signals the kernel dequeues first: the ones a faulting instruction raises.
inline constexpr uint64_t kSynchronousSignals =
    sig_bit(4) | sig_bit(5) | sig_bit(7) | sig_bit(8) | sig_bit(11) | sig_bit(31);
// SIGKILL and SIGSTOP can be neither blocked nor caught.
inline constexpr uint64_t kUnblockable = sig_bit(9) | sig_bit(19);

// The guest's struct sigaction (s390x kernel layout: handler, flags, restorer, mask).
struct guest_sigaction {
  uint64_t handler, flags, restorer, mask;
};
inline guest_sigaction decode_sigaction(const std::array<uint8_t, 32>& raw) {
  uint64_t w[4];
  std::memcpy(w, raw.data(), sizeof w);
  return {arch::from_be(w[0]), arch::from_be(w[1]), arch::from_be(w[2]), arch::from_be(w[3])};
}

// Big-endian stores into a siginfo (or any guest-layout buffer).
inline void put32(uint8_t* p, uint32_t v) {
  v = arch::to_be(v);
  std::memcpy(p, &v, 4);
}
inline void put64(uint8_t* p, uint64_t v) {
  v = arch::to_be(v);
  std::memcpy(p, &v, 8);
}
inline uint64_t get64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return arch::from_be(v);
}
inline uint32_t get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return arch::from_be(v);
}

// siginfo: si_signo, si_errno, si_code at 0, 4, 8; the union from 16 (si_pid/si_uid, or
// si_addr, or si_pid/si_uid/si_value).
inline siginfo_bytes sender_info(int sig, int32_t code, int32_t pid, uint32_t uid) {
  siginfo_bytes b{};
  put32(b.data(), static_cast<uint32_t>(sig));
  put32(b.data() + 8, static_cast<uint32_t>(code));
  put32(b.data() + 16, static_cast<uint32_t>(pid));
  put32(b.data() + 20, uid);
  return b;
}
inline siginfo_bytes fault_info(int sig, int32_t code, uint64_t addr) {
  siginfo_bytes b{};
  put32(b.data(), static_cast<uint32_t>(sig));
  put32(b.data() + 8, static_cast<uint32_t>(code));
  put64(b.data() + 16, addr);
  return b;
}

// The signal (and si_code) Linux sends for a program interruption.
int signal_for_program_interruption(uint16_t pgm_code, uint8_t dxc, int& si_code);
// The address of the interrupted instruction: at the PSW when nullified or for a fetch fault
// (ILC 0), else the ILC before it.
inline uint64_t interrupted_insn(const arch::cpu& c) {
  uint64_t ia = c.s.psw_addr;
  if (c.pgm_ilc && c.pgm_ending != arch::ending::nullify) ia = (ia - c.pgm_ilc) & c.s.amask;
  return ia;
}

// Host side: records signals from outside (other processes, the terminal, host timers) for
// the run loop, which delivers them between slices.
void catch_host_signal(int sig, bool catch_it);
// Takes the recorded host signals (bit n-1 = signal n).
uint64_t take_host_signals();
bool host_signals_recorded();
// The guest siginfo of a recorded host signal (sender's si_code, pid and uid).
siginfo_bytes host_signal_info(int sig);
// The vCPU to interrupt when a host signal arrives (nullptr while none runs).
void set_running_cpu(arch::cpu* c);
// The host signal mask the run loop waits with (everything caught unblocked).
void block_caught_signals(bool block);

}  // namespace ssivm::runtime::linux_abi
