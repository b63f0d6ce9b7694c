// File metadata calls: statx and file-system statistics, permissions, owners, times, links,
// special files, truncation by name, extended attributes. Each guest path reaches the host through
// guest_path.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {

std::string plain_path(const host_path& hp) {
  if (hp.dirfd == AT_FDCWD || (!hp.path.empty() && hp.path[0] == '/')) return hp.path;
  return "/proc/self/fd/" + std::to_string(hp.dirfd) + "/" + hp.path;
}

namespace {

bool follows(uint64_t flags) { return !(flags & AT_SYMLINK_NOFOLLOW); }

// ---- statx and statfs ----------------------------------------------------------------------

// struct statx is the same on every architecture: fields of 2, 4 and 8 bytes at fixed offsets;
// the host fills it in its byte order and each field is turned around for the guest.
int64_t sys_statx(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, follows(a[2]))) return e;
  uint8_t b[256] = {};
  if (::syscall(SYS_statx, hp.dirfd, hp.path.c_str(), static_cast<int>(a[2]),
                static_cast<unsigned>(a[3]), b) < 0)
    return err(errno);
  auto swap = [&](unsigned off, unsigned size) { std::reverse(b + off, b + off + size); };
  for (unsigned off :
       {0u, 4u, 16u, 20u, 24u, 128u, 132u, 136u, 140u, 152u, 156u, 168u, 172u, 176u, 180u, 184u})
    swap(off, 4);
  swap(28, 2);
  for (unsigned off : {8u, 32u, 40u, 48u, 56u, 144u, 160u}) swap(off, 8);
  for (unsigned ts = 64; ts <= 112; ts += 16) {  // {s64 sec; u32 nsec; s32 reserved}
    swap(ts, 8);
    swap(ts + 8, 4);
  }
  return p.guest_write(a[4], b, sizeof b) ? 0 : err(EFAULT);
}

// struct statfs of 64-bit s390x (asm/statfs.h): two ints, five longs, the fsid, four ints and
// four spare ints, 88 bytes with the tail padding. statfs64 is the same structure.
constexpr uint64_t kStatfsSize = 88;
int64_t put_statfs(process& p, const struct statfs& s, uint64_t addr) {
  uint8_t b[kStatfsSize] = {};
  put_be(b, 0, static_cast<uint32_t>(s.f_type));
  put_be(b, 4, static_cast<uint32_t>(s.f_bsize));
  put_be(b, 8, static_cast<uint64_t>(s.f_blocks));
  put_be(b, 16, static_cast<uint64_t>(s.f_bfree));
  put_be(b, 24, static_cast<uint64_t>(s.f_bavail));
  put_be(b, 32, static_cast<uint64_t>(s.f_files));
  put_be(b, 40, static_cast<uint64_t>(s.f_ffree));
  int fsid[2];
  std::memcpy(fsid, &s.f_fsid, sizeof fsid);
  put_be(b, 48, static_cast<uint32_t>(fsid[0]));
  put_be(b, 52, static_cast<uint32_t>(fsid[1]));
  put_be(b, 56, static_cast<uint32_t>(s.f_namelen));
  put_be(b, 60, static_cast<uint32_t>(s.f_frsize));
  put_be(b, 64, static_cast<uint32_t>(s.f_flags));
  return p.guest_write(addr, b, sizeof b) ? 0 : err(EFAULT);
}
int64_t sys_statfs(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, kAtFdCwd, a[0], hp)) return e;
  struct statfs s;
  if (::statfs(plain_path(hp).c_str(), &s) < 0) return err(errno);
  return put_statfs(p, s, a[1]);
}
int64_t sys_fstatfs(process& p, const uint64_t* a) {
  struct statfs s;
  if (::fstatfs(static_cast<int>(a[0]), &s) < 0) return err(errno);
  return put_statfs(p, s, a[1]);
}
int64_t sys_statfs64(process& p, const uint64_t* a) {
  if (a[1] != kStatfsSize) return err(EINVAL);
  uint64_t b[2] = {a[0], a[2]};
  return sys_statfs(p, b);
}
int64_t sys_fstatfs64(process& p, const uint64_t* a) {
  if (a[1] != kStatfsSize) return err(EINVAL);
  uint64_t b[2] = {a[0], a[2]};
  return sys_fstatfs(p, b);
}

// ---- permissions and owners ----------------------------------------------------------------

