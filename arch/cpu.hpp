// The CPU state contract (shared by interpreter, JIT and relocation) and the guest-memory funnel.
// Everything here is plain data: the JIT addresses fields by offset, relocation serialises them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ssivm::arch {

// Architected state of one CPU. Serialised as-is (with kStateVersion) by relocation.
struct cpu_state {
  uint64_t gr[16];    // general registers
  uint64_t fpr[16];   // floating-point registers, as bit patterns (short BFP in the left half)
  uint64_t cr[16];    // control registers
  uint32_t ar[16];    // access registers
  uint64_t psw_mask;  // PSW bits 0-63; the condition code is kept in `cc`, not here
  uint64_t psw_addr;  // PSW instruction address
  uint32_t fpc;       // floating-point control register
  uint8_t cc;         // condition code, 0-3
  uint8_t amode;      // 24, 31 or 64
  uint8_t pad_[2];
  uint64_t amask;  // address mask for the current addressing mode
  uint64_t todpr;  // TOD programmable register (low 16 bits used)
};

inline constexpr uint32_t kStateVersion = 1;
static_assert(offsetof(cpu_state, gr) == 0);
static_assert(offsetof(cpu_state, fpr) == 128);
static_assert(offsetof(cpu_state, cr) == 256);
static_assert(offsetof(cpu_state, ar) == 384);
static_assert(offsetof(cpu_state, psw_mask) == 448);
static_assert(offsetof(cpu_state, psw_addr) == 456);
static_assert(offsetof(cpu_state, fpc) == 464);
static_assert(offsetof(cpu_state, cc) == 468);
static_assert(offsetof(cpu_state, amode) == 469);
static_assert(offsetof(cpu_state, amask) == 472);
static_assert(sizeof(cpu_state) == 488);

// Page flags: one byte per 4 KiB page of guest storage. Zero means "nothing special": the fast
// path of every access. Any bit sends a store to the slow path; kNoRead also stops loads.
namespace page_flag {
inline constexpr uint8_t kCode = 1;        // holds translated/pre-decoded code: a store invalidates
inline constexpr uint8_t kTrackClean = 2;  // dirty tracking armed: first store marks it dirty
inline constexpr uint8_t kNoWrite = 4;     // read-only to the guest (protection exception)
inline constexpr uint8_t kNoRead = 8;      // not accessible (addressing/translation exception)
}  // namespace page_flag
inline constexpr unsigned kPageShift = 12;
inline constexpr uint64_t kPageSize = 1ull << kPageShift;

// Program interruption codes used by problem-state programs (Principles of Operation, ch. 6).
namespace pic {
inline constexpr uint16_t operation = 0x01;
inline constexpr uint16_t privileged_operation = 0x02;
inline constexpr uint16_t execute = 0x03;
inline constexpr uint16_t protection = 0x04;
inline constexpr uint16_t addressing = 0x05;
inline constexpr uint16_t specification = 0x06;
inline constexpr uint16_t data = 0x07;
inline constexpr uint16_t fixed_point_overflow = 0x08;
inline constexpr uint16_t fixed_point_divide = 0x09;
inline constexpr uint16_t decimal_overflow = 0x0a;
inline constexpr uint16_t decimal_divide = 0x0b;
inline constexpr uint16_t hfp_exponent_overflow = 0x0c;
inline constexpr uint16_t hfp_divide = 0x0f;
inline constexpr uint16_t segment_translation = 0x10;
inline constexpr uint16_t page_translation = 0x11;
inline constexpr uint16_t special_operation = 0x13;
inline constexpr uint16_t transaction_constraint = 0x18;
inline constexpr uint16_t vector_processing = 0x1b;
}  // namespace pic

// How an interrupted instruction ends: nullified (PSW at the instruction), or suppressed /
// completed / terminated (PSW after it).
enum class ending : uint8_t { nullify, suppress, complete, terminate };

// What a semantic routine tells its dispatcher.
enum class exec_status : uint8_t {
  next = 0,  // continue with the next sequential instruction
  branch,    // continue at cpu::next_ia
  program,   // program interruption; see cpu::pgm_code / pgm_ending
  svc,       // SUPERVISOR CALL; cpu::svc_code holds the number, PSW continues after it
  exit,      // the host asked the vCPU to stop (not a guest event)
};

struct cpu;

// The memory funnel: filled in by runtime's storage, used inline by every access.
// Guest addresses here are real addresses within [0, size).
struct guest_memory {
  uint8_t* base = nullptr;        // host address of guest location 0
  uint64_t size = 0;              // bytes of guest storage
  uint8_t* page_flags = nullptr;  // one byte per page (see page_flag)
  // Slow paths: return false after recording a program interruption in the cpu.
  bool (*slow_store)(cpu& c, uint64_t addr, const void* src, unsigned len) = nullptr;
  bool (*slow_load)(cpu& c, uint64_t addr, void* dst, unsigned len) = nullptr;
  void* owner = nullptr;  // the runtime object behind the slow paths
};

