// Linux s390x process: loading, the initial stack, the run loop, and system calls by the
// s390x numbering (one table; an unimplemented call answers -ENOSYS and is reported once).
#include "runtime/linux/process.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/decoder.hpp"
#include "arch/insn_table.hpp"
#include "runtime/linux/elf_loader.hpp"
#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

using arch::kPageSize;

// Auxiliary vector keys (linux/auxvec.h).
enum : uint64_t {
  AT_NULL = 0,
  AT_PHDR = 3,
  AT_PHENT = 4,
  AT_PHNUM = 5,
  AT_PAGESZ = 6,
  AT_BASE = 7,
  AT_FLAGS = 8,
  AT_ENTRY = 9,
  AT_UID = 11,
  AT_EUID = 12,
  AT_GID = 13,
  AT_EGID = 14,
  AT_PLATFORM = 15,
  AT_HWCAP = 16,
  AT_CLKTCK = 17,
  AT_SECURE = 23,
  AT_RANDOM = 25,
  AT_EXECFN = 31,
};
// AT_HWCAP bits for s390 (asm/elf.h): what the machine level we present has.
// All listed so that what is left out (MSA, DFP, huge pages, TE, vector) is visibly left out.
enum : uint64_t {
  kHwcapEsan3 = 1,
  kHwcapZarch = 2,
  kHwcapStfle = 4,
  kHwcapMsa = 8,
  kHwcapLdisp = 16,
  kHwcapEimm = 32,
  kHwcapDfp = 64,
  kHwcapHpage = 128,
  kHwcapEtf3eh = 256,
  kHwcapHighGprs = 512,
  kHwcapTe = 1024,
  kHwcapVx = 2048,
};
// The optional ones follow the instruction table's facilities, as STFLE does.
constexpr uint64_t kHwcap = kHwcapEsan3 | kHwcapZarch | kHwcapStfle | kHwcapLdisp | kHwcapEimm |
                            kHwcapEtf3eh | kHwcapHighGprs |
                            (arch::facility_installed(arch::facility::dfp) ? kHwcapDfp : 0) |
                            (arch::facility_installed(arch::facility::te) ? kHwcapTe : 0) |
                            (arch::facility_installed(arch::facility::vec) ? kHwcapVx : 0);

// The signal Linux sends for a program interruption. A data exception is SIGFPE when it
// carries a data-exception code (IEEE, compare-and-trap) and SIGILL for plain decimal data.
int host_signal_for(uint16_t code, uint8_t dxc) {
  switch (code) {
    case arch::pic::operation:
    case arch::pic::privileged_operation:
    case arch::pic::execute:
    case arch::pic::specification:
    case arch::pic::special_operation: return SIGILL;
    case arch::pic::protection:
    case arch::pic::addressing:
    case arch::pic::segment_translation:
    case arch::pic::page_translation: return SIGSEGV;
    case arch::pic::data: return dxc ? SIGFPE : SIGILL;
    case arch::pic::fixed_point_overflow:
    case arch::pic::fixed_point_divide:
    case arch::pic::decimal_overflow:
    case arch::pic::decimal_divide:
    case arch::pic::hfp_divide:
    case arch::pic::hfp_exponent_overflow: return SIGFPE;
    default: return SIGILL;
  }
}

// Host time as the TOD clock shows it: bit 51 ticks once a microsecond, epoch 1900-01-01.
// 4096 TOD units per microsecond, so nanoseconds give the bits right of bit 51 as well.
uint64_t host_tod_clock(arch::cpu&) {
  constexpr uint64_t kUnixEpochInTodSeconds = 2208988800ull;  // 1900-01-01 to 1970-01-01
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  uint64_t us = (static_cast<uint64_t>(ts.tv_sec) + kUnixEpochInTodSeconds) * 1000000ull +
                static_cast<uint64_t>(ts.tv_nsec) / 1000;
  uint64_t sub_us = static_cast<uint64_t>(ts.tv_nsec % 1000) * 4096 / 1000;
  return (us << 12) | sub_us;
}

// ---- system calls --------------------------------------------------------------------------

int64_t sys_exit(process& p, const uint64_t* a) {
  p.exit_with(static_cast<int>(a[0] & 0xff));
  return 0;
}

