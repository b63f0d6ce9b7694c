// Process, time and system-information calls.
#include "runtime/linux/syscall.hpp"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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

// Resource limits: the host's, as qemu-user shows them, except those describing the guest's
// own memory. RLIMIT_STACK reads as the guest's stack size; a program's new limits for AS,
// DATA and STACK are remembered and shown back but not applied to ssivm, whose own memory they
// do not describe. Resource numbers and RLIM_INFINITY are the generic ones on s390x.
struct guest_limits {
  bool set[16] = {};
  struct rlimit value[16] = {};
};
guest_limits& own_limits() {
  static guest_limits l;
  return l;
}
bool guest_owned(uint64_t res) {
  return res == RLIMIT_AS || res == RLIMIT_DATA || res == RLIMIT_STACK;
}

int64_t sys_prlimit64(process& p, const uint64_t* a) {
  auto pid = static_cast<pid_t>(a[0]);
  uint64_t res = static_cast<uint32_t>(a[1]);
  bool self = pid == 0 || pid == ::getpid();
  struct rlimit nl {
  }, ol{};
  if (a[2]) {
    uint64_t w[2];
    if (!p.guest_read(a[2], w, sizeof w)) return err(EFAULT);
    nl = {arch::from_be(w[0]), arch::from_be(w[1])};
  }
  if (!self || !guest_owned(res)) {
    if (::prlimit(pid, static_cast<__rlimit_resource>(res), a[2] ? &nl : nullptr,
                  a[3] ? &ol : nullptr) < 0)
      return err(errno);
  } else {
    guest_limits& g = own_limits();
    if (g.set[res]) {
      ol = g.value[res];
    } else {
      ::getrlimit(static_cast<__rlimit_resource>(res), &ol);
      if (res == RLIMIT_STACK) ol.rlim_cur = p.opt_.stack_bytes;
    }
    if (a[2]) {
      if (nl.rlim_cur > nl.rlim_max) return err(EINVAL);
      if (nl.rlim_max > ol.rlim_max && ::geteuid() != 0) return err(EPERM);
      g.set[res] = true;
      g.value[res] = nl;
    }
  }
  if (a[3]) {
    uint64_t w[2] = {arch::to_be(static_cast<uint64_t>(ol.rlim_cur)),
                     arch::to_be(static_cast<uint64_t>(ol.rlim_max))};
    if (!p.guest_write(a[3], w, sizeof w)) return err(EFAULT);
  }
  return 0;
}
int64_t sys_getrlimit(process& p, const uint64_t* a) {
  uint64_t b[4] = {0, a[0], 0, a[1]};
  if (!a[1]) return err(EFAULT);
  return sys_prlimit64(p, b);
}
int64_t sys_setrlimit(process& p, const uint64_t* a) {
  uint64_t b[4] = {0, a[0], a[1], 0};
  if (!a[1]) return err(EFAULT);
  return sys_prlimit64(p, b);
}

// Scheduling priority: the raw call answers 20 - nice, as the guest's C library expects.
int64_t sys_getpriority(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_getpriority, static_cast<int>(a[0]), static_cast<int>(a[1])));
}
int64_t sys_setpriority(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_setpriority, static_cast<int>(a[0]), static_cast<int>(a[1]),
                            static_cast<int>(a[2])));
}
int64_t sys_ioprio_get(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_ioprio_get, static_cast<int>(a[0]), static_cast<int>(a[1])));
}
int64_t sys_ioprio_set(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_ioprio_set, static_cast<int>(a[0]), static_cast<int>(a[1]),
                            static_cast<int>(a[2])));
}

// ---- identity: the host process's credentials, which the guest shares ---------------------
// The C library's set*id calls change every thread of ssivm, as the kernel's do for a
// single-threaded guest. IDs are 32-bit.

