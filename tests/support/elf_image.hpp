// Small s390x ELF programs made in memory, and a table of ways to break them: shared by the
// loader's unit tests (each breakage is refused with its reason) and the loader fuzzer's seeds.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace ssivm::test {

struct elf_spec {
  bool pie = false;    // ET_DYN linked at 0 (the loader adds its bias) instead of ET_EXEC
  std::string interp;  // a PT_INTERP with this path (NUL added), if not empty
  uint8_t exit_code = 42;

  static elf_spec position_independent() {
    elf_spec s;
    s.pie = true;
    return s;
  }
  static elf_spec with_interp(std::string path) {
    elf_spec s;
    s.interp = std::move(path);
    return s;
  }
};

// Big-endian field stores into an image.
inline void put_be(std::vector<uint8_t>& f, size_t off, uint64_t v, unsigned bytes) {
  for (unsigned k = 0; k < bytes; ++k) f.at(off + k) = uint8_t(v >> (8 * (bytes - 1 - k)));
}

// Layout: ELF header, program headers at 64 (PT_PHDR, [PT_INTERP], text PT_LOAD, data
// PT_LOAD), the interpreter path, the code, 16 bytes of data. Text is r-x from offset 0 at
// 0x1000000; data is rw- with 8 KiB of bss on the next page, congruent with its file offset.
// The program stores into its bss and exits with `exit_code`.
struct elf_layout {
  static constexpr uint64_t kPhoff = 64, kPhentsize = 56;
  static constexpr uint64_t kText = 0x1000000;
  unsigned phnum = 0;
  unsigned ph_phdr = 0, ph_interp = ~0u, ph_text = 0, ph_data = 0;  // program header indices
  static constexpr size_t ph(unsigned k) { return kPhoff + kPhentsize * k; }
};

inline std::vector<uint8_t> make_elf(const elf_spec& s, elf_layout* layout = nullptr) {
  elf_layout l;
  l.ph_phdr = l.phnum++;
  if (!s.interp.empty()) l.ph_interp = l.phnum++;
  l.ph_text = l.phnum++;
  l.ph_data = l.phnum++;
  uint64_t base = s.pie ? 0 : elf_layout::kText;
  uint64_t interp_at = elf_layout::ph(l.phnum);
  uint64_t code_at = (interp_at + s.interp.size() + 1 + 7) & ~7ull;
  // larl %r1,data+16 (the bss); mvhi 0(%r1),7; lghi %r2,code; svc 1 (exit).
  const uint8_t code[] = {0xc0, 0x10, 0,    0,    0,    0, 0xe5,        0x4c, 0x10,
                          0x00, 0x00, 0x07, 0xa7, 0x29, 0, s.exit_code, 0x0a, 0x01};
  uint64_t data_at = (code_at + sizeof code + 15) & ~15ull;
  uint64_t data_va = base + 0x1000 + data_at;
  std::vector<uint8_t> f(data_at + 16, 0);
  std::memcpy(f.data(),
              "\x7f"
              "ELF\x02\x02\x01",
              7);
  put_be(f, 16, s.pie ? 3 : 2, 2);  // e_type
  put_be(f, 18, 22, 2);             // e_machine EM_S390
  put_be(f, 20, 1, 4);              // e_version
  put_be(f, 24, base + code_at, 8);
  put_be(f, 32, elf_layout::kPhoff, 8);
  put_be(f, 52, 64, 2);  // e_ehsize
  put_be(f, 54, elf_layout::kPhentsize, 2);
  put_be(f, 56, l.phnum, 2);
  std::memcpy(&f[code_at], code, sizeof code);
  // larl's offset is in halfwords from the instruction.
  put_be(f, code_at + 2, (data_va + 16 - (base + code_at)) / 2, 4);
  auto phdr = [&](unsigned k, uint32_t type, uint32_t flags, uint64_t off, uint64_t va,
                  uint64_t filesz, uint64_t memsz, uint64_t align) {
    size_t p = elf_layout::ph(k);
    put_be(f, p, type, 4);
    put_be(f, p + 4, flags, 4);
    put_be(f, p + 8, off, 8);
    put_be(f, p + 16, va, 8);
    put_be(f, p + 24, va, 8);  // p_paddr
    put_be(f, p + 32, filesz, 8);
    put_be(f, p + 40, memsz, 8);
    put_be(f, p + 48, align, 8);
  };
  uint64_t phbytes = elf_layout::kPhentsize * l.phnum;
  phdr(l.ph_phdr, 6, 4, elf_layout::kPhoff, base + elf_layout::kPhoff, phbytes, phbytes, 8);
  if (!s.interp.empty()) {
    std::memcpy(&f[interp_at], s.interp.c_str(), s.interp.size() + 1);
    phdr(l.ph_interp, 3, 4, interp_at, base + interp_at, s.interp.size() + 1, s.interp.size() + 1,
         1);
  }
  phdr(l.ph_text, 1, 5, 0, base, data_at, data_at, 0x1000);
  phdr(l.ph_data, 1, 6, data_at, data_va, 16, 16 + 0x2000, 0x1000);
  if (layout) *layout = l;
  return f;
}

