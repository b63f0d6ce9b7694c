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

// Parses and loads the ELF `image` (the whole file) into `st`, at `bias` for ET_DYN.
// Returns an empty string on success, else the reason (for an HCP-style message).
std::string load_elf(const std::vector<uint8_t>& image, storage& st, uint64_t bias,
                     loaded_image& out);

}  // namespace ssivm::runtime::linux_abi
