// ELF loader for Linux s390x programs: places PT_LOAD segments in guest storage and reports
// what the initial stack's auxiliary vector needs. Rejects bad files with a clear message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ssivm::runtime {
class storage;
}

namespace ssivm::runtime::linux_abi {

class vfs;

struct loaded_image {
  uint64_t entry = 0;  // entry point (after load bias)
  uint64_t phdr = 0;   // guest address of the program headers (AT_PHDR)
  uint64_t phent = 0, phnum = 0;
  uint64_t load_bias = 0;  // 0 for ET_EXEC
  uint64_t lowest = 0;     // lowest mapped address
  uint64_t brk = 0;        // first byte after the highest segment (initial program break)
  std::string interp;      // PT_INTERP, if any
  struct segment {
    uint64_t vaddr, memsz;
    bool read, write, exec;
  };
  std::vector<segment> segments;
};

// The address range [lowest, highest) an ELF image's loadable segments span at bias 0, pages
// rounded, and whether it may go at any bias (ET_DYN); empty string on success, else the reason.
std::string elf_span(const std::vector<uint8_t>& image, uint64_t& lowest, uint64_t& highest,
                     bool& relocatable);

// Parses and loads the ELF `image` (the whole file) into `st`, at `bias` for ET_DYN.
// Returns an empty string on success, else the reason (for an HCP-style message).
std::string load_elf(const std::vector<uint8_t>& image, storage& st, uint64_t bias,
                     loaded_image& out);

// A program ready to start: the executable and, for a dynamically linked one, its program
// interpreter (the dynamic loader), each at its own load bias.
struct loaded_program {
  loaded_image exe;
  loaded_image interp;        // interp.entry == 0: none (static, static-pie)
  uint64_t interp_start = 0;  // the interpreter's pages [interp_start, interp_end)
  uint64_t interp_end = 0;
  uint64_t entry = 0;  // where execution starts: the interpreter's entry or the program's
  uint64_t base = 0;   // AT_BASE: the interpreter's load address (0 without one)
};
constexpr uint64_t kPieBase = 0x1000000;  // ET_DYN programs go at 16 MiB, as a non-PIE s390x link

// Loads the program `image` (ET_EXEC at its addresses, ET_DYN at kPieBase, lower in storage
// under 128 MiB) and its PT_INTERP, found through `fs` (the sysroot, then the guest's root)
// and placed just below `interp_top`. Used for the first program and by execve. Returns an
// empty string or the reason; a missing interpreter gives an HCP message naming --sysroot.
std::string load_executable(const std::vector<uint8_t>& image, storage& st, const vfs& fs,
                            uint64_t interp_top, loaded_program& out);

// Reads the program at guest path `path` (through `fs`: the sysroot, the root) into `image`,
// and its host path (for /proc/self/exe; empty if unknown). 0 or -errno: ENOENT, ELOOP…
// from the lookup, EACCES for what is not a regular file.
int64_t read_program(const vfs& fs, const std::string& path, std::vector<uint8_t>& image,
                     std::string& host_name);

// Reads the whole file open on `fd` (the caller closes it); false on a read error.
bool read_whole_file(int fd, std::vector<uint8_t>& out);

}  // namespace ssivm::runtime::linux_abi
