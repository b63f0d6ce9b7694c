// Processes: clone (dispatching to threads or to a new guest), fork/vfork, execve, wait4,
// waitid, and process groups and sessions. A child process is a host fork of ssivm (guest
// storage is a private mapping, so the child's copy is copy-on-write), as qemu-user does.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

// A vfork child's end of the pipe its parent waits on: the parent goes on when the child
// execs or exits (closing the last write end). One guest per host process, so one per process.
// The descriptor lives high, out of the program's way; should the program close it or reuse
// its number anyway (the parent then went on early), the descriptor is not ours to close.
struct vfork_release {
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
} vfork_release_end;

void keep_release_end(int fd) {
  struct rlimit nofile;
  int high = ::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < 1024
                 ? static_cast<int>(nofile.rlim_cur) - 32
                 : 1024 - 32;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, std::max(high, 3));
  if (moved >= 0) {
    ::close(fd);
    fd = moved;
  }
  struct stat sb {};
  ::fstat(fd, &sb);
  vfork_release_end = {fd, sb.st_dev, sb.st_ino};
}

void release_vfork_parent() {
  if (vfork_release_end.fd < 0) return;
  struct stat sb;
  if (::fstat(vfork_release_end.fd, &sb) == 0 && sb.st_dev == vfork_release_end.dev &&
      sb.st_ino == vfork_release_end.ino)
    ::close(vfork_release_end.fd);
  vfork_release_end = {};
}

constexpr uint64_t kCloneClearSighand = 0x100000000ull;  // clone3 only (linux/sched.h)

// What a new process (not a thread) can honour: no sharing between host processes except
// through vfork's wait, no namespaces, no pidfd.
constexpr uint64_t kForkFlags = CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID |
                                CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS |
                                CLONE_SYSVSEM | CLONE_PTRACE | CLONE_UNTRACED | CLONE_DETACHED |
                                CLONE_IO | kCloneClearSighand;

// Guest arrays of string pointers (argv, envp): NULL-terminated, big-endian doublewords.
int64_t guest_strings(process& p, uint64_t addr, std::vector<std::string>& out) {
  constexpr size_t kMaxStrings = 1u << 20, kMaxString = 128u << 10;  // MAX_ARG_STRLEN
  out.clear();
  if (!addr) return 0;
  for (;; addr += 8) {
    uint64_t ptr;
    if (!p.guest_read(addr, &ptr, 8)) return err(EFAULT);
    ptr = arch::from_be(ptr);
    if (!ptr) return 0;
    if (out.size() >= kMaxStrings) return err(E2BIG);
    if (!p.guest_string(ptr, out.emplace_back(), kMaxString)) return err(EFAULT);
  }
}

