// Guest path resolution: the sysroot overlay and the root confinement. Inside a root, the
// host's openat2(RESOLVE_IN_ROOT) resolves every component but the last (or a careful walk
// when the kernel lacks it); the last one is looked at here, so that calls acting on a link
// itself get the link and a followed link goes on resolving inside the root.
#include "runtime/linux/vfs.hpp"

#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

namespace ssivm::runtime::linux_abi {
namespace {

constexpr int kMaxLinks = 40;  // as Linux: more links in one resolution is ELOOP

// Descriptors the resolution keeps live (root, sysroot, current directory) sit high, out of
// the way of the small numbers programs dup2 onto. They are not close-on-exec: execve is
// served in place, and its sweep of the guest's close-on-exec descriptors must leave them.
int park_fd(int fd, int floor = -1) {
  if (fd < 0) return fd;
  if (floor < 0) {
    struct rlimit rl;
    floor = 256;
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
      floor = static_cast<int>(std::max<rlim_t>(3, std::min<rlim_t>(rl.rlim_cur, 1024) - 64));
  }
  int high = ::fcntl(fd, F_DUPFD, floor);
  if (high < 0) {
    ::fcntl(fd, F_SETFD, 0);
    return fd;
  }
  ::close(fd);
  return high;
}

// The host path of a descriptor, as the kernel names it; empty if unknown.
std::string fd_path(int fd) {
  char link[64], buf[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, buf, sizeof buf);
  if (n <= 0 || n >= static_cast<ssize_t>(sizeof buf)) return {};
  return std::string(buf, static_cast<size_t>(n));
}

bool proc_available() {
  static const bool ok = ::access("/proc/self/fd", X_OK) == 0;
  return ok;
}

// The component-by-component walk for kernels without openat2: `..` stops at the root, and
// a symbolic link's target is walked from the root (absolute) or from where the link was.
int walk_in_root(int root, const std::string& path, bool follow_last) {
  struct stat root_st;
  if (::fstat(root, &root_st) < 0) return -errno;
  std::vector<std::string> todo;  // components still to walk, last first
  auto push = [&](const std::string& p) {
    std::vector<std::string> parts;
    size_t k = 0;
    while (k <= p.size()) {
      size_t e = p.find('/', k);
      if (e == std::string::npos) e = p.size();
      parts.push_back(p.substr(k, e - k));
      k = e + 1;
    }
    todo.insert(todo.end(), parts.rbegin(), parts.rend());
  };
  push(path);
  unique_fd cur(::openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (cur.get() < 0) return -errno;
  int links = 0;
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    bool last = todo.empty();
    if (name.empty() || name == ".") continue;
    if (name == "..") {
      struct stat st;
      if (::fstat(cur.get(), &st) < 0) return -errno;
      if (st.st_dev == root_st.st_dev && st.st_ino == root_st.st_ino) continue;
      unique_fd up(::openat(cur.get(), "..", O_PATH | O_DIRECTORY | O_CLOEXEC));
      if (up.get() < 0) return -errno;
      cur = std::move(up);
      continue;
    }
    struct stat st;
    if (::fstatat(cur.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0) return -errno;
    if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
      if (++links > kMaxLinks) return -ELOOP;
      char buf[PATH_MAX];
      ssize_t n = ::readlinkat(cur.get(), name.c_str(), buf, sizeof buf);
      if (n < 0) return -errno;
      std::string target(buf, static_cast<size_t>(n));
      if (!target.empty() && target[0] == '/') {
        unique_fd top(::openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (top.get() < 0) return -errno;
        cur = std::move(top);
      }
      push(target);
      continue;
    }
    int flags = O_PATH | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY);
    unique_fd next(::openat(cur.get(), name.c_str(), flags));
    if (next.get() < 0) return -errno;
    cur = std::move(next);
  }
  return cur.release();
}

std::atomic<bool> have_openat2{true};  // until the kernel says ENOSYS (or a test says so)

// An O_PATH descriptor for `path` resolved inside `root` (relative to it, a leading '/' or
// not): -errno on failure.
int open_in_root(int root, const std::string& path, bool follow_last, bool directory) {
  if (have_openat2) {
    struct open_how how {};
    how.flags = O_PATH | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW) | (directory ? O_DIRECTORY : 0);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(SYS_openat2, root, path.empty() ? "." : path.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != ENOSYS) return -errno;
    have_openat2 = false;
  }
  int fd = walk_in_root(root, path, follow_last);
  if (fd >= 0 && directory) {
    struct stat st;
    if (::fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
      ::close(fd);
      return -ENOTDIR;
    }
  }
  return fd;
}

// `host` as seen from inside host directory `dir` ("/x/y" for dir/x/y, "/" for dir itself);
// false when it lies outside.
bool inside(const std::string& host, const std::string& dir, std::string& guest) {
  if (host == dir) {
    guest = "/";
    return true;
  }
  if (host.size() > dir.size() && host.compare(0, dir.size(), dir) == 0 &&
      host[dir.size()] == '/') {
    guest = host.substr(dir.size());
    return true;
  }
  return false;
}

std::string join(const std::string& dir, const std::string& rel) {
  if (dir.empty() || dir.back() == '/') return dir + rel;
  return dir + "/" + rel;
}

// Devices a confined program may use even when its root has no /dev (as a chroot would need
// them bound in): they reach nothing of the host's files.
bool is_plain_device(const std::string& p) {
  return p == "/dev/null" || p == "/dev/zero" || p == "/dev/full" || p == "/dev/random" ||
         p == "/dev/urandom" || p == "/dev/tty";
}

// /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N: the guest's own descriptor N, reopened
// (it reaches only what the guest holds already); -1 for other names.
int own_descriptor_name(const std::string& p) {
  if (p == "/dev/stdin") return 0;
  if (p == "/dev/stdout") return 1;
  if (p == "/dev/stderr") return 2;
  if (p.size() <= 8 || p.size() > 16 || p.compare(0, 8, "/dev/fd/") != 0) return -1;
  int n = 0;
  for (size_t k = 8; k < p.size(); ++k) {
    if (p[k] < '0' || p[k] > '9') return -1;
    n = n * 10 + (p[k] - '0');
  }
  return n;
}

}  // namespace

