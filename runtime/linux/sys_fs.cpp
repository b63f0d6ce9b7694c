// File system calls: descriptors, reads and writes, paths, directories, stat.
#include "runtime/linux/syscall.hpp"

#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
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
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ssivm::runtime::linux_abi {

// The guest's iovec array (big-endian {base, len} pairs) becomes a host one pointing into
// guest storage, so the host call keeps its atomicity and partial-transfer rules.
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

namespace {

// Data moves straight between host files and guest storage (no bounce buffer): guest_span
// checks the guest's access rights and, for input, drops decoded code on the pages first.

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
  if (int64_t r; translated_read(p, static_cast<int>(a[0]), a[1], a[2], r)) return r;
  uint64_t len = std::min(a[2], kMaxIo);
  uint8_t* dst = p.guest_span(a[1], len, true);
  if (!dst && len) return err(EFAULT);
  return host_ret(::read(static_cast<int>(a[0]), dst, len));
}

int64_t sys_write(process& p, const uint64_t* a) {
  if (int64_t r; translated_write(p, static_cast<int>(a[0]), a[1], a[2], r)) return r;
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

// preadv/pwritev: on 64-bit s390x the offset is whole in its register (the high half, a[4], is
// for 31-bit programs). The *2 forms take RWF_* flags, and offset -1 means "at the file
// position" as readv/writev.
int64_t sys_preadv2(process& p, const uint64_t* a) {
  std::vector<struct iovec> iov;
  if (int64_t e = guest_iovec(p, a[1], a[2], true, iov)) return e;
  return host_ret(::preadv2(static_cast<int>(a[0]), iov.data(), static_cast<int>(iov.size()),
                            static_cast<off_t>(a[3]), static_cast<int>(a[5])));
}
int64_t sys_pwritev2(process& p, const uint64_t* a) {
  std::vector<struct iovec> iov;
  if (int64_t e = guest_iovec(p, a[1], a[2], false, iov)) return e;
  return output_ret(p, ::pwritev2(static_cast<int>(a[0]), iov.data(), static_cast<int>(iov.size()),
                                  static_cast<off_t>(a[3]), static_cast<int>(a[5])));
}
int64_t sys_preadv(process& p, const uint64_t* a) {
  if (static_cast<int64_t>(a[3]) < 0) return err(EINVAL);
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_preadv2(p, b);
}
int64_t sys_pwritev(process& p, const uint64_t* a) {
  if (static_cast<int64_t>(a[3]) < 0) return err(EINVAL);
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_pwritev2(p, b);
}

// Calls that move data between two descriptors (sendfile, copy_file_range, splice) take
// optional offsets, guest 64-bit words: read before the host call and written back after it.
template <typename Move>
int64_t move_with_offsets(process& p, uint64_t in_addr, uint64_t out_addr, Move move) {
  int64_t in = 0, out = 0;
  if (in_addr && !read_guest(p, in_addr, in)) return err(EFAULT);
  if (out_addr && !read_guest(p, out_addr, out)) return err(EFAULT);
  off64_t host_in = in, host_out = out;
  ssize_t r = move(in_addr ? &host_in : nullptr, out_addr ? &host_out : nullptr);
  int e = errno;
  if (in_addr && !write_guest(p, in_addr, static_cast<int64_t>(host_in))) return err(EFAULT);
  if (out_addr && !write_guest(p, out_addr, static_cast<int64_t>(host_out))) return err(EFAULT);
  errno = e;
  return output_ret(p, r);
}
int64_t sys_sendfile(process& p, const uint64_t* a) {
  return move_with_offsets(p, a[2], 0, [&](off64_t* in, off64_t*) {
    return ::sendfile64(static_cast<int>(a[0]), static_cast<int>(a[1]), in, std::min(a[3], kMaxIo));
  });
}
int64_t sys_copy_file_range(process& p, const uint64_t* a) {
  return move_with_offsets(p, a[1], a[3], [&](off64_t* in, off64_t* out) {
    return ::copy_file_range(static_cast<int>(a[0]), in, static_cast<int>(a[2]), out,
                             std::min(a[4], kMaxIo), static_cast<unsigned>(a[5]));
  });
}
// splice and tee: SPLICE_F_* flags are the same on both sides.
int64_t sys_splice(process& p, const uint64_t* a) {
  return move_with_offsets(p, a[1], a[3], [&](off64_t* in, off64_t* out) {
    return ::splice(static_cast<int>(a[0]), in, static_cast<int>(a[2]), out, std::min(a[4], kMaxIo),
                    static_cast<unsigned>(a[5]));
  });
}
int64_t sys_tee(process& p, const uint64_t* a) {
  return output_ret(p, ::tee(static_cast<int>(a[0]), static_cast<int>(a[1]), std::min(a[2], kMaxIo),
                             static_cast<unsigned>(a[3])));
}
int64_t sys_sync_file_range(process&, const uint64_t* a) {
  return host_ret(::sync_file_range(static_cast<int>(a[0]), static_cast<off64_t>(a[1]),
                                    static_cast<off64_t>(a[2]), static_cast<unsigned>(a[3])));
}
int64_t sys_fallocate(process&, const uint64_t* a) {
  return host_ret(::fallocate(static_cast<int>(a[0]), static_cast<int>(a[1]),
                              static_cast<off_t>(a[2]), static_cast<off_t>(a[3])));
}
int64_t sys_fadvise64(process&, const uint64_t* a) {
  // s390x numbers DONTNEED and NOREUSE 6 and 7 (linux/fadvise.h), where the host has 4 and 5;
  // 4 and 5 mean nothing on s390x. posix_fadvise returns the error number.
  int advice = static_cast<int>(a[3]);
  if (advice == 4 || advice == 5) return err(EINVAL);
  if (advice == 6 || advice == 7) advice = advice == 6 ? POSIX_FADV_DONTNEED : POSIX_FADV_NOREUSE;
  int r = ::posix_fadvise(static_cast<int>(a[0]), static_cast<off_t>(a[1]),
                          static_cast<off_t>(a[2]), advice);
  return r ? err(r) : 0;
}
int64_t sys_readahead(process&, const uint64_t* a) {
  return host_ret(
      ::readahead(static_cast<int>(a[0]), static_cast<off64_t>(a[1]), static_cast<size_t>(a[2])));
}
int64_t sys_fdatasync(process&, const uint64_t* a) {
  return host_ret(::fdatasync(static_cast<int>(a[0])));
}
int64_t sys_sync(process&, const uint64_t*) {
  ::sync();
  return 0;
}
int64_t sys_syncfs(process&, const uint64_t* a) {
  return host_ret(::syncfs(static_cast<int>(a[0])));
}
int64_t sys_flock(process&, const uint64_t* a) {
  return host_ret(::flock(static_cast<int>(a[0]), static_cast<int>(a[1])));
}

// Terminal and descriptor ioctls (asm-generic/ioctls.h numbering on s390x and on the host).
// Each command's argument is one of a few shapes, translated between byte orders here. The
// kernel's termios (4 flag words, c_line, 19 control characters) and winsize (4 halfwords)
// have the same layout on both sides; only the byte order differs.
enum class ioctl_arg {
  none,
  value,
  int_in,
  int_out,
  termios_in,
  termios_out,
  winsize_in,
  winsize_out,
  ifreq_int,    // struct ifreq {char name[16]; union at 16} with an int (index, MTU, metric…)
  ifreq_short,  // … with the interface flags (a short)
  ifreq_addr,   // … with a socket address (a native-order family, the rest network order)
  ifconf,       // struct ifconf {int len; char* buf}: an array of ifreq with addresses
};
struct ioctl_def {
  uint32_t cmd;
  ioctl_arg arg;
};
constexpr ioctl_def kIoctls[] = {
    {0x5401, ioctl_arg::termios_out},  // TCGETS
    {0x5402, ioctl_arg::termios_in},   // TCSETS
    {0x5403, ioctl_arg::termios_in},   // TCSETSW
    {0x5404, ioctl_arg::termios_in},   // TCSETSF
    {0x5409, ioctl_arg::value},        // TCSBRK
    {0x540a, ioctl_arg::value},        // TCXONC
    {0x540b, ioctl_arg::value},        // TCFLSH
    {0x540c, ioctl_arg::none},         // TIOCEXCL
    {0x540d, ioctl_arg::none},         // TIOCNXCL
    {0x540e, ioctl_arg::value},        // TIOCSCTTY
    {0x540f, ioctl_arg::int_out},      // TIOCGPGRP
    {0x5410, ioctl_arg::int_in},       // TIOCSPGRP
    {0x5411, ioctl_arg::int_out},      // TIOCOUTQ
    {0x5413, ioctl_arg::winsize_out},  // TIOCGWINSZ
    {0x5414, ioctl_arg::winsize_in},   // TIOCSWINSZ
    {0x541b, ioctl_arg::int_out},      // FIONREAD
    {0x5421, ioctl_arg::int_in},       // FIONBIO
    {0x5422, ioctl_arg::none},         // TIOCNOTTY
    {0x5425, ioctl_arg::value},        // TCSBRKP
    {0x5429, ioctl_arg::int_out},      // TIOCGSID
    {0x5441, ioctl_arg::value},        // TIOCGPTPEER
    {0x5450, ioctl_arg::none},         // FIONCLEX
    {0x5451, ioctl_arg::none},         // FIOCLEX
    {0x5452, ioctl_arg::int_in},       // FIOASYNC
    {0x8910, ioctl_arg::ifreq_int},    // SIOCGIFNAME (by index)
    {0x8912, ioctl_arg::ifconf},       // SIOCGIFCONF
    {0x8913, ioctl_arg::ifreq_short},  // SIOCGIFFLAGS
    {0x8915, ioctl_arg::ifreq_addr},   // SIOCGIFADDR
    {0x8917, ioctl_arg::ifreq_addr},   // SIOCGIFDSTADDR
    {0x8919, ioctl_arg::ifreq_addr},   // SIOCGIFBRDADDR
    {0x891b, ioctl_arg::ifreq_addr},   // SIOCGIFNETMASK
    {0x891d, ioctl_arg::ifreq_int},    // SIOCGIFMETRIC
    {0x8921, ioctl_arg::ifreq_int},    // SIOCGIFMTU
    {0x8927, ioctl_arg::ifreq_addr},   // SIOCGIFHWADDR
    {0x8933, ioctl_arg::ifreq_int},    // SIOCGIFINDEX
    {0x8942, ioctl_arg::ifreq_int},    // SIOCGIFTXQLEN
    {0x80045430, ioctl_arg::int_out},  // TIOCGPTN
    {0x40045431, ioctl_arg::int_in},   // TIOCSPTLCK
};

int64_t sys_ioctl(process& p, const uint64_t* a) {
  int fd = static_cast<int>(a[0]);
  auto cmd = static_cast<uint32_t>(a[1]);
  const ioctl_def* d = std::find_if(std::begin(kIoctls), std::end(kIoctls),
                                    [&](const ioctl_def& x) { return x.cmd == cmd; });
  // Anything else would need its argument translated: refuse as for an unsupported device.
  if (d == std::end(kIoctls)) return ::fcntl(fd, F_GETFD) < 0 ? err(EBADF) : err(ENOTTY);
  switch (d->arg) {
    case ioctl_arg::none: return host_ret(::ioctl(fd, cmd));
    case ioctl_arg::value: return host_ret(::ioctl(fd, cmd, static_cast<unsigned long>(a[2])));
    case ioctl_arg::int_in: {
      int32_t v;
      if (!read_guest(p, a[2], v)) return err(EFAULT);
      return host_ret(::ioctl(fd, cmd, &v));
    }
    case ioctl_arg::int_out: {
      int32_t v = 0;
      if (::ioctl(fd, cmd, &v) < 0) return err(errno);
      return write_guest(p, a[2], v) ? 0 : err(EFAULT);
    }
    case ioctl_arg::termios_in:
    case ioctl_arg::termios_out: {
      uint8_t t[36];
      bool in = d->arg == ioctl_arg::termios_in;
      if (in && !p.guest_read(a[2], t, sizeof t)) return err(EFAULT);
      auto swap_flags = [&] {
        for (unsigned k = 0; k < 4; ++k) std::reverse(t + 4 * k, t + 4 * k + 4);
      };
      if (in) swap_flags();
      if (::ioctl(fd, cmd, t) < 0) return err(errno);
      if (in) return 0;
      swap_flags();
      return p.guest_write(a[2], t, sizeof t) ? 0 : err(EFAULT);
    }
    case ioctl_arg::ifreq_int:
    case ioctl_arg::ifreq_short:
    case ioctl_arg::ifreq_addr: {
      // The same 40 bytes on both sides; the union's number (or an address's family) is
      // turned around on the way in and on the way out.
      uint8_t r[40];
      if (!p.guest_read(a[2], r, sizeof r)) return err(EFAULT);
      unsigned width = d->arg == ioctl_arg::ifreq_int ? 4 : 2;
      std::reverse(r + 16, r + 16 + width);
      if (::ioctl(fd, cmd, r) < 0) return err(errno);
      std::reverse(r + 16, r + 16 + width);
      return p.guest_write(a[2], r, sizeof r) ? 0 : err(EFAULT);
    }
    case ioctl_arg::ifconf: {
      constexpr unsigned kIfreq = 40;
      uint8_t c[16];
      if (!p.guest_read(a[2], c, sizeof c)) return err(EFAULT);
      auto len = get_be<int32_t>(c, 0);
      uint64_t buf = get_be<uint64_t>(c, 8);
      if (len < 0) return err(EINVAL);
      std::vector<uint8_t> reqs(buf ? std::min<uint32_t>(static_cast<uint32_t>(len), 1 << 20) : 0);
      struct ifconf hc {};
      hc.ifc_len = static_cast<int>(reqs.size());
      hc.ifc_buf = buf ? reinterpret_cast<char*>(reqs.data()) : nullptr;
      if (::ioctl(fd, cmd, &hc) < 0) return err(errno);
      if (buf) {
        for (int off = 0; off + static_cast<int>(kIfreq) <= hc.ifc_len; off += kIfreq)
          std::reverse(reqs.data() + off + 16, reqs.data() + off + 18);
        if (!p.guest_write(buf, reqs.data(), static_cast<uint64_t>(hc.ifc_len))) return err(EFAULT);
      }
      put_be(c, 0, static_cast<int32_t>(hc.ifc_len));
      return p.guest_write(a[2], c, 4) ? 0 : err(EFAULT);
    }
    case ioctl_arg::winsize_in:
    case ioctl_arg::winsize_out: {
      uint16_t w[4];
      bool in = d->arg == ioctl_arg::winsize_in;
      if (in && !p.guest_read(a[2], w, sizeof w)) return err(EFAULT);
      for (auto& v : w) v = arch::from_be(v);
      if (::ioctl(fd, cmd, w) < 0) return err(errno);
      if (in) return 0;
      for (auto& v : w) v = arch::to_be(v);
      return p.guest_write(a[2], w, sizeof w) ? 0 : err(EFAULT);
    }
  }
  return err(ENOTTY);
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

int64_t sys_newfstatat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, !(a[3] & AT_SYMLINK_NOFOLLOW))) return e;
  struct stat s;
  if (::fstatat(hp.dirfd, hp.path.c_str(), &s, static_cast<int>(a[3])) < 0) return err(errno);
  uint8_t out[144];
  put_stat(s, out);
  return p.guest_write(a[2], out, sizeof out) ? 0 : err(EFAULT);
}
int64_t sys_stat(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], 0};
  return sys_newfstatat(p, b);
}
int64_t sys_lstat(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], AT_SYMLINK_NOFOLLOW};
  return sys_newfstatat(p, b);
}

