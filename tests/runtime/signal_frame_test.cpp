// The signal frames a guest handler runs on are byte-for-byte the ones Linux s390x builds
// (rt_sigframe for SA_SIGINFO, sigframe otherwise), checked without any C library: a tiny
// program installs a handler with the raw rt_sigaction and no SA_RESTORER, raises SIGILL with
// an invalid opcode, the handler records its registers, changes r7 in the saved context and
// returns through the frame's own trampoline.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "runtime/linux/process.hpp"
#include "tests/support/test_guest.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

constexpr uint64_t kLoadAt = 0x1000000, kCodeOffset = 0x1000;
constexpr uint64_t kCodeAt = kLoadAt + kCodeOffset;
// Layout of the program's data words (after the leading 4-byte branch and alignment).
constexpr uint64_t kSeen = kCodeAt + 8;  // r2 r3 r4 r15 r14 backchain old-r15 ill-address
constexpr uint64_t kResult = kSeen + 64;

template <class T>
void put_be(std::vector<uint8_t>& b, size_t at, T v) {
  for (size_t k = 0; k < sizeof(T); ++k)
    b[at + k] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * (sizeof(T) - 1 - k)));
}

// A minimal static ELF: one read-write-execute segment holding the headers and the code.
std::vector<uint8_t> make_elf(const std::vector<uint8_t>& code) {
  std::vector<uint8_t> f(kCodeOffset + code.size());
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 2, 1};
  std::memcpy(f.data(), ident, sizeof ident);
  put_be<uint16_t>(f, 16, 2);   // ET_EXEC
  put_be<uint16_t>(f, 18, 22);  // EM_S390
  put_be<uint32_t>(f, 20, 1);
  put_be<uint64_t>(f, 24, kCodeAt);
  put_be<uint64_t>(f, 32, 64);  // program headers right after the ELF header
  put_be<uint16_t>(f, 52, 64);
  put_be<uint16_t>(f, 54, 56);
  put_be<uint16_t>(f, 56, 1);
  put_be<uint32_t>(f, 64, 1);  // PT_LOAD
  put_be<uint32_t>(f, 68, 7);  // RWX
  put_be<uint64_t>(f, 64 + 16, kLoadAt);
  put_be<uint64_t>(f, 64 + 24, kLoadAt);
  put_be<uint64_t>(f, 64 + 32, f.size());
  put_be<uint64_t>(f, 64 + 40, f.size());
  put_be<uint64_t>(f, 64 + 48, 0x1000);
  std::memcpy(f.data() + kCodeOffset, code.data(), code.size());
  return f;
}

std::string program(unsigned flags, const std::string& set_r7) {
  return R"(
_start: j main
        .align 8
seen:   .quad 0,0,0,0,0,0,0,0
result: .quad 0
act:    .quad 0, )" +
         std::to_string(flags) + R"(, 0, 0
main:   larl %r1,act
        larl %r2,handler
        stg %r2,0(%r1)
        lgr %r3,%r1
        lghi %r2,4
        lghi %r4,0
        lghi %r5,8
        svc 174
        larl %r1,seen
        stg %r15,48(%r1)
        larl %r9,ill
        stg %r9,56(%r1)
        lghi %r7,77
ill:    .short 0x0000
        larl %r1,result
        stg %r7,0(%r1)
        lghi %r2,0
        svc 1
handler:
        larl %r1,seen
        stg %r2,0(%r1)
        stg %r3,8(%r1)
        stg %r4,16(%r1)
        stg %r15,24(%r1)
        stg %r14,32(%r1)
        lg %r0,0(%r15)
        stg %r0,40(%r1)
        lghi %r0,99
        )" +
         set_r7 + R"(
        br %r14
)";
}

struct frame_run {
  std::unique_ptr<process> p;
  int status = -1;
  uint64_t word(uint64_t a) {
    uint64_t v = 0;
    EXPECT_TRUE(p->guest_read(a, &v, 8));
    return arch::from_be(v);
  }
  uint32_t word32(uint64_t a) {
    uint32_t v = 0;
    EXPECT_TRUE(p->guest_read(a, &v, 4));
    return arch::from_be(v);
  }
  uint16_t half(uint64_t a) {
    uint16_t v = 0;
    EXPECT_TRUE(p->guest_read(a, &v, 2));
    return arch::from_be(v);
  }
  uint64_t seen(unsigned k) { return word(kSeen + 8 * k); }
};

