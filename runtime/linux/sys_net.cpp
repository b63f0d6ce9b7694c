// Sockets: the direct socket calls and socketcall, which s390x's C library uses for all of
// them. Constants (address families, types, SOL_SOCKET options, MSG_* flags) are the generic
// ones on s390x and the host; what differs is byte order in addresses, option values and
// control messages, translated here.
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

void swap_in_place(uint8_t* p, unsigned size) { std::reverse(p, p + size); }
// Each whole `word`-byte word of b[0, len) (no words when `word` is 0).
void swap_words(uint8_t* b, uint64_t len, unsigned word) {
  if (word)
    for (uint64_t k = 0; k + word <= len; k += word) swap_in_place(b + k, word);
}

// A socket address crossing between guest and host (the same conversion both ways): the family
// is a native short; AF_INET and AF_INET6 carry the rest in network order except the IPv6
// scope id; AF_NETLINK has a native port id and group mask. Others pass as bytes.
void convert_sockaddr(uint8_t* a, uint64_t len, bool to_host) {
  if (len < 2) return;
  uint16_t family;
  std::memcpy(&family, a, 2);
  swap_in_place(a, 2);
  if (to_host) std::memcpy(&family, a, 2);
  if (family == AF_INET6 && len >= 28) swap_in_place(a + 24, 4);  // sin6_scope_id
  if (family == AF_NETLINK && len >= 12) {
    swap_in_place(a + 4, 4);  // nl_pid
    swap_in_place(a + 8, 4);  // nl_groups
  }
}

// A guest address given to the host (bind, connect, sendto, sendmsg); `len` may change. An
// AF_UNIX path is a guest path like any other and reaches the host through guest_path
// (abstract names, starting with a NUL, are no paths).
int64_t address_in(process& p, uint64_t addr, socklen_t& len, sockaddr_storage& out) {
  if (len > sizeof out) return err(EINVAL);
  std::memset(&out, 0, sizeof out);
  if (len && !p.guest_read(addr, &out, len)) return err(EFAULT);
  convert_sockaddr(reinterpret_cast<uint8_t*>(&out), len, true);
  auto& un = reinterpret_cast<sockaddr_un&>(out);
  constexpr socklen_t kPathAt = offsetof(sockaddr_un, sun_path);
  if (out.ss_family != AF_UNIX || len <= kPathAt || un.sun_path[0] == 0) return 0;
  host_path hp;
  if (int64_t e = guest_path(p, kAtFdCwd, addr + kPathAt, hp)) return e;
  std::string path = plain_path(hp);
  if (path.size() >= sizeof un.sun_path) return err(ENAMETOOLONG);
  std::memset(un.sun_path, 0, sizeof un.sun_path);
  std::memcpy(un.sun_path, path.data(), path.size());
  len = static_cast<socklen_t>(kPathAt + path.size() + 1);
  return 0;
}
// A host address handed back (accept, getsockname, recvfrom): truncated to the guest's
// buffer, whose length word (a 32-bit socklen_t) gets the full length.
int64_t address_out(process& p, sockaddr_storage& a, socklen_t len, uint64_t addr,
                    uint64_t len_addr) {
  if (!addr || !len_addr) return 0;
  uint32_t room;
  if (!read_guest(p, len_addr, room)) return err(EFAULT);
  convert_sockaddr(reinterpret_cast<uint8_t*>(&a), len, false);
  if (!p.guest_write(addr, &a, std::min<uint64_t>(room, len))) return err(EFAULT);
  return write_guest(p, len_addr, static_cast<uint32_t>(len)) ? 0 : err(EFAULT);
}

// ---- rtnetlink ---------------------------------------------------------------------------------
// NETLINK_ROUTE messages carry native-order numbers in the data: the message header {u32 len;
// u16 type; u16 flags; u32 seq; u32 pid}, the family header of each message type, and
// attributes {u16 len; u16 type; value} whose values are numbers of a size the attribute type
// says. Messages to the kernel and from it are turned around field by field here; attributes
// not listed are bytes (addresses, names) and pass as they are.