int64_t sys_openat(process& p, const uint64_t* a) {
  int flags = static_cast<int>(a[2]);
  bool exclusive = (flags & O_CREAT) && (flags & O_EXCL);  // a link there is not followed
  for (int tries = 0;; ++tries) {
    host_path hp;
    hp.create = flags & O_CREAT;
    if (int64_t e = guest_path(p, a[0], a[1], hp, !(flags & O_NOFOLLOW) && !exclusive)) return e;
    // s390x and x86-64 both use the generic open flag values (O_CREAT 0100 … O_CLOEXEC
    // 02000000), so the flags pass as they are; the program sees exactly what it asked for.
    // A name absent inside a root is created without following: if a link appeared there
    // meanwhile (ELOOP), resolve again and follow it inside the root.
    int host_flags = hp.absent ? flags | O_NOFOLLOW : flags;
    int fd = ::openat(hp.dirfd, hp.path.c_str(), host_flags, static_cast<mode_t>(a[3]));
    if (fd < 0 && errno == ELOOP && hp.absent && tries < 8) continue;
    return host_ret(fd);
  }
}
// openat2(dirfd, path, struct open_how {u64 flags; u64 mode; u64 resolve}, size): a larger
// structure than ours is accepted only with zeros beyond it, as Linux does (E2BIG otherwise).
int64_t sys_openat2(process& p, const uint64_t* a) {
  constexpr uint64_t kOpenHow = 24;
  if (a[3] < kOpenHow) return err(EINVAL);
  if (a[3] > 4096) return err(E2BIG);
  std::vector<uint8_t> how(a[3]);
  if (!p.guest_read(a[2], how.data(), how.size())) return err(EFAULT);
  if (std::any_of(how.begin() + kOpenHow, how.end(), [](uint8_t b) { return b != 0; }))
    return err(E2BIG);
  uint64_t host_how[3] = {get_be<uint64_t>(how.data(), 0), get_be<uint64_t>(how.data(), 8),
                          get_be<uint64_t>(how.data(), 16)};
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, !(host_how[0] & O_NOFOLLOW))) return e;
  return host_ret(::syscall(SYS_openat2, hp.dirfd, hp.path.c_str(), host_how, sizeof host_how));
}
int64_t sys_open(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], a[2]};
  return sys_openat(p, b);
}
int64_t sys_creat(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]};
  return sys_openat(p, b);
}
// Descriptors are the host's, shared with ssivm as qemu-user shares them: a program that
// redirects its standard streams redirects ssivm's reports too (virtualised descriptors are
// the Linux personality's).
int64_t sys_close(process& p, const uint64_t* a) {
  if (p.fs().owns(static_cast<int>(a[0]))) return err(EBADF);  // the root's, not the guest's
  return host_ret(::close(static_cast<int>(a[0])));
}
int64_t sys_lseek(process&, const uint64_t* a) {
  return host_ret(
      ::lseek(static_cast<int>(a[0]), static_cast<off_t>(a[1]), static_cast<int>(a[2])));
}