// Reads the program file at `hp` whole, with the kernel's refusals: EACCES for something that
// is not a regular file or has no execute permission.
int64_t read_program(const host_path& hp, std::vector<uint8_t>& image) {
  int fd = ::openat(hp.dirfd, hp.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return err(errno);
  struct stat sb;
  if (::fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
      ::faccessat(hp.dirfd, hp.path.c_str(), X_OK, AT_EACCESS) < 0) {
    ::close(fd);
    return err(EACCES);
  }
  image.resize(static_cast<size_t>(sb.st_size));
  size_t got = 0;
  while (got < image.size()) {
    ssize_t r = ::read(fd, image.data() + got, image.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  ::close(fd);
  image.resize(got);
  return 0;
}

// The `#!` line of a script as the kernel reads it: the interpreter, then everything after
// it up to the line's end (trailing blanks dropped) as one optional argument. False if the
// line names no interpreter or does not end within the kernel's 256-byte buffer.
bool parse_interpreter(const std::vector<uint8_t>& image, std::string& interp, std::string& arg) {
  constexpr size_t kLineMax = 256;  // BINPRM_BUF_SIZE
  std::string line(image.begin() + 2, image.begin() + std::min(image.size(), kLineMax));
  size_t nl = line.find('\n');
  if (nl == line.npos && image.size() > kLineMax) return false;
  line = line.substr(0, nl);
  auto blank = [](char ch) { return ch == ' ' || ch == '\t'; };
  size_t b = 0;
  while (b < line.size() && blank(line[b])) ++b;
  size_t e = b;
  while (e < line.size() && !blank(line[e])) ++e;
  interp = line.substr(b, e - b);
  while (e < line.size() && blank(line[e])) ++e;
  size_t end = line.size();
  while (end > e && blank(line[end - 1])) --end;
  arg = line.substr(e, end - e);
  return !interp.empty();
}

// An executable ELF file for this machine: 64-bit, big-endian, s390 (ENOEXEC otherwise).
bool is_s390x_elf(const std::vector<uint8_t>& f) {
  constexpr unsigned kEtExec = 2, kEtDyn = 3, kEmS390 = 22;
  if (f.size() < 64 || std::memcmp(f.data(), "\177ELF", 4) != 0 || f[4] != 2 || f[5] != 2)
    return false;
  unsigned type = f[16] << 8 | f[17], machine = f[18] << 8 | f[19];
  return (type == kEtExec || type == kEtDyn) && machine == kEmS390;
}

// execve closes the descriptors the program marked close-on-exec itself: no host exec
// happens that would. ssivm's own descriptors (`keep`) are close-on-exec too and stay.
template <typename Keep>
void close_on_exec_descriptors(Keep keep) {
  DIR* d = ::opendir("/proc/self/fd");
  if (!d) return;
  std::vector<int> doomed;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    int fd = std::atoi(e->d_name);
    if (fd == ::dirfd(d) || keep(fd)) continue;
    int fl = ::fcntl(fd, F_GETFD);
    if (fl >= 0 && (fl & FD_CLOEXEC)) doomed.push_back(fd);
  }
  ::closedir(d);
  for (int fd : doomed) ::close(fd);
}

// ---- system calls --------------------------------------------------------------------------

// s390x clone takes the new stack first and the flags second (the other way round from most
// architectures): clone(child_stack, flags, parent_tid, child_tid, tls).
int64_t sys_clone(process& p, const uint64_t* a) {
  uint64_t stack = a[0], flags = a[1];
  if ((flags & CLONE_VM) && (flags & CLONE_THREAD))
    return p.clone_thread(flags, stack, a[2], a[3], a[4]);
  return p.fork_process(flags, stack, a[2], a[3], a[4]);
}
int64_t sys_fork(process& p, const uint64_t*) { return p.fork_process(SIGCHLD, 0, 0, 0, 0); }
int64_t sys_vfork(process& p, const uint64_t*) {
  return p.fork_process(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, 0, 0, 0);
}
// clone3(struct clone_args*, size): the same as clone, from a structure of doublewords
// (flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, ...).
int64_t sys_clone3(process& p, const uint64_t* a) {
  constexpr uint64_t kSizeVer0 = 64;
  if (a[1] < kSizeVer0 || a[1] > 4096) return err(EINVAL);
  uint64_t f[8];
  if (!p.guest_read(a[0], f, sizeof f)) return err(EFAULT);
  for (uint64_t& v : f) v = arch::from_be(v);
  uint64_t flags = f[0], exit_signal = f[4], stack = f[5], stack_size = f[6];
  if ((flags & CSIGNAL) || exit_signal > kMaxSignal || (!stack) != (!stack_size))
    return err(EINVAL);
  uint64_t sp = stack ? stack + stack_size : 0;  // stacks grow down: start at the top
  if ((flags & CLONE_VM) && (flags & CLONE_THREAD))
    return p.clone_thread(flags | exit_signal, sp, f[3], f[2], f[7]);
  return p.fork_process(flags | exit_signal, sp, f[3], f[2], f[7]);
}

int64_t exec_with(process& p, const std::string& path, uint64_t argv_addr, uint64_t envp_addr) {
  std::vector<std::string> argv, envp;
  if (int64_t e = guest_strings(p, argv_addr, argv)) return e;
  if (int64_t e = guest_strings(p, envp_addr, envp)) return e;
  return p.exec_program(path, argv, envp);
}
int64_t sys_execve(process& p, const uint64_t* a) {
  std::string path;
  if (!p.guest_string(a[0], path)) return err(EFAULT);
  return exec_with(p, path, a[1], a[2]);
}

// execveat(dirfd, path, argv, envp, flags): the descriptors are the host's, so a path relative
// to one (or the descriptor itself, with AT_EMPTY_PATH: fexecve) is reachable through
// /proc/self/fd.
int64_t sys_execveat(process& p, const uint64_t* a) {
  constexpr uint64_t kAtSymlinkNofollow = 0x100, kAtEmptyPath = 0x1000;
  if (a[4] & ~(kAtSymlinkNofollow | kAtEmptyPath)) return err(EINVAL);
  std::string path;
  if (!p.guest_string(a[1], path)) return err(EFAULT);
  int dirfd = static_cast<int>(a[0]);
  if (path.empty() && !(a[4] & kAtEmptyPath)) return err(ENOENT);
  if (dirfd != AT_FDCWD && (path.empty() || path[0] != '/')) {
    if (::fcntl(dirfd, F_GETFD) < 0) return err(EBADF);
    path = "/proc/self/fd/" + std::to_string(dirfd) + (path.empty() ? "" : "/" + path);
  }
  return exec_with(p, path, a[2], a[3]);
}

// struct rusage: two timevals and fourteen longs, all doublewords on s390x as on the host.
bool put_rusage(process& p, uint64_t addr, const struct rusage& ru) {
  static_assert(sizeof(struct rusage) >= 18 * 8);
  uint64_t w[18];
  std::memcpy(w, &ru, sizeof w);
  for (uint64_t& v : w) v = arch::to_be(v);
  return p.guest_write(addr, w, sizeof w);
}

pid_t as_pid(uint64_t v) { return static_cast<pid_t>(static_cast<int32_t>(v)); }

// wait4(pid, status, options, rusage): the host's, as guest children are host processes.
// Wait statuses are encoded alike on every Linux architecture.
int64_t sys_wait4(process& p, const uint64_t* a) {
  int status = 0;
  struct rusage ru {};
  pid_t r = ::wait4(as_pid(a[0]), &status, static_cast<int>(a[2]), a[3] ? &ru : nullptr);
  if (r < 0) return err(errno);
  uint32_t st = arch::to_be(static_cast<uint32_t>(status));
  if (r > 0 && a[1] && !p.guest_write(a[1], &st, 4)) return err(EFAULT);
  if (a[3] && !put_rusage(p, a[3], ru)) return err(EFAULT);
  return r;
}

// waitid(idtype, id, infop, options, rusage): the kernel fills si_signo, si_errno, si_code
// and the SIGCHLD fields pid, uid and status; siginfo's layout is the host's, big-endian.
int64_t sys_waitid(process& p, const uint64_t* a) {
  siginfo_t si;
  std::memset(&si, 0, sizeof si);
  struct rusage ru {};
  long r = ::syscall(SYS_waitid, static_cast<int>(a[0]), as_pid(a[1]), a[2] ? &si : nullptr,
                     static_cast<int>(a[3]), a[4] ? &ru : nullptr);
  if (r < 0) return err(errno);
  if (a[2]) {
    uint32_t head[3] = {arch::to_be(static_cast<uint32_t>(si.si_signo)),
                        arch::to_be(static_cast<uint32_t>(si.si_errno)),
                        arch::to_be(static_cast<uint32_t>(si.si_code))};
    uint32_t child[3] = {arch::to_be(static_cast<uint32_t>(si.si_pid)),
                         arch::to_be(static_cast<uint32_t>(si.si_uid)),
                         arch::to_be(static_cast<uint32_t>(si.si_status))};
    if (!p.guest_write(a[2], head, sizeof head) || !p.guest_write(a[2] + 16, child, sizeof child))
      return err(EFAULT);
  }
  if (a[4] && !put_rusage(p, a[4], ru)) return err(EFAULT);
  return r;
}

int64_t sys_setpgid(process&, const uint64_t* a) {
  return host_ret(::setpgid(as_pid(a[0]), as_pid(a[1])));
}
int64_t sys_getpgid(process&, const uint64_t* a) { return host_ret(::getpgid(as_pid(a[0]))); }
int64_t sys_getpgrp(process&, const uint64_t*) { return ::getpgrp(); }
int64_t sys_setsid(process&, const uint64_t*) { return host_ret(::setsid()); }
int64_t sys_getsid(process&, const uint64_t* a) { return host_ret(::getsid(as_pid(a[0]))); }

}  // namespace

int64_t process::fork_process(uint64_t flags, uint64_t child_stack, uint64_t parent_tid,
                              uint64_t child_tid, uint64_t tls) {
  // Shared memory without a thread cannot span two host processes; vfork's sharing is only
  // needed until the child execs or exits, so the child runs on its own copy instead.
  if ((flags & ~kForkFlags) || ((flags & CLONE_VM) && !(flags & CLONE_VFORK))) return err(EINVAL);
  int exit_signal = static_cast<int>(flags & CSIGNAL);
  int release[2] = {-1, -1};
  if ((flags & CLONE_VFORK) && ::pipe2(release, O_CLOEXEC) < 0) return err(errno);
  std::fflush(nullptr);
  // fork() runs the host's atfork handlers (allocator locks); only another exit signal needs
  // the raw call.
  pid_t pid = exit_signal == SIGCHLD
                  ? ::fork()
                  : static_cast<pid_t>(::syscall(SYS_clone, exit_signal, 0, 0, 0, 0));
  if (pid < 0) {
    int e = errno;
    if (release[0] >= 0) ::close(release[0]), ::close(release[1]);
    return err(e);
  }
  if (pid == 0) {
    release_vfork_parent();  // a vfork child's own children must not hold its parent
    if (release[0] >= 0) {
      ::close(release[0]);
      keep_release_end(release[1]);
    }
    // The child is the calling vCPU alone (the host fork has only the calling host thread);
    // its thread id is its new pid.
    keep_only_current_thread();
    current_thread().tid = next_tid_ = ::getpid();
    if (child_stack) cpu().s.gr[15] = child_stack;
    if (flags & CLONE_SETTLS) {
      cpu().s.ar[0] = static_cast<uint32_t>(tls >> 32);
      cpu().s.ar[1] = static_cast<uint32_t>(tls);
    }
    if (flags & CLONE_CHILD_SETTID) {
      uint32_t tid = arch::to_be(static_cast<uint32_t>(::getpid()));
      guest_write(child_tid, &tid, 4);
    }
    // CLONE_CHILD_CLEARTID: the store at exit would land in storage nobody else sees.
    if (flags & kCloneClearSighand) reset_caught_handlers();
    return 0;
  }
  if (flags & CLONE_PARENT_SETTID) {
    uint32_t tid = arch::to_be(static_cast<uint32_t>(pid));
    guest_write(parent_tid, &tid, 4);
  }
  if (release[0] >= 0) {
    ::close(release[1]);
    char ch;
    while (::read(release[0], &ch, 1) < 0 && errno == EINTR) {
    }
    ::close(release[0]);
  }
  return pid;
}

int64_t process::exec_program(const std::string& path, const std::vector<std::string>& argv,
                              const std::vector<std::string>& envp) {
  // Find the program, following `#!` scripts to their interpreter as the kernel does: the
  // interpreter, its optional argument, the script's path, then the original argv[1..].
  std::vector<std::string> args = argv;
  std::string file = path;
  std::vector<uint8_t> image;
  host_path hp;
  for (int depth = 0;; ++depth) {
    if (depth > 4) return err(ELOOP);
    if (file.empty()) return err(ENOENT);
    // (guest_path: /proc/self/exe is the running program, not ssivm.)
    if (int64_t e = guest_path(*this, kAtFdCwd, file, hp)) return e;
    if (int64_t e = read_program(hp, image)) return e;
    if (image.size() < 2 || image[0] != '#' || image[1] != '!') break;
    std::string interp, arg;
    if (!parse_interpreter(image, interp, arg)) return err(ENOEXEC);
    std::vector<std::string> script_args{interp};
    if (!arg.empty()) script_args.push_back(arg);
    script_args.push_back(file);
    if (args.size() > 1) script_args.insert(script_args.end(), args.begin() + 1, args.end());
    args = std::move(script_args);
    file = interp;
  }
  if (!is_s390x_elf(image)) return err(ENOEXEC);

  // The point of no return: from here a failure ends the program, as with the kernel.
  std::string exe = hp.path;
  if (hp.dirfd != AT_FDCWD && !exe.empty() && exe[0] != '/')
    exe = "/proc/self/fd/" + std::to_string(hp.dirfd) + "/" + exe;
  char real[PATH_MAX];
  if (::realpath(exe.c_str(), real)) exe = real;
  release_vfork_parent();
  // The vfork release end is closed above; the vfs's root, sysroot and current-directory
  // descriptors are ssivm's.
  close_on_exec_descriptors([this](int fd) { return fs().owns(fd); });
  // The signal mask and pending signals stay.
  reset_for_exec();  // one thread left, caught signals to SIG_DFL, no altstack
  zero_pages(0, st_->size());
  maps_.clear();
  exe_path_ = exe;
  opt_.env = envp;
  std::string error;
  if (!load_program(image, file, args, error)) {
    std::fprintf(stderr, "ssivm: %s\n", error.c_str());
    die_by_signal(SIGSEGV);
  }
  return 0;
}

void register_proc_syscalls(syscall_table& t) {
  auto def = [&](unsigned nr, const char* name, sys_fn fn) { t[nr] = {name, fn}; };
  def(2, "fork", sys_fork);
  def(11, "execve", sys_execve);
  def(57, "setpgid", sys_setpgid);
  def(65, "getpgrp", sys_getpgrp);
  def(66, "setsid", sys_setsid);
  def(114, "wait4", sys_wait4);
  def(120, "clone", sys_clone);
  def(132, "getpgid", sys_getpgid);
  def(147, "getsid", sys_getsid);
  def(190, "vfork", sys_vfork);
  def(281, "waitid", sys_waitid);
  def(354, "execveat", sys_execveat);
  def(435, "clone3", sys_clone3);
}

}  // namespace ssivm::runtime::linux_abi