// How an attribute's value is turned: words of 2, 4 or 8 bytes, all of it, or a nested list.
enum class nla : uint8_t { bytes, u16, u32, u64, nested };
struct nla_rule {
  uint16_t type;
  nla how;
};
// IFLA_*: MTU, LINK, STATS (u32s), MASTER, TXQLEN, STATS64, GROUP, EXT_MASK, PROMISCUITY,
// NUM_TX/RX_QUEUES, CARRIER_CHANGES, GSO_MAX_SEGS/SIZE, CARRIER_UP/DOWN_COUNT, MIN/MAX_MTU,
// GRO_MAX_SIZE, TSO_MAX_SIZE/SEGS, ALLMULTI, GSO/GRO_IPV4_MAX_SIZE.
constexpr nla_rule kLinkRules[] = {
    {4, nla::u32},  {5, nla::u32},  {7, nla::u32},  {10, nla::u32}, {13, nla::u32}, {23, nla::u64},
    {27, nla::u32}, {29, nla::u32}, {30, nla::u32}, {31, nla::u32}, {32, nla::u32}, {35, nla::u32},
    {40, nla::u32}, {41, nla::u32}, {47, nla::u32}, {48, nla::u32}, {50, nla::u32}, {51, nla::u32},
    {58, nla::u32}, {59, nla::u32}, {60, nla::u32}, {61, nla::u32}, {63, nla::u32}, {64, nla::u32},
};
// IFA_*: CACHEINFO (four u32), FLAGS, RT_PRIORITY, TARGET_NETNSID.
constexpr nla_rule kAddrRules[] = {{6, nla::u32}, {8, nla::u32}, {9, nla::u32}, {10, nla::u32}};
// RTA_*: IIF, OIF, PRIORITY, METRICS (nested u32s), FLOW, CACHEINFO (u32s), TABLE, MARK, UID.
constexpr nla_rule kRouteRules[] = {{3, nla::u32},    {4, nla::u32},  {6, nla::u32},
                                    {8, nla::nested}, {11, nla::u32}, {12, nla::u32},
                                    {15, nla::u32},   {16, nla::u32}, {25, nla::u32}};

// NDA_*: CACHEINFO (four u32), PROBES, VLAN (u16), VNI, IFINDEX, MASTER.
constexpr nla_rule kNeighRules[] = {{3, nla::u32}, {4, nla::u32}, {5, nla::u16},
                                    {7, nla::u32}, {8, nla::u32}, {9, nla::u32}};
// FRA_*: GOTO, PRIORITY, FWMARK, FLOW, SUPPRESS_IFGROUP/PREFIXLEN, TABLE, FWMASK, UID_RANGE
// (two u32), SPORT/DPORT_RANGE (two u16).
constexpr nla_rule kRuleRules[] = {{4, nla::u32},  {6, nla::u32},  {10, nla::u32}, {11, nla::u32},
                                   {13, nla::u32}, {14, nla::u32}, {15, nla::u32}, {16, nla::u32},
                                   {20, nla::u32}, {23, nla::u16}, {24, nla::u16}};

template <typename T>
T take(const uint8_t* p, bool from_guest) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return from_guest ? arch::from_be(v) : v;
}

void convert_attrs(uint8_t* a, uint64_t len, bool to_host, const nla_rule* rules, size_t n,
                   nla nested_values = nla::bytes) {
  for (uint64_t off = 0; off + 4 <= len;) {
    uint8_t* h = a + off;
    auto alen = take<uint16_t>(h, to_host);
    auto type = take<uint16_t>(h + 2, to_host);
    swap_in_place(h, 2);
    swap_in_place(h + 2, 2);
    if (alen < 4 || off + alen > len) break;
    nla how = nested_values;
    for (size_t k = 0; k < n; ++k)
      if (rules[k].type == (type & 0x3fff)) how = rules[k].how;
    uint8_t* v = h + 4;
    uint64_t vlen = alen - 4u;
    switch (how) {
      case nla::bytes: break;
      case nla::u16: swap_words(v, vlen, 2); break;
      case nla::u32: swap_words(v, vlen, 4); break;
      case nla::u64: swap_words(v, vlen, 8); break;
      case nla::nested: convert_attrs(v, vlen, to_host, nullptr, 0, nla::u32); break;
    }
    off += (alen + 3u) & ~3u;
  }
}