// The program's own file as /proc names it.
bool is_own_exe(const std::string& path) {
  return path == "/proc/self/exe" || path == "/proc/" + std::to_string(::getpid()) + "/exe";
}

int64_t sys_readlinkat(process& p, const uint64_t* a) {
  host_path hp;
  int64_t e = guest_path(p, a[0], a[1], hp, false);
  char buf[4096];
  ssize_t n;
  if (is_own_exe(hp.guest)) {
    // The program, not ssivm (glibc's static startup asks, and so may the program).
    std::string exe = p.fs().guest_name_of(p.exe_path());  // inside a root, the guest's name
    n = static_cast<ssize_t>(std::min(exe.size(), sizeof buf));
    std::memcpy(buf, exe.data(), static_cast<size_t>(n));
  } else {
    if (e) return e;
    n = ::readlinkat(hp.dirfd, hp.path.c_str(), buf, sizeof buf);
    if (n < 0) return err(errno);
  }
  uint64_t len = std::min<uint64_t>(static_cast<uint64_t>(n), a[3]);
  return p.guest_write(a[2], buf, len) ? static_cast<int64_t>(len) : err(EFAULT);
}
int64_t sys_readlink(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], a[2]};
  return sys_readlinkat(p, b);
}

int64_t sys_faccessat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
  return host_ret(::faccessat(hp.dirfd, hp.path.c_str(), static_cast<int>(a[2]), 0));
}
int64_t sys_access(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], a[1]};
  return sys_faccessat(p, b);
}
// faccessat2 (AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH): the host's own call, so that a
// host without it answers ENOSYS and the guest's C library falls back as it would there.
int64_t sys_faccessat2(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, !(a[3] & AT_SYMLINK_NOFOLLOW))) return e;
  return host_ret(::syscall(SYS_faccessat2, hp.dirfd, hp.path.c_str(), static_cast<int>(a[2]),
                            static_cast<int>(a[3])));
}
int64_t sys_unlinkat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, false)) return e;
  return host_ret(::unlinkat(hp.dirfd, hp.path.c_str(), static_cast<int>(a[2])));
}
int64_t sys_unlink(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], 0};
  return sys_unlinkat(p, b);
}
int64_t sys_rmdir(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], AT_REMOVEDIR};
  return sys_unlinkat(p, b);
}
int64_t sys_mkdirat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, false)) return e;
  return host_ret(::mkdirat(hp.dirfd, hp.path.c_str(), static_cast<mode_t>(a[2])));
}
int64_t sys_mkdir(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], a[1]};
  return sys_mkdirat(p, b);
}
int64_t sys_renameat(process& p, const uint64_t* a) {
  host_path from, to;
  if (int64_t e = guest_path(p, a[0], a[1], from, false)) return e;
  if (int64_t e = guest_path(p, a[2], a[3], to, false)) return e;
  return host_ret(::renameat(from.dirfd, from.path.c_str(), to.dirfd, to.path.c_str()));
}
int64_t sys_rename(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], kAtFdCwd, a[1]};
  return sys_renameat(p, b);
}
// The current directory is the guest's (vfs): inside a root, getcwd shows the guest's path.
int64_t sys_chdir(process& p, const uint64_t* a) {
  std::string path;
  if (!p.guest_string(a[0], path)) return err(EFAULT);
  return p.fs().chdir(path);
}
int64_t sys_fchdir(process& p, const uint64_t* a) { return p.fs().fchdir(static_cast<int>(a[0])); }
int64_t sys_getcwd(process& p, const uint64_t* a) {
  std::string cwd;
  if (int64_t e = p.fs().getcwd(cwd)) return e;
  uint64_t len = cwd.size() + 1;
  if (len > a[1]) return err(ERANGE);
  return p.guest_write(a[0], cwd.c_str(), len) ? static_cast<int64_t>(len) : err(EFAULT);
}
int64_t sys_ftruncate(process&, const uint64_t* a) {
  return host_ret(::ftruncate(static_cast<int>(a[0]), static_cast<off_t>(a[1])));
}
// close_range: descriptors are the host's, shared with ssivm (see close); the flags
// (CLOSE_RANGE_UNSHARE, CLOSE_RANGE_CLOEXEC) are the same on both sides.
int64_t sys_close_range(process&, const uint64_t* a) {
  return host_ret(::syscall(SYS_close_range, static_cast<unsigned>(a[0]),
                            static_cast<unsigned>(a[1]), static_cast<unsigned>(a[2])));
}
int64_t sys_fsync(process&, const uint64_t* a) { return host_ret(::fsync(static_cast<int>(a[0]))); }
int64_t sys_umask(process&, const uint64_t* a) { return ::umask(static_cast<mode_t>(a[0])); }
int64_t sys_dup(process&, const uint64_t* a) {
  int fd = static_cast<int>(a[0]);
  return inherit_kind(fd, host_ret(::dup(fd)));
}
int64_t sys_dup3(process& p, const uint64_t* a) {
  if (p.fs().owns(static_cast<int>(a[1]))) return err(EBADF);
  int fd = static_cast<int>(a[0]);
  return inherit_kind(fd, host_ret(::dup3(fd, static_cast<int>(a[1]), static_cast<int>(a[2]))));
}
int64_t sys_dup2(process& p, const uint64_t* a) {
  if (a[0] == a[1])
    return ::fcntl(static_cast<int>(a[0]), F_GETFD) < 0 ? err(EBADF) : static_cast<int64_t>(a[1]);
  uint64_t b[3] = {a[0], a[1], 0};
  return sys_dup3(p, b);
}
// struct flock of 64-bit s390x: {short type; short whence; long start; long len; int pid;},
// 32 bytes; the lock types (F_RDLCK 0, F_WRLCK 1, F_UNLCK 2) are the generic ones.
int64_t fcntl_lock(process& p, int fd, int cmd, uint64_t addr) {
  uint8_t b[32];
  if (!p.guest_read(addr, b, sizeof b)) return err(EFAULT);
  struct flock fl {};
  fl.l_type = get_be<int16_t>(b, 0);
  fl.l_whence = get_be<int16_t>(b, 2);
  fl.l_start = get_be<int64_t>(b, 8);
  fl.l_len = get_be<int64_t>(b, 16);
  fl.l_pid = get_be<int32_t>(b, 24);
  if (::fcntl(fd, cmd, &fl) < 0) return err(errno);
  if (cmd != F_GETLK && cmd != F_OFD_GETLK) return 0;
  put_be(b, 0, static_cast<int16_t>(fl.l_type));
  put_be(b, 2, static_cast<int16_t>(fl.l_whence));
  put_be(b, 8, static_cast<int64_t>(fl.l_start));
  put_be(b, 16, static_cast<int64_t>(fl.l_len));
  put_be(b, 24, static_cast<int32_t>(fl.l_pid));
  return p.guest_write(addr, b, sizeof b) ? 0 : err(EFAULT);
}

