// The Linux personality's system-call table: every row sits at the number the s390x ABI gives
// its name, so a call is never served under another call's number.
#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "runtime/linux/syscall.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

// The areas as process.cpp assembles them.
using area_fn = void (*)(syscall_table&);
const std::pair<const char*, area_fn> kAreas[] = {
    {"fs", register_fs_syscalls},     {"mm", register_mm_syscalls},
    {"misc", register_misc_syscalls}, {"signal", register_signal_syscalls},
    {"proc", register_proc_syscalls}, {"thread", register_thread_syscalls},
    {"meta", register_meta_syscalls}, {"poll", register_poll_syscalls},
    {"net", register_net_syscalls},   {"event", register_event_syscalls},
};

TEST(SyscallTable, EveryRowIsAtItsS390xNumber) {
  syscall_table t{};
  for (auto [area, fn] : kAreas) fn(t);
  unsigned rows = 0;
  for (unsigned nr = 0; nr < t.size(); ++nr) {
    if (!t[nr].fn) continue;
    ++rows;
    const char* abi = syscall_name(nr);
    ASSERT_NE(abi, nullptr) << "row " << nr << " (" << t[nr].name << ") is no s390x call";
    EXPECT_STREQ(t[nr].name, abi) << "row " << nr;
  }
  EXPECT_GT(rows, 150u);
}

// Each area file owns its rows: a number registered by two areas would be served by whichever
// registers last, silently.
TEST(SyscallTable, NoCallIsServedByTwoAreas) {
  using reg = void (*)(syscall_table&);
  const std::pair<const char*, reg> areas[] = {
      {"fs", register_fs_syscalls},     {"mm", register_mm_syscalls},
      {"misc", register_misc_syscalls}, {"signal", register_signal_syscalls},
      {"proc", register_proc_syscalls}, {"thread", register_thread_syscalls},
      {"meta", register_meta_syscalls}, {"poll", register_poll_syscalls},
      {"net", register_net_syscalls},   {"event", register_event_syscalls},
  };
  std::array<const char*, kSyscallCount> owner{};
  for (auto [area, fn] : areas) {
    syscall_table t{};
    fn(t);
    for (unsigned nr = 0; nr < t.size(); ++nr) {
      if (!t[nr].fn) continue;
      EXPECT_EQ(owner[nr], nullptr)
          << t[nr].name << " (" << nr << ") is registered by " << owner[nr] << " and " << area;
      owner[nr] = area;
    }
  }
}

TEST(SyscallTable, NamesOfCallsNotServed) {
  EXPECT_STREQ(syscall_name(102), "socketcall");
  EXPECT_STREQ(syscall_name(379), "statx");
  EXPECT_EQ(syscall_name(0), nullptr);       // Linux leaves 0 free on s390x
  EXPECT_EQ(syscall_name(13), nullptr);      // time: 31-bit only
  EXPECT_EQ(syscall_name(100000), nullptr);  // beyond the table
}

}  // namespace
}  // namespace ssivm::runtime::linux_abi