// Of the netlink protocols, NETLINK_ROUTE (translated) and NETLINK_KOBJECT_UEVENT (text) are
// served; the others carry structures not translated yet and are refused, so that a program
// says so instead of waiting for an answer to a request the kernel could not read.
int64_t sys_socket(process&, const uint64_t* a) {
  auto domain = static_cast<int>(a[0]), protocol = static_cast<int>(a[2]);
  if (domain == AF_NETLINK && protocol != NETLINK_ROUTE && protocol != NETLINK_KOBJECT_UEVENT)
    return err(EPROTONOSUPPORT);
  int fd = ::socket(domain, static_cast<int>(a[1]), protocol);
  if (fd < 0) return err(errno);
  mark_fd(fd,
          domain == AF_NETLINK && protocol == NETLINK_ROUTE ? fd_kind::rtnetlink : fd_kind::plain);
  return fd;
}
int64_t sys_socketpair(process& p, const uint64_t* a) {
  if (static_cast<int>(a[0]) == AF_NETLINK) return err(EAFNOSUPPORT);
  int sv[2];
  if (::socketpair(static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]), sv) < 0)
    return err(errno);
  int32_t out[2] = {arch::to_be(int32_t{sv[0]}), arch::to_be(int32_t{sv[1]})};
  if (p.guest_write(a[3], out, sizeof out)) return 0;
  ::close(sv[0]);
  ::close(sv[1]);
  return err(EFAULT);
}
int64_t sys_bind(process& p, const uint64_t* a) {
  sockaddr_storage sa;
  auto len = static_cast<socklen_t>(a[2]);
  if (int64_t e = address_in(p, a[1], len, sa)) return e;
  return host_ret(::bind(static_cast<int>(a[0]), reinterpret_cast<sockaddr*>(&sa), len));
}
int64_t sys_connect(process& p, const uint64_t* a) {
  sockaddr_storage sa;
  auto len = static_cast<socklen_t>(a[2]);
  if (int64_t e = address_in(p, a[1], len, sa)) return e;
  return host_ret(::connect(static_cast<int>(a[0]), reinterpret_cast<sockaddr*>(&sa), len));
}
int64_t sys_listen(process&, const uint64_t* a) {
  return host_ret(::listen(static_cast<int>(a[0]), static_cast<int>(a[1])));
}
int64_t sys_accept4(process& p, const uint64_t* a) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  int fd = ::accept4(static_cast<int>(a[0]), reinterpret_cast<sockaddr*>(&sa), &len,
                     static_cast<int>(a[3]));
  if (fd < 0) return err(errno);
  if (int64_t e = address_out(p, sa, len, a[1], a[2])) {
    ::close(fd);
    return e;
  }
  return fd;
}
int64_t sys_accept(process& p, const uint64_t* a) {
  uint64_t b[4] = {a[0], a[1], a[2], 0};
  return sys_accept4(p, b);
}
int64_t name_call(process& p, const uint64_t* a, bool peer) {
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  auto* s = reinterpret_cast<sockaddr*>(&sa);
  int r = peer ? ::getpeername(static_cast<int>(a[0]), s, &len)
               : ::getsockname(static_cast<int>(a[0]), s, &len);
  if (r < 0) return err(errno);
  if (!a[1] || !a[2]) return err(EFAULT);
  return address_out(p, sa, len, a[1], a[2]);
}
int64_t sys_getsockname(process& p, const uint64_t* a) { return name_call(p, a, false); }
int64_t sys_getpeername(process& p, const uint64_t* a) { return name_call(p, a, true); }
int64_t sys_shutdown(process&, const uint64_t* a) {
  return host_ret(::shutdown(static_cast<int>(a[0]), static_cast<int>(a[1])));
}