int64_t sys_getgroups(process& p, const uint64_t* a) {
  auto size = static_cast<int32_t>(a[0]);
  if (size < 0) return err(EINVAL);
  int n = ::getgroups(0, nullptr);
  if (n < 0) return err(errno);
  std::vector<gid_t> g(static_cast<size_t>(n));
  n = ::getgroups(n, g.data());
  if (n < 0) return err(errno);
  if (size == 0) return n;
  if (size < n) return err(EINVAL);
  std::vector<uint32_t> out(static_cast<size_t>(n));
  for (int k = 0; k < n; ++k)
    out[static_cast<size_t>(k)] = arch::to_be(static_cast<uint32_t>(g[static_cast<size_t>(k)]));
  return !n || p.guest_write(a[1], out.data(), 4ull * static_cast<uint64_t>(n)) ? n : err(EFAULT);
}
int64_t sys_setgroups(process& p, const uint64_t* a) {
  uint64_t n = static_cast<uint32_t>(a[0]);
  if (n > 65536) return err(EINVAL);
  std::vector<uint32_t> in(n);
  if (n && !p.guest_read(a[1], in.data(), 4 * n)) return err(EFAULT);
  std::vector<gid_t> g(n);
  for (uint64_t k = 0; k < n; ++k) g[k] = arch::from_be(in[k]);
  return host_ret(::setgroups(n, g.data()));
}
uint32_t id_arg(uint64_t v) { return static_cast<uint32_t>(v); }
int64_t sys_setuid(process&, const uint64_t* a) { return host_ret(::setuid(id_arg(a[0]))); }
int64_t sys_setgid(process&, const uint64_t* a) { return host_ret(::setgid(id_arg(a[0]))); }
int64_t sys_setreuid(process&, const uint64_t* a) {
  return host_ret(::setreuid(id_arg(a[0]), id_arg(a[1])));
}
int64_t sys_setregid(process&, const uint64_t* a) {
  return host_ret(::setregid(id_arg(a[0]), id_arg(a[1])));
}
int64_t sys_setresuid(process&, const uint64_t* a) {
  return host_ret(::setresuid(id_arg(a[0]), id_arg(a[1]), id_arg(a[2])));
}
int64_t sys_setresgid(process&, const uint64_t* a) {
  return host_ret(::setresgid(id_arg(a[0]), id_arg(a[1]), id_arg(a[2])));
}
// setfsuid/setfsgid answer the previous id, success or not.
int64_t sys_setfsuid(process&, const uint64_t* a) { return ::setfsuid(id_arg(a[0])); }
int64_t sys_setfsgid(process&, const uint64_t* a) { return ::setfsgid(id_arg(a[0])); }
int64_t put_three_ids(process& p, const uint64_t* a, const uint32_t ids[3]) {
  for (int k = 0; k < 3; ++k)
    if (!write_guest(p, a[k], ids[k])) return err(EFAULT);
  return 0;
}
int64_t sys_getresuid(process& p, const uint64_t* a) {
  uid_t r, e, s;
  ::getresuid(&r, &e, &s);
  const uint32_t ids[3] = {r, e, s};
  return put_three_ids(p, a, ids);
}
int64_t sys_getresgid(process& p, const uint64_t* a) {
  gid_t r, e, s;
  ::getresgid(&r, &e, &s);
  const uint32_t ids[3] = {r, e, s};
  return put_three_ids(p, a, ids);
}

// capget/capset: header {u32 version; int pid}, then one {u32 effective, permitted,
// inheritable} per 32 capabilities: one for version 1, two for versions 2 and 3. An unknown
// version is answered with the preferred one in the header and EINVAL, as Linux does.
constexpr uint32_t kCapV1 = 0x19980330;
unsigned cap_words(uint32_t version) { return version == kCapV1 ? 1 : 2; }
int64_t capability_call(process& p, const uint64_t* a, bool set) {
  uint32_t hdr[2];
  if (!p.guest_read(a[0], hdr, sizeof hdr)) return err(EFAULT);
  for (auto& v : hdr) v = arch::from_be(v);
  uint32_t data[6] = {};
  unsigned n = 3 * cap_words(hdr[0]);
  if (set && a[1]) {
    if (!p.guest_read(a[1], data, 4 * n)) return err(EFAULT);
    for (unsigned k = 0; k < n; ++k) data[k] = arch::from_be(data[k]);
  }
  long r = ::syscall(set ? SYS_capset : SYS_capget, hdr, a[1] ? data : nullptr);
  int e = errno;
  uint32_t version = arch::to_be(hdr[0]);
  if (!p.guest_write(a[0], &version, 4)) return err(EFAULT);
  if (r < 0) return err(e);
  if (set || !a[1]) return 0;
  n = 3 * cap_words(hdr[0]);
  for (unsigned k = 0; k < n; ++k) data[k] = arch::to_be(data[k]);
  return p.guest_write(a[1], data, 4 * n) ? 0 : err(EFAULT);
}
int64_t sys_capget(process& p, const uint64_t* a) { return capability_call(p, a, false); }
int64_t sys_capset(process& p, const uint64_t* a) { return capability_call(p, a, true); }

// ---- scheduling policy: the host's, struct sched_param being one int ------------------------