// One way to break a valid program, and the words of the loader's refusal.
struct elf_breakage {
  const char* name;
  elf_spec spec;
  std::function<void(std::vector<uint8_t>&, const elf_layout&)> apply;
  const char* reason;  // a substring of the loader's message
};

inline const std::vector<elf_breakage>& elf_breakages() {
  using L = elf_layout;
  using F = std::vector<uint8_t>;
  static const std::vector<elf_breakage> k = {
      {"empty", {}, [](F& f, const L&) { f.clear(); }, "too short"},
      {"header_cut", {}, [](F& f, const L&) { f.resize(63); }, "too short"},
      {"not_elf", {}, [](F& f, const L&) { f[1] = 'X'; }, "not an ELF"},
      {"class32", {}, [](F& f, const L&) { f[4] = 1; }, "64-bit"},
      {"class_bad", {}, [](F& f, const L&) { f[4] = 7; }, "64-bit"},
      {"little_endian", {}, [](F& f, const L&) { f[5] = 1; }, "big-endian"},
      {"machine_x86_64", {}, [](F& f, const L&) { put_be(f, 18, 62, 2); }, "machine"},
      {"relocatable", {}, [](F& f, const L&) { put_be(f, 16, 1, 2); }, "neither"},
      {"core_file", {}, [](F& f, const L&) { put_be(f, 16, 4, 2); }, "neither"},
      {"phentsize_small", {}, [](F& f, const L&) { put_be(f, 54, 32, 2); }, "header size"},
      {"phnum_zero", {}, [](F& f, const L&) { put_be(f, 56, 0, 2); }, "program header count"},
      {"phnum_huge", {}, [](F& f, const L&) { put_be(f, 56, 0xffff, 2); }, "program header count"},
      {"phnum_past_eof", {}, [](F& f, const L&) { put_be(f, 56, 200, 2); }, "outside the file"},
      {"phoff_past_eof",
       {},
       [](F& f, const L&) { put_be(f, 32, f.size(), 8); },
       "outside the file"},
      {"phoff_huge", {}, [](F& f, const L&) { put_be(f, 32, ~0ull - 8, 8); }, "outside the file"},
      {"phoff_straddles_eof",
       {},
       [](F& f, const L&) { put_be(f, 32, f.size() - 60, 8); },
       "outside the file"},
      {"filesz_over_memsz",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 32, 0x3000, 8); },
       "file size exceeds its memory size"},
      {"memsz_huge",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 40, ~0ull, 8); },
       "does not fit in guest storage"},
      {"memsz_past_storage",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 40, 1ull << 40, 8); },
       "does not fit in guest storage"},
      {"vaddr_wraps",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 16, ~0ull - 0xfff, 8); },
       "does not fit in guest storage"},
      {"pie_vaddr_wraps", elf_spec::position_independent(),
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 16, ~0ull - 0xfff, 8); },
       "does not fit in guest storage"},
      {"offset_past_eof",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 8, f.size() + 1, 8); },
       "outside the file"},
      {"offset_huge",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 8, ~0ull, 8); },
       "outside the file"},
      {"filesz_past_eof",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 32, 17, 8); },
       "outside the file"},
      {"segment_cut", {}, [](F& f, const L&) { f.resize(f.size() - 1); }, "outside the file"},
      {"page_zero",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 16, 0x10, 8); },
       "page zero"},
      {"overlap",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 16, L::kText + 0x20, 8); },
       "overlap"},
      {"overlap_same_start",
       {},
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_data) + 16, L::kText, 8); },
       "overlap"},
      {"no_load_segment",
       {},
       [](F& f, const L& l) {
         put_be(f, L::ph(l.ph_text), 4, 4);  // PT_NOTE
         put_be(f, L::ph(l.ph_data), 4, 4);
       },
       "no loadable segments"},
      {"entry_outside",
       {},
       [](F& f, const L&) { put_be(f, 24, 0x800000, 8); },
       "entry point outside"},
      {"entry_past_end",
       {},
       [](F& f, const L&) { put_be(f, 24, L::kText + 0x10000, 8); },
       "entry point outside"},
      {"interp_no_nul", elf_spec::with_interp("/lib/ld64.so.1"),
       [](F& f, const L& l) {
         uint64_t at = L::ph(l.phnum);
         f[at + 14] = 'X';  // the path's NUL
       },
       "PT_INTERP"},
      {"interp_empty", elf_spec::with_interp("/lib/ld64.so.1"),
       [](F& f, const L& l) { f[L::ph(l.phnum)] = 0; }, "PT_INTERP"},
      {"interp_too_long", elf_spec::with_interp(std::string(5000, 'a')), [](F&, const L&) {},
       "PT_INTERP"},
      {"interp_past_eof", elf_spec::with_interp("/lib/ld64.so.1"),
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_interp) + 8, f.size() - 4, 8); }, "PT_INTERP"},
      {"interp_size_huge", elf_spec::with_interp("/lib/ld64.so.1"),
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_interp) + 32, ~0ull, 8); }, "PT_INTERP"},
      {"interp_twice", elf_spec::with_interp("/lib/ld64.so.1"),
       [](F& f, const L& l) { put_be(f, L::ph(l.ph_phdr), 3, 4); }, "PT_INTERP"},
  };
  return k;
}

}  // namespace ssivm::test
