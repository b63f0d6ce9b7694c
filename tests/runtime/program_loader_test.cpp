// Loading whole programs (runtime/linux/elf_loader: load_executable): static-pie at a load
// bias, a dynamic program with its interpreter found through the sysroot and placed below the
// mmap top (AT_BASE), bss zeroed to the end of its page, and the refusals (skewed segments,
// missing or fixed-address interpreters). The images are built here, byte by byte.
#include "runtime/linux/elf_loader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "runtime/linux/vfs.hpp"
#include "runtime/storage.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

struct segment_spec {
  uint32_t type;  // 1 PT_LOAD, 3 PT_INTERP
  uint32_t flags;
  uint64_t offset, vaddr, filesz, memsz;
};

void put_be(std::vector<uint8_t>& f, size_t at, uint64_t v, unsigned bytes) {
  if (f.size() < at + bytes) f.resize(at + bytes);
  for (unsigned k = 0; k < bytes; ++k) f[at + k] = static_cast<uint8_t>(v >> (8 * (bytes - 1 - k)));
}

// An s390x ELF64 image: header, program headers at 64, then whatever the segments hold (the
// file is as long as the furthest segment; its bytes are 0xAB so copies are visible).
std::vector<uint8_t> make_elf(uint16_t type, uint64_t entry, const std::vector<segment_spec>& segs,
                              const std::string& interp = "") {
  std::vector<uint8_t> f(64 + 56 * segs.size(), 0);
  for (const segment_spec& s : segs)
    if (f.size() < s.offset + s.filesz) f.resize(s.offset + s.filesz, 0xab);
  std::memcpy(f.data(),
              "\x7f"
              "ELF",
              4);
  f[4] = 2;  // ELFCLASS64
  f[5] = 2;  // big-endian
  f[6] = 1;
  put_be(f, 16, type, 2);
  put_be(f, 18, 22, 2);  // EM_S390
  put_be(f, 20, 1, 4);
  put_be(f, 24, entry, 8);
  put_be(f, 32, 64, 8);  // e_phoff
  put_be(f, 52, 64, 2);
  put_be(f, 54, 56, 2);
  put_be(f, 56, segs.size(), 2);
  for (size_t k = 0; k < segs.size(); ++k) {
    size_t p = 64 + 56 * k;
    const segment_spec& s = segs[k];
    put_be(f, p, s.type, 4);
    put_be(f, p + 4, s.flags, 4);
    put_be(f, p + 8, s.offset, 8);
    put_be(f, p + 16, s.vaddr, 8);
    put_be(f, p + 24, s.vaddr, 8);
    put_be(f, p + 32, s.filesz, 8);
    put_be(f, p + 40, s.memsz, 8);
    put_be(f, p + 48, 0x1000, 8);
    if (s.type == 3) std::memcpy(f.data() + s.offset, interp.c_str(), interp.size() + 1);
  }
  return f;
}

constexpr uint32_t kRX = 5, kRW = 6;

// A program image: text at 0 (with the headers) and data at 0x11000 whose bss runs past the
// file part, 0x800 bytes in, to 0x11c00.
std::vector<uint8_t> make_program(uint16_t type, uint64_t link, const std::string& interp = "") {
  std::vector<segment_spec> segs = {{1, kRX, 0, link, 0x2000, 0x2000},
                                    {1, kRW, 0x3000, link + 0x11000, 0x800, 0xc00}};
  if (!interp.empty()) segs.push_back({3, 4, 0x1f00, link + 0x1f00, interp.size() + 1, 0});
  return make_elf(type, link + 0x100, segs, interp);
}

