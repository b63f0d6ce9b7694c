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
#include "runtime/linux/signal.hpp"
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

const syscall_table kSyscalls = [] {
  syscall_table t{};
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
  // The program is a guest path: inside --root when there is one.
  vfs fs;
  if (!fs.init(opt.root, opt.sysroot, error)) return nullptr;
  std::vector<uint8_t> image;
  std::string exe;
  if (int64_t e = read_program(fs, path, image, exe)) {
    error = "cannot run " + path + ": " +
            (e == -EACCES ? std::string("not a regular file, or no access") : std::strerror(-e));
    return nullptr;
  }
  auto p = create_from_image(image, path, argv, opt, error);
  if (p && !exe.empty()) p->exe_path_ = exe;
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
  p->fs_ = std::make_shared<vfs>();
  if (!p->fs_->init(opt.root, opt.sysroot, error)) return nullptr;
  // The environment switch works for every embedder (tests, benchmarks), not just the CLI.
  if (const char* t = std::getenv("SSIVM_TRACE_PGM"); t && *t) p->opt_.trace_pgm = true;
  p->st_ = storage::create(opt.storage_bytes, &error);
  if (!p->st_) return nullptr;
  p->threads_.push_back(std::make_unique<guest_thread>());
  p->cur_ = p->threads_.back().get();
  p->cur_->tid = p->next_tid_ = ::getpid();
  if (!p->load_program(image, path, argv, error)) return nullptr;
  return p;
}

// The program's part of a start, shared by create_from_image and execve: storage must hold
// nothing (fresh, or emptied by exec_program).
bool process::load_program(const std::vector<uint8_t>& image, const std::string& path,
                           const std::vector<std::string>& argv, std::string& error) {
  storage& st = *st_;
  // Nothing is mapped yet. The registry is fresh (all zero), so one memset does what a
  // per-page set_access would, at a fraction of the startup cost.
  std::memset(st.registry().flags(), arch::page_flag::kNoRead | arch::page_flag::kNoWrite,
              st.registry().pages());
  uint64_t stack_top = st.size();
  mmap_top_ = stack_top - page_up(opt_.stack_bytes) - 16 * kPageSize;
  loaded_program prog;
  std::string why = load_executable(image, st, *fs_, mmap_top_, prog);
  if (!why.empty()) {
    error = why.compare(0, 3, "HCP") == 0 ? why : path + ": " + why;
    return false;
  }
  const loaded_image& img = prog.exe;
  maps_.clear();
  if (prog.interp_end) maps_.emplace_back(prog.interp_start, prog.interp_end);
  arch::cpu& c = cur_->cpu;
  c = arch::cpu{};
  st.bind(c);
  c.tod_clock = &host_tod_clock;
  c.s.amode = 64;
  c.s.amask = ~0ull;
  // Problem state, 64-bit addressing, DAT and I/O/external interrupts as Linux user mode has.
  c.s.psw_mask = 0x0705000180000000ull;
  c.s.psw_addr = prog.entry;
  brk_start_ = brk_ = img.brk;
  if (page_up(img.brk) + 16 * kPageSize >= mmap_top_) {
    error = path + ": guest storage too small for this program (use a larger --storage)";
    return false;
  }
  // Leave the heap room to grow: 64 MiB, or half of what small storage has left (malloc
  // turns to mmap when brk cannot grow).
  uint64_t room = mmap_top_ - page_up(img.brk);
  mmap_floor_ = page_up(img.brk) + std::min<uint64_t>(64ull << 20, (room / 2) & ~(kPageSize - 1));
  std::vector<std::string> args = argv;
  if (args.empty()) args.push_back(path);
  return build_stack(args, path, img.phdr, img.phent, img.phnum, img.entry, prog.base, error);
}

bool process::build_stack(const std::vector<std::string>& argv, const std::string& execfn,
                          uint64_t phdr, uint64_t phent, uint64_t phnum, uint64_t entry,
                          uint64_t base, std::string& error) {
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
      {AT_PHDR, phdr},        {AT_PHENT, phent},        {AT_PHNUM, phnum},
      {AT_PAGESZ, kPageSize}, {AT_BASE, base},          {AT_FLAGS, 0},
      {AT_ENTRY, entry},      {AT_UID, ::getuid()},     {AT_EUID, ::geteuid()},
      {AT_GID, ::getgid()},   {AT_EGID, ::getegid()},   {AT_SECURE, 0},
      {AT_CLKTCK, 100},       {AT_HWCAP, kHwcap},       {AT_PLATFORM, platform},
      {AT_RANDOM, random},    {AT_EXECFN, execfn_addr}, {AT_NULL, 0},
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
  cur_->cpu.s.gr[15] = sp;
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
  guest_thread& t = *cur_;
  arch::cpu& c = t.cpu;
  uint64_t nr = c.svc_code ? c.svc_code : c.s.gr[1];
  const uint64_t args[6] = {c.s.gr[2], c.s.gr[3], c.s.gr[4], c.s.gr[5], c.s.gr[6], c.s.gr[7]};
  t.orig_gr2 = args[0];
  t.svc_ilc = c.pgm_ilc ? c.pgm_ilc : 2;
  ++stats_.syscalls;
  int64_t r;
  if (park_on_descriptor(nr, args)) {
    r = kParked;
  } else if (nr < kSyscalls.size() && kSyscalls[nr].fn) {
    r = kSyscalls[nr].fn(*this, args);
    if (opt_.trace_syscalls)
      std::fprintf(stderr, "ssivm: %s(%#llx, %#llx, %#llx) = %lld%s\n", kSyscalls[nr].name,
                   (unsigned long long)args[0], (unsigned long long)args[1],
                   (unsigned long long)args[2], (long long)(r < kKeepRegs + 1 ? 0 : r),
                   r == kParked     ? " (parked)"
                   : r == kKeepRegs ? " (registers set)"
                                    : "");
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
  end_syscall(t, r, static_cast<int64_t>(nr));
  return !exited_;
}

void process::trace_program_interruption() {
  arch::cpu& cpu_ = cur_->cpu;
  uint64_t ia = interrupted_insn(cpu_);
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
  arch::cpu& c = cur_->cpu;
  int code = 0;
  int sig = signal_for_program_interruption(c.pgm_code, c.dxc, code);
  // SIGSEGV reports the page of the failing access, the others the instruction.
  uint64_t addr = sig == SIGSEGV ? c.pgm_tea & ~(kPageSize - 1) : interrupted_insn(c);
  // Protection is suppressing, but Linux points the PSW back at the instruction (as for the
  // nullifying translation exceptions), so that a handler that fixes the page retries it.
  if (c.pgm_code == arch::pic::protection) c.s.psw_addr = interrupted_insn(c);
  force_signal(*cur_, sig, fault_info(sig, code, addr));
}

}  // namespace ssivm::runtime::linux_abi