int64_t sys_sched_getparam(process& p, const uint64_t* a) {
  struct sched_param sp;
  if (::sched_getparam(static_cast<pid_t>(a[0]), &sp) < 0) return err(errno);
  return write_guest(p, a[1], static_cast<int32_t>(sp.sched_priority)) ? 0 : err(EFAULT);
}
int64_t sys_sched_setparam(process& p, const uint64_t* a) {
  int32_t prio;
  if (!read_guest(p, a[1], prio)) return err(EFAULT);
  struct sched_param sp {};
  sp.sched_priority = prio;
  return host_ret(::sched_setparam(static_cast<pid_t>(a[0]), &sp));
}
int64_t sys_sched_getscheduler(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_sched_getscheduler, static_cast<pid_t>(a[0])));
}
int64_t sys_sched_setscheduler(process& p, const uint64_t* a) {
  int32_t prio;
  if (!read_guest(p, a[2], prio)) return err(EFAULT);
  struct sched_param sp {};
  sp.sched_priority = prio;
  return host_ret(
      ::syscall(SYS_sched_setscheduler, static_cast<pid_t>(a[0]), static_cast<int>(a[1]), &sp));
}
int64_t sys_sched_get_priority_max(process&, const uint64_t* a) {
  return host_ret(::sched_get_priority_max(static_cast<int>(a[0])));
}
int64_t sys_sched_get_priority_min(process&, const uint64_t* a) {
  return host_ret(::sched_get_priority_min(static_cast<int>(a[0])));
}
int64_t sys_sched_rr_get_interval(process& p, const uint64_t* a) {
  struct timespec ts;
  if (::sched_rr_get_interval(static_cast<pid_t>(a[0]), &ts) < 0) return err(errno);
  uint64_t out[2] = {arch::to_be(static_cast<uint64_t>(ts.tv_sec)),
                     arch::to_be(static_cast<uint64_t>(ts.tv_nsec))};
  return p.guest_write(a[1], out, sizeof out) ? 0 : err(EFAULT);
}

// struct timex: the same fields at the same offsets on 64-bit s390x and the host (an int, then
// longs, with ints at 40, 112 and 160; 208 bytes); each field is turned around as it crosses.
constexpr unsigned kTimexSize = 208;
void swap_timex(uint8_t* t) {
  for (unsigned off : {0u, 40u, 112u, 160u}) std::reverse(t + off, t + off + 4);
  for (unsigned off = 8; off < 160; off += 8)
    if (off != 40 && off != 112) std::reverse(t + off, t + off + 8);
}
// adjtimex is clock_adjtime on CLOCK_REALTIME; another clock (negative ids name dynamic
// clocks) goes to clock_adjtime.
int64_t clock_adjust(process& p, bool any_clock, clockid_t clock, uint64_t addr) {
  uint8_t t[kTimexSize];
  if (!p.guest_read(addr, t, sizeof t)) return err(EFAULT);
  swap_timex(t);
  long r = any_clock ? ::syscall(SYS_clock_adjtime, clock, t) : ::syscall(SYS_adjtimex, t);
  if (r < 0) return err(errno);
  swap_timex(t);
  return p.guest_write(addr, t, sizeof t) ? r : err(EFAULT);
}
int64_t sys_adjtimex(process& p, const uint64_t* a) {
  return clock_adjust(p, false, CLOCK_REALTIME, a[0]);
}
int64_t sys_clock_adjtime(process& p, const uint64_t* a) {
  return clock_adjust(p, true, static_cast<clockid_t>(a[0]), a[1]);
}

// The execution domain is the guest's own (PER_LINUX unless it asks otherwise): the host's
// would change how ssivm itself runs. 0xffffffff only queries.
int64_t sys_personality(process&, const uint64_t* a) {
  static uint32_t persona = 0;
  uint32_t old = persona;
  if (static_cast<uint32_t>(a[0]) != 0xffffffffu) persona = static_cast<uint32_t>(a[0]);
  return old;
}

