// What every engine shares about guest code: how a block is formed (decoded up to a
// block-ending instruction) and which blocks sit on which pages, so that a store into a code
// page drops exactly the blocks there. The interpreter and the JIT form identical blocks, so
// the instruction budget ends slices at the same places in both.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "arch/cpu.hpp"
#include "arch/format.hpp"

namespace ssivm::runtime {

class page_registry;

inline constexpr unsigned kMaxBlockInsns = 128;

struct block_insn {
  arch::insn i;
  uint64_t ia;  // guest address of the instruction
};

struct formed_block {
  std::vector<block_insn> insns;
  uint64_t end = 0;   // first byte after the block (covers at least one halfword)
  uint64_t next = 0;  // fall-through address after the last instruction (amode-wrapped)
};

// Decodes the block at `ia`: up to kMaxBlockInsns instructions, ending after the first
// kEndsBlock row or before an instruction that cannot be fetched. False (fault recorded in `c`,
// pgm_ilc = 0) when not even the first instruction can be fetched.
bool form_block(arch::cpu& c, uint64_t ia, formed_block& out);

// Blocks by code page. Registering a block sets page_flag::kCode on its pages; take() returns
// (and forgets) the start addresses of every block touching a page.
class code_pages {
 public:
  void add(page_registry& reg, uint64_t ia, uint64_t end);
  std::vector<uint64_t> take(uint64_t page);
  void clear() { by_page_.clear(); }

 private:
  struct span {
    uint64_t ia, end;
  };
  std::unordered_map<uint64_t, std::vector<span>> by_page_;
};

}  // namespace ssivm::runtime