void vfs::use_openat2(bool on) { have_openat2 = on; }

unique_fd& unique_fd::operator=(unique_fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}
unique_fd::~unique_fd() {
  if (fd_ >= 0) ::close(fd_);
}

bool vfs::init(const std::string& root, const std::string& sysroot, std::string& error) {
  auto open_dir = [&](const std::string& dir, std::string& real) {
    char buf[PATH_MAX];
    if (!::realpath(dir.c_str(), buf)) {
      error = dir + ": " + std::strerror(errno);
      return -1;
    }
    real = buf;
    int fd = ::open(buf, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) error = dir + ": " + std::strerror(errno);
    return park_fd(fd);
  };
  if (!sysroot.empty() && (sysroot_fd_ = open_dir(sysroot, sysroot_)) < 0) return false;
  if (!root.empty()) {
    std::string real;
    int fd = open_dir(root, real);
    if (fd < 0) return false;
    if (real == "/") {
      ::close(fd);  // the host's own root: nothing to confine
    } else {
      root_fd_ = fd;
      root_ = real;
      char buf[PATH_MAX];
      if (!::getcwd(buf, sizeof buf) || !inside(buf, root_, cwd_)) cwd_ = "/";
    }
  }
  // Without a root the current directory is a descriptor of the guest's own: the host's
  // stays put, whatever the guests in this process do.
  if (!confined()) cwd_fd_ = park_fd(::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  return true;
}

vfs::vfs(const vfs& o) : root_(o.root_), sysroot_(o.sysroot_), cwd_(o.current_dir()) {
  if (o.root_fd_ >= 0) root_fd_ = ::fcntl(o.root_fd_, F_DUPFD, o.root_fd_);
  if (o.sysroot_fd_ >= 0) sysroot_fd_ = ::fcntl(o.sysroot_fd_, F_DUPFD, o.sysroot_fd_);
  std::lock_guard<std::mutex> g(o.cwd_lock_);
  if (o.cwd_fd_ >= 0) cwd_fd_ = ::fcntl(o.cwd_fd_, F_DUPFD, o.cwd_fd_);
}

vfs::~vfs() {
  if (root_fd_ >= 0) ::close(root_fd_);
  if (sysroot_fd_ >= 0) ::close(sysroot_fd_);
  if (cwd_fd_ >= 0) ::close(cwd_fd_);
}

int64_t vfs::resolve_in(int base, std::string path, bool follow_last, bool must_exist,
                        host_path& out) const {
  for (int links = 0;;) {
    // A trailing slash asks for a directory, and follows a link to one.
    bool slash = false;
    while (path.size() > 1 && path.back() == '/') {
      path.pop_back();
      slash = true;
    }
    if (slash) follow_last = true;
    size_t cut = path.rfind('/');
    std::string parent = cut == std::string::npos ? "." : cut == 0 ? "/" : path.substr(0, cut);
    std::string name = cut == std::string::npos ? path : path.substr(cut + 1);
    if (name.empty() || name == "." || name == "..") {
      int fd = open_in_root(base, path, true, true);
      if (fd < 0) return fd;
      out.owned = unique_fd(fd);
      out.dirfd = fd;
      out.path = ".";
      return 0;
    }
    int pfd = open_in_root(base, parent, true, true);
    if (pfd < 0) return pfd;
    unique_fd dir(pfd);
    struct stat st;
    bool exists = ::fstatat(pfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!exists && (errno != ENOENT || must_exist)) return -errno;
    // Only a creation has a use for a name that is not there; handing any other call the
    // name would let a link planted meanwhile be followed by the host.
    if (!exists && follow_last && !out.create) return -ENOENT;
    if (exists && S_ISLNK(st.st_mode) && follow_last) {
      if (++links > kMaxLinks) return -ELOOP;
      char buf[PATH_MAX];
      ssize_t n = ::readlinkat(pfd, name.c_str(), buf, sizeof buf);
      if (n < 0) return -errno;
      std::string target(buf, static_cast<size_t>(n));
      path = !target.empty() && target[0] == '/' ? target : join(parent, target);
      if (slash) path += '/';
      continue;
    }
    if (exists && slash && !S_ISDIR(st.st_mode)) return -ENOTDIR;
    if (exists && follow_last && proc_available()) {
      // The object itself, by a descriptor: nothing can swap a link in before the host call.
      int fd = ::openat(pfd, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return -errno;
      out.owned = unique_fd(fd);
      out.dirfd = AT_FDCWD;
      out.path = "/proc/self/fd/" + std::to_string(fd);
      return 0;
    }
    out.owned = std::move(dir);
    out.dirfd = pfd;
    out.path = slash ? name + "/" : name;
    out.absent = !exists && follow_last;
    return 0;
  }
}

std::string vfs::current_dir() const {
  std::lock_guard<std::mutex> g(cwd_lock_);
  return cwd_;
}

// A directory's guest path: inside the root, or the sysroot (which overlays it).
int64_t vfs::guest_dir_of(int dirfd, std::string& out) const {
  std::string h = fd_path(dirfd);
  return inside(h, root_, out) || (has_sysroot() && inside(h, sysroot_, out)) ? 0 : -1;
}

int64_t vfs::resolve(int dirfd, const std::string& path, bool follow_last, host_path& out) const {
  out.dirfd = dirfd == -100 ? AT_FDCWD : dirfd;
  out.path = path;
  if (path.empty()) return 0;  // AT_EMPTY_PATH or ENOENT: the host call decides
  bool absolute = path[0] == '/';
  if (absolute && sysroot_fd_ >= 0) {
    host_path s;
    s.create = out.create;
    if (resolve_in(sysroot_fd_, path, follow_last, true, s) == 0) {
      out.dirfd = s.dirfd;
      out.path = std::move(s.path);
      out.owned = std::move(s.owned);
      return 0;
    }
  }
  if (!confined()) {
    if (!absolute && dirfd == -100) {
      std::lock_guard<std::mutex> g(cwd_lock_);
      if (cwd_fd_ >= 0) out.dirfd = cwd_fd_;
    }
    return 0;
  }
  int64_t r;
  if (absolute) {
    r = resolve_in(root_fd_, path, follow_last, false, out);
  } else if (dirfd == -100) {
    r = resolve_in(root_fd_, join(current_dir(), path), follow_last, false, out);
  } else {
    std::string dir;
    // A directory outside the root (inherited): its own subtree is all it reaches.
    r = guest_dir_of(dirfd, dir) == 0
            ? resolve_in(root_fd_, join(dir, path), follow_last, false, out)
            : resolve_in(dirfd, path, follow_last, false, out);
  }
  if (r == -ENOENT && is_plain_device(path)) {
    out.dirfd = AT_FDCWD;
    out.path = path;
    out.owned = unique_fd();
    return 0;
  }
  if (int n = own_descriptor_name(path); r == -ENOENT && n >= 0 && !owns(n)) {
    out.dirfd = AT_FDCWD;
    out.path = "/proc/self/fd/" + std::to_string(n);
    out.owned = unique_fd();
    return 0;
  }
  return r;
}

int vfs::open_read(const std::string& path) const {
  host_path hp;
  if (int64_t e = resolve(-100, path, true, hp)) return static_cast<int>(e);
  int fd = ::openat(hp.dirfd, hp.path.c_str(), O_RDONLY | O_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

int64_t vfs::chdir(const std::string& path) {
  host_path hp;
  if (int64_t e = resolve(-100, path, true, hp)) return e;
  unique_fd dir(::openat(hp.dirfd, hp.path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return -errno;
  return fchdir(dir.get());
}

int64_t vfs::fchdir(int fd) {
  struct stat st;
  if (::fstat(fd, &st) < 0) return -errno;
  if (!S_ISDIR(st.st_mode)) return -ENOTDIR;
  if (!confined()) {
    if (::faccessat(fd, ".", X_OK, 0) < 0) return -errno;  // as chdir checks search rights
    std::lock_guard<std::mutex> g(cwd_lock_);
    if (cwd_fd_ < 0) return ::fchdir(fd) < 0 ? -errno : 0;
    int mine = ::fcntl(fd, F_DUPFD, cwd_fd_);  // high, and not close-on-exec (park_fd)
    if (mine < 0) return -errno;
    ::close(cwd_fd_);
    cwd_fd_ = mine;
    return 0;
  }
  std::string dir;
  if (guest_dir_of(fd, dir) != 0) return -EACCES;  // not inside the root
  std::lock_guard<std::mutex> g(cwd_lock_);
  cwd_ = dir;
  return 0;
}

int64_t vfs::getcwd(std::string& out) const {
  if (confined()) {
    out = current_dir();
    return 0;
  }
  std::lock_guard<std::mutex> g(cwd_lock_);
  if (cwd_fd_ >= 0) {
    struct stat st;
    if (::fstat(cwd_fd_, &st) < 0) return -errno;
    if (st.st_nlink == 0) return -ENOENT;  // removed, as getcwd reports it
    out = fd_path(cwd_fd_);
    if (!out.empty() && out[0] == '/') return 0;
  }
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) return -errno;
  out = buf;
  return 0;
}

std::string vfs::guest_name_of(const std::string& host) const {
  std::string guest;
  if (!confined()) return host;
  if (inside(host, root_, guest) || (has_sysroot() && inside(host, sysroot_, guest))) return guest;
  return host;
}

std::string vfs::host_name_of_fd(int fd) {
  std::string h = fd_path(fd);
  return h.empty() || h[0] != '/' ? std::string() : h;
}

}  // namespace ssivm::runtime::linux_abi