// syslog (klogctl): the host's kernel log, read through a bounce buffer for the read actions
// (2 READ, 3 READ_ALL, 4 READ_CLEAR).
int64_t sys_syslog(process& p, const uint64_t* a) {
  int type = static_cast<int>(a[0]);
  auto len = static_cast<int32_t>(a[2]);
  bool reads = type >= 2 && type <= 4;
  std::vector<char> buf(reads && len > 0 ? std::min<int32_t>(len, 1 << 24) : 0);
  long r = ::syscall(SYS_syslog, type, reads ? buf.data() : nullptr,
                     reads ? static_cast<int>(buf.size()) : len);
  if (r < 0) return err(errno);
  if (reads && r > 0 && !p.guest_write(a[1], buf.data(), static_cast<uint64_t>(r)))
    return err(EFAULT);
  return r;
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
// The guest runs on CPU 0 (sched_getaffinity): a mask that allows CPU 0 is accepted, one that
// does not is EINVAL, as Linux answers a mask with no usable CPU. A mask shorter than a long
// fills its high-order bytes (big-endian), as the kernel copies it.
// Another process's mask is the host's business: the words are turned to host order for it.
int64_t sys_sched_setaffinity(process& p, const uint64_t* a) {
  auto pid = static_cast<pid_t>(a[0]);
  uint64_t len = std::min<uint64_t>(a[1], sizeof(cpu_set_t));
  std::vector<uint8_t> b((len + 7) & ~7ull);
  if (!p.guest_read(a[2], b.data(), len)) return err(EFAULT);
  if (b.empty()) return err(EINVAL);
  if (pid == 0 || pid == ::getpid()) return get_be<uint64_t>(b.data(), 0) & 1 ? 0 : err(EINVAL);
  cpu_set_t set;
  CPU_ZERO(&set);
  for (size_t k = 0; k < b.size(); k += 8) {
    uint64_t w = get_be<uint64_t>(b.data(), static_cast<unsigned>(k));
    std::memcpy(reinterpret_cast<uint8_t*>(&set) + k, &w, 8);
  }
  return host_ret(::sched_setaffinity(pid, sizeof set, &set));
}
// unshare: namespaces and sharing flags of the host process that is this guest.
int64_t sys_unshare(process&, const uint64_t* a) {
  return host_ret(::unshare(static_cast<int>(a[0])));
}

// prctl: the thread name (PR_SET_NAME / PR_GET_NAME, 16 bytes with the NUL) and the integer
// credential options; other options are refused as a kernel without them would.
int64_t sys_prctl(process& p, const uint64_t* a) {
  constexpr uint64_t kSetName = 15, kGetName = 16;
  std::array<char, 16>& name = p.current_thread().name;  // the calling thread's own
  if (a[0] == kSetName) {
    std::string s;
    if (!p.guest_string(a[1], s, 4096)) return err(EFAULT);
    std::snprintf(name.data(), name.size(), "%s", s.c_str());
    return 0;
  }
  if (a[0] == kGetName) return p.guest_write(a[1], name.data(), name.size()) ? 0 : err(EFAULT);
  // Credential and capability options whose arguments are plain integers: the host process's
  // (GET/SET_DUMPABLE, GET/SET_KEEPCAPS, CAPBSET_READ, GET_SECUREBITS, SET/GET_NO_NEW_PRIVS,
  // CAP_AMBIENT).
  switch (a[0]) {
    case 3:
    case 4:
    case 7:
    case 8:
    case 23:
    case 27:
    case 38:
    case 39:
    case 47: return host_ret(::prctl(static_cast<int>(a[0]), a[1], a[2], a[3], a[4]));
    default: return err(EINVAL);
  }
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
  def(239, "sched_setaffinity", sys_sched_setaffinity);
  def(240, "sched_getaffinity", sys_sched_getaffinity);
  def(303, "unshare", sys_unshare);
  def(260, "clock_gettime", sys_clock_gettime);
  def(261, "clock_getres", sys_clock_getres);
  def(334, "prlimit64", sys_prlimit64);
  def(75, "setrlimit", sys_setrlimit);
  def(96, "getpriority", sys_getpriority);
  def(97, "setpriority", sys_setpriority);
  def(103, "syslog", sys_syslog);
  def(124, "adjtimex", sys_adjtimex);
  def(136, "personality", sys_personality);
  def(337, "clock_adjtime", sys_clock_adjtime);
  def(154, "sched_setparam", sys_sched_setparam);
  def(155, "sched_getparam", sys_sched_getparam);
  def(156, "sched_setscheduler", sys_sched_setscheduler);
  def(157, "sched_getscheduler", sys_sched_getscheduler);
  def(159, "sched_get_priority_max", sys_sched_get_priority_max);
  def(160, "sched_get_priority_min", sys_sched_get_priority_min);
  def(161, "sched_rr_get_interval", sys_sched_rr_get_interval);
  def(184, "capget", sys_capget);
  def(185, "capset", sys_capset);
  def(191, "getrlimit", sys_getrlimit);
  def(203, "setreuid", sys_setreuid);
  def(204, "setregid", sys_setregid);
  def(205, "getgroups", sys_getgroups);
  def(206, "setgroups", sys_setgroups);
  def(208, "setresuid", sys_setresuid);
  def(209, "getresuid", sys_getresuid);
  def(210, "setresgid", sys_setresgid);
  def(211, "getresgid", sys_getresgid);
  def(213, "setuid", sys_setuid);
  def(214, "setgid", sys_setgid);
  def(215, "setfsuid", sys_setfsuid);
  def(216, "setfsgid", sys_setfsgid);
  def(282, "ioprio_set", sys_ioprio_set);
  def(283, "ioprio_get", sys_ioprio_get);
  def(349, "getrandom", sys_getrandom);
  def(383, "rseq", sys_enosys);
}

}  // namespace ssivm::runtime::linux_abi
