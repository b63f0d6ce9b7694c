// File system calls: descriptors, reads and writes, paths, directories, stat.
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

int64_t sys_newfstatat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
  struct stat s;
  if (::fstatat(hp.dirfd, hp.path.c_str(), &s, static_cast<int>(a[3])) < 0) return err(errno);
  uint8_t out[144];
  put_stat(s, out);
  return p.guest_write(a[2], out, sizeof out) ? 0 : err(EFAULT);
}

int64_t sys_openat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
  // s390x and x86-64 both use the generic open flag values (O_CREAT 0100 … O_CLOEXEC
  // 02000000), so the flags pass as they are; the program sees exactly what it asked for.
  return host_ret(
      ::openat(hp.dirfd, hp.path.c_str(), static_cast<int>(a[2]), static_cast<mode_t>(a[3])));
}
int64_t sys_open(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], a[2]};
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

int64_t sys_readlinkat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, false)) return e;
  char buf[4096];
  ssize_t n;
  if (hp.guest == "/proc/self/exe" || hp.guest == "/proc/" + std::to_string(::getpid()) + "/exe") {
    // The program, not ssivm (glibc's static startup asks, and so may the program).
    n = static_cast<ssize_t>(std::min(p.exe_path().size(), sizeof buf));
    std::memcpy(buf, p.exe_path().data(), static_cast<size_t>(n));
  } else {
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
int64_t sys_unlinkat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
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
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
  return host_ret(::mkdirat(hp.dirfd, hp.path.c_str(), static_cast<mode_t>(a[2])));
}
int64_t sys_mkdir(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], a[1]};
  return sys_mkdirat(p, b);
}
int64_t sys_renameat(process& p, const uint64_t* a) {
  host_path from, to;
  if (int64_t e = guest_path(p, a[0], a[1], from)) return e;
  if (int64_t e = guest_path(p, a[2], a[3], to)) return e;
  return host_ret(::renameat(from.dirfd, from.path.c_str(), to.dirfd, to.path.c_str()));
}
int64_t sys_rename(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], kAtFdCwd, a[1]};
  return sys_renameat(p, b);
}
int64_t sys_chdir(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, kAtFdCwd, a[0], hp)) return e;
  return host_ret(::chdir(hp.path.c_str()));
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

}  // namespace

// The seam every guest path passes through on its way to the host. For now paths are the
// host's own; the personality's --root confinement and --sysroot overlay belong here.
int64_t guest_path(process& p, uint64_t dirfd, uint64_t addr, host_path& out, bool follow_last) {
  std::string path;
  if (!p.guest_string(addr, path)) return err(EFAULT);
  return guest_path(p, dirfd, path, out, follow_last);
}
int64_t guest_path(process&, uint64_t dirfd, const std::string& path, host_path& out,
                   bool follow_last) {
  (void)follow_last;
  out.guest = path;
  int fd = static_cast<int>(dirfd);
  out.dirfd = fd == -100 ? AT_FDCWD : fd;
  out.path = out.guest;
  return 0;
}

void register_fs_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(3, "read", sys_read);
  def(4, "write", sys_write);
  def(5, "open", sys_open);
  def(6, "close", sys_close);
  def(10, "unlink", sys_unlink);
  def(12, "chdir", sys_chdir);
  def(19, "lseek", sys_lseek);
  def(33, "access", sys_access);
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
  def(108, "fstat", sys_fstat);
  def(118, "fsync", sys_fsync);
  def(145, "readv", sys_readv);
  def(146, "writev", sys_writev);
  def(180, "pread64", sys_pread64);
  def(181, "pwrite64", sys_pwrite64);
  def(183, "getcwd", sys_getcwd);
  def(220, "getdents64", sys_getdents64);
  def(288, "openat", sys_openat);
  def(289, "mkdirat", sys_mkdirat);
  def(293, "newfstatat", sys_newfstatat);
  def(294, "unlinkat", sys_unlinkat);
  def(295, "renameat", sys_renameat);
  def(298, "readlinkat", sys_readlinkat);
  def(300, "faccessat", sys_faccessat);
  def(325, "pipe2", sys_pipe2);
  def(326, "dup3", sys_dup3);
}

}  // namespace ssivm::runtime::linux_abi