int64_t sys_fchmodat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp)) return e;
  return host_ret(::fchmodat(hp.dirfd, hp.path.c_str(), static_cast<mode_t>(a[2] & 07777), 0));
}
int64_t sys_chmod(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], a[1]};
  return sys_fchmodat(p, b);
}
int64_t sys_fchmod(process&, const uint64_t* a) {
  return host_ret(::fchmod(static_cast<int>(a[0]), static_cast<mode_t>(a[1] & 07777)));
}

// Owners are 32-bit; (uid_t)-1 leaves one unchanged.
int64_t sys_fchownat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, follows(a[4]))) return e;
  return host_ret(::fchownat(hp.dirfd, hp.path.c_str(), static_cast<uint32_t>(a[2]),
                             static_cast<uint32_t>(a[3]), static_cast<int>(a[4])));
}
int64_t sys_chown(process& p, const uint64_t* a) {
  uint64_t b[5] = {kAtFdCwd, a[0], a[1], a[2], 0};
  return sys_fchownat(p, b);
}
int64_t sys_lchown(process& p, const uint64_t* a) {
  uint64_t b[5] = {kAtFdCwd, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW};
  return sys_fchownat(p, b);
}
int64_t sys_fchown(process&, const uint64_t* a) {
  return host_ret(
      ::fchown(static_cast<int>(a[0]), static_cast<uint32_t>(a[1]), static_cast<uint32_t>(a[2])));
}

// ---- times ---------------------------------------------------------------------------------

// utimensat with a null path acts on the descriptor itself (futimens): the raw host call
// keeps that meaning, which the C library's wrapper refuses.
int64_t set_times(process& p, uint64_t dirfd, uint64_t path, const struct timespec* ts,
                  uint64_t flags) {
  if (!path)
    return host_ret(
        ::syscall(SYS_utimensat, static_cast<int>(dirfd), nullptr, ts, static_cast<int>(flags)));
  host_path hp;
  if (int64_t e = guest_path(p, dirfd, path, hp, follows(flags))) return e;
  return host_ret(::syscall(SYS_utimensat, hp.dirfd, hp.path.c_str(), ts, static_cast<int>(flags)));
}
// Two guest {long sec; long sub} pairs; `ns_per_unit` is 1 for timespec, 1000 for timeval.
bool read_times(process& p, uint64_t addr, struct timespec ts[2], long ns_per_unit) {
  uint64_t t[4];
  if (!p.guest_read(addr, t, sizeof t)) return false;
  for (int k = 0; k < 2; ++k) {
    ts[k].tv_sec = static_cast<time_t>(arch::from_be(t[2 * k]));
    ts[k].tv_nsec = static_cast<long>(arch::from_be(t[2 * k + 1]));
    if (ns_per_unit != 1) {
      if (ts[k].tv_nsec < 0 || ts[k].tv_nsec >= 1000000)
        ts[k].tv_nsec = -1;  // EINVAL below
      else
        ts[k].tv_nsec *= ns_per_unit;
    }
  }
  return true;
}
int64_t sys_utimensat(process& p, const uint64_t* a) {
  // UTIME_NOW and UTIME_OMIT have the same values on s390x and the host.
  struct timespec ts[2];
  if (a[2] && !read_times(p, a[2], ts, 1)) return err(EFAULT);
  return set_times(p, a[0], a[1], a[2] ? ts : nullptr, a[3]);
}
int64_t sys_futimesat(process& p, const uint64_t* a) {
  struct timespec ts[2];
  if (a[2] && !read_times(p, a[2], ts, 1000)) return err(EFAULT);
  if (a[2] && (ts[0].tv_nsec < 0 || ts[1].tv_nsec < 0)) return err(EINVAL);
  return set_times(p, a[0], a[1], a[2] ? ts : nullptr, 0);
}
int64_t sys_utimes(process& p, const uint64_t* a) {
  uint64_t b[3] = {kAtFdCwd, a[0], a[1]};
  return sys_futimesat(p, b);
}
int64_t sys_utime(process& p, const uint64_t* a) {
  // struct utimbuf {long actime; long modtime;}: whole seconds.
  struct timespec ts[2];
  if (a[1]) {
    uint64_t t[2];
    if (!p.guest_read(a[1], t, sizeof t)) return err(EFAULT);
    ts[0] = {static_cast<time_t>(arch::from_be(t[0])), 0};
    ts[1] = {static_cast<time_t>(arch::from_be(t[1])), 0};
  }
  return set_times(p, kAtFdCwd, a[0], a[1] ? ts : nullptr, 0);
}

// ---- links, special files, renames, truncation ---------------------------------------------