frame_run run_program(const std::string& source) {
  frame_run r;
  std::string error;
  process_options opt;
  opt.storage_bytes = 64ull << 20;
  r.p = process::create_from_image(make_elf(test::assemble(source)), "frame_test", {}, opt, error);
  EXPECT_TRUE(r.p) << error;
  if (!r.p) return r;
  auto eng = make_interpreter(r.p->guest_storage());
  r.status = r.p->run(*eng);
  return r;
}

TEST(SignalFrame, RtSigframeHasTheLinuxLayout) {
  frame_run r = run_program(program(4 /* SA_SIGINFO */, "stg %r0,112(%r4)"));
  ASSERT_TRUE(r.p);
  ASSERT_EQ(r.status, 0);
  const uint64_t old_sp = r.seen(6), frame = r.seen(3), ill = r.seen(7);
  EXPECT_EQ(frame, (old_sp - 808) & ~7ull) << "808-byte frame without vector registers";
  EXPECT_EQ(r.seen(0), 4u) << "r2 = SIGILL";
  EXPECT_EQ(r.seen(1), frame + 168) << "r3 = &siginfo";
  EXPECT_EQ(r.seen(2), frame + 296) << "r4 = &ucontext";
  EXPECT_EQ(r.seen(4), frame + 160) << "r14 = the trampoline in the frame";
  EXPECT_EQ(r.seen(5), old_sp) << "back chain";
  EXPECT_EQ(r.half(frame + 160), 0x0aad) << "svc 173 (rt_sigreturn)";
  EXPECT_EQ(r.word32(frame + 168), 4u) << "si_signo";
  EXPECT_EQ(r.word32(frame + 176), 1u) << "si_code ILL_ILLOPC";
  EXPECT_EQ(r.word(frame + 184), ill) << "si_addr = the instruction";
  EXPECT_EQ(r.word(frame + 296), 0u) << "uc_flags";
  EXPECT_EQ(r.word32(frame + 296 + 24), 2u) << "uc_stack.ss_flags = SS_DISABLE";
  EXPECT_EQ(r.word(frame + 336) & 0xffff0001ffffffffull, 0x0705000180000000ull) << "PSW mask";
  EXPECT_EQ(r.word(frame + 344), ill + 2) << "PSW address after the instruction";
  EXPECT_EQ(r.word(frame + 352 + 15 * 8), old_sp) << "gpr 15";
  EXPECT_EQ(r.word(frame + 680), 0u) << "uc_sigmask";
  EXPECT_EQ(r.word(kResult), 99u) << "r7 as the handler left it in uc_mcontext";
}

TEST(SignalFrame, SigframeHasTheLinuxLayout) {
  // Without SA_SIGINFO the handler finds _sigregs through sigcontext.sregs.
  frame_run r = run_program(program(0, "lg %r5,8(%r3)\n        stg %r0,72(%r5)"));
  ASSERT_TRUE(r.p);
  ASSERT_EQ(r.status, 0);
  const uint64_t old_sp = r.seen(6), frame = r.seen(3), ill = r.seen(7);
  EXPECT_EQ(frame, (old_sp - 536) & ~7ull) << "536-byte frame without vector registers";
  EXPECT_EQ(r.seen(0), 4u) << "r2 = SIGILL";
  EXPECT_EQ(r.seen(1), frame + 160) << "r3 = &sigcontext";
  EXPECT_EQ(r.seen(2), 1u) << "r4 = the interruption code for a synchronous signal";
  EXPECT_EQ(r.seen(4), frame + 534) << "r14 = the trampoline in the frame's last halfword";
  EXPECT_EQ(r.half(frame + 534), 0x0a77) << "svc 119 (sigreturn)";
  EXPECT_EQ(r.word(frame + 160), 0u) << "sigcontext.oldmask";
  EXPECT_EQ(r.word(frame + 168), frame + 176) << "sigcontext.sregs";
  EXPECT_EQ(r.word(frame + 176 + 8), ill + 2) << "PSW address";
  EXPECT_EQ(r.word32(frame + 520), 4u) << "signo";
  EXPECT_EQ(r.word(kResult), 99u) << "r7 as the handler left it in _sigregs";
}

}  // namespace
}  // namespace ssivm::runtime::linux_abi