const syscall_table kSyscalls = [] {
  syscall_table t{};
  t[1] = {"exit", sys_exit};
  t[248] = {"exit_group", sys_exit};
  register_fs_syscalls(t);
  register_mm_syscalls(t);
  register_misc_syscalls(t);
  register_signal_syscalls(t);
  register_proc_syscalls(t);
  register_thread_syscalls(t);
  register_meta_syscalls(t);
  register_poll_syscalls(t);
  register_net_syscalls(t);
  register_event_syscalls(t);
  return t;
}();

}  // namespace

process::~process() = default;

std::unique_ptr<process> process::create(const std::string& path,
                                         const std::vector<std::string>& argv,
                                         const process_options& opt, std::string& error) {
  // One read of the whole file (programs are loaded thousands of times in tests: no streams).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat sb;
  if (fd < 0 || ::fstat(fd, &sb) < 0) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  if (!S_ISREG(sb.st_mode)) {
    error = "cannot run " + path + ": not a regular file";
    ::close(fd);
    return nullptr;
  }
  std::vector<uint8_t> image(static_cast<size_t>(sb.st_size));
  size_t got = 0;
  while (got < image.size()) {
    ssize_t r = ::read(fd, image.data() + got, image.size() - got);
    if (r <= 0) {
      if (r < 0 && errno == EINTR) continue;
      break;
    }
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  image.resize(got);
  auto p = create_from_image(image, path, argv, opt, error);
  if (p) {
    char real[PATH_MAX];
    if (::realpath(path.c_str(), real)) p->exe_path_ = real;
  }
  return p;
}

std::unique_ptr<process> process::create_from_image(const std::vector<uint8_t>& image,
                                                    const std::string& path,
                                                    const std::vector<std::string>& argv,
                                                    const process_options& opt,
                                                    std::string& error) {
  std::unique_ptr<process> p(new process());
  p->opt_ = opt;
  p->exe_path_ = path;
  // The environment switch works for every embedder (tests, benchmarks), not just the CLI.
  if (const char* t = std::getenv("SSIVM_TRACE_PGM"); t && *t) p->opt_.trace_pgm = true;
  p->st_ = storage::create(opt.storage_bytes, &error);
  if (!p->st_) return nullptr;
  storage& st = *p->st_;
  // Nothing is mapped yet. The registry is fresh (all zero), so one memset does what a
  // per-page set_access would, at a fraction of the startup cost.
  std::memset(st.registry().flags(), arch::page_flag::kNoRead | arch::page_flag::kNoWrite,
              st.registry().pages());
  loaded_image img;
  // Position-independent executables go at 16 MiB, like a non-PIE s390x link.
  std::string why = load_elf(image, st, 0x1000000, img);
  if (!why.empty()) {
    error = path + ": " + why;
    return nullptr;
  }
  if (!img.interp.empty()) {
    error = path + ": dynamically linked (interpreter " + img.interp +
            ") programs need the Linux personality's sysroot support";
    return nullptr;
  }
  arch::cpu& c = p->cpu_;
  c = arch::cpu{};
  st.bind(c);
  c.tod_clock = &host_tod_clock;
  c.s.amode = 64;
  c.s.amask = ~0ull;
  // Problem state, 64-bit addressing, DAT and I/O/external interrupts as Linux user mode has.
  c.s.psw_mask = 0x0705000180000000ull;
  c.s.psw_addr = img.entry;
  p->brk_start_ = p->brk_ = img.brk;
  uint64_t stack_top = st.size();
  p->mmap_top_ = stack_top - page_up(opt.stack_bytes) - 16 * kPageSize;
  if (page_up(img.brk) + 16 * kPageSize >= p->mmap_top_) {
    error = path + ": guest storage too small for this program (use a larger --storage)";
    return nullptr;
  }
  // Leave the heap room to grow: 64 MiB, or half of what small storage has left (malloc
  // turns to mmap when brk cannot grow).
  uint64_t room = p->mmap_top_ - page_up(img.brk);
  p->mmap_floor_ =
      page_up(img.brk) + std::min<uint64_t>(64ull << 20, (room / 2) & ~(kPageSize - 1));
  std::vector<std::string> args = argv;
  if (args.empty()) args.push_back(path);
  if (!p->build_stack(args, path, img.phdr, img.phent, img.phnum, img.entry, error)) return nullptr;
  return p;
}

bool process::build_stack(const std::vector<std::string>& argv, const std::string& execfn,
                          uint64_t phdr, uint64_t phent, uint64_t phnum, uint64_t entry,
                          std::string& error) {
  storage& st = *st_;
  uint64_t top = st.size();
  uint64_t bottom = top - page_up(opt_.stack_bytes);
  st.registry().set_access(bottom >> arch::kPageShift, (top - bottom) >> arch::kPageShift, true,
                           true);
  uint64_t sp = top;
  auto push_bytes = [&](const void* data, uint64_t len) {
    sp -= len;
    st.write(sp, data, len);
    return sp;
  };
  auto push_str = [&](const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); };
  uint64_t execfn_addr = push_str(execfn);
  std::vector<uint64_t> env_addrs, arg_addrs;
  for (auto it = opt_.env.rbegin(); it != opt_.env.rend(); ++it)
    env_addrs.insert(env_addrs.begin(), push_str(*it));
  for (auto it = argv.rbegin(); it != argv.rend(); ++it)
    arg_addrs.insert(arg_addrs.begin(), push_str(*it));
  uint64_t platform = push_str("z196");
  uint8_t rnd[16];
  if (::getrandom(rnd, sizeof rnd, 0) != sizeof rnd) std::memset(rnd, 0x5a, sizeof rnd);
  uint64_t random = push_bytes(rnd, sizeof rnd);
  sp &= ~15ull;
  std::vector<uint64_t> words;
  words.push_back(arg_addrs.size());
  for (uint64_t a : arg_addrs) words.push_back(a);
  words.push_back(0);
  for (uint64_t a : env_addrs) words.push_back(a);
  words.push_back(0);
  const std::pair<uint64_t, uint64_t> aux[] = {
      {AT_PHDR, phdr},
      {AT_PHENT, phent},
      {AT_PHNUM, phnum},
      {AT_PAGESZ, kPageSize},
      {AT_BASE, 0},
      {AT_FLAGS, 0},
      {AT_ENTRY, entry},
      {AT_UID, ::getuid()},
      {AT_EUID, ::geteuid()},
      {AT_GID, ::getgid()},
      {AT_EGID, ::getegid()},
      {AT_SECURE, 0},
      {AT_CLKTCK, 100},
      {AT_HWCAP, kHwcap},
      {AT_PLATFORM, platform},
      {AT_RANDOM, random},
      {AT_EXECFN, execfn_addr},
      {AT_NULL, 0},
  };
  for (auto [k, v] : aux) {
    words.push_back(k);
    words.push_back(v);
  }
  sp -= words.size() * 8;
  sp &= ~15ull;
  if (sp < bottom + kPageSize) {
    error = "arguments and environment do not fit on the initial stack";
    return false;
  }
  for (size_t k = 0; k < words.size(); ++k) {
    uint64_t v = arch::to_be(words[k]);
    st.write(sp + 8 * k, &v, 8);
  }
  cpu_.s.gr[15] = sp;
  return true;
}