// sendto(fd, buf, len, flags, addr, addrlen) and recvfrom(fd, buf, len, flags, addr, addrlen*).
int64_t sys_sendto(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  const uint8_t* buf = p.guest_span(a[1], len, false);
  if (!buf && len) return err(EFAULT);
  sockaddr_storage sa;
  auto alen = static_cast<socklen_t>(a[5]);
  if (a[4])
    if (int64_t e = address_in(p, a[4], alen, sa)) return e;
  std::vector<uint8_t> nl;
  if (kind_of(static_cast<int>(a[0])) == fd_kind::rtnetlink) {
    nl.assign(buf, buf + len);
    convert_netlink(nl.data(), len, true);
    buf = nl.data();
  }
  ssize_t r = ::sendto(static_cast<int>(a[0]), buf, len, static_cast<int>(a[3]) | MSG_NOSIGNAL,
                       a[4] ? reinterpret_cast<sockaddr*>(&sa) : nullptr, a[4] ? alen : 0);
  // A peer gone away raises SIGPIPE as a write would, unless the program said MSG_NOSIGNAL.
  if (r < 0 && errno == EPIPE && !(a[3] & MSG_NOSIGNAL)) p.raise_signal(SIGPIPE);
  return host_ret(r);
}
int64_t sys_send(process& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_sendto(p, b);
}
int64_t sys_recvfrom(process& p, const uint64_t* a) {
  uint64_t len = std::min(a[2], kMaxIo);
  uint8_t* buf = p.guest_span(a[1], len, true);
  if (!buf && len) return err(EFAULT);
  sockaddr_storage sa{};
  socklen_t alen = sizeof sa;
  ssize_t r = ::recvfrom(static_cast<int>(a[0]), buf, len, static_cast<int>(a[3]),
                         reinterpret_cast<sockaddr*>(&sa), &alen);
  if (r < 0) return err(errno);
  if (kind_of(static_cast<int>(a[0])) == fd_kind::rtnetlink)
    convert_netlink(buf, std::min<uint64_t>(static_cast<uint64_t>(r), len), false);
  if (int64_t e = address_out(p, sa, alen, a[4], a[5])) return e;
  return r;
}
int64_t sys_recv(process& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_recvfrom(p, b);
}

// Socket options: most are one int; of SOL_SOCKET's, SO_LINGER and SO_PEERCRED are ints in a
// row and SO_RCVTIMEO/SO_SNDTIMEO a timeval of two longs. Anything else (names, addresses in
// network order, multicast requests) passes as bytes.
unsigned option_word(int level, int name, uint64_t len) {
  constexpr int kRcvTimeoNew = 66, kSndTimeoNew = 67;  // struct __kernel_sock_timeval
  if (level == SOL_SOCKET) {
    if (name == SO_RCVTIMEO || name == SO_SNDTIMEO || name == kRcvTimeoNew || name == kSndTimeoNew)
      return 8;
    if (name == SO_LINGER || name == SO_PEERCRED) return 4;
    if (name == SO_BINDTODEVICE) return 0;
  }
  // IP_MULTICAST_IF takes an address in network order (or a struct ip_mreqn).
  if (level == IPPROTO_IP && name == IP_MULTICAST_IF) return 0;
  return len == 4 ? 4 : 0;
}
int64_t sys_setsockopt(process& p, const uint64_t* a) {
  int level = static_cast<int>(a[1]), name = static_cast<int>(a[2]);
  uint64_t len = static_cast<uint32_t>(a[4]);
  if (len > 65536) return err(EINVAL);
  std::vector<uint8_t> v(len);
  if (len && !p.guest_read(a[3], v.data(), len)) return err(EFAULT);
  swap_words(v.data(), len, option_word(level, name, len));
  return host_ret(
      ::setsockopt(static_cast<int>(a[0]), level, name, v.data(), static_cast<socklen_t>(len)));
}
int64_t sys_getsockopt(process& p, const uint64_t* a) {
  int level = static_cast<int>(a[1]), name = static_cast<int>(a[2]);
  uint32_t room;
  if (!read_guest(p, a[4], room)) return err(EFAULT);
  if (static_cast<int32_t>(room) < 0) return err(EINVAL);
  std::vector<uint8_t> v(std::min<uint32_t>(room, 65536));
  auto len = static_cast<socklen_t>(v.size());
  if (::getsockopt(static_cast<int>(a[0]), level, name, v.data(), &len) < 0) return err(errno);
  swap_words(v.data(), len, option_word(level, name, len));
  if (len && !p.guest_write(a[3], v.data(), len)) return err(EFAULT);
  return write_guest(p, a[4], static_cast<uint32_t>(len)) ? 0 : err(EFAULT);
}