// A CPU as the semantic routines see it: architected state plus the memory funnel and the
// scratch a routine needs to report what happened. Only `s` is architected.
struct cpu {
  cpu_state s;
  guest_memory mem;
  uint64_t next_ia = 0;   // branch target when a routine returns exec_status::branch
  uint64_t pgm_tea = 0;   // translation-exception address of the last access fault
  uint16_t pgm_code = 0;  // program-interruption code of the last exec_status::program
  ending pgm_ending = ending::suppress;
  uint8_t pgm_ilc = 0;  // instruction length of the interrupted instruction
  uint8_t dxc = 0;      // data-exception code (also stored in the FPC)
  uint16_t svc_code = 0;
  uint8_t in_execute = 0;                   // nonzero while running the target of EXECUTE
  volatile uint8_t exit_request = 0;        // set from outside: stop at the next block boundary
  uint64_t clock_base = 0;                  // TOD offset (host-supplied) for STCK & co.
  uint64_t (*tod_clock)(cpu& c) = nullptr;  // returns the current TOD clock (bit 51 = 1 µs)
  void* engine = nullptr;                   // engine-private context
  void* env = nullptr;                      // personality-private context (Linux, CP)

  exec_status program_interrupt(uint16_t code, ending e = ending::suppress) {
    pgm_code = code;
    pgm_ending = e;
    return exec_status::program;
  }
};

// ---- Byte order: guest storage is big-endian. ------------------------------------------
template <class T>
inline T from_be(T v) {
  if constexpr (sizeof(T) == 1)
    return v;
  else if constexpr (sizeof(T) == 2)
    return static_cast<T>(__builtin_bswap16(static_cast<uint16_t>(v)));
  else if constexpr (sizeof(T) == 4)
    return static_cast<T>(__builtin_bswap32(static_cast<uint32_t>(v)));
  else
    return static_cast<T>(__builtin_bswap64(static_cast<uint64_t>(v)));
}
template <class T>
inline T to_be(T v) {
  return from_be(v);
}

// Byte-string accesses (MVC, CLC, …), page by page, wrapping at the addressing-mode boundary.
bool load_bytes(cpu& c, uint64_t a, void* dst, uint64_t len);
bool store_bytes(cpu& c, uint64_t a, const void* src, uint64_t len);
// Checks that [a, a+len) can be accessed without storing anything (for suppression rules).
bool probe_store(cpu& c, uint64_t a, uint64_t len);
bool probe_load(cpu& c, uint64_t a, uint64_t len);

// ---- The access funnel ----------------------------------------------------------------------
// Fast path: inside storage, no page flags of interest. Everything else goes out of line
// (load_slow / store_slow are never inlined: every access site would otherwise carry two
// more calls and their bookkeeping, in the interpreter's handlers and in JIT code alike).
template <class T>
[[gnu::noinline]] bool load_slow(cpu& c, uint64_t a, T& out);
template <class T>
[[gnu::noinline]] bool store_slow(cpu& c, uint64_t a, T val);

template <class T>
[[gnu::always_inline]] inline bool load(cpu& c, uint64_t a, T& out) {
  const guest_memory& m = c.mem;
  if (a <= m.size - sizeof(T)) [[likely]] {
    uint8_t f = m.page_flags[a >> kPageShift] | m.page_flags[(a + sizeof(T) - 1) >> kPageShift];
    if (!(f & page_flag::kNoRead)) [[likely]] {
      T v;
      std::memcpy(&v, m.base + a, sizeof(T));
      out = from_be(v);
      return true;
    }
  }
  return load_slow(c, a, out);
}

template <class T>
[[gnu::noinline]] bool load_slow(cpu& c, uint64_t a, T& out) {
  const guest_memory& m = c.mem;
  T v;
  if (((a + sizeof(T) - 1) & c.s.amask) < a) [[unlikely]] {
    // The operand wraps from the top of the address space to 0 (24/31-bit modes).
    if (!load_bytes(c, a, &v, sizeof(T))) return false;
  } else if (!m.slow_load(c, a, &v, sizeof(T))) {
    return false;
  }
  out = from_be(v);
  return true;
}

template <class T>
[[gnu::always_inline]] inline bool store(cpu& c, uint64_t a, T val) {
  const guest_memory& m = c.mem;
  if (a <= m.size - sizeof(T)) [[likely]] {
    uint8_t f = m.page_flags[a >> kPageShift] | m.page_flags[(a + sizeof(T) - 1) >> kPageShift];
    if (f == 0) [[likely]] {
      T v = to_be(val);
      std::memcpy(m.base + a, &v, sizeof(T));
      return true;
    }
  }
  return store_slow(c, a, val);
}

template <class T>
[[gnu::noinline]] bool store_slow(cpu& c, uint64_t a, T val) {
  const guest_memory& m = c.mem;
  T v = to_be(val);
  if (((a + sizeof(T) - 1) & c.s.amask) < a) [[unlikely]]  // wraps to 0 (24/31-bit modes)
    return probe_store(c, a, sizeof(T)) && store_bytes(c, a, &v, sizeof(T));
  return m.slow_store(c, a, &v, sizeof(T));
}

}  // namespace ssivm::arch