bool process::guest_read(uint64_t addr, void* dst, uint64_t len) {
  if (!st_->contains(addr, len)) return false;
  for (uint64_t p = addr >> arch::kPageShift; len && p <= (addr + len - 1) >> arch::kPageShift; ++p)
    if (st_->registry().flag(p) & arch::page_flag::kNoRead) return false;
  return st_->read(addr, dst, len);
}

bool process::guest_write(uint64_t addr, const void* src, uint64_t len) {
  if (!st_->contains(addr, len)) return false;
  for (uint64_t p = addr >> arch::kPageShift; len && p <= (addr + len - 1) >> arch::kPageShift; ++p)
    if (st_->registry().flag(p) & (arch::page_flag::kNoRead | arch::page_flag::kNoWrite))
      return false;
  return st_->write(addr, src, len);
}

bool process::guest_string(uint64_t addr, std::string& out, size_t max) {
  out.clear();
  for (size_t k = 0; k < max; ++k) {
    char ch;
    if (!guest_read(addr + k, &ch, 1)) return false;
    if (ch == 0) return true;
    out += ch;
  }
  return false;
}

uint8_t* process::guest_span(uint64_t addr, uint64_t len, bool for_write) {
  if (!st_->contains(addr, len)) return nullptr;
  uint8_t deny =
      for_write ? (arch::page_flag::kNoRead | arch::page_flag::kNoWrite) : arch::page_flag::kNoRead;
  for (uint64_t p = addr >> arch::kPageShift; len && p <= (addr + len - 1) >> arch::kPageShift; ++p)
    if (st_->registry().flag(p) & deny) return nullptr;
  if (for_write) st_->discard_code(addr, len);
  return st_->base() + addr;
}