int64_t sys_linkat(process& p, const uint64_t* a) {
  host_path from, to;
  if (int64_t e = guest_path(p, a[0], a[1], from, (a[4] & AT_SYMLINK_FOLLOW) != 0)) return e;
  if (int64_t e = guest_path(p, a[2], a[3], to, false)) return e;
  return host_ret(
      ::linkat(from.dirfd, from.path.c_str(), to.dirfd, to.path.c_str(), static_cast<int>(a[4])));
}
int64_t sys_link(process& p, const uint64_t* a) {
  uint64_t b[5] = {kAtFdCwd, a[0], kAtFdCwd, a[1], 0};
  return sys_linkat(p, b);
}
// The link's target is stored as the program wrote it: it is text, not a path to resolve now.
int64_t sys_symlinkat(process& p, const uint64_t* a) {
  std::string target;
  if (!p.guest_string(a[0], target)) return err(EFAULT);
  host_path hp;
  if (int64_t e = guest_path(p, a[1], a[2], hp, false)) return e;
  return host_ret(::symlinkat(target.c_str(), hp.dirfd, hp.path.c_str()));
}
int64_t sys_symlink(process& p, const uint64_t* a) {
  uint64_t b[3] = {a[0], kAtFdCwd, a[1]};
  return sys_symlinkat(p, b);
}
// The device number is the kernel's 32-bit encoding on both sides: the raw host call takes it
// as it is (the C library's mknodat would re-encode a dev_t).
int64_t sys_mknodat(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, a[0], a[1], hp, false)) return e;
  return host_ret(::syscall(SYS_mknodat, hp.dirfd, hp.path.c_str(), static_cast<unsigned>(a[2]),
                            static_cast<unsigned>(a[3])));
}
int64_t sys_mknod(process& p, const uint64_t* a) {
  uint64_t b[4] = {kAtFdCwd, a[0], a[1], a[2]};
  return sys_mknodat(p, b);
}
int64_t sys_renameat2(process& p, const uint64_t* a) {
  host_path from, to;
  if (int64_t e = guest_path(p, a[0], a[1], from, false)) return e;
  if (int64_t e = guest_path(p, a[2], a[3], to, false)) return e;
  return host_ret(::renameat2(from.dirfd, from.path.c_str(), to.dirfd, to.path.c_str(),
                              static_cast<unsigned>(a[4])));
}
int64_t sys_truncate(process& p, const uint64_t* a) {
  host_path hp;
  if (int64_t e = guest_path(p, kAtFdCwd, a[0], hp)) return e;
  return host_ret(::truncate(plain_path(hp).c_str(), static_cast<off_t>(a[1])));
}

// ---- extended attributes -------------------------------------------------------------------
// Names are strings, values and name lists plain bytes: nothing to translate. Each call comes
// in three forms — by path, by path without following a final link (l…), by descriptor (f…).
// All three become host path calls: a descriptor is named by its /proc/self/fd link, which
// the following calls see through to the open file.

enum class xattr_on { path, link, fd };
constexpr uint64_t kXattrMax = 65536;  // XATTR_SIZE_MAX and XATTR_LIST_MAX

struct xattr_calls {
  ssize_t (*get)(const char*, const char*, void*, size_t);
  int (*set)(const char*, const char*, const void*, size_t, int);
  ssize_t (*list)(const char*, char*, size_t);
  int (*remove)(const char*, const char*);
};
constexpr xattr_calls kFollowing = {::getxattr, ::setxattr, ::listxattr, ::removexattr};
constexpr xattr_calls kOnLink = {::lgetxattr, ::lsetxattr, ::llistxattr, ::lremovexattr};