class program_loader_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    st_ = storage::create(256ull << 20, &err);
    ASSERT_TRUE(st_) << err;
    char tmpl[] = "/tmp/ssivm-elf.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    sysroot_ = tmpl;
    ASSERT_EQ(::mkdir((sysroot_ + "/lib").c_str(), 0755), 0);
    ASSERT_TRUE(fs_.init("", sysroot_, err)) << err;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + sysroot_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  void install(const std::string& rel, const std::vector<uint8_t>& bytes) {
    std::ofstream(sysroot_ + rel, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  uint8_t at(uint64_t addr) { return st_->base()[addr]; }

  std::unique_ptr<storage> st_;
  std::string sysroot_;
  vfs fs_;
  const uint64_t interp_top_ = 200ull << 20;
};

TEST_F(program_loader_test, StaticPieGoesAtTheLoadBias) {
  // Leftovers from an earlier program (execve reuses storage): the bss page must be cleaned.
  std::memset(st_->base() + kPieBase + 0x11000, 0x5a, 0x2000);
  loaded_program out;
  ASSERT_EQ(load_executable(make_program(3, 0), *st_, fs_, interp_top_, out), "");
  EXPECT_EQ(out.exe.load_bias, kPieBase);
  EXPECT_EQ(out.entry, kPieBase + 0x100);
  EXPECT_EQ(out.base, 0u);  // no interpreter: AT_BASE 0
  EXPECT_EQ(out.exe.phdr, kPieBase + 64);
  EXPECT_EQ(at(kPieBase + 0x1fff), 0xab);           // text copied
  EXPECT_EQ(at(kPieBase + 0x11000 + 0x7ff), 0xab);  // data copied
  EXPECT_EQ(at(kPieBase + 0x11000 + 0x800), 0);     // bss
  EXPECT_EQ(at(kPieBase + 0x11fff), 0);             // and the rest of its last page
  EXPECT_EQ(at(kPieBase + 0x12000), 0x5a);          // the next page is not the segment's
  EXPECT_EQ(out.exe.brk, kPieBase + 0x12000);
}

TEST_F(program_loader_test, InterpreterFromTheSysrootBelowTheMmapTop) {
  // The interpreter: a shared object linked at 0, 0x25000 bytes of address space.
  install("/lib/ld.so",
          make_elf(3, 0x40,
                   {{1, kRX, 0, 0, 0x1000, 0x1000}, {1, kRW, 0x1000, 0x24000, 0x100, 0x1000}}));
  loaded_program out;
  ASSERT_EQ(load_executable(make_program(2, 0x1000000, "/lib/ld.so"), *st_, fs_, interp_top_, out),
            "");
  EXPECT_EQ(out.exe.load_bias, 0u);  // ET_EXEC: at its link addresses
  EXPECT_EQ(out.exe.interp, "/lib/ld.so");
  EXPECT_LE(out.interp_end, interp_top_);
  EXPECT_EQ(out.interp_start % 0x10000, 0u);
  EXPECT_EQ(out.interp_end - out.interp_start, 0x25000u);
  EXPECT_EQ(out.base, out.interp_start);            // AT_BASE
  EXPECT_EQ(out.entry, out.interp_start + 0x40);    // the interpreter starts
  EXPECT_EQ(out.exe.entry, 0x1000100u);             // AT_ENTRY stays the program's
  EXPECT_EQ(at(out.interp_start + 0x24000), 0xab);  // its data, at its bias
  EXPECT_EQ(out.exe.phdr, 0x1000000u + 64);         // AT_PHDR is the program's
}

TEST_F(program_loader_test, MissingInterpreterNamesSysroot) {
  loaded_program out;
  std::string why =
      load_executable(make_program(3, 0, "/lib/ssivm-absent-ld.so.1"), *st_, fs_, interp_top_, out);
  EXPECT_EQ(why.rfind("HCPLNX002E Program interpreter /lib/ssivm-absent-ld.so.1 not found", 0), 0u)
      << why;
  EXPECT_NE(why.find("--sysroot"), std::string::npos);
}

TEST_F(program_loader_test, FixedAddressInterpreterIsRefused) {
  install("/lib/ld.so", make_program(2, 0x1000000));  // ET_EXEC: would land on the program
  loaded_program out;
  std::string why = load_executable(make_program(3, 0, "/lib/ld.so"), *st_, fs_, interp_top_, out);
  EXPECT_NE(why.find("not a shared object"), std::string::npos) << why;
}

TEST_F(program_loader_test, SegmentOffsetAndAddressMustAgreeWithinAPage) {
  std::vector<uint8_t> skew = make_elf(3, 0x100, {{1, kRX, 0x10, 0, 0x1000, 0x1000}});
  loaded_image img;
  EXPECT_EQ(load_elf(skew, *st_, kPieBase, img),
            "segment file offset and address differ within a page");
}

}  // namespace
}  // namespace ssivm::runtime::linux_abi
