// libFuzzer target for the ELF loader: any bytes go to process::create_from_image with small
// storage, as `ssivm run` loads a file. A refusal is a normal outcome; a crash, a hang, a leak,
// a refusal without a reason, or a loaded program whose start lies outside its storage is not.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/linux/process.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ssivm::runtime::linux_abi;
  process_options opt;
  // Room for a program linked at 16 MiB (the non-PIE address and the PIE bias) and a small
  // stack; small enough that the largest accepted segment is cheap to zero. Inputs of odd
  // length get barely more than 16 MiB, where the stack and heap checks bite.
  opt.storage_bytes = size % 2 ? (17ull << 20) : (32ull << 20);
  opt.stack_bytes = 64 << 10;
  std::string error;
  auto p = process::create_from_image(std::vector<uint8_t>(data, data + size), "fuzz", {"fuzz"},
                                      opt, error);
  if (!p) {
    if (error.empty()) std::abort();  // every refusal says why
    return 0;
  }
  const uint64_t size_of_storage = p->guest_storage().size();
  const auto& s = p->cpu().s;
  if (s.psw_addr >= size_of_storage || s.gr[15] >= size_of_storage) std::abort();
  return 0;
}
