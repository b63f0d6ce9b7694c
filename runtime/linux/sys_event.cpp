// Descriptors whose data the kernel lays out in its own byte order: eventfd and timerfd
// counters (one 64-bit word), inotify events ({int wd; u32 mask; u32 cookie; u32 len; name}),
// route netlink messages (sys_net.cpp turns them around).
// Each is marked with its kind when created and carried by dup; reads and writes of a marked
// descriptor are translated. A mark is checked against the descriptor's /proc link before use
// and dropped when stale: the program may have closed the descriptor and reused its number.
#include <fcntl.h>
#include <linux/netlink.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

// What each kind's /proc/self/fd link reads (a socket's says only "socket:[inode]": a netlink
// socket is asked for its domain and protocol instead).
constexpr std::string_view kLinks[] = {"", "anon_inode:[eventfd]", "anon_inode:[timerfd]",
                                       "anon_inode:inotify", ""};
constexpr int kMarkedFds = 4096;
std::array<std::atomic<fd_kind>, kMarkedFds> kinds{};

bool still(int fd, fd_kind k) {
  if (k == fd_kind::rtnetlink) {
    int domain = 0, protocol = -1;
    socklen_t l1 = sizeof domain, l2 = sizeof protocol;
    return ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &l1) == 0 &&
           ::getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &l2) == 0 && domain == AF_NETLINK &&
           protocol == NETLINK_ROUTE;
  }
  char link[64];
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  ssize_t n = ::readlink(proc.c_str(), link, sizeof link);
  return n > 0 && std::string_view(link, static_cast<size_t>(n)) == kLinks[static_cast<int>(k)];
}
int64_t marked(int64_t fd, fd_kind k) {
  if (fd >= 0) mark_fd(static_cast<int>(fd), k);
  return fd;
}

// ---- eventfd ---------------------------------------------------------------------------------
// EFD_CLOEXEC, EFD_NONBLOCK and EFD_SEMAPHORE have the same values on both sides.
int64_t sys_eventfd2(process&, const uint64_t* a) {
  return marked(host_ret(::eventfd(static_cast<unsigned>(a[0]), static_cast<int>(a[1]))),
                fd_kind::eventfd);
}
int64_t sys_eventfd(process& p, const uint64_t* a) {
  uint64_t b[2] = {a[0], 0};
  return sys_eventfd2(p, b);
}

// ---- timerfd: struct itimerspec is four longs --------------------------------------------------
int64_t sys_timerfd_create(process&, const uint64_t* a) {
  return marked(host_ret(::timerfd_create(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]))),
                fd_kind::timerfd);
}
bool read_itimerspec(process& p, uint64_t addr, struct itimerspec& t) {
  int64_t w[4];
  if (!p.guest_read(addr, w, sizeof w)) return false;
  t.it_interval = {static_cast<time_t>(arch::from_be(w[0])),
                   static_cast<long>(arch::from_be(w[1]))};
  t.it_value = {static_cast<time_t>(arch::from_be(w[2])), static_cast<long>(arch::from_be(w[3]))};
  return true;
}
bool write_itimerspec(process& p, uint64_t addr, const struct itimerspec& t) {
  int64_t w[4] = {arch::to_be(static_cast<int64_t>(t.it_interval.tv_sec)),
                  arch::to_be(static_cast<int64_t>(t.it_interval.tv_nsec)),
                  arch::to_be(static_cast<int64_t>(t.it_value.tv_sec)),
                  arch::to_be(static_cast<int64_t>(t.it_value.tv_nsec))};
  return p.guest_write(addr, w, sizeof w);
}
int64_t sys_timerfd_settime(process& p, const uint64_t* a) {
  struct itimerspec nv, ov;
  if (!read_itimerspec(p, a[2], nv)) return err(EFAULT);
  if (::timerfd_settime(static_cast<int>(a[0]), static_cast<int>(a[1]), &nv, &ov) < 0)
    return err(errno);
  return !a[3] || write_itimerspec(p, a[3], ov) ? 0 : err(EFAULT);
}
int64_t sys_timerfd_gettime(process& p, const uint64_t* a) {
  struct itimerspec cur;
  if (::timerfd_gettime(static_cast<int>(a[0]), &cur) < 0) return err(errno);
  return write_itimerspec(p, a[1], cur) ? 0 : err(EFAULT);
}