int64_t sys_fcntl(process& p, const uint64_t* a) {
  // Command numbers are the generic ones on s390x. Most take a plain integer; the lock
  // commands a struct flock, F_[GS]ETOWN_EX a {int type; int pid}.
  int fd = static_cast<int>(a[0]), cmd = static_cast<int>(a[1]);
  switch (cmd) {
    case F_DUPFD:
    case F_GETFD:
    case F_SETFD:
    case F_GETFL:
    case F_SETFL:
    case F_SETOWN:
    case F_GETOWN:
    case F_SETSIG:
    case F_GETSIG:
    case F_SETLEASE:
    case F_GETLEASE:
    case F_NOTIFY:
    case F_DUPFD_CLOEXEC:
    case F_SETPIPE_SZ:
    case F_GETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS: {
      int64_t r = host_ret(::fcntl(fd, cmd, static_cast<long>(a[2])));
      return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ? inherit_kind(fd, r) : r;
    }
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW: return fcntl_lock(p, fd, cmd, a[2]);
    case F_GETOWN_EX:
    case F_SETOWN_EX: {
      int32_t w[2];
      if (cmd == F_SETOWN_EX && !p.guest_read(a[2], w, sizeof w)) return err(EFAULT);
      struct f_owner_ex o {};
      o.type = static_cast<__pid_type>(arch::from_be(w[0]));
      o.pid = arch::from_be(w[1]);
      if (::fcntl(fd, cmd, &o) < 0) return err(errno);
      if (cmd == F_SETOWN_EX) return 0;
      w[0] = arch::to_be(static_cast<int32_t>(o.type));
      w[1] = arch::to_be(static_cast<int32_t>(o.pid));
      return p.guest_write(a[2], w, sizeof w) ? 0 : err(EFAULT);
    }
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
// Directory records from the host's getdents64 (linux_dirent64 {u64 ino; s64 off; u16 reclen;
// u8 type; char name[]}, the same layout on s390x), turned to the guest's byte order in place.
// The old getdents wants struct linux_dirent {unsigned long ino; unsigned long off; unsigned
// short reclen; char name[]; … char type at reclen - 1}: a record of exactly the same length
// (18 bytes of fixed fields + name + NUL + type, rounded up to 8), so it is rewritten in place.
int64_t get_dirents(process& p, const uint64_t* a, bool old_layout) {
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
    if (reclen < 20) break;
    if (old_layout) {
      uint8_t type = r[18];
      size_t name_len = strnlen(reinterpret_cast<const char*>(r + 19), reclen - 19u);
      std::memmove(r + 18, r + 19, name_len);
      std::memset(r + 18 + name_len, 0, reclen - 18u - name_len);
      r[reclen - 1] = type;
    }
    put_be(r, 0, ino);
    put_be(r, 8, doff);
    put_be(r, 16, reclen);
    off += reclen;
  }
  return p.guest_write(a[1], buf.data(), static_cast<uint64_t>(n)) ? n : err(EFAULT);
}
int64_t sys_getdents64(process& p, const uint64_t* a) { return get_dirents(p, a, false); }
int64_t sys_getdents(process& p, const uint64_t* a) { return get_dirents(p, a, true); }

int64_t sys_memfd_create(process& p, const uint64_t* a) {
  std::string name;
  if (!p.guest_string(a[0], name)) return err(EFAULT);
  if (name.size() > 249) return err(EINVAL);
  return host_ret(::memfd_create(name.c_str(), static_cast<unsigned>(a[1])));
}

}  // namespace