// struct msghdr of 64-bit s390x: name 0, namelen (u32) 8, iov 16, iovlen 24, control 32,
// controllen 40, flags (int) 48; 56 bytes. Control messages: {u64 len; int level; int type;
// data}, aligned to 8 as on the host; SCM_RIGHTS carries ints, SCM_CREDENTIALS three ints.
constexpr unsigned kMsghdrSize = 56;
void convert_control(uint8_t* c, uint64_t len, bool to_host) {
  for (uint64_t off = 0; off + 16 <= len;) {
    uint8_t* m = c + off;
    uint64_t mlen;
    int32_t level, type;
    std::memcpy(&mlen, m, 8);
    std::memcpy(&level, m + 8, 4);
    std::memcpy(&type, m + 12, 4);
    if (to_host) {
      mlen = arch::from_be(mlen);
      level = arch::from_be(level);
      type = arch::from_be(type);
      std::memcpy(m, &mlen, 8);
      std::memcpy(m + 8, &level, 4);
      std::memcpy(m + 12, &type, 4);
    } else {
      put_be(m, 0, mlen);
      put_be(m, 8, level);
      put_be(m, 12, type);
    }
    if (mlen < 16 || off + mlen > len) break;
    if (level == SOL_SOCKET && (type == SCM_RIGHTS || type == SCM_CREDENTIALS))
      swap_words(m + 16, mlen - 16, 4);
    off += (mlen + 7) & ~7ull;
  }
}

struct host_msg {
  msghdr h{};
  sockaddr_storage name{};
  std::vector<iovec> iov;
  std::vector<uint8_t> control;
  uint8_t g[kMsghdrSize];
};
int64_t msg_in(process& p, uint64_t addr, bool receiving, host_msg& m) {
  if (!p.guest_read(addr, m.g, sizeof m.g)) return err(EFAULT);
  uint64_t name = get_be<uint64_t>(m.g, 0), iov = get_be<uint64_t>(m.g, 16);
  uint64_t iovlen = get_be<uint64_t>(m.g, 24), control = get_be<uint64_t>(m.g, 32);
  uint64_t controllen = get_be<uint64_t>(m.g, 40);
  uint32_t namelen = get_be<uint32_t>(m.g, 8);
  if (iovlen > 1024) return err(EMSGSIZE);
  if (int64_t e = guest_iovec(p, iov, iovlen, receiving, m.iov)) return e;
  m.h.msg_iov = m.iov.data();
  m.h.msg_iovlen = m.iov.size();
  if (name) {
    if (receiving) {
      m.h.msg_namelen = sizeof m.name;
    } else {
      socklen_t len = namelen;
      if (int64_t e = address_in(p, name, len, m.name)) return e;
      m.h.msg_namelen = len;
    }
    m.h.msg_name = &m.name;
  }
  if (control && controllen) {
    if (controllen > 65536) return err(ENOBUFS);
    m.control.resize(controllen);
    if (!receiving) {
      if (!p.guest_read(control, m.control.data(), controllen)) return err(EFAULT);
      convert_control(m.control.data(), controllen, true);
    }
    m.h.msg_control = m.control.data();
    m.h.msg_controllen = controllen;
  }
  m.h.msg_flags = receiving ? 0 : static_cast<int>(get_be<int32_t>(m.g, 48));
  return 0;
}
// After a receive: the name, the control messages and the lengths and flags go back.
int64_t msg_out(process& p, uint64_t addr, host_msg& m) {
  uint64_t name = get_be<uint64_t>(m.g, 0), control = get_be<uint64_t>(m.g, 32);
  if (name) {
    uint32_t room = get_be<uint32_t>(m.g, 8);
    convert_sockaddr(reinterpret_cast<uint8_t*>(&m.name), m.h.msg_namelen, false);
    if (!p.guest_write(name, &m.name, std::min<uint64_t>(room, m.h.msg_namelen)))
      return err(EFAULT);
    put_be(m.g, 8, static_cast<uint32_t>(m.h.msg_namelen));
  }
  if (control && m.h.msg_controllen) {
    convert_control(m.control.data(), m.h.msg_controllen, false);
    if (!p.guest_write(control, m.control.data(), m.h.msg_controllen)) return err(EFAULT);
  }
  put_be(m.g, 40, static_cast<uint64_t>(m.h.msg_controllen));
  put_be(m.g, 48, static_cast<int32_t>(m.h.msg_flags));
  return p.guest_write(addr, m.g, sizeof m.g) ? 0 : err(EFAULT);
}
// A netlink message may span the iovecs: it is gathered into one buffer to be turned around.
std::vector<uint8_t> gather(const std::vector<iovec>& iov) {
  std::vector<uint8_t> all;
  for (const iovec& v : iov) {
    auto* b = static_cast<const uint8_t*>(v.iov_base);
    all.insert(all.end(), b, b + v.iov_len);
  }
  return all;
}
void scatter(const std::vector<uint8_t>& all, uint64_t n, const std::vector<iovec>& iov) {
  uint64_t off = 0;
  for (const iovec& v : iov) {
    uint64_t k = std::min<uint64_t>(v.iov_len, n - off);
    std::memcpy(v.iov_base, all.data() + off, k);
    off += k;
    if (off == n) break;
  }
}

