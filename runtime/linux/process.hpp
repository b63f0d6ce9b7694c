// A Linux s390x program as a guest: storage, one CPU, the initial stack, and the system calls
// a static program needs (the full personality grows here: see issue "Linux personality").
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "arch/cpu.hpp"
#include "runtime/engine.hpp"
#include "runtime/linux/vfs.hpp"
#include "runtime/storage.hpp"

namespace ssivm::runtime::linux_abi {

struct process_options {
  uint64_t storage_bytes = 1ull << 30;  // guest address space (reserved, committed on touch)
  uint64_t stack_bytes = 8ull << 20;
  std::vector<std::string> env;  // environment passed to the program
  bool trace_syscalls = false;
  bool trace_pgm = false;  // report program interruptions on stderr (debug aid)
  std::string root;        // host directory the guest sees as "/" (empty: the host's; vfs.hpp)
  std::string sysroot;     // searched first for absolute guest paths (qemu's -L; empty: none)
};

struct run_stats {
  uint64_t instructions = 0;
  uint64_t syscalls = 0;
  double seconds = 0;          // wall time of the run
  double syscall_seconds = 0;  // wall time spent serving system calls
};

class process {
 public:
  // Loads the program; on failure returns nullptr and a message in `error`.
  static std::unique_ptr<process> create(const std::string& path,
                                         const std::vector<std::string>& argv,
                                         const process_options& opt, std::string& error);
  // Same, from an ELF image already in memory (`name` is argv[0]'s default and AT_EXECFN).
  static std::unique_ptr<process> create_from_image(const std::vector<uint8_t>& image,
                                                    const std::string& name,
                                                    const std::vector<std::string>& argv,
                                                    const process_options& opt, std::string& error);
  ~process();

  // Runs to completion. Returns a wait-status-like result: exit code 0-255, or 128 + signal
  // for a program killed by a signal (term_signal() tells which).
  int run(engine& e);
  int term_signal() const { return term_signal_; }
  const run_stats& stats() const { return stats_; }
  storage& guest_storage() { return *st_; }
  arch::cpu& cpu() { return cpu_; }

 private:
  process() = default;
  uint64_t find_free(uint64_t len) const;
  void forget_range(uint64_t start, uint64_t end);
  void zero_pages(uint64_t start, uint64_t len);
  // Loads the ELF `image` into empty storage and sets up the CPU and initial stack
  // (create_from_image and exec_program).
  bool load_program(const std::vector<uint8_t>& image, const std::string& path,
                    const std::vector<std::string>& argv, std::string& error);
  bool build_stack(const std::vector<std::string>& argv, const std::string& execfn, uint64_t phdr,
                   uint64_t phent, uint64_t phnum, uint64_t entry, uint64_t base,
                   std::string& error);
  // Serves the SVC in cpu_; returns false when the program has ended.
  bool syscall();
  void deliver_program_interruption();
  void trace_program_interruption();

 public:  // used by the system-call table
  int64_t sys_brk(uint64_t addr);
  int64_t sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
  int64_t sys_munmap(uint64_t addr, uint64_t len);
  int64_t sys_mprotect(uint64_t addr, uint64_t len, int prot);
  bool guest_read(uint64_t addr, void* dst, uint64_t len);
  bool guest_write(uint64_t addr, const void* src, uint64_t len);
  bool guest_string(uint64_t addr, std::string& out, size_t max = 4096);
  // Host pointer to guest [addr, addr+len) if the guest may read it (and write it, when
  // `for_write`: then decoded code on those pages is dropped first); nullptr otherwise.
  uint8_t* guest_span(uint64_t addr, uint64_t len, bool for_write);
  int64_t sys_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags,
                     uint64_t new_addr);
  const std::string& exe_path() const { return exe_path_; }
  // The file system as this guest sees it (root, sysroot, current directory); threads share it.
  vfs& fs() { return *fs_; }
  uint64_t mapped_bytes() const;  // heap and mmap bytes in use
  void exit_with(int code) {
    exited_ = true;
    exit_code_ = code;
  }
  void die_by_signal(int sig);
  // Signals the program sends itself: disposition and mask as recorded from the program.
  void raise_signal(int sig);
  std::array<uint8_t, 32>& sigaction_of(int sig) { return sigactions_[sig]; }
  uint64_t signal_mask() const { return sigmask_; }
  void set_signal_mask(uint64_t m);
  uint64_t pending_signals() const { return pending_ & sigmask_; }
  void discard_pending(int sig) { pending_ &= ~(1ull << (sig - 1)); }
  // clone with CLONE_VM|CLONE_THREAD: a new vCPU of this guest sharing its storage.
  // Returns the new thread's id, or -errno. (Threads: sys_thread.cpp.)
  int64_t clone_thread(uint64_t flags, uint64_t child_stack, uint64_t parent_tid,
                       uint64_t child_tid, uint64_t tls);
  // fork, vfork, and clone without CLONE_VM: a new guest with a copy of this one's storage.
  // Returns the child's pid in the parent and 0 in the child, or -errno. (sys_proc.cpp.)
  int64_t fork_process(uint64_t flags, uint64_t child_stack, uint64_t parent_tid,
                       uint64_t child_tid, uint64_t tls);
  // execve: replaces the program of this guest; on failure returns -errno and the old program
  // goes on. (sys_proc.cpp.)
  int64_t exec_program(const std::string& path, const std::vector<std::string>& argv,
                       const std::vector<std::string>& envp);
  process_options opt_;

 private:
  arch::cpu cpu_{};
  std::unique_ptr<storage> st_;
  uint64_t brk_start_ = 0, brk_ = 0;
  uint64_t mmap_top_ = 0, mmap_floor_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> maps_;       // mmap'ed ranges [start, end), sorted
  std::string exe_path_;                                  // absolute host path of the program
  std::shared_ptr<vfs> fs_;                               // root, sysroot, cwd; threads share it
  std::array<std::array<uint8_t, 32>, 65> sigactions_{};  // guest struct sigaction, by signal
  uint64_t sigmask_ = 0, pending_ = 0;                    // bit n-1 = signal n
  void act_on_signal(int sig);
  bool exited_ = false;
  int exit_code_ = 0;
  int term_signal_ = 0;
  run_stats stats_;
};

}  // namespace ssivm::runtime::linux_abi