bool process::syscall() {
  uint64_t nr = cpu_.svc_code ? cpu_.svc_code : cpu_.s.gr[1];
  const uint64_t args[6] = {cpu_.s.gr[2], cpu_.s.gr[3], cpu_.s.gr[4],
                            cpu_.s.gr[5], cpu_.s.gr[6], cpu_.s.gr[7]};
  ++stats_.syscalls;
  int64_t r;
  if (nr < kSyscalls.size() && kSyscalls[nr].fn) {
    r = kSyscalls[nr].fn(*this, args);
    if (opt_.trace_syscalls)
      std::fprintf(stderr, "ssivm: %s(%#llx, %#llx, %#llx) = %lld\n", kSyscalls[nr].name,
                   (unsigned long long)args[0], (unsigned long long)args[1],
                   (unsigned long long)args[2], (long long)r);
  } else {
    static std::array<bool, 1024> reported{};
    if (nr >= reported.size() || !reported[nr]) {
      const char* name = syscall_name(nr);
      std::fprintf(stderr, "ssivm: unimplemented system call %llu (%s)\n", (unsigned long long)nr,
                   name ? name : "no such call");
      if (nr < reported.size()) reported[nr] = true;
    }
    r = err(ENOSYS);
  }
  cpu_.s.gr[2] = static_cast<uint64_t>(r);
  return !exited_;
}

void process::trace_program_interruption() {
  // The interrupted instruction: at the PSW when nullified or for a fetch fault (ILC 0),
  // else the ILC before it.
  uint64_t ia = cpu_.s.psw_addr;
  if (cpu_.pgm_ilc && cpu_.pgm_ending != arch::ending::nullify)
    ia = (ia - cpu_.pgm_ilc) & cpu_.s.amask;
  uint8_t bytes[6] = {};
  std::string hex = "unreadable", what = "?";
  if (guest_read(ia, bytes, 2)) {  // as the guest sees storage: unmapped pages are unreadable
    unsigned len = arch::insn_length(bytes[0]);
    if (guest_read(ia, bytes, len)) {
      hex.clear();
      for (unsigned k = 0; k < len; ++k) {
        char b[4];
        std::snprintf(b, sizeof b, "%s%02x", k ? " " : "", bytes[k]);
        hex += b;
      }
      arch::insn i;
      arch::decode(bytes, i);
      what = i.id ? std::string(arch::mnemonic(i.id)) : "not in the instruction table";
    }
  }
  std::fprintf(stderr, "ssivm: program interruption code %04x at 0x%llx (bytes %s, mnemonic %s)\n",
               cpu_.pgm_code, (unsigned long long)ia, hex.c_str(), what.c_str());
}

void process::deliver_program_interruption() {
  if (opt_.trace_pgm) trace_program_interruption();
  // No guest signal handlers yet: the default action ends the program with the signal Linux
  // would send for this interruption.
  die_by_signal(host_signal_for(cpu_.pgm_code, cpu_.dxc));
}

int process::run(engine& e) {
  // A broken pipe is the guest's signal to take (sys_write), not the end of ssivm.
  std::signal(SIGPIPE, SIG_IGN);
  auto t0 = std::chrono::steady_clock::now();
  double sys = 0;
  while (!exited_) {
    slice_result r = e.run(cpu_, 1 << 24);
    stats_.instructions += r.executed;
    switch (r.why) {
      case stop_reason::budget:
      case stop_reason::exit_request: break;
      case stop_reason::svc: {
        auto s0 = std::chrono::steady_clock::now();
        syscall();
        sys += std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
        break;
      }
      case stop_reason::program: deliver_program_interruption(); break;
    }
  }
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats_.syscall_seconds = sys;
  return exit_code_;
}

}  // namespace ssivm::runtime::linux_abi
