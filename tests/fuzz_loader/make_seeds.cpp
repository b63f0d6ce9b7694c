// Writes the loader fuzzer's seed corpus: the in-memory test programs and each of their
// breakages (tests/support/elf_image.hpp), and real linker-made programs whole, truncated at
// the header boundaries, and with one program-header field pushed to an edge value.
//   make_seeds OUT_FOLDER [PROGRAM...]
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/elf_image.hpp"

namespace {

namespace fs = std::filesystem;
using ssivm::test::put_be;

uint64_t get_be(const std::vector<uint8_t>& f, size_t off, unsigned bytes) {
  uint64_t v = 0;
  for (unsigned k = 0; k < bytes && off + k < f.size(); ++k) v = (v << 8) | f[off + k];
  return v;
}

struct writer {
  fs::path dir;
  unsigned count = 0;
  void put(const std::string& name, const std::vector<uint8_t>& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    ++count;
  }
};

void real_program(writer& w, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> f((std::istreambuf_iterator<char>(in)), {});
  std::string stem = path.filename().string();
  w.put(stem, f);
  if (f.size() < 64) return;
  uint64_t phoff = get_be(f, 32, 8), phnum = get_be(f, 56, 2);
  for (uint64_t cut : {uint64_t(16), uint64_t(64), phoff + 56, phoff + 56 * phnum, uint64_t(4096),
                       uint64_t(16384), uint64_t(f.size() / 2)})
    if (cut < f.size())
      w.put(stem + ".cut" + std::to_string(cut),
            std::vector<uint8_t>(f.begin(), f.begin() + std::ptrdiff_t(cut)));
  // One field of one program header at an edge: offset, vaddr, filesz, memsz.
  for (uint64_t k = 0; k < phnum && k < 12; ++k) {
    size_t ph = phoff + 56 * k;
    if (ph + 56 > f.size()) break;
    struct edit {
      const char* what;
      size_t field;
      uint64_t value;
    };
    const edit edits[] = {{"offset_eof", 8, f.size()},
                          {"vaddr_zero", 16, 0},
                          {"vaddr_top", 16, ~0ull - 0xfff},
                          {"filesz_big", 32, get_be(f, ph + 40, 8) + 1},
                          {"memsz_huge", 40, ~0ull}};
    for (const edit& e : edits) {
      std::vector<uint8_t> g = f;
      put_be(g, ph + e.field, e.value, 8);
      w.put(stem + ".ph" + std::to_string(k) + "." + e.what, g);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ssivm::test;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_FOLDER [PROGRAM...]\n", argv[0]);
    return 2;
  }
  writer w{argv[1]};
  fs::create_directories(w.dir);
  w.put("tiny_exec", make_elf({}));
  w.put("tiny_pie", make_elf(elf_spec::position_independent()));
  w.put("tiny_interp", make_elf(elf_spec::with_interp("/lib/ld64.so.1")));
  for (const elf_breakage& b : elf_breakages()) {
    elf_layout l;
    std::vector<uint8_t> f = make_elf(b.spec, &l);
    b.apply(f, l);
    w.put(std::string("tiny_") + b.name, f);
  }
  for (int k = 2; k < argc; ++k) real_program(w, argv[k]);
  std::printf("make_seeds: %u seeds in %s\n", w.count, w.dir.c_str());
  return 0;
}