// The seam every guest path passes through on its way to the host: the --sysroot overlay and
// the --root confinement (vfs.cpp).
int64_t guest_path(process& p, uint64_t dirfd, uint64_t addr, host_path& out, bool follow_last) {
  std::string path;
  if (!p.guest_string(addr, path)) return err(EFAULT);
  return guest_path(p, dirfd, path, out, follow_last);
}
int64_t guest_path(process& p, uint64_t dirfd, const std::string& path, host_path& out,
                   bool follow_last) {
  if (path.size() >= PATH_MAX) return err(ENAMETOOLONG);
  out.guest = path;
  if (follow_last && is_own_exe(path) && !p.exe_path().empty()) {
    out.dirfd = AT_FDCWD;  // the program, not ssivm (opened to read its own image, stat…)
    out.path = p.exe_path();
    return 0;
  }
  return p.fs().resolve(static_cast<int>(dirfd), out.guest, follow_last, out);
}

void register_fs_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(3, "read", sys_read);
  def(4, "write", sys_write);
  def(5, "open", sys_open);
  def(6, "close", sys_close);
  def(8, "creat", sys_creat);
  def(10, "unlink", sys_unlink);
  def(12, "chdir", sys_chdir);
  def(19, "lseek", sys_lseek);
  def(33, "access", sys_access);
  def(36, "sync", sys_sync);
  def(38, "rename", sys_rename);
  def(39, "mkdir", sys_mkdir);
  def(40, "rmdir", sys_rmdir);
  def(41, "dup", sys_dup);
  def(42, "pipe", sys_pipe);
  def(54, "ioctl", sys_ioctl);
  def(55, "fcntl", sys_fcntl);
  def(60, "umask", sys_umask);
  def(63, "dup2", sys_dup2);
  def(85, "readlink", sys_readlink);
  def(93, "ftruncate", sys_ftruncate);
  def(106, "stat", sys_stat);
  def(107, "lstat", sys_lstat);
  def(108, "fstat", sys_fstat);
  def(118, "fsync", sys_fsync);
  def(133, "fchdir", sys_fchdir);
  def(141, "getdents", sys_getdents);
  def(143, "flock", sys_flock);
  def(145, "readv", sys_readv);
  def(146, "writev", sys_writev);
  def(148, "fdatasync", sys_fdatasync);
  def(180, "pread64", sys_pread64);
  def(181, "pwrite64", sys_pwrite64);
  def(183, "getcwd", sys_getcwd);
  def(187, "sendfile", sys_sendfile);
  def(220, "getdents64", sys_getdents64);
  def(222, "readahead", sys_readahead);
  def(253, "fadvise64", sys_fadvise64);
  def(288, "openat", sys_openat);
  def(289, "mkdirat", sys_mkdirat);
  def(293, "newfstatat", sys_newfstatat);
  def(294, "unlinkat", sys_unlinkat);
  def(295, "renameat", sys_renameat);
  def(298, "readlinkat", sys_readlinkat);
  def(300, "faccessat", sys_faccessat);
  def(306, "splice", sys_splice);
  def(307, "sync_file_range", sys_sync_file_range);
  def(308, "tee", sys_tee);
  def(314, "fallocate", sys_fallocate);
  def(325, "pipe2", sys_pipe2);
  def(326, "dup3", sys_dup3);
  def(350, "memfd_create", sys_memfd_create);
  def(328, "preadv", sys_preadv);
  def(329, "pwritev", sys_pwritev);
  def(338, "syncfs", sys_syncfs);
  def(375, "copy_file_range", sys_copy_file_range);
  def(376, "preadv2", sys_preadv2);
  def(377, "pwritev2", sys_pwritev2);
  def(436, "close_range", sys_close_range);
  def(437, "openat2", sys_openat2);
  def(439, "faccessat2", sys_faccessat2);
}

}  // namespace ssivm::runtime::linux_abi
