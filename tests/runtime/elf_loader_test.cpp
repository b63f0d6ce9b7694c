// The ELF loader refuses hostile files with a reason and never touches memory outside the file
// or guest storage: every breakage of tests/support/elf_image.hpp, every truncation, and a
// valid program that still loads and runs.
#include "runtime/linux/elf_loader.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"
#include "runtime/storage.hpp"
#include "tests/support/elf_image.hpp"

namespace ssivm::test {
namespace {

using runtime::linux_abi::load_elf;
using runtime::linux_abi::loaded_image;
using runtime::linux_abi::process;
using runtime::linux_abi::process_options;

constexpr uint64_t kStorage = 32ull << 20;
constexpr uint64_t kPieBias = 0x1000000;

process_options small_options() {
  process_options o;
  o.storage_bytes = kStorage;
  o.stack_bytes = 64 << 10;
  return o;
}

TEST(ElfLoader, ValidProgramLoadsWhereItsHeadersSay) {
  elf_layout l;
  std::vector<uint8_t> f = make_elf({}, &l);
  auto st = runtime::storage::create(kStorage);
  loaded_image img;
  ASSERT_EQ(load_elf(f, *st, kPieBias, img), "");
  EXPECT_EQ(img.load_bias, 0u);
  EXPECT_EQ(img.lowest, elf_layout::kText);
  EXPECT_EQ(img.phdr, elf_layout::kText + elf_layout::kPhoff);
  EXPECT_EQ(img.phnum, l.phnum);
  ASSERT_EQ(img.segments.size(), 2u);
  EXPECT_TRUE(img.segments[0].exec);
  EXPECT_FALSE(img.segments[0].write);
  EXPECT_TRUE(img.segments[1].write);
  EXPECT_EQ(img.brk % 4096, 0u);
  EXPECT_GE(img.brk, img.segments[1].vaddr + img.segments[1].memsz);
  EXPECT_EQ(std::memcmp(st->base() + elf_layout::kText, f.data(), 64), 0);
}

TEST(ElfLoader, PositionIndependentProgramGetsTheBias) {
  std::vector<uint8_t> f = make_elf(elf_spec::position_independent());
  auto st = runtime::storage::create(kStorage);
  loaded_image img;
  ASSERT_EQ(load_elf(f, *st, kPieBias, img), "");
  EXPECT_EQ(img.load_bias, kPieBias);
  EXPECT_EQ(img.lowest, kPieBias);
}

TEST(ElfLoader, InterpreterPathIsReported) {
  std::vector<uint8_t> f = make_elf(elf_spec::with_interp("/lib/ld64.so.1"));
  auto st = runtime::storage::create(kStorage);
  loaded_image img;
  ASSERT_EQ(load_elf(f, *st, kPieBias, img), "");
  EXPECT_EQ(img.interp, "/lib/ld64.so.1");
}

// The builder's program is a real one: it stores into its bss and exits with its code.
TEST(ElfLoader, ValidProgramRuns) {
  for (bool pie : {false, true}) {
    std::string error;
    auto p =
        process::create_from_image(make_elf(pie ? elf_spec::position_independent() : elf_spec{}),
                                   "tiny", {"tiny"}, small_options(), error);
    ASSERT_TRUE(p) << error;
    auto eng = runtime::make_interpreter(p->guest_storage());
    EXPECT_EQ(p->run(*eng), 42) << "pie " << pie;
  }
}

}  // namespace

// Test names and failure reports show the breakage's name, not its bytes.
void PrintTo(const elf_breakage& b, std::ostream* os) { *os << b.name; }

namespace {

class ElfBreakage : public ::testing::TestWithParam<elf_breakage> {};

TEST_P(ElfBreakage, IsRefusedWithItsReason) {
  const elf_breakage& b = GetParam();
  elf_layout l;
  std::vector<uint8_t> f = make_elf(b.spec, &l);
  b.apply(f, l);
  auto st = runtime::storage::create(kStorage);
  loaded_image img;
  std::string why = load_elf(f, *st, kPieBias, img);
  EXPECT_NE(why.find(b.reason), std::string::npos)
      << b.name << ": got \"" << why << "\", expected \"" << b.reason << "\"";
  // The program runner passes the reason on, naming the file.
  std::string error;
  auto p = process::create_from_image(f, "broken", {"broken"}, small_options(), error);
  EXPECT_FALSE(p);
  EXPECT_EQ(error.rfind("broken: ", 0), 0u) << error;
}

INSTANTIATE_TEST_SUITE_P(Breakages, ElfBreakage, ::testing::ValuesIn(elf_breakages()),
                         [](const auto& info) { return std::string(info.param.name); });

// Every prefix of a valid file is refused (the data segment ends the file), with a reason.
TEST(ElfLoader, EveryTruncationIsRefused) {
  for (bool interp : {false, true}) {
    std::vector<uint8_t> whole = make_elf(elf_spec::with_interp(interp ? "/lib/ld64.so.1" : ""));
    auto st = runtime::storage::create(kStorage);
    for (size_t n = 0; n < whole.size(); ++n) {
      std::vector<uint8_t> f(whole.begin(), whole.begin() + n);
      loaded_image img;
      EXPECT_NE(load_elf(f, *st, kPieBias, img), "") << "truncated at " << n;
    }
  }
}

// A segment may be all bss with p_offset at the end of the file, or even empty: the loader
// reads nothing past the file for it.
TEST(ElfLoader, BssOnlySegmentAtTheEndOfTheFile) {
  elf_layout l;
  std::vector<uint8_t> f = make_elf({}, &l);
  f.resize(f.size() - 16);                                // the data bytes go
  put_be(f, elf_layout::ph(l.ph_data) + 8, f.size(), 8);  // p_offset = end of file
  put_be(f, elf_layout::ph(l.ph_data) + 32, 0, 8);        // p_filesz
  auto st = runtime::storage::create(kStorage);
  loaded_image img;
  EXPECT_EQ(load_elf(f, *st, kPieBias, img), "");
  put_be(f, elf_layout::ph(l.ph_data) + 40, 0, 8);  // p_memsz 0 too
  EXPECT_EQ(load_elf(f, *st, kPieBias, img), "");
}

// A huge bss is zero without being written: its whole pages stay out of host memory (a 900 MiB
// bss once cost seconds and 900 MiB of RSS at load), and storage that held data before reads
// as zero there all the same.
TEST(ElfLoader, HugeBssIsZeroWithoutHostMemory) {
  elf_layout l;
  std::vector<uint8_t> f = make_elf({}, &l);
  constexpr uint64_t kBss = 900ull << 20;
  put_be(f, elf_layout::ph(l.ph_data) + 40, kBss, 8);
  auto st = runtime::storage::create(1ull << 30);
  loaded_image img;
  ASSERT_EQ(load_elf(f, *st, kPieBias, img), "");
  const auto& data = img.segments[1];
  uint64_t first = (data.vaddr + 4096 + 4095) & ~4095ull, last = (data.vaddr + kBss) & ~4095ull;
  std::vector<unsigned char> resident((last - first) / 4096);
  ASSERT_EQ(::mincore(st->base() + first, last - first, resident.data()), 0);
  size_t touched = 0;
  for (unsigned char r : resident) touched += r & 1;
  EXPECT_LT(touched, 16u) << "bss pages committed at load";

  // The same storage, dirtied, loaded again: the bss reads as zero.
  std::memset(st->base() + first, 0xa5, 1 << 20);
  std::memset(st->base() + last - (1 << 20), 0xa5, 1 << 20);
  ASSERT_EQ(load_elf(f, *st, kPieBias, img), "");
  for (uint64_t a : {data.vaddr + 16, first, first + (1 << 20) - 1, last - 1, last})
    EXPECT_EQ(st->base()[a], 0) << std::hex << a;
}

}  // namespace
}  // namespace ssivm::test
