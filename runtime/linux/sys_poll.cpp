// Waiting for descriptors: poll, ppoll, select, pselect6. The guest's pollfd arrays and fd_set
// bitmaps are translated to the host's and back; the wait itself is the host's.
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <vector>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

// How many descriptors the program may open (RLIMIT_NOFILE): poll refuses more with EINVAL;
// select looks at no more than that many bits of its sets.
uint64_t fd_limit() {
  struct rlimit rl;
  uint64_t limit = ::getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur : 1024;
  return std::min<uint64_t>(limit, 1u << 20);
}

// A guest timespec {long sec; long nsec} (or timeval, `ns_per_unit` 1000) as a host timespec.
int64_t read_timeout(process& p, uint64_t addr, struct timespec& ts, long ns_per_unit) {
  int64_t t[2];
  if (!p.guest_read(addr, t, sizeof t)) return err(EFAULT);
  int64_t sec = arch::from_be(t[0]), sub = arch::from_be(t[1]);
  if (sec < 0 || sub < 0 || sub >= 1000000000 / ns_per_unit) return err(EINVAL);
  ts = {static_cast<time_t>(sec), static_cast<long>(sub * ns_per_unit)};
  return 0;
}
bool write_timeout(process& p, uint64_t addr, const struct timespec& ts, long ns_per_unit) {
  int64_t t[2] = {arch::to_be(static_cast<int64_t>(ts.tv_sec)),
                  arch::to_be(static_cast<int64_t>(ts.tv_nsec / ns_per_unit))};
  return p.guest_write(addr, t, sizeof t);
}

// The signal mask a ppoll or pselect6 installs for the wait: the guest's signals are delivered
// by ssivm between instructions, never during a host wait, so it only has to be valid.
int64_t check_sigmask(process& p, uint64_t addr, uint64_t size) {
  if (!addr) return 0;
  if (size != 8) return err(EINVAL);
  uint64_t m;
  return p.guest_read(addr, &m, sizeof m) ? 0 : err(EFAULT);
}

// struct pollfd {int fd; short events; short revents;}: the event bits are the generic ones on
// s390x and on the host.
int64_t do_poll(process& p, uint64_t addr, uint64_t n, struct timespec* ts) {
  if (n > fd_limit()) return err(EINVAL);
  std::vector<struct pollfd> fds(n);
  std::vector<uint8_t> g(8 * n);
  if (n && !p.guest_read(addr, g.data(), g.size())) return err(EFAULT);
  for (uint64_t k = 0; k < n; ++k)
    fds[k] = {get_be<int32_t>(g.data(), 8 * k), get_be<int16_t>(g.data(), 8 * k + 4), 0};
  int r = ::ppoll(fds.data(), n, ts, nullptr);
  if (r < 0) return err(errno);
  for (uint64_t k = 0; k < n; ++k) put_be(g.data(), 8 * k + 6, fds[k].revents);
  return !n || p.guest_write(addr, g.data(), g.size()) ? r : err(EFAULT);
}

int64_t sys_poll(process& p, const uint64_t* a) {
  auto ms = static_cast<int32_t>(a[2]);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  return do_poll(p, a[0], static_cast<uint32_t>(a[1]), ms < 0 ? nullptr : &ts);
}

int64_t sys_ppoll(process& p, const uint64_t* a) {
  struct timespec ts;
  if (a[2])
    if (int64_t e = read_timeout(p, a[2], ts, 1)) return e;
  if (int64_t e = check_sigmask(p, a[3], a[4])) return e;
  int64_t r = do_poll(p, a[0], static_cast<uint32_t>(a[1]), a[2] ? &ts : nullptr);
  // Linux hands back the time left (also when interrupted).
  if (a[2] && r != err(EFAULT) && !write_timeout(p, a[2], ts, 1)) return err(EFAULT);
  return r;
}

// fd_set: an array of longs, bit k of word w standing for descriptor 64w+k. The guest's words
// are big-endian, the host's little-endian with the same bit numbering: a word swap each.
int64_t do_select(process& p, int64_t n, const uint64_t sets[3], struct timespec* ts) {
  if (n < 0) return err(EINVAL);
  n = std::min<int64_t>(n, static_cast<int64_t>((fd_limit() + 63) & ~63ull));
  uint64_t words = (static_cast<uint64_t>(n) + 63) / 64;
  std::vector<uint64_t> host[3];
  uint64_t* ptr[3] = {};
  for (int k = 0; k < 3; ++k) {
    if (!sets[k]) continue;
    host[k].resize(words);
    if (words && !p.guest_read(sets[k], host[k].data(), 8 * words)) return err(EFAULT);
    for (auto& w : host[k]) w = arch::from_be(w);
    ptr[k] = host[k].data();
  }
  long r = ::syscall(SYS_pselect6, static_cast<int>(n), ptr[0], ptr[1], ptr[2], ts, nullptr);
  if (r < 0) return err(errno);
  for (int k = 0; k < 3; ++k) {
    if (!sets[k]) continue;
    for (auto& w : host[k]) w = arch::to_be(w);
    if (words && !p.guest_write(sets[k], host[k].data(), 8 * words)) return err(EFAULT);
  }
  return r;
}

int64_t sys_select(process& p, const uint64_t* a) {
  struct timespec ts;
  if (a[4])
    if (int64_t e = read_timeout(p, a[4], ts, 1000)) return e;
  const uint64_t sets[3] = {a[1], a[2], a[3]};
  int64_t r = do_select(p, static_cast<int32_t>(a[0]), sets, a[4] ? &ts : nullptr);
  if (a[4] && r >= 0 && !write_timeout(p, a[4], ts, 1000)) return err(EFAULT);
  return r;
}

// pselect6's sixth argument points to {const sigset_t* set; size_t size}.
int64_t sys_pselect6(process& p, const uint64_t* a) {
  struct timespec ts;
  if (a[4])
    if (int64_t e = read_timeout(p, a[4], ts, 1)) return e;
  if (a[5]) {
    uint64_t sig[2];
    if (!p.guest_read(a[5], sig, sizeof sig)) return err(EFAULT);
    if (int64_t e = check_sigmask(p, arch::from_be(sig[0]), arch::from_be(sig[1]))) return e;
  }
  const uint64_t sets[3] = {a[1], a[2], a[3]};
  int64_t r = do_select(p, static_cast<int32_t>(a[0]), sets, a[4] ? &ts : nullptr);
  if (a[4] && r >= 0 && !write_timeout(p, a[4], ts, 1)) return err(EFAULT);
  return r;
}

}  // namespace

void register_poll_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(142, "select", sys_select);
  def(168, "poll", sys_poll);
  def(301, "pselect6", sys_pselect6);
  def(302, "ppoll", sys_ppoll);
}

}  // namespace ssivm::runtime::linux_abi