// ---- inotify ---------------------------------------------------------------------------------
// IN_CLOEXEC and IN_NONBLOCK are O_CLOEXEC and O_NONBLOCK; event bits are the same.
int64_t sys_inotify_init1(process&, const uint64_t* a) {
  return marked(host_ret(::inotify_init1(static_cast<int>(a[0]))), fd_kind::inotify);
}
int64_t sys_inotify_init(process& p, const uint64_t*) {
  uint64_t b[1] = {0};
  return sys_inotify_init1(p, b);
}
int64_t sys_inotify_add_watch(process& p, const uint64_t* a) {
  host_path hp;
  auto mask = static_cast<uint32_t>(a[2]);
  if (int64_t e = guest_path(p, kAtFdCwd, a[1], hp, !(mask & IN_DONT_FOLLOW))) return e;
  return host_ret(::inotify_add_watch(static_cast<int>(a[0]), plain_path(hp).c_str(), mask));
}
int64_t sys_inotify_rm_watch(process&, const uint64_t* a) {
  return host_ret(::inotify_rm_watch(static_cast<int>(a[0]), static_cast<int>(a[1])));
}

}  // namespace

void mark_fd(int fd, fd_kind k) {
  if (fd >= 0 && fd < kMarkedFds) kinds[fd] = k;
}
fd_kind kind_of(int fd) {
  if (fd < 0 || fd >= kMarkedFds) return fd_kind::plain;
  fd_kind k = kinds[fd];
  if (k == fd_kind::plain || still(fd, k)) return k;
  kinds[fd] = fd_kind::plain;
  return fd_kind::plain;
}

bool translated_read(process& p, int fd, uint64_t addr, uint64_t len, int64_t& r) {
  fd_kind k = kind_of(fd);
  if (k == fd_kind::plain) return false;
  // Read into a host buffer of the guest's size (the kernel's EINVAL for a too small one
  // stays), then turn each word around.
  std::vector<uint8_t> buf(std::min<uint64_t>(len, 1 << 20));
  ssize_t n = ::read(fd, buf.data(), buf.size());
  if (n < 0) {
    r = err(errno);
    return true;
  }
  if (k == fd_kind::rtnetlink) {
    convert_netlink(buf.data(), static_cast<uint64_t>(n), false);
  } else if (k == fd_kind::inotify) {
    for (ssize_t off = 0; off + 16 <= n;) {
      uint32_t name_len;
      std::memcpy(&name_len, buf.data() + off + 12, 4);
      for (int w = 0; w < 4; ++w)
        std::reverse(buf.data() + off + 4 * w, buf.data() + off + 4 * w + 4);
      off += 16 + name_len;
    }
  } else if (n == 8) {
    std::reverse(buf.data(), buf.data() + 8);
  }
  r = p.guest_write(addr, buf.data(), static_cast<uint64_t>(n)) ? n : err(EFAULT);
  return true;
}

bool translated_write(process& p, int fd, uint64_t addr, uint64_t len, int64_t& r) {
  fd_kind k = kind_of(fd);
  if (k == fd_kind::rtnetlink) {
    std::vector<uint8_t> buf(std::min(len, kMaxIo));
    if (!p.guest_read(addr, buf.data(), buf.size())) {
      r = err(EFAULT);
      return true;
    }
    convert_netlink(buf.data(), buf.size(), true);
    r = host_ret(::write(fd, buf.data(), buf.size()));
    return true;
  }
  if (k != fd_kind::eventfd) return false;
  uint64_t v = 0;
  if (len >= 8 && !read_guest(p, addr, v)) {
    r = err(EFAULT);
    return true;
  }
  // A short write is the kernel's EINVAL; the value goes in host order.
  r = host_ret(::write(fd, &v, len < 8 ? len : 8));
  return true;
}

int64_t inherit_kind(int old, int64_t r) {
  if (r >= 0) mark_fd(static_cast<int>(r), kind_of(old));
  return r;
}

void register_event_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(284, "inotify_init", sys_inotify_init);
  def(285, "inotify_add_watch", sys_inotify_add_watch);
  def(286, "inotify_rm_watch", sys_inotify_rm_watch);
  def(318, "eventfd", sys_eventfd);
  def(319, "timerfd_create", sys_timerfd_create);
  def(320, "timerfd_settime", sys_timerfd_settime);
  def(321, "timerfd_gettime", sys_timerfd_gettime);
  def(323, "eventfd2", sys_eventfd2);
  def(324, "inotify_init1", sys_inotify_init1);
}

}  // namespace ssivm::runtime::linux_abi
