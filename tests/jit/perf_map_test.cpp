// The JIT's perf map and code-size counter: each compiled block appears in /tmp/perf-PID.map
// under its guest address with a nonzero size, and the bytes of host code are counted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "jit/engine.hpp"
#include "tests/support/test_guest.hpp"

using ssivm::runtime::stop_reason;
using ssivm::test::test_guest;

namespace {

std::string perf_map_path() { return "/tmp/perf-" + std::to_string(getpid()) + ".map"; }

// Runs a two-block loop (at kCodeAt and its head at kCodeAt + 4) on a JIT engine.
void run_loop(test_guest& g, bool perf_map) {
  g.eng = ssivm::jit::make_jit(*g.st, {.perf_map = perf_map});
  g.load_asm("lghi %r1,10\n0: aghi %r2,1\nbrct %r1,0b\n");
  ASSERT_EQ(g.run(), stop_reason::svc);
  EXPECT_EQ(g.r(2), 10u);
}

}  // namespace

TEST(JitPerfMap, NamesEachBlockByItsGuestAddressWithItsSize) {
  const std::string path = perf_map_path();
  std::remove(path.c_str());
  test_guest g;
  run_loop(g, true);
  std::ifstream in(path);
  ASSERT_TRUE(in) << path << " not written";
  bool entry = false, head = false;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string start, size, name;
    fields >> start >> size >> name;
    // perf's format: hex start and size without 0x, then the name.
    EXPECT_EQ(start.find("0x"), std::string::npos) << line;
    EXPECT_GT(std::strtoull(start.c_str(), nullptr, 16), 0u) << line;
    const bool sized = std::strtoull(size.c_str(), nullptr, 16) > 0;
    entry |= sized && name.rfind("ssivm_blk_10000_", 0) == 0;
    head |= sized && name.rfind("ssivm_blk_10004_", 0) == 0;
  }
  EXPECT_TRUE(entry) << "no line for the block at 0x10000";
  EXPECT_TRUE(head) << "no line for the loop head at 0x10004";
  EXPECT_GT(ssivm::jit::stats_of(*g.eng)->code_bytes, 0u);
  std::remove(path.c_str());
}

TEST(JitPerfMap, CodeBytesAreCountedWithoutTheMap) {
  const char* env = std::getenv("SSIVM_PERF_MAP");
  if (env && std::string(env) == "1") GTEST_SKIP() << "SSIVM_PERF_MAP=1 asks for the map";
  const std::string path = perf_map_path();
  std::remove(path.c_str());
  test_guest g;
  run_loop(g, false);
  EXPECT_GT(ssivm::jit::stats_of(*g.eng)->code_bytes, 0u);
  EXPECT_FALSE(std::ifstream(path)) << path << " written though not asked for";
}
