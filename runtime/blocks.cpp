#include "runtime/blocks.hpp"

#include <algorithm>

#include "arch/execute.hpp"
#include "arch/insn_table.hpp"
#include "runtime/storage.hpp"

namespace ssivm::runtime {

bool form_block(arch::cpu& c, uint64_t ia, formed_block& out) {
  out.insns.clear();
  uint64_t a = ia;
  for (unsigned k = 0; k < kMaxBlockInsns; ++k) {
    arch::insn i;
    if (!arch::fetch_insn(c, a, i)) {
      if (k == 0) {
        c.pgm_ilc = 0;
        return false;  // the fetch fault is recorded in c
      }
      break;  // end the block before the unfetchable instruction; it faults when reached
    }
    out.insns.push_back({i, a});
    a = (a + i.len) & c.s.amask;
    if (arch::kInsnTable[i.id].flags & arch::iflag::kEndsBlock) break;
  }
  out.next = a;
  out.end = a > ia ? a : ia + 2;
  return true;
}

void code_pages::add(page_registry& reg, uint64_t ia, uint64_t end) {
  uint64_t first = ia >> arch::kPageShift, last = (end - 1) >> arch::kPageShift;
  for (uint64_t p = first; p <= last && p < reg.pages(); ++p) {
    reg.set(p, arch::page_flag::kCode);
    by_page_[p].push_back({ia, end});
  }
}

std::vector<uint64_t> code_pages::take(uint64_t page) {
  std::vector<uint64_t> victims;
  auto it = by_page_.find(page);
  if (it == by_page_.end()) return victims;
  std::vector<span> spans = std::move(it->second);
  by_page_.erase(it);
  for (const span& s : spans) {
    victims.push_back(s.ia);
    uint64_t first = s.ia >> arch::kPageShift, last = (s.end - 1) >> arch::kPageShift;
    for (uint64_t p = first; p <= last; ++p) {
      if (p == page) continue;
      auto o = by_page_.find(p);
      if (o == by_page_.end()) continue;
      std::erase_if(o->second, [&](const span& x) { return x.ia == s.ia && x.end == s.end; });
      if (o->second.empty()) by_page_.erase(o);
    }
  }
  return victims;
}

}  // namespace ssivm::runtime
