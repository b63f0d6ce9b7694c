// A Linux s390x program as a guest: storage, one CPU, the initial stack, and the system calls
// a static program needs (the full personality grows here: see issue "Linux personality").
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
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

class process;
struct guest_thread;

// Why a parked thread's wait ended.
enum class wake_why : uint8_t { event, timeout, signal };

// What a parked thread waits for (the blocking seam): a futex word, a host file descriptor,
// a deadline, signals. When one of them happens, `complete` gives the system call's result:
// a value for r2, kParked to wait again, or a restart code (kRestartNoIntr re-executes the SVC).
struct wait_state {
  bool on_futex = false;
  uint64_t futex = 0;
  uint32_t bitset = ~0u;
  int fd = -1;  // host descriptor to ppoll for `events`
  short events = 0;
  bool has_deadline = false;
  std::chrono::steady_clock::time_point deadline{};
  uint64_t wake_signals = 0;  // signals that end the wait even while blocked (sigtimedwait)
  std::function<int64_t(process&, guest_thread&, wake_why)> complete;
};

// One thread of the program: a vCPU of the guest with its own signal state.
struct guest_thread {
  arch::cpu cpu{};
  int tid = 0;
  uint64_t sigmask = 0, pending = 0;                // bit n-1 = signal n
  std::array<std::array<uint8_t, 128>, 65> info{};  // guest siginfo of each pending signal
  uint64_t saved_mask = 0;  // mask to restore after a handler (rt_sigsuspend)
  bool has_saved_mask = false;
  uint64_t ss_sp = 0, ss_size = 0;  // sigaltstack
  int ss_flags = 2;                 // SS_DISABLE
  uint64_t clear_child_tid = 0, robust_list = 0;
  std::array<char, 16> name{};  // PR_SET_NAME / PR_GET_NAME (with its NUL); clone copies it
  uint64_t orig_gr2 = 0;        // first argument of the system call in progress (for a restart)
  uint8_t svc_ilc = 2;
  bool restart_pending = false;  // r2 holds a restart code the signal code must resolve
  bool exited = false;
  bool parked = false;
  bool woken = false;     // a futex wake or ready descriptor ends the wait at the next pass
  uint64_t wait_seq = 0;  // when it parked (futex waiters are woken first come first)
  wait_state wait;
};

// Result of a system call function that parked the calling thread (see process::park) or
// that set the registers itself (sigreturn): r2 is left alone.
inline constexpr int64_t kParked = INT64_MIN;
inline constexpr int64_t kKeepRegs = INT64_MIN + 1;
// Linux's internal restart codes (never seen by the guest).
inline constexpr int64_t kRestartSys = -512, kRestartNoIntr = -513, kRestartNoHand = -514;

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
  arch::cpu& cpu() { return cur_->cpu; }  // the running thread's vCPU

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
  // Serves the SVC of the running thread; returns false when the program has ended.
  bool syscall();
  void deliver_program_interruption();
  void trace_program_interruption();
  // Scheduler (scheduler.cpp).
  guest_thread* next_runnable();
  void check_parked(bool block);
  // Puts the result of a system call in r2; `host_nr`: the call number when the result came
  // straight from the call's function (-1 for the completion of a parked call).
  void end_syscall(guest_thread& t, int64_t r, int64_t host_nr);
  bool park_on_descriptor(uint64_t nr, const uint64_t* args);
  void restart_syscall(guest_thread& t);
  // Signal delivery (signal_frame.cpp): sets up handler frames for what `t` can take now.
  void deliver_signals(guest_thread& t);
  void adopt_host_signals();
  bool setup_frame(guest_thread& t, int sig, const std::array<uint8_t, 128>& info);

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
  // A signal for the running thread (raise, SIGPIPE from a write): kernel-style siginfo.
  void raise_signal(int sig);
  // Queues `sig` with guest siginfo `info` for thread `t` (nullptr: the whole process).
  void send_signal(guest_thread* t, int sig, const std::array<uint8_t, 128>& info);
  // A synchronous signal the thread cannot block or ignore (program interruptions).
  void force_signal(guest_thread& t, int sig, const std::array<uint8_t, 128>& info);
  std::array<uint8_t, 32>& sigaction_of(int sig) { return sigactions_[sig]; }
  void set_sigaction(int sig, const std::array<uint8_t, 32>& act);
  uint64_t signal_mask() const { return cur_->sigmask; }
  void set_signal_mask(uint64_t m);
  uint64_t pending_signals() const { return (pending_ | cur_->pending) & cur_->sigmask; }
  void discard_pending(int sig);
  // Threads.
  guest_thread& current_thread() { return *cur_; }
  guest_thread* find_thread(int tid);
  std::vector<std::unique_ptr<guest_thread>>& threads() { return threads_; }
  // Ends thread `t` (exit): clears and wakes its clear_child_tid; the last one ends the program.
  void end_thread(guest_thread& t, int code);
  // The blocking seam: parks the running thread until `w` happens; returns kParked, which the
  // system call function returns. Use would_block_host() first: when no other thread can
  // run, a plain blocking host call is simpler and just as good.
  int64_t park(wait_state w);
  bool would_block_host() const;
  // Wakes up to `n` threads waiting on the futex word at `addr` (bits in `bitset`).
  int futex_wake(uint64_t addr, int n, uint32_t bitset = ~0u);
  // Moves up to `n` waiters from futex `from` to `to`.
  int futex_requeue(uint64_t from, uint64_t to, int n);
  // execve: one thread left, caught signals back to their default action, no altstack.
  void reset_for_exec();
  // A fork child: only the thread that forked, with no pending signals (sys_proc.cpp).
  void keep_only_current_thread();
  // Caught signals back to SIG_DFL, ignored ones stay (execve, CLONE_CLEAR_SIGHAND).
  void reset_caught_handlers();
  void request_yield() { yield_ = true; }
  uint64_t pending_for(const guest_thread& t) const { return pending_ | t.pending; }
  // Takes the lowest signal of `set` pending for `t`; fills `info`. 0 if none.
  int dequeue_signal(guest_thread& t, uint64_t set, std::array<uint8_t, 128>& info);
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
  std::vector<std::unique_ptr<guest_thread>> threads_;
  guest_thread* cur_ = nullptr;
  size_t rr_ = 0;  // round-robin position
  int next_tid_ = 0;
  bool yield_ = false;
  bool warned_deadlock_ = false;
  uint64_t wait_seq_ = 0;
  std::vector<guest_thread*> futex_waiters(uint64_t addr, uint32_t bitset);
  std::unique_ptr<storage> st_;
  uint64_t brk_start_ = 0, brk_ = 0;
  uint64_t mmap_top_ = 0, mmap_floor_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> maps_;       // mmap'ed ranges [start, end), sorted
  std::string exe_path_;                                  // absolute host path of the program
  std::shared_ptr<vfs> fs_;                               // root, sysroot, cwd; threads share it
  std::array<std::array<uint8_t, 32>, 65> sigactions_{};  // guest struct sigaction, by signal
  uint64_t pending_ = 0;                                  // process-directed, bit n-1 = signal n
  std::array<std::array<uint8_t, 128>, 65> pending_info_{};
  bool exited_ = false;
  int exit_code_ = 0;
  int term_signal_ = 0;
  run_stats stats_;
};

}  // namespace ssivm::runtime::linux_abi
