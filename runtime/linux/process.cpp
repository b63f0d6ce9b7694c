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

namespace ssivm::runtime::linux_abi {
namespace {

using arch::kPageSize;
constexpr uint64_t page_up(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

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

using sys_fn = int64_t (*)(process& p, const uint64_t* a);
struct syscall_def {
  const char* name;
  sys_fn fn;
};

int64_t err(int e) { return -static_cast<int64_t>(e); }
constexpr int kMaxSignal = 64;
int64_t host_ret(int64_t r) { return r < 0 ? err(errno) : r; }

int64_t sys_exit(process& p, const uint64_t* a) {
  p.exit_with(static_cast<int>(a[0] & 0xff));
  return 0;
}

// Data moves straight between host files and guest storage (no bounce buffer): guest_span
// checks the guest's access rights and, for input, drops decoded code on the pages first.
constexpr uint64_t kMaxIo = 1ull << 30;

// Output to a pipe nobody reads: the host ignores SIGPIPE (see run), the guest gets it as
// Linux would send it, then EPIPE if it survives.
int64_t output_ret(process& p, ssize_t r) {
  if (r < 0 && errno == EPIPE) {
    p.raise_signal(SIGPIPE);
    return err(EPIPE);
  }
  return host_ret(r);
}

int64_t sys_read(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  uint8_t* dst = p.guest_span(a[1], len, true);
  if (!dst && len) return err(EFAULT);
  return host_ret(::read(static_cast<int>(a[0]), dst, len));
}

int64_t sys_write(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  const uint8_t* src = p.guest_span(a[1], len, false);
  if (!src && len) return err(EFAULT);
  return output_ret(p, ::write(static_cast<int>(a[0]), src, len));
}

int64_t sys_pread64(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  uint8_t* dst = p.guest_span(a[1], len, true);
  if (!dst && len) return err(EFAULT);
  return host_ret(::pread(static_cast<int>(a[0]), dst, len, static_cast<off_t>(a[3])));
}

int64_t sys_pwrite64(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  const uint8_t* src = p.guest_span(a[1], len, false);
  if (!src && len) return err(EFAULT);
  return output_ret(p, ::pwrite(static_cast<int>(a[0]), src, len, static_cast<off_t>(a[3])));
}

// readv/writev: the guest's iovec array (big-endian {base, len} pairs) becomes a host one
// pointing into guest storage, so the host call keeps its atomicity and partial-transfer rules.
int64_t guest_iovec(process& p, uint64_t addr, uint64_t cnt, bool for_input,
                    std::vector<struct iovec>& out) {
  if (cnt > 1024) return err(EINVAL);
  out.resize(cnt);
  uint64_t total = 0;
  for (uint64_t k = 0; k < cnt; ++k) {
    uint64_t iov[2];
    if (!p.guest_read(addr + 16 * k, iov, 16)) return err(EFAULT);
    uint64_t base = arch::from_be(iov[0]), len = arch::from_be(iov[1]);
    if (len > kMaxIo || (total += len) > kMaxIo) return err(EINVAL);
    uint8_t* h = p.guest_span(base, len, for_input);
    if (!h && len) return err(EFAULT);
    out[k] = {h, len};
  }
  return 0;
}

int64_t sys_writev(process& p, const uint64_t* a) {
  std::vector<struct iovec> iov;
  if (int64_t e = guest_iovec(p, a[1], a[2], false, iov)) return e;
  return output_ret(p, ::writev(static_cast<int>(a[0]), iov.data(), static_cast<int>(iov.size())));
}

int64_t sys_readv(process& p, const uint64_t* a) {
  std::vector<struct iovec> iov;
  if (int64_t e = guest_iovec(p, a[1], a[2], true, iov)) return e;
  return host_ret(::readv(static_cast<int>(a[0]), iov.data(), static_cast<int>(iov.size())));
}

int64_t sys_brk(process& p, const uint64_t* a) { return p.sys_brk(a[0]); }

int64_t sys_mmap(process& p, const uint64_t* a) {
  // s390x mmap takes a pointer to a block of six longs.
  uint64_t blk[6];
  if (!p.guest_read(a[0], blk, sizeof blk)) return err(EFAULT);
  for (auto& v : blk) v = arch::from_be(v);
  return p.sys_mmap(blk[0], blk[1], static_cast<int>(blk[2]), static_cast<int>(blk[3]),
                    static_cast<int>(blk[4]), static_cast<int64_t>(blk[5]));
}
int64_t sys_munmap(process& p, const uint64_t* a) { return p.sys_munmap(a[0], a[1]); }
int64_t sys_mprotect(process& p, const uint64_t* a) {
  return p.sys_mprotect(a[0], a[1], static_cast<int>(a[2]));
}

int64_t sys_uname(process& p, const uint64_t* a) {
  struct utsname u {};
  ::uname(&u);
  char buf[6 * 65] = {};
  std::snprintf(buf + 0 * 65, 65, "Linux");
  std::snprintf(buf + 1 * 65, 65, "%s", u.nodename);
  std::snprintf(buf + 2 * 65, 65, "%s", u.release);
  std::snprintf(buf + 3 * 65, 65, "%s", u.version);
  std::snprintf(buf + 4 * 65, 65, "s390x");
  std::snprintf(buf + 5 * 65, 65, "(none)");
  return p.guest_write(a[0], buf, sizeof buf) ? 0 : err(EFAULT);
}

int64_t sys_zero(process&, const uint64_t*) { return 0; }
int64_t sys_getpid(process&, const uint64_t*) { return ::getpid(); }
int64_t sys_getppid(process&, const uint64_t*) { return ::getppid(); }
int64_t sys_getuid(process&, const uint64_t*) { return ::getuid(); }
int64_t sys_geteuid(process&, const uint64_t*) { return ::geteuid(); }
int64_t sys_getgid(process&, const uint64_t*) { return ::getgid(); }
int64_t sys_getegid(process&, const uint64_t*) { return ::getegid(); }
int64_t sys_set_tid_address(process&, const uint64_t*) { return ::getpid(); }
int64_t sys_enosys(process&, const uint64_t*) { return err(ENOSYS); }

int64_t sys_ioctl(process& p, const uint64_t* a) {
  // Terminal queries, so that stdio line-buffers a terminal exactly as under Linux. The kernel's
  // termios (4 flag words, c_line, 19 control characters) and winsize (4 halfwords) have the
  // same layout on s390x and on the host; only the byte order differs.
  constexpr uint64_t kTCGETS = 0x5401, kTIOCGWINSZ = 0x5413, kTIOCGPGRP = 0x540f;
  int fd = static_cast<int>(a[0]);
  if (a[1] == kTCGETS) {
    uint8_t t[36];
    if (::ioctl(fd, kTCGETS, t) < 0) return err(errno);
    for (unsigned k = 0; k < 4; ++k) {
      uint32_t v;
      std::memcpy(&v, t + 4 * k, 4);
      v = arch::to_be(v);
      std::memcpy(t + 4 * k, &v, 4);
    }
    return p.guest_write(a[2], t, sizeof t) ? 0 : err(EFAULT);
  }
  if (a[1] == kTIOCGWINSZ) {
    uint16_t w[4];
    if (::ioctl(fd, kTIOCGWINSZ, w) < 0) return err(errno);
    for (auto& v : w) v = arch::to_be(v);
    return p.guest_write(a[2], w, sizeof w) ? 0 : err(EFAULT);
  }
  if (a[1] == kTIOCGPGRP) {
    int32_t g;
    if (::ioctl(fd, kTIOCGPGRP, &g) < 0) return err(errno);
    g = arch::to_be(g);
    return p.guest_write(a[2], &g, sizeof g) ? 0 : err(EFAULT);
  }
  // Anything else would need its argument translated: refuse as for an unsupported device.
  return ::fcntl(fd, F_GETFD) < 0 ? err(EBADF) : err(ENOTTY);
}

// struct stat as the s390x kernel lays it out (asm/stat.h, 64-bit).
void put_stat(const struct stat& s, uint8_t out[144]) {
  std::memset(out, 0, 144);
  auto p64 = [&](unsigned off, uint64_t v) {
    v = arch::to_be(v);
    std::memcpy(out + off, &v, 8);
  };
  auto p32 = [&](unsigned off, uint32_t v) {
    v = arch::to_be(v);
    std::memcpy(out + off, &v, 4);
  };
  p64(0, s.st_dev);
  p64(8, s.st_ino);
  p64(16, s.st_nlink);
  p32(24, s.st_mode);
  p32(28, s.st_uid);
  p32(32, s.st_gid);
  p64(40, s.st_rdev);
  p64(48, static_cast<uint64_t>(s.st_size));
  p64(56, static_cast<uint64_t>(s.st_atim.tv_sec));
  p64(64, static_cast<uint64_t>(s.st_atim.tv_nsec));
  p64(72, static_cast<uint64_t>(s.st_mtim.tv_sec));
  p64(80, static_cast<uint64_t>(s.st_mtim.tv_nsec));
  p64(88, static_cast<uint64_t>(s.st_ctim.tv_sec));
  p64(96, static_cast<uint64_t>(s.st_ctim.tv_nsec));
  p64(104, static_cast<uint64_t>(s.st_blksize));
  p64(112, static_cast<uint64_t>(s.st_blocks));
}

int64_t sys_fstat(process& p, const uint64_t* a) {
  struct stat s;
  if (::fstat(static_cast<int>(a[0]), &s) < 0) return err(errno);
  uint8_t out[144];
  put_stat(s, out);
  return p.guest_write(a[1], out, sizeof out) ? 0 : err(EFAULT);
}

int dirfd_of(uint64_t v) {
  int fd = static_cast<int>(v);
  return fd == -100 ? AT_FDCWD : fd;
}

int64_t sys_newfstatat(process& p, const uint64_t* a) {
  std::string path;
  if (!p.guest_string(a[1], path)) return err(EFAULT);
  struct stat s;
  if (::fstatat(dirfd_of(a[0]), path.c_str(), &s, static_cast<int>(a[3])) < 0) return err(errno);
  uint8_t out[144];
  put_stat(s, out);
  return p.guest_write(a[2], out, sizeof out) ? 0 : err(EFAULT);
}

int64_t sys_openat(process& p, const uint64_t* a) {
  std::string path;
  if (!p.guest_string(a[1], path)) return err(EFAULT);
  // s390x and x86-64 both use the generic open flag values (O_CREAT 0100 … O_CLOEXEC
  // 02000000), so the flags pass as they are; the program sees exactly what it asked for.
  return host_ret(
      ::openat(dirfd_of(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<mode_t>(a[3])));
}
int64_t sys_open(process& p, const uint64_t* a) {
  uint64_t b[4] = {static_cast<uint64_t>(-100), a[0], a[1], a[2]};
  return sys_openat(p, b);
}
// Descriptors are the host's, shared with ssivm as qemu-user shares them: a program that
// redirects its standard streams redirects ssivm's reports too (virtualised descriptors are
// the Linux personality's).
int64_t sys_close(process&, const uint64_t* a) { return host_ret(::close(static_cast<int>(a[0]))); }
int64_t sys_lseek(process&, const uint64_t* a) {
  return host_ret(
      ::lseek(static_cast<int>(a[0]), static_cast<off_t>(a[1]), static_cast<int>(a[2])));
}

int64_t sys_clock_gettime(process& p, const uint64_t* a) {
  struct timespec ts;
  if (::clock_gettime(static_cast<clockid_t>(a[0]), &ts) < 0) return err(errno);
  uint64_t out[2] = {arch::to_be(static_cast<uint64_t>(ts.tv_sec)),
                     arch::to_be(static_cast<uint64_t>(ts.tv_nsec))};
  return p.guest_write(a[1], out, sizeof out) ? 0 : err(EFAULT);
}
int64_t sys_gettimeofday(process& p, const uint64_t* a) {
  struct timespec ts;
  ::clock_gettime(CLOCK_REALTIME, &ts);
  if (a[0]) {
    uint64_t out[2] = {arch::to_be(static_cast<uint64_t>(ts.tv_sec)),
                       arch::to_be(static_cast<uint64_t>(ts.tv_nsec / 1000))};
    if (!p.guest_write(a[0], out, sizeof out)) return err(EFAULT);
  }
  return 0;
}

int64_t sys_getrandom(process& p, const uint64_t* a) {
  uint64_t len = a[1] > 65536 ? 65536 : a[1];
  std::vector<uint8_t> buf(len);
  ssize_t r = ::getrandom(buf.data(), len, 0);
  if (r < 0) return err(errno);
  return p.guest_write(a[0], buf.data(), static_cast<uint64_t>(r)) ? r : err(EFAULT);
}

int64_t sys_prlimit64(process& p, const uint64_t* a) {
  if (a[3]) {
    struct rlimit64 {
      uint64_t cur, max;
    };
    uint64_t out[2];
    if (a[1] == 3 /* RLIMIT_STACK */) {
      out[0] = arch::to_be(p.opt_.stack_bytes);
      out[1] = arch::to_be(~0ull);
    } else {
      out[0] = out[1] = arch::to_be(~0ull);
    }
    if (!p.guest_write(a[3], out, sizeof out)) return err(EFAULT);
  }
  return 0;
}

int64_t sys_readlinkat(process& p, const uint64_t* a) {
  std::string path;
  if (!p.guest_string(a[1], path)) return err(EFAULT);
  char buf[4096];
  ssize_t n;
  if (path == "/proc/self/exe" || path == "/proc/" + std::to_string(::getpid()) + "/exe") {
    // The program, not ssivm (glibc's static startup asks, and so may the program).
    n = static_cast<ssize_t>(std::min(p.exe_path().size(), sizeof buf));
    std::memcpy(buf, p.exe_path().data(), static_cast<size_t>(n));
  } else {
    n = ::readlinkat(dirfd_of(a[0]), path.c_str(), buf, sizeof buf);
    if (n < 0) return err(errno);
  }
  uint64_t len = std::min<uint64_t>(static_cast<uint64_t>(n), a[3]);
  return p.guest_write(a[2], buf, len) ? static_cast<int64_t>(len) : err(EFAULT);
}
int64_t sys_readlink(process& p, const uint64_t* a) {
  uint64_t b[4] = {static_cast<uint64_t>(-100), a[0], a[1], a[2]};
  return sys_readlinkat(p, b);
}

// struct sysinfo of a 64-bit s390x kernel; memory figures describe the guest, not the host.
int64_t sys_sysinfo(process& p, const uint64_t* a) {
  struct sysinfo h {};
  ::sysinfo(&h);
  uint8_t out[112] = {};
  auto p64 = [&](unsigned off, uint64_t v) {
    v = arch::to_be(v);
    std::memcpy(out + off, &v, 8);
  };
  p64(0, static_cast<uint64_t>(h.uptime));
  for (unsigned k = 0; k < 3; ++k) p64(8 + 8 * k, h.loads[k]);
  uint64_t total = p.guest_storage().size();
  p64(32, total);                     // totalram
  p64(40, total - p.mapped_bytes());  // freeram
  uint16_t procs = arch::to_be(static_cast<uint16_t>(h.procs));
  std::memcpy(out + 80, &procs, 2);
  uint32_t unit = arch::to_be(uint32_t{1});
  std::memcpy(out + 104, &unit, 4);
  return p.guest_write(a[0], out, sizeof out) ? 0 : err(EFAULT);
}

int64_t sys_mremap(process& p, const uint64_t* a) {
  return p.sys_mremap(a[0], a[1], a[2], static_cast<int>(a[3]), a[4]);
}

// Plain file-system calls: paths are the host's (a sysroot is the personality issue's).
int64_t path_call(process& p, uint64_t addr, std::string& out) {
  return p.guest_string(addr, out) ? 0 : err(EFAULT);
}
int64_t sys_faccessat(process& p, const uint64_t* a) {
  std::string path;
  if (int64_t e = path_call(p, a[1], path)) return e;
  return host_ret(::faccessat(dirfd_of(a[0]), path.c_str(), static_cast<int>(a[2]), 0));
}
int64_t sys_access(process& p, const uint64_t* a) {
  uint64_t b[3] = {static_cast<uint64_t>(-100), a[0], a[1]};
  return sys_faccessat(p, b);
}
int64_t sys_unlinkat(process& p, const uint64_t* a) {
  std::string path;
  if (int64_t e = path_call(p, a[1], path)) return e;
  return host_ret(::unlinkat(dirfd_of(a[0]), path.c_str(), static_cast<int>(a[2])));
}
int64_t sys_unlink(process& p, const uint64_t* a) {
  uint64_t b[3] = {static_cast<uint64_t>(-100), a[0], 0};
  return sys_unlinkat(p, b);
}
int64_t sys_rmdir(process& p, const uint64_t* a) {
  uint64_t b[3] = {static_cast<uint64_t>(-100), a[0], AT_REMOVEDIR};
  return sys_unlinkat(p, b);
}
int64_t sys_mkdirat(process& p, const uint64_t* a) {
  std::string path;
  if (int64_t e = path_call(p, a[1], path)) return e;
  return host_ret(::mkdirat(dirfd_of(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
}
int64_t sys_mkdir(process& p, const uint64_t* a) {
  uint64_t b[3] = {static_cast<uint64_t>(-100), a[0], a[1]};
  return sys_mkdirat(p, b);
}
int64_t sys_renameat(process& p, const uint64_t* a) {
  std::string from, to;
  if (int64_t e = path_call(p, a[1], from)) return e;
  if (int64_t e = path_call(p, a[3], to)) return e;
  return host_ret(::renameat(dirfd_of(a[0]), from.c_str(), dirfd_of(a[2]), to.c_str()));
}
int64_t sys_rename(process& p, const uint64_t* a) {
  uint64_t b[4] = {static_cast<uint64_t>(-100), a[0], static_cast<uint64_t>(-100), a[1]};
  return sys_renameat(p, b);
}
int64_t sys_chdir(process& p, const uint64_t* a) {
  std::string path;
  if (int64_t e = path_call(p, a[0], path)) return e;
  return host_ret(::chdir(path.c_str()));
}
int64_t sys_getcwd(process& p, const uint64_t* a) {
  char buf[4096];
  if (!::getcwd(buf, sizeof buf)) return err(errno);
  uint64_t len = std::strlen(buf) + 1;
  if (len > a[1]) return err(ERANGE);
  return p.guest_write(a[0], buf, len) ? static_cast<int64_t>(len) : err(EFAULT);
}
int64_t sys_ftruncate(process&, const uint64_t* a) {
  return host_ret(::ftruncate(static_cast<int>(a[0]), static_cast<off_t>(a[1])));
}
int64_t sys_fsync(process&, const uint64_t* a) { return host_ret(::fsync(static_cast<int>(a[0]))); }
int64_t sys_umask(process&, const uint64_t* a) { return ::umask(static_cast<mode_t>(a[0])); }
int64_t sys_dup(process&, const uint64_t* a) { return host_ret(::dup(static_cast<int>(a[0]))); }
int64_t sys_dup3(process&, const uint64_t* a) {
  return host_ret(::dup3(static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2])));
}
int64_t sys_dup2(process& p, const uint64_t* a) {
  if (a[0] == a[1])
    return ::fcntl(static_cast<int>(a[0]), F_GETFD) < 0 ? err(EBADF) : static_cast<int64_t>(a[1]);
  uint64_t b[3] = {a[0], a[1], 0};
  return sys_dup3(p, b);
}
int64_t sys_fcntl(process&, const uint64_t* a) {
  // Only the commands whose argument is a plain integer (same numbering on s390x).
  int fd = static_cast<int>(a[0]), cmd = static_cast<int>(a[1]);
  switch (cmd) {
    case F_DUPFD:
    case F_GETFD:
    case F_SETFD:
    case F_GETFL:
    case F_SETFL:
    case F_DUPFD_CLOEXEC: return host_ret(::fcntl(fd, cmd, static_cast<long>(a[2])));
    default: return err(EINVAL);
  }
}
int64_t sys_pipe2(process& p, const uint64_t* a) {
  int fds[2];
  if (::pipe2(fds, static_cast<int>(a[1])) < 0) return err(errno);
  int32_t out[2] = {arch::to_be(int32_t{fds[0]}), arch::to_be(int32_t{fds[1]})};
  if (!p.guest_write(a[0], out, sizeof out)) {
    ::close(fds[0]);
    ::close(fds[1]);
    return err(EFAULT);
  }
  return 0;
}
int64_t sys_pipe(process& p, const uint64_t* a) {
  uint64_t b[2] = {a[0], 0};
  return sys_pipe2(p, b);
}
int64_t sys_getdents64(process& p, const uint64_t* a) {
  // linux_dirent64 {u64 ino; s64 off; u16 reclen; u8 type; char name[]}: same layout, so
  // convert the fixed fields of each record in place.
  uint64_t len = std::min<uint64_t>(a[2], 1 << 20);
  std::vector<uint8_t> buf(len);
  long n = ::syscall(SYS_getdents64, static_cast<int>(a[0]), buf.data(), len);
  if (n < 0) return err(errno);
  for (long off = 0; off < n;) {
    uint8_t* r = buf.data() + off;
    uint64_t ino, doff;
    uint16_t reclen;
    std::memcpy(&ino, r, 8);
    std::memcpy(&doff, r + 8, 8);
    std::memcpy(&reclen, r + 16, 2);
    ino = arch::to_be(ino);
    doff = arch::to_be(doff);
    uint16_t be_reclen = arch::to_be(reclen);
    std::memcpy(r, &ino, 8);
    std::memcpy(r + 8, &doff, 8);
    std::memcpy(r + 16, &be_reclen, 2);
    if (reclen == 0) break;
    off += reclen;
  }
  return p.guest_write(a[1], buf.data(), static_cast<uint64_t>(n)) ? n : err(EFAULT);
}
int64_t sys_nanosleep(process& p, const uint64_t* a) {
  uint64_t t[2];
  if (!p.guest_read(a[0], t, sizeof t)) return err(EFAULT);
  struct timespec req = {static_cast<time_t>(arch::from_be(t[0])),
                         static_cast<long>(arch::from_be(t[1]))},
                  rem{};
  if (::nanosleep(&req, &rem) == 0) return 0;
  int e = errno;
  if (a[1]) {
    uint64_t r[2] = {arch::to_be(static_cast<uint64_t>(rem.tv_sec)),
                     arch::to_be(static_cast<uint64_t>(rem.tv_nsec))};
    p.guest_write(a[1], r, sizeof r);
  }
  return err(e);
}
int64_t sys_clock_nanosleep(process& p, const uint64_t* a) {
  uint64_t t[2];
  if (!p.guest_read(a[2], t, sizeof t)) return err(EFAULT);
  struct timespec req = {static_cast<time_t>(arch::from_be(t[0])),
                         static_cast<long>(arch::from_be(t[1]))};
  // clock_nanosleep returns the error number instead of setting errno.
  int r = ::clock_nanosleep(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), &req, nullptr);
  return r ? err(r) : 0;
}
int64_t sys_clock_getres(process& p, const uint64_t* a) {
  struct timespec ts;
  if (::clock_getres(static_cast<clockid_t>(a[0]), &ts) < 0) return err(errno);
  if (!a[1]) return 0;
  uint64_t out[2] = {arch::to_be(static_cast<uint64_t>(ts.tv_sec)),
                     arch::to_be(static_cast<uint64_t>(ts.tv_nsec))};
  return p.guest_write(a[1], out, sizeof out) ? 0 : err(EFAULT);
}
int64_t sys_sched_yield(process&, const uint64_t*) { return 0; }
// struct rusage and struct tms are all longs on both sides: swap each one.
int64_t sys_getrusage(process& p, const uint64_t* a) {
  struct rusage r;
  if (::getrusage(static_cast<int>(a[0]), &r) < 0) return err(errno);
  static_assert(sizeof r == 18 * 8);
  uint64_t w[18];
  std::memcpy(w, &r, sizeof w);
  for (auto& v : w) v = arch::to_be(v);
  return p.guest_write(a[1], w, sizeof w) ? 0 : err(EFAULT);
}
int64_t sys_times(process& p, const uint64_t* a) {
  struct tms t;
  clock_t now = ::times(&t);
  if (a[0]) {
    uint64_t w[4] = {arch::to_be(static_cast<uint64_t>(t.tms_utime)),
                     arch::to_be(static_cast<uint64_t>(t.tms_stime)),
                     arch::to_be(static_cast<uint64_t>(t.tms_cutime)),
                     arch::to_be(static_cast<uint64_t>(t.tms_cstime))};
    if (!p.guest_write(a[0], w, sizeof w)) return err(EFAULT);
  }
  return static_cast<int64_t>(now);
}

// Signals the program sends itself follow its dispositions and mask; signals for other
// processes go to the host. Handlers are recorded but cannot run yet (personality issue).
bool to_self(uint64_t pid) {
  int64_t v = static_cast<int64_t>(pid);
  return v == 0 || v == -1 || v == ::getpid() || v == -static_cast<int64_t>(::getpgrp());
}
int64_t sys_tgkill(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[2]);
  if (sig < 0 || sig > kMaxSignal) return err(EINVAL);
  if (!to_self(a[0]) || !to_self(a[1])) return host_ret(::kill(static_cast<pid_t>(a[1]), sig));
  if (sig != 0) p.raise_signal(sig);
  return 0;
}
int64_t sys_tkill(process& p, const uint64_t* a) {
  uint64_t b[3] = {a[0], a[0], a[1]};
  return sys_tgkill(p, b);
}
int64_t sys_kill(process& p, const uint64_t* a) {
  uint64_t b[3] = {a[0], a[0], a[1]};
  return sys_tgkill(p, b);
}

int64_t sys_rt_sigaction(process& p, const uint64_t* a) {
  int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > kMaxSignal || a[3] != 8) return err(EINVAL);
  // struct sigaction of the s390x kernel: handler, flags, restorer, mask (4 doublewords).
  std::array<uint8_t, 32> act;
  if (a[1]) {
    if (sig == SIGKILL || sig == SIGSTOP) return err(EINVAL);
    if (!p.guest_read(a[1], act.data(), act.size())) return err(EFAULT);
  }
  if (a[2] && !p.guest_write(a[2], p.sigaction_of(sig).data(), 32)) return err(EFAULT);
  if (a[1]) {
    p.sigaction_of(sig) = act;
    uint64_t handler;
    std::memcpy(&handler, act.data(), 8);
    if (arch::from_be(handler) == 1 /* SIG_IGN */) p.discard_pending(sig);  // as Linux does
  }
  return 0;
}
int64_t sys_rt_sigpending(process& p, const uint64_t* a) {
  if (a[1] != 8) return err(EINVAL);
  uint64_t v = arch::to_be(p.pending_signals());
  return p.guest_write(a[0], &v, 8) ? 0 : err(EFAULT);
}
int64_t sys_rt_sigprocmask(process& p, const uint64_t* a) {
  if (a[3] != 8) return err(EINVAL);
  uint64_t old = arch::to_be(p.signal_mask());
  uint64_t set = 0;
  if (a[1]) {
    if (a[0] > 2) return err(EINVAL);
    if (!p.guest_read(a[1], &set, 8)) return err(EFAULT);
    set = arch::from_be(set);
  }
  if (a[2] && !p.guest_write(a[2], &old, 8)) return err(EFAULT);
  if (a[1]) {
    uint64_t m = p.signal_mask();
    m = a[0] == 0 ? (m | set) : a[0] == 1 ? (m & ~set) : set;  // BLOCK, UNBLOCK, SETMASK
    p.set_signal_mask(m);
  }
  return 0;
}

int64_t sys_futex(process&, const uint64_t* a) {
  int op = static_cast<int>(a[1]) & 0x7f;
  if (op == 1 /* WAKE */) return 0;
  if (op == 0 /* WAIT */) return err(EAGAIN);  // one thread: nobody can wake it
  return err(ENOSYS);
}

int64_t sys_sched_getaffinity(process& p, const uint64_t* a) {
  if (a[1] < 8) return err(EINVAL);
  uint64_t mask = arch::to_be(uint64_t{1});
  return p.guest_write(a[2], &mask, 8) ? 8 : err(EFAULT);
}

const std::array<syscall_def, 464> kSyscalls = [] {
  std::array<syscall_def, 464> t{};
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(1, "exit", sys_exit);
  def(3, "read", sys_read);
  def(4, "write", sys_write);
  def(5, "open", sys_open);
  def(6, "close", sys_close);
  def(10, "unlink", sys_unlink);
  def(12, "chdir", sys_chdir);
  def(19, "lseek", sys_lseek);
  def(20, "getpid", sys_getpid);
  def(33, "access", sys_access);
  def(37, "kill", sys_kill);
  def(38, "rename", sys_rename);
  def(39, "mkdir", sys_mkdir);
  def(40, "rmdir", sys_rmdir);
  def(41, "dup", sys_dup);
  def(42, "pipe", sys_pipe);
  def(43, "times", sys_times);
  def(45, "brk", sys_brk);
  def(54, "ioctl", sys_ioctl);
  def(55, "fcntl", sys_fcntl);
  def(60, "umask", sys_umask);
  def(63, "dup2", sys_dup2);
  def(64, "getppid", sys_getppid);
  def(77, "getrusage", sys_getrusage);
  def(78, "gettimeofday", sys_gettimeofday);
  def(85, "readlink", sys_readlink);
  def(90, "mmap", sys_mmap);
  def(91, "munmap", sys_munmap);
  def(93, "ftruncate", sys_ftruncate);
  def(108, "fstat", sys_fstat);
  def(116, "sysinfo", sys_sysinfo);
  def(118, "fsync", sys_fsync);
  def(122, "uname", sys_uname);
  def(125, "mprotect", sys_mprotect);
  def(145, "readv", sys_readv);
  def(146, "writev", sys_writev);
  def(158, "sched_yield", sys_sched_yield);
  def(162, "nanosleep", sys_nanosleep);
  def(163, "mremap", sys_mremap);
  def(174, "rt_sigaction", sys_rt_sigaction);
  def(175, "rt_sigprocmask", sys_rt_sigprocmask);
  def(176, "rt_sigpending", sys_rt_sigpending);
  def(180, "pread64", sys_pread64);
  def(181, "pwrite64", sys_pwrite64);
  def(183, "getcwd", sys_getcwd);
  def(199, "getuid", sys_getuid);
  def(200, "getgid", sys_getgid);
  def(201, "geteuid", sys_geteuid);
  def(202, "getegid", sys_getegid);
  def(219, "madvise", sys_zero);
  def(220, "getdents64", sys_getdents64);
  def(236, "gettid", sys_getpid);
  def(237, "tkill", sys_tkill);
  def(238, "futex", sys_futex);
  def(240, "sched_getaffinity", sys_sched_getaffinity);
  def(241, "tgkill", sys_tgkill);
  def(248, "exit_group", sys_exit);
  def(252, "set_tid_address", sys_set_tid_address);
  def(260, "clock_gettime", sys_clock_gettime);
  def(261, "clock_getres", sys_clock_getres);
  def(262, "clock_nanosleep", sys_clock_nanosleep);
  def(288, "openat", sys_openat);
  def(289, "mkdirat", sys_mkdirat);
  def(293, "newfstatat", sys_newfstatat);
  def(294, "unlinkat", sys_unlinkat);
  def(295, "renameat", sys_renameat);
  def(298, "readlinkat", sys_readlinkat);
  def(300, "faccessat", sys_faccessat);
  def(304, "set_robust_list", sys_zero);
  def(325, "pipe2", sys_pipe2);
  def(326, "dup3", sys_dup3);
  def(334, "prlimit64", sys_prlimit64);
  def(349, "getrandom", sys_getrandom);
  def(383, "rseq", sys_enosys);
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

// Gives pages back to the host: they read as zero again and cost nothing until touched.
void process::zero_pages(uint64_t start, uint64_t len) {
  if (!len) return;
  st_->discard_code(start, len);
  if (::madvise(st_->base() + start, len, MADV_DONTNEED) != 0)
    std::memset(st_->base() + start, 0, len);
}

int64_t process::sys_brk(uint64_t addr) {
  if (addr == 0 || addr < brk_start_) return static_cast<int64_t>(brk_);
  uint64_t new_end = page_up(addr);
  if (new_end > mmap_floor_) return static_cast<int64_t>(brk_);  // would run into mmap space
  uint64_t old_end = page_up(brk_);
  if (new_end > old_end) {
    st_->registry().set_access(old_end >> arch::kPageShift, (new_end - old_end) >> arch::kPageShift,
                               true, true);
  } else if (new_end < old_end) {
    st_->registry().set_access(new_end >> arch::kPageShift, (old_end - new_end) >> arch::kPageShift,
                               false, false);
    zero_pages(new_end, old_end - new_end);  // a later brk must see zeroes, as from the kernel
  }
  brk_ = addr;
  return static_cast<int64_t>(brk_);
}

uint64_t process::mapped_bytes() const {
  uint64_t n = page_up(brk_) - brk_start_;
  for (auto [s, e] : maps_) n += e - s;
  return n;
}

// Top-down first fit between mmap_floor_ and mmap_top_ (maps_ is sorted); 0 if no room.
uint64_t process::find_free(uint64_t len) const {
  uint64_t cand_end = mmap_top_;
  for (auto it = maps_.rbegin(); it != maps_.rend(); ++it) {
    if (it->first >= cand_end) continue;
    if (it->second <= cand_end && cand_end - it->second >= len) break;
    cand_end = std::min(cand_end, it->first);
  }
  if (cand_end < len || cand_end - len < mmap_floor_) return 0;
  return cand_end - len;
}

// Removes [start, end) from the mapping list, splitting ranges that straddle it.
void process::forget_range(uint64_t start, uint64_t end) {
  std::vector<std::pair<uint64_t, uint64_t>> kept;
  kept.reserve(maps_.size() + 1);
  for (auto [s, e] : maps_) {
    if (e <= start || s >= end) {
      kept.emplace_back(s, e);
      continue;
    }
    if (s < start) kept.emplace_back(s, start);
    if (e > end) kept.emplace_back(end, e);
  }
  maps_ = std::move(kept);
}

int64_t process::sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off) {
  constexpr int kMapShared = 0x01, kMapPrivate = 0x02, kMapFixed = 0x10, kMapAnonymous = 0x20;
  constexpr int kMapFixedNoReplace = 0x100000;
  if (len == 0 || len > st_->size()) return err(len ? ENOMEM : EINVAL);
  if (!(flags & (kMapShared | kMapPrivate))) return err(EINVAL);
  if (off & static_cast<int64_t>(kPageSize - 1)) return err(EINVAL);
  len = page_up(len);
  uint64_t start;
  if (flags & (kMapFixed | kMapFixedNoReplace)) {
    if (addr & (kPageSize - 1)) return err(EINVAL);
    if (!st_->contains(addr, len) || addr < kPageSize) return err(ENOMEM);
    if (flags & kMapFixedNoReplace) {
      for (auto [s, e] : maps_)
        if (s < addr + len && e > addr) return err(EEXIST);
    }
    start = addr;
    forget_range(start, start + len);
  } else {
    start = find_free(len);
    if (!start) return err(ENOMEM);
  }
  // Shared file mappings are copies too: writes never reach the file (enough for programs
  // that map files to read them).
  zero_pages(start, len);
  if (!(flags & kMapAnonymous)) {
    uint64_t done = 0;
    while (done < len) {
      ssize_t r =
          ::pread(fd, st_->base() + start + done, len - done, off + static_cast<off_t>(done));
      if (r < 0) {
        if (done == 0) return err(errno);
        break;
      }
      if (r == 0) break;
      done += static_cast<uint64_t>(r);
    }
  }
  st_->registry().set_access(start >> arch::kPageShift, len >> arch::kPageShift, prot != 0,
                             (prot & 2) != 0);
  maps_.emplace_back(start, start + len);
  std::sort(maps_.begin(), maps_.end());
  return static_cast<int64_t>(start);
}

int64_t process::sys_munmap(uint64_t addr, uint64_t len) {
  if ((addr & (kPageSize - 1)) || len == 0) return err(EINVAL);
  len = page_up(len);
  if (!st_->contains(addr, len)) return err(EINVAL);
  // Only mmap'ed ranges are given back: the program image, heap and stack stay.
  for (auto [s, e] : maps_) {
    uint64_t lo = std::max(s, addr), hi = std::min(e, addr + len);
    if (lo >= hi) continue;
    st_->registry().set_access(lo >> arch::kPageShift, (hi - lo) >> arch::kPageShift, false, false);
    zero_pages(lo, hi - lo);
  }
  forget_range(addr, addr + len);
  return 0;
}

int64_t process::sys_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                            uint64_t new_addr) {
  constexpr int kMayMove = 1, kFixed = 2;
  if ((old_addr & (kPageSize - 1)) || new_len == 0 || (flags & ~(kMayMove | kFixed)) ||
      ((flags & kFixed) && !(flags & kMayMove)))
    return err(EINVAL);
  old_len = page_up(old_len);
  new_len = page_up(new_len);
  // The old range must be one mapping (or lie inside one).
  auto it = std::find_if(maps_.begin(), maps_.end(), [&](auto& m) {
    return m.first <= old_addr && old_addr + old_len <= m.second;
  });
  if (it == maps_.end() || old_len == 0) return err(EFAULT);
  bool readable = !(st_->registry().flag(old_addr >> arch::kPageShift) & arch::page_flag::kNoRead);
  bool writable = !(st_->registry().flag(old_addr >> arch::kPageShift) & arch::page_flag::kNoWrite);
  auto target_access = [&](uint64_t a, uint64_t n) {
    st_->registry().set_access(a >> arch::kPageShift, n >> arch::kPageShift, readable, writable);
  };
  if (!(flags & kFixed)) {
    if (new_len <= old_len) {  // shrink in place
      sys_munmap(old_addr + new_len, old_len - new_len);
      return static_cast<int64_t>(old_addr);
    }
    // Grow in place when the pages after it are free and below the stack gap.
    uint64_t end = old_addr + new_len;
    bool free_after = end <= mmap_top_;
    for (auto [s, e] : maps_)
      if (s < end && e > old_addr + old_len) free_after = false;
    if (free_after) {
      zero_pages(old_addr + old_len, new_len - old_len);
      target_access(old_addr + old_len, new_len - old_len);
      maps_.emplace_back(old_addr + old_len, end);
      std::sort(maps_.begin(), maps_.end());
      return static_cast<int64_t>(old_addr);
    }
    if (!(flags & kMayMove)) return err(ENOMEM);
    new_addr = find_free(new_len);
    if (!new_addr) return err(ENOMEM);
  } else {
    if ((new_addr & (kPageSize - 1)) || !st_->contains(new_addr, new_len) || new_addr < kPageSize)
      return err(EINVAL);
    if (new_addr < old_addr + old_len && old_addr < new_addr + new_len) return err(EINVAL);
    sys_munmap(new_addr, new_len);
  }
  // Move: copy the contents, then release the old range.
  zero_pages(new_addr, new_len);
  std::memcpy(st_->base() + new_addr, st_->base() + old_addr, std::min(old_len, new_len));
  target_access(new_addr, new_len);
  maps_.emplace_back(new_addr, new_addr + new_len);
  std::sort(maps_.begin(), maps_.end());
  sys_munmap(old_addr, old_len);
  return static_cast<int64_t>(new_addr);
}

int64_t process::sys_mprotect(uint64_t addr, uint64_t len, int prot) {
  if (addr & (kPageSize - 1)) return err(EINVAL);
  len = page_up(len);
  if (!st_->contains(addr, len)) return err(ENOMEM);
  st_->registry().set_access(addr >> arch::kPageShift, len >> arch::kPageShift, prot != 0,
                             (prot & 2) != 0);
  return 0;
}

void process::set_signal_mask(uint64_t m) {
  // SIGKILL and SIGSTOP cannot be blocked.
  sigmask_ = m & ~(1ull << (SIGKILL - 1)) & ~(1ull << (SIGSTOP - 1));
  // Unblocking delivers what was pending, lowest number first as Linux does.
  while (uint64_t ready = pending_ & ~sigmask_) {
    int sig = __builtin_ctzll(ready) + 1;
    pending_ &= ~(1ull << (sig - 1));
    act_on_signal(sig);
    if (exited_) break;
  }
}

void process::raise_signal(int sig) {
  uint64_t bit = 1ull << (sig - 1);
  if (sigmask_ & bit) {
    pending_ |= bit;
    return;
  }
  act_on_signal(sig);
}

void process::act_on_signal(int sig) {
  uint64_t handler;
  std::memcpy(&handler, sigactions_[sig].data(), 8);
  handler = arch::from_be(handler);
  constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
  if (handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) return;
  if (handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
    switch (sig) {
      case SIGCHLD:
      case SIGURG:
      case SIGWINCH:
      case SIGCONT:  // default action: ignore
        return;
      case SIGSTOP:
      case SIGTSTP:
      case SIGTTIN:
      case SIGTTOU:  // stopping a guest: not yet
        return;
      default: die_by_signal(sig); return;
    }
  }
  std::fprintf(stderr,
               "ssivm: signal %d has a guest handler, which this runner cannot deliver yet\n", sig);
  die_by_signal(sig);
}

void process::die_by_signal(int sig) {
  exited_ = true;
  term_signal_ = sig;
  exit_code_ = 128 + sig;
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
      std::fprintf(stderr, "ssivm: unimplemented system call %llu\n", (unsigned long long)nr);
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
