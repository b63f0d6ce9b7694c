// STFLE facility list: built from the facilities this build installs, nothing more.
#include "arch/insn_table.hpp"

namespace ssivm::arch {
namespace {

// Facility bits announced, with the facility (of the table) each depends on. Bits that
// describe architecture rather than instructions (z/Architecture installed/active, TOD-clock
// steering…) are listed as zarch.
struct facility_bit {
  unsigned bit;
  facility needs;
};
constexpr facility_bit kBits[] = {
    {0, facility::n3},    {1, facility::zarch},  {2, facility::zarch},  {7, facility::stfle},
    {16, facility::etf2}, {18, facility::ldisp}, {19, facility::ldisp}, {21, facility::eimm},
    {22, facility::etf3}, {24, facility::etf2},  {25, facility::stckf}, {27, facility::mvcos},
    {30, facility::etf3}, {31, facility::ectg},  {32, facility::cmpsc}, {34, facility::gie},
    {35, facility::exrl}, {37, facility::fpe},   {41, facility::fpssh}, {42, facility::dfp},
    {45, facility::hw},   {49, facility::misc1}, {53, facility::loc2},  {73, facility::te},
    {129, facility::vec},
};

constexpr bool bit45_complete() {
  return facility_installed(facility::hw) && facility_installed(facility::ia1) &&
         facility_installed(facility::loc) && facility_installed(facility::dops) &&
         facility_installed(facility::popcnt);
}

// Bit 49 covers execution-hint, load-and-trap, miscellaneous-instruction-extensions and
// processor-assist together.
constexpr bool bit49_complete() {
  return facility_installed(facility::misc1) && facility_installed(facility::ppa);
}

struct stfle_list {
  uint64_t dw[3] = {0, 0, 0};
  constexpr stfle_list() {
    for (const facility_bit& b : kBits) {
      if (!facility_installed(b.needs)) continue;
      if (b.bit == 45 && !bit45_complete()) continue;
      if (b.bit == 49 && !bit49_complete()) continue;
      dw[b.bit / 64] |= 1ull << (63 - b.bit % 64);
    }
  }
};
constexpr stfle_list kList{};

}  // namespace

const uint64_t kStfleBits[3] = {kList.dw[0], kList.dw[1], kList.dw[2]};

}  // namespace ssivm::arch
