// Process, time and system-information calls.
#include "runtime/linux/syscall.hpp"

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
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace ssivm::runtime::linux_abi {
namespace {

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
int64_t sys_enosys(process&, const uint64_t*) { return err(ENOSYS); }

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

int64_t sys_clock_getres(process& p, const uint64_t* a) {
  struct timespec ts;
  if (::clock_getres(static_cast<clockid_t>(a[0]), &ts) < 0) return err(errno);
  if (!a[1]) return 0;
  uint64_t out[2] = {arch::to_be(static_cast<uint64_t>(ts.tv_sec)),
                     arch::to_be(static_cast<uint64_t>(ts.tv_nsec))};
  return p.guest_write(a[1], out, sizeof out) ? 0 : err(EFAULT);
}
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

int64_t sys_sched_getaffinity(process& p, const uint64_t* a) {
  if (a[1] < 8) return err(EINVAL);
  uint64_t mask = arch::to_be(uint64_t{1});
  return p.guest_write(a[2], &mask, 8) ? 8 : err(EFAULT);
}

// prctl: the thread name (PR_SET_NAME / PR_GET_NAME, 16 bytes with the NUL); other options
// are refused as a kernel without them would.
int64_t sys_prctl(process& p, const uint64_t* a) {
  constexpr uint64_t kSetName = 15, kGetName = 16;
  static thread_local char name[16] = "";
  if (a[0] == kSetName) {
    std::string s;
    if (!p.guest_string(a[1], s, 4096)) return err(EFAULT);
    std::snprintf(name, sizeof name, "%s", s.c_str());
    return 0;
  }
  if (a[0] == kGetName) return p.guest_write(a[1], name, sizeof name) ? 0 : err(EFAULT);
  return err(EINVAL);
}

}  // namespace

void register_misc_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(172, "prctl", sys_prctl);
  def(20, "getpid", sys_getpid);
  def(43, "times", sys_times);
  def(64, "getppid", sys_getppid);
  def(77, "getrusage", sys_getrusage);
  def(78, "gettimeofday", sys_gettimeofday);
  def(116, "sysinfo", sys_sysinfo);
  def(122, "uname", sys_uname);
  def(199, "getuid", sys_getuid);
  def(200, "getgid", sys_getgid);
  def(201, "geteuid", sys_geteuid);
  def(202, "getegid", sys_getegid);
  def(219, "madvise", sys_zero);
  def(240, "sched_getaffinity", sys_sched_getaffinity);
  def(260, "clock_gettime", sys_clock_gettime);
  def(261, "clock_getres", sys_clock_getres);
  def(334, "prlimit64", sys_prlimit64);
  def(349, "getrandom", sys_getrandom);
  def(383, "rseq", sys_enosys);
}

}  // namespace ssivm::runtime::linux_abi