// The host path and calls for the file argument `arg` (a guest path or a descriptor).
struct xattr_target {
  std::string path;
  const xattr_calls* calls = &kFollowing;
};
int64_t xattr_file(process& p, xattr_on how, uint64_t arg, xattr_target& out) {
  if (how == xattr_on::fd) {
    int fd = static_cast<int>(arg);
    if (::fcntl(fd, F_GETFD) < 0) return err(EBADF);
    out.path = "/proc/self/fd/" + std::to_string(fd);
    return 0;
  }
  host_path hp;
  if (int64_t e = guest_path(p, kAtFdCwd, arg, hp, how == xattr_on::path)) return e;
  out.path = plain_path(hp);
  if (how == xattr_on::link) out.calls = &kOnLink;
  return 0;
}
// An attribute name: 1 to 255 bytes, else ERANGE.
int64_t xattr_name(process& p, uint64_t addr, std::string& name) {
  if (!p.guest_string(addr, name)) return err(EFAULT);
  return name.empty() || name.size() > 255 ? err(ERANGE) : 0;
}
int64_t sys_xattr_set(process& p, const uint64_t* a, xattr_on how) {
  xattr_target f;
  std::string name;
  if (int64_t e = xattr_file(p, how, a[0], f)) return e;
  if (int64_t e = xattr_name(p, a[1], name)) return e;
  if (a[3] > kXattrMax) return err(E2BIG);
  const uint8_t* v = p.guest_span(a[2], a[3], false);
  if (!v && a[3]) return err(EFAULT);
  return host_ret(f.calls->set(f.path.c_str(), name.c_str(), v, a[3], static_cast<int>(a[4])));
}
int64_t sys_xattr_get(process& p, const uint64_t* a, xattr_on how) {
  xattr_target f;
  std::string name;
  if (int64_t e = xattr_file(p, how, a[0], f)) return e;
  if (int64_t e = xattr_name(p, a[1], name)) return e;
  uint64_t size = std::min(a[3], kXattrMax);
  uint8_t* v = p.guest_span(a[2], size, true);
  if (!v && size) return err(EFAULT);
  return host_ret(f.calls->get(f.path.c_str(), name.c_str(), v, size));
}
int64_t sys_xattr_list(process& p, const uint64_t* a, xattr_on how) {
  xattr_target f;
  if (int64_t e = xattr_file(p, how, a[0], f)) return e;
  uint64_t size = std::min(a[2], kXattrMax);
  auto* l = reinterpret_cast<char*>(p.guest_span(a[1], size, true));
  if (!l && size) return err(EFAULT);
  return host_ret(f.calls->list(f.path.c_str(), l, size));
}
int64_t sys_xattr_remove(process& p, const uint64_t* a, xattr_on how) {
  xattr_target f;
  std::string name;
  if (int64_t e = xattr_file(p, how, a[0], f)) return e;
  if (int64_t e = xattr_name(p, a[1], name)) return e;
  return host_ret(f.calls->remove(f.path.c_str(), name.c_str()));
}
template <int64_t (*Fn)(process&, const uint64_t*, xattr_on), xattr_on How>
int64_t xattr_row(process& p, const uint64_t* a) {
  return Fn(p, a, How);
}

}  // namespace

void register_meta_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(9, "link", sys_link);
  def(14, "mknod", sys_mknod);
  def(15, "chmod", sys_chmod);
  def(30, "utime", sys_utime);
  def(83, "symlink", sys_symlink);
  def(92, "truncate", sys_truncate);
  def(94, "fchmod", sys_fchmod);
  def(99, "statfs", sys_statfs);
  def(100, "fstatfs", sys_fstatfs);
  def(198, "lchown", sys_lchown);
  def(207, "fchown", sys_fchown);
  def(212, "chown", sys_chown);
  def(265, "statfs64", sys_statfs64);
  def(266, "fstatfs64", sys_fstatfs64);
  def(290, "mknodat", sys_mknodat);
  def(291, "fchownat", sys_fchownat);
  def(292, "futimesat", sys_futimesat);
  def(296, "linkat", sys_linkat);
  def(297, "symlinkat", sys_symlinkat);
  def(299, "fchmodat", sys_fchmodat);
  def(313, "utimes", sys_utimes);
  def(315, "utimensat", sys_utimensat);
  def(224, "setxattr", xattr_row<sys_xattr_set, xattr_on::path>);
  def(225, "lsetxattr", xattr_row<sys_xattr_set, xattr_on::link>);
  def(226, "fsetxattr", xattr_row<sys_xattr_set, xattr_on::fd>);
  def(227, "getxattr", xattr_row<sys_xattr_get, xattr_on::path>);
  def(228, "lgetxattr", xattr_row<sys_xattr_get, xattr_on::link>);
  def(229, "fgetxattr", xattr_row<sys_xattr_get, xattr_on::fd>);
  def(230, "listxattr", xattr_row<sys_xattr_list, xattr_on::path>);
  def(231, "llistxattr", xattr_row<sys_xattr_list, xattr_on::link>);
  def(232, "flistxattr", xattr_row<sys_xattr_list, xattr_on::fd>);
  def(233, "removexattr", xattr_row<sys_xattr_remove, xattr_on::path>);
  def(234, "lremovexattr", xattr_row<sys_xattr_remove, xattr_on::link>);
  def(235, "fremovexattr", xattr_row<sys_xattr_remove, xattr_on::fd>);
  def(347, "renameat2", sys_renameat2);
  def(379, "statx", sys_statx);
}

}  // namespace ssivm::runtime::linux_abi
