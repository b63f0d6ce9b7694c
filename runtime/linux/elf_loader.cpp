// ELF64 big-endian s390x loader. Every field is validated before use: the file may be hostile.
#include "runtime/linux/elf_loader.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "arch/cpu.hpp"
#include "runtime/linux/vfs.hpp"
#include "runtime/storage.hpp"

namespace ssivm::runtime::linux_abi {
namespace {

template <class T>
T be(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return arch::from_be(v);
}

constexpr uint16_t kEM_S390 = 22;
constexpr uint32_t kPT_LOAD = 1, kPT_INTERP = 3, kPT_PHDR = 6;
constexpr uint32_t kPF_X = 1, kPF_W = 2, kPF_R = 4;

struct program_header {
  uint32_t type, flags;
  uint64_t offset, vaddr, filesz, memsz, align;
};

// Checks the ELF header and reads the program headers (nothing is trusted yet).
std::string parse_elf(const std::vector<uint8_t>& f, uint16_t& type, uint64_t& entry,
                      uint64_t& phoff, uint16_t& phentsize, std::vector<program_header>& phs) {
  if (f.size() < 64) return "file too short for an ELF header";
  if (std::memcmp(f.data(),
                  "\x7f"
                  "ELF",
                  4) != 0)
    return "not an ELF file";
  if (f[4] != 2) return "not a 64-bit ELF file (ELFCLASS64 required)";
  if (f[5] != 2) return "not a big-endian ELF file";
  type = be<uint16_t>(&f[16]);
  uint16_t machine = be<uint16_t>(&f[18]);
  if (machine != kEM_S390) return "ELF machine is not s390 (EM_S390)";
  if (type != 2 && type != 3) return "ELF file is neither an executable nor a shared object";
  entry = be<uint64_t>(&f[24]);
  phoff = be<uint64_t>(&f[32]);
  phentsize = be<uint16_t>(&f[54]);
  uint16_t phnum = be<uint16_t>(&f[56]);
  if (phentsize != 56) return "unexpected program header size";
  if (phnum == 0 || phnum > 256) return "absurd program header count";
  if (phoff > f.size() || uint64_t(phnum) * phentsize > f.size() - phoff)
    return "program headers lie outside the file";
  phs.clear();
  for (unsigned k = 0; k < phnum; ++k) {
    const uint8_t* p = &f[phoff + k * phentsize];
    phs.push_back({be<uint32_t>(p), be<uint32_t>(p + 4), be<uint64_t>(p + 8), be<uint64_t>(p + 16),
                   be<uint64_t>(p + 32), be<uint64_t>(p + 40), be<uint64_t>(p + 48)});
  }
  return {};
}

}  // namespace

std::string elf_span(const std::vector<uint8_t>& f, uint64_t& lowest, uint64_t& highest,
                     bool& relocatable) {
  uint16_t type, phentsize;
  uint64_t entry, phoff;
  std::vector<program_header> phs;
  if (std::string why = parse_elf(f, type, entry, phoff, phentsize, phs); !why.empty()) return why;
  relocatable = type == 3;
  lowest = UINT64_MAX;
  highest = 0;
  for (const program_header& p : phs) {
    if (p.type != kPT_LOAD) continue;
    if (p.memsz > (1ull << 40) || p.vaddr > (1ull << 48)) return "segment does not fit";
    lowest = std::min(lowest, p.vaddr & ~(arch::kPageSize - 1));
    highest = std::max(highest, (p.vaddr + p.memsz + arch::kPageSize - 1) & ~(arch::kPageSize - 1));
  }
  if (highest == 0) return "no loadable segments";
  return {};
}

std::string load_elf(const std::vector<uint8_t>& f, storage& st, uint64_t bias, loaded_image& out) {
  out = loaded_image{};
  uint16_t type, phentsize;
  uint64_t entry, phoff;
  std::vector<program_header> phs;
  if (std::string why = parse_elf(f, type, entry, phoff, phentsize, phs); !why.empty()) return why;
  if (type == 2) bias = 0;
  uint16_t phnum = static_cast<uint16_t>(phs.size());
  using ph = program_header;
  // Validate loadable segments: inside the file, inside storage, not overlapping.
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  uint64_t lowest = UINT64_MAX, highest = 0;
  for (const ph& p : phs) {
    if (p.type == kPT_INTERP) {
      if (!out.interp.empty()) return "more than one PT_INTERP";
      if (p.offset > f.size() || p.filesz > f.size() - p.offset)
        return "PT_INTERP lies outside the file";
      if (p.filesz > 4096) return "PT_INTERP path longer than 4096 bytes";
      const char* path = reinterpret_cast<const char*>(f.data() + p.offset);
      if (p.filesz == 0 || path[p.filesz - 1] != 0) return "PT_INTERP path not NUL-terminated";
      out.interp = path;  // up to its first NUL, as the kernel reads it
      if (out.interp.empty()) return "PT_INTERP path is empty";
    }
    if (p.type != kPT_LOAD) continue;
    if (p.filesz > p.memsz) return "segment file size exceeds its memory size";
    if (p.offset > f.size() || p.filesz > f.size() - p.offset)
      return "segment lies outside the file";
    uint64_t va = p.vaddr + bias;
    if (va < p.vaddr || p.memsz > st.size() || va > st.size() - p.memsz)
      return "segment does not fit in guest storage (use a larger --storage?)";
    if (va < arch::kPageSize) return "segment maps page zero";
    ranges.emplace_back(va, va + p.memsz);
    lowest = std::min(lowest, va);
    highest = std::max(highest, va + p.memsz);
  }
  if (ranges.empty()) return "no loadable segments";
  std::sort(ranges.begin(), ranges.end());
  for (size_t k = 1; k < ranges.size(); ++k)
    if (ranges[k].first < ranges[k - 1].second) return "loadable segments overlap";
  for (const ph& p : phs) {
    // As the kernel maps them: file offset and address agree within a page.
    if (p.type == kPT_LOAD && ((p.vaddr - p.offset) & (arch::kPageSize - 1)) != 0)
      return "segment file offset and address differ within a page";
  }

  // Copy, zero-fill, and set guest access rights per page.
  for (const ph& p : phs) {
    if (p.type != kPT_LOAD) continue;
    uint64_t va = p.vaddr + bias;
    st.write(va, f.data() + p.offset, p.filesz);  // p_offset may be the file's end
    uint64_t first = va >> arch::kPageShift;
    uint64_t last = (va + p.memsz - 1) >> arch::kPageShift;
    // Zero the bss, and the rest of its last page as the kernel does (segments come in
    // address order, so a later one sharing that page is copied after this). Whole pages are
    // dropped rather than written (zero on next touch, as the kernel maps bss; written if
    // madvise refuses), so a huge bss costs no host memory or time until the program uses it.
    uint64_t bss = va + p.filesz;
    uint64_t bss_end = std::min<uint64_t>(st.size(), (last + 1) << arch::kPageShift);
    uint64_t whole = std::min(bss_end, (bss + arch::kPageSize - 1) & ~(arch::kPageSize - 1));
    uint64_t whole_end = std::max(whole, bss_end & ~(arch::kPageSize - 1));
    if (whole_end == whole || ::madvise(st.base() + whole, whole_end - whole, MADV_DONTNEED) != 0)
      whole_end = whole;
    std::memset(st.base() + bss, 0, whole - bss);
    std::memset(st.base() + whole_end, 0, bss_end - whole_end);
    bool w = p.flags & kPF_W, r = p.flags & (kPF_R | kPF_X);
    // Pages shared by two segments keep the most permissive rights.
    for (uint64_t pg = first; pg <= last; ++pg) {
      uint8_t fl = st.registry().flag(pg);
      bool was_r = !(fl & arch::page_flag::kNoRead), was_w = !(fl & arch::page_flag::kNoWrite);
      st.registry().set_access(pg, 1, r || was_r, w || was_w);
    }
    out.segments.push_back({va, p.memsz, bool(p.flags & kPF_R), w, bool(p.flags & kPF_X)});
    if (p.offset == 0 || (phoff >= p.offset && phoff < p.offset + p.filesz))
      out.phdr = va + (phoff - p.offset);
  }
  for (const ph& p : phs)
    if (p.type == kPT_PHDR) out.phdr = p.vaddr + bias;
  out.entry = entry + bias;
  out.phent = phentsize;
  out.phnum = phnum;
  out.load_bias = bias;
  out.lowest = lowest;
  out.brk = (highest + arch::kPageSize - 1) & ~(arch::kPageSize - 1);
  if (out.entry < lowest || out.entry >= highest) return "entry point outside the loaded image";
  return {};
}

bool read_whole_file(int fd, std::vector<uint8_t>& out) {
  out.clear();
  size_t got = 0;
  for (;;) {
    if (out.size() - got < 65536) out.resize(got + 1 + out.size());
    ssize_t r = ::read(fd, out.data() + got, out.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return false;
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return true;
}

int64_t read_program(const vfs& fs, const std::string& path, std::vector<uint8_t>& image,
                     std::string& host_name) {
  int fd = fs.open_read(path);
  if (fd < 0) return fd;
  struct stat sb;
  int64_t r = 0;
  if (::fstat(fd, &sb) < 0) {
    r = -errno;
  } else if (!S_ISREG(sb.st_mode)) {
    r = -EACCES;  // as execve answers for a directory or a device
  } else {
    // One read of the whole file (programs are loaded thousands of times in tests: no streams).
    image.reserve(static_cast<size_t>(sb.st_size));
    if (!read_whole_file(fd, image)) r = -errno;
  }
  if (r == 0) host_name = vfs::host_name_of_fd(fd);
  ::close(fd);
  return r;
}

std::string load_executable(const std::vector<uint8_t>& image, storage& st, const vfs& fs,
                            uint64_t interp_top, loaded_program& out) {
  out = loaded_program{};
  // Small guests (a few MiB of storage) get their PIE lower: at an eighth of storage.
  uint64_t pie_base = std::min<uint64_t>(
      kPieBase, std::max<uint64_t>(0x10000, (st.size() / 8) & ~uint64_t{0xffff}));
  if (std::string why = load_elf(image, st, pie_base, out.exe); !why.empty()) return why;
  out.entry = out.exe.entry;
  if (out.exe.interp.empty()) return {};
  // The interpreter is a shared object (ld64.so.1): it goes where mmap would put it, just
  // below the top of the mmap area, as Linux puts it at the mmap base.
  const std::string& name = out.exe.interp;
  int fd = fs.open_read(name);
  if (fd < 0)
    return "HCPLNX002E Program interpreter " + name + " not found (" + std::strerror(-fd) +
           "); a dynamically linked program needs its libraries: use --sysroot DIR";
  std::vector<uint8_t> ld;
  bool ok = read_whole_file(fd, ld);
  ::close(fd);
  if (!ok) return "cannot read the program interpreter " + name;
  uint64_t lo, hi;
  bool relocatable;
  if (std::string why = elf_span(ld, lo, hi, relocatable); !why.empty()) return name + ": " + why;
  // Linked at fixed addresses, it could land on the program: only shared objects qualify.
  if (!relocatable) return name + ": the program interpreter is not a shared object (ET_DYN)";
  uint64_t span = hi - lo;
  if (span > interp_top || interp_top - span < out.exe.brk + (1ull << 20))
    return name + ": no room for the program interpreter (use a larger --storage)";
  uint64_t start = (interp_top - span) & ~uint64_t{0xffff};  // 64 KiB aligned, as ld.so links
  if (std::string why = load_elf(ld, st, start - lo, out.interp); !why.empty())
    return name + ": " + why;
  if (!out.interp.interp.empty()) return name + ": the program interpreter has an interpreter";
  out.interp_start = start;
  out.interp_end = start + span;
  out.base = out.interp.load_bias;
  out.entry = out.interp.entry;
  return {};
}

}  // namespace ssivm::runtime::linux_abi