int64_t sys_sendmsg(process& p, const uint64_t* a) {
  host_msg m;
  if (int64_t e = msg_in(p, a[1], false, m)) return e;
  std::vector<uint8_t> nl;
  iovec one;
  if (kind_of(static_cast<int>(a[0])) == fd_kind::rtnetlink) {
    nl = gather(m.iov);
    convert_netlink(nl.data(), nl.size(), true);
    one = {nl.data(), nl.size()};
    m.h.msg_iov = &one;
    m.h.msg_iovlen = 1;
  }
  int flags = static_cast<int>(a[2]);
  ssize_t r = ::sendmsg(static_cast<int>(a[0]), &m.h, flags | MSG_NOSIGNAL);
  if (r < 0 && errno == EPIPE && !(flags & MSG_NOSIGNAL)) p.raise_signal(SIGPIPE);
  return host_ret(r);
}
int64_t sys_recvmsg(process& p, const uint64_t* a) {
  host_msg m;
  if (int64_t e = msg_in(p, a[1], true, m)) return e;
  bool nl = kind_of(static_cast<int>(a[0])) == fd_kind::rtnetlink;
  std::vector<uint8_t> all;
  iovec one;
  if (nl) {
    uint64_t total = 0;
    for (const iovec& v : m.iov) total += v.iov_len;
    all.resize(total);
    one = {all.data(), all.size()};
    m.h.msg_iov = &one;
    m.h.msg_iovlen = 1;
  }
  ssize_t r = ::recvmsg(static_cast<int>(a[0]), &m.h, static_cast<int>(a[2]));
  if (r < 0) return err(errno);
  if (nl) {
    uint64_t got = std::min<uint64_t>(static_cast<uint64_t>(r), all.size());
    convert_netlink(all.data(), got, false);
    scatter(all, got, m.iov);
  }
  if (int64_t e = msg_out(p, a[1], m)) return e;
  return r;
}
// sendmmsg/recvmmsg: struct mmsghdr is a msghdr and an unsigned length, 64 bytes; served one
// message at a time (recvmmsg's timeout is not applied: it waits as MSG_WAITFORONE would).
constexpr unsigned kMmsghdrSize = 64;
int64_t many_messages(process& p, const uint64_t* a, bool receiving) {
  uint64_t n = std::min<uint64_t>(static_cast<uint32_t>(a[2]), 1024);
  int flags = static_cast<int>(a[3]);
  uint64_t done = 0;
  for (; done < n; ++done) {
    uint64_t at = a[1] + kMmsghdrSize * done;
    uint64_t b[3] = {a[0], at, static_cast<uint64_t>(flags & ~MSG_WAITFORONE)};
    int64_t r = receiving ? sys_recvmsg(p, b) : sys_sendmsg(p, b);
    if (r < 0) {
      if (done) break;
      return r;
    }
    if (!write_guest(p, at + kMsghdrSize, static_cast<uint32_t>(r))) return err(EFAULT);
    if (receiving && (flags & MSG_WAITFORONE)) flags |= MSG_DONTWAIT;
  }
  return static_cast<int64_t>(done);
}
int64_t sys_sendmmsg(process& p, const uint64_t* a) { return many_messages(p, a, false); }
int64_t sys_recvmmsg(process& p, const uint64_t* a) { return many_messages(p, a, true); }

