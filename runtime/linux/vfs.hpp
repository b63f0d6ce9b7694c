// The file system as a Linux guest sees it: its root (--root; nothing outside it can be
// reached), a sysroot searched first for absolute paths (--sysroot, like qemu-user's -L), and
// its current directory. Every guest path becomes a host (directory descriptor, path) here.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace ssivm::runtime::linux_abi {

// A host file descriptor owned by one object (closed when it goes).
class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(unique_fd&& o) noexcept : fd_(o.release()) {}
  unique_fd& operator=(unique_fd&& o) noexcept;
  ~unique_fd();
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_ = -1;
};

// A guest path on its way to the host: *at-style directory descriptor and path, ready for
// the host call. `guest` is the path as the program gave it (for messages and special names).
// The descriptor, when the resolution opened one, lives as long as this object.
struct host_path {
  int dirfd = -100;
  std::string path;
  std::string guest;
  unique_fd owned;
  // Set by the caller: the call may create the (followed) last component (open with
  // O_CREAT). Inside a root, any other followed name that does not exist is ENOENT at once.
  bool create = false;
  // Set by the resolution: the name was absent inside a root, so the host call must not
  // follow a link there (O_NOFOLLOW): one planted since would lead outside.
  bool absent = false;
};

class vfs {
 public:
  // `root`: the host directory the guest sees as "/" ("/" or empty: the host's own, no
  // confinement). `sysroot`: searched first for absolute paths (empty: none). On failure
  // returns false and the reason in `error`.
  bool init(const std::string& root, const std::string& sysroot, std::string& error);
  vfs() = default;
  vfs(const vfs& o);  // a copy for a new process (fork): same root and directory
  vfs& operator=(const vfs&) = delete;
  ~vfs();

  bool confined() const { return root_fd_ >= 0; }
  // The descriptors resolution lives on are not the guest's: close and dup2 onto them fail.
  bool owns(int fd) const {
    return fd >= 0 && (fd == root_fd_ || fd == sysroot_fd_ || fd == cwd_fd_);
  }
  // Resolve with the component walk instead of openat2 (as on kernels without it): tests.
  static void use_openat2(bool on);
  bool has_sysroot() const { return sysroot_fd_ >= 0; }

  // Resolves the guest's `path`, relative to guest descriptor `dirfd` (or -100, the current
  // directory). `follow_last`: whether a symbolic link as last component is followed (false
  // for lstat, readlink, unlink, rename, mkdir…). Returns 0 or -errno. The result names the
  // object inside the root (or the sysroot): `..` and symbolic links, absolute ones included,
  // never lead out of it.
  int64_t resolve(int dirfd, const std::string& path, bool follow_last, host_path& out) const;

  // Opens a guest file for reading (the program, its interpreter): -errno on failure.
  int open_read(const std::string& path) const;

  // The current directory, as the guest names it.
  int64_t chdir(const std::string& path);
  int64_t fchdir(int fd);
  int64_t getcwd(std::string& out) const;

  // The guest's name for a host path (for /proc/self/exe): the path with the root's prefix
  // taken off, or the host path when there is no confinement.
  std::string guest_name_of(const std::string& host) const;
  // The host path of the file open on descriptor `fd` (empty if the host cannot tell).
  static std::string host_name_of_fd(int fd);

 private:
  int64_t resolve_in(int base, std::string path, bool follow_last, bool must_exist,
                     host_path& out) const;
  int64_t guest_dir_of(int dirfd, std::string& out) const;
  std::string current_dir() const;

  int root_fd_ = -1;  // O_PATH descriptor of the root (confined only)
  std::string root_;  // its host path, without a trailing slash
  int sysroot_fd_ = -1;
  std::string sysroot_;
  // The guest's current directory, shared by its threads: its guest path inside a root, else
  // a descriptor (-1: the host's own current directory).
  mutable std::mutex cwd_lock_;
  std::string cwd_ = "/";
  int cwd_fd_ = -1;
};

}  // namespace ssivm::runtime::linux_abi
