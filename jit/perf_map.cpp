// The code-size counter and perf map writer: a JITLink pass that runs when an object's code is
// final (addresses assigned, relocations applied) and reads its sections and symbols.
#include "jit/perf_map.hpp"

#include <llvm/ExecutionEngine/JITLink/JITLink.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

namespace ssivm::jit {

std::string block_symbol(uint64_t ia, uint64_t serial) {
  char name[64];
  std::snprintf(name, sizeof name, "ssivm_blk_%llx_%llu", static_cast<unsigned long long>(ia),
                static_cast<unsigned long long>(serial));
  return name;
}

std::string perf_map_path() { return "/tmp/perf-" + std::to_string(getpid()) + ".map"; }

namespace {

// Every engine of the process appends to the one file; the first write of the process
// truncates it (a file left by an earlier process with the same PID is not ours).
void append_to_perf_map(const std::string& lines) {
  static std::mutex mutex;
  static bool truncated = false;
  std::lock_guard lock(mutex);
  const std::string path = perf_map_path();
  std::FILE* f = std::fopen(path.c_str(), truncated ? "a" : "w");
  if (!f) {
    std::fprintf(stderr, "ssivm jit: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    return;
  }
  truncated = true;
  std::fwrite(lines.data(), 1, lines.size(), f);
  std::fclose(f);
}

class perf_map_plugin final : public llvm::orc::ObjectLinkingLayer::Plugin {
 public:
  perf_map_plugin(uint64_t& code_bytes, bool write_map)
      : code_bytes_(code_bytes), write_map_(write_map) {}

  void modifyPassConfig(llvm::orc::MaterializationResponsibility&, llvm::jitlink::LinkGraph&,
                        llvm::jitlink::PassConfiguration& config) override {
    config.PostFixupPasses.push_back([this](llvm::jitlink::LinkGraph& g) {
      record(g);
      return llvm::Error::success();
    });
  }
  llvm::Error notifyFailed(llvm::orc::MaterializationResponsibility&) override {
    return llvm::Error::success();
  }
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey) override {
    return llvm::Error::success();
  }
  void notifyTransferringResources(llvm::orc::JITDylib&, llvm::orc::ResourceKey,
                                   llvm::orc::ResourceKey) override {}

 private:
  void record(llvm::jitlink::LinkGraph& g) {
    constexpr auto kExec = static_cast<unsigned>(llvm::orc::MemProt::Exec);
    for (llvm::jitlink::Section& s : g.sections())
      if (static_cast<unsigned>(s.getMemProt()) & kExec)
        for (llvm::jitlink::Block* b : s.blocks()) code_bytes_ += b->getSize();
    if (!write_map_) return;
    std::string lines;
    char line[64];
    for (llvm::jitlink::Symbol* sym : g.defined_symbols()) {
      if (!sym->isCallable() || !sym->hasName() || sym->getSize() == 0) continue;
      std::snprintf(line, sizeof line, "%llx %llx ",
                    static_cast<unsigned long long>(sym->getAddress().getValue()),
                    static_cast<unsigned long long>(sym->getSize()));
      lines += line;
      lines += sym->getName().str();
      lines += '\n';
    }
    if (!lines.empty()) append_to_perf_map(lines);
  }

  uint64_t& code_bytes_;
  const bool write_map_;
};

}  // namespace

bool add_perf_map_plugin(llvm::orc::LLJIT& jit, uint64_t& code_bytes, bool write_map) {
  // LLJIT links with JITLink (ObjectLinkingLayer) on x86-64 and AArch64 ELF; RuntimeDyld
  // layers have no plugins.
  const char* env = std::getenv("SSIVM_PERF_MAP");
  write_map = write_map || (env && std::strcmp(env, "1") == 0);
  auto* layer = llvm::dyn_cast<llvm::orc::ObjectLinkingLayer>(&jit.getObjLinkingLayer());
  if (!layer) {
    if (write_map) std::fprintf(stderr, "ssivm jit: no perf map: the JIT does not use JITLink\n");
    return false;
  }
  layer->addPlugin(std::make_shared<perf_map_plugin>(code_bytes, write_map));
  return true;
}

}  // namespace ssivm::jit