// socketcall(call, args): the arguments are an array of guest longs.
int64_t sys_socketcall(process& p, const uint64_t* a) {
  struct call {
    sys_fn fn;
    unsigned args;
  };
  static constexpr call kCalls[] = {
      {nullptr, 0},        {sys_socket, 3},   {sys_bind, 3},        {sys_connect, 3},
      {sys_listen, 2},     {sys_accept, 3},   {sys_getsockname, 3}, {sys_getpeername, 3},
      {sys_socketpair, 4}, {sys_send, 4},     {sys_recv, 4},        {sys_sendto, 6},
      {sys_recvfrom, 6},   {sys_shutdown, 2}, {sys_setsockopt, 5},  {sys_getsockopt, 5},
      {sys_sendmsg, 3},    {sys_recvmsg, 3},  {sys_accept4, 4},     {sys_recvmmsg, 5},
      {sys_sendmmsg, 4},
  };
  if (a[0] == 0 || a[0] >= std::size(kCalls)) return err(EINVAL);
  const call& c = kCalls[a[0]];
  uint64_t args[6] = {};
  if (!p.guest_read(a[1], args, 8 * c.args)) return err(EFAULT);
  for (unsigned k = 0; k < c.args; ++k) args[k] = arch::from_be(args[k]);
  return c.fn(p, args);
}

}  // namespace

// A buffer of netlink messages, as far as it goes.
void convert_netlink(uint8_t* b, uint64_t len, bool to_host) {
  for (uint64_t off = 0; off + 16 <= len;) {
    uint8_t* m = b + off;
    auto mlen = take<uint32_t>(m, to_host);
    auto type = take<uint16_t>(m + 4, to_host);
    swap_in_place(m, 4);
    swap_in_place(m + 4, 2);
    swap_in_place(m + 6, 2);
    swap_in_place(m + 8, 4);
    swap_in_place(m + 12, 4);
    if (mlen < 16 || off + mlen > len) break;
    uint8_t* body = m + 16;
    uint64_t blen = mlen - 16u;
    auto family = [&](unsigned size,
                      const std::initializer_list<std::pair<unsigned, unsigned>>& fields,
                      const nla_rule* rules, size_t n) {
      if (blen < size) return;  // a dump request carries only a one-byte rtgenmsg
      for (auto [at, width] : fields) swap_in_place(body + at, width);
      convert_attrs(body + size, blen - size, to_host, rules, n);
    };
    if (type == 2 && blen >= 4) {  // NLMSG_ERROR: the error, then the request's header
      swap_in_place(body, 4);
      if (blen >= 20) convert_netlink(body + 4, 16, to_host);
    } else if (type == 3 && blen >= 4) {  // NLMSG_DONE
      swap_in_place(body, 4);
    } else if (type >= 16 && type <= 19) {  // RTM_*LINK: struct ifinfomsg
      family(16, {{2, 2}, {4, 4}, {8, 4}, {12, 4}}, kLinkRules, std::size(kLinkRules));
    } else if (type >= 20 && type <= 22) {  // RTM_*ADDR: struct ifaddrmsg
      family(8, {{4, 4}}, kAddrRules, std::size(kAddrRules));
    } else if (type >= 24 && type <= 26) {  // RTM_*ROUTE: struct rtmsg
      family(12, {{8, 4}}, kRouteRules, std::size(kRouteRules));
    } else if (type >= 28 && type <= 30) {  // RTM_*NEIGH: struct ndmsg
      family(12, {{4, 4}, {8, 2}}, kNeighRules, std::size(kNeighRules));
    } else if (type >= 32 && type <= 34) {  // RTM_*RULE: struct fib_rule_hdr
      family(12, {{8, 4}}, kRuleRules, std::size(kRuleRules));
    }
    off += (mlen + 3u) & ~3u;
  }
}

void register_net_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(102, "socketcall", sys_socketcall);
  def(357, "recvmmsg", sys_recvmmsg);
  def(358, "sendmmsg", sys_sendmmsg);
  def(359, "socket", sys_socket);
  def(360, "socketpair", sys_socketpair);
  def(361, "bind", sys_bind);
  def(362, "connect", sys_connect);
  def(363, "listen", sys_listen);
  def(364, "accept4", sys_accept4);
  def(365, "getsockopt", sys_getsockopt);
  def(366, "setsockopt", sys_setsockopt);
  def(367, "getsockname", sys_getsockname);
  def(368, "getpeername", sys_getpeername);
  def(369, "sendto", sys_sendto);
  def(370, "sendmsg", sys_sendmsg);
  def(371, "recvfrom", sys_recvfrom);
  def(372, "recvmsg", sys_recvmsg);
  def(373, "shutdown", sys_shutdown);
}

}  // namespace ssivm::runtime::linux_abi
