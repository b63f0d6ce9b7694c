// Builds the harness ELF: code from table rows through arch::encode, the data segment with one
// block per case, and a hand-written ELF64 big-endian header with two PT_LOAD segments.
#include "tests/fuzz/harness.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/decoder.hpp"

namespace ssivm::fuzz {
namespace {

uint16_t row(std::string_view m) { return arch::find_insn(m); }

arch::insn mk(uint16_t id) {
  if (id == 0) {
    std::fprintf(stderr, "fuzz harness: an instruction it needs is not in the table\n");
    std::abort();
  }
  arch::insn i;
  i.id = id;
  i.len = static_cast<uint8_t>(arch::insn_length(arch::opcode_byte0(arch::kInsnTable[id])));
  return i;
}

struct ids {
  uint16_t larl = row("larl"), l = row("l"), st = row("st"), lmg = row("lmg"), stmg = row("stmg"),
           lgr = row("lgr"), lghi = row("lghi"), svc = row("svc"), ld = row("ld"),
           std_ = row("std"), lfpc = row("lfpc"), stfpc = row("stfpc"), spm = row("spm"),
           ipm = row("ipm"), la = row("la"), lg = row("lg"), stg = row("stg"), sllg = row("sllg"),
           bcr = row("bcr"), mvc = row("mvc"), lam = row("lam"), mvcl = row("mvcl"),
           llilf = row("llilf");
};
const ids& rows() {
  static const ids r;
  return r;
}

class code_writer {
 public:
  explicit code_writer(uint64_t base) : base_(base) {}
  uint64_t here() const { return base_ + bytes_.size(); }
  void put(const arch::insn& i) {
    uint8_t b[6];
    unsigned n = arch::encode(i, b);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  void put_bytes(const std::vector<uint8_t>& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  std::vector<uint8_t>& bytes() { return bytes_; }

  // Convenience forms of the few instructions the harness uses.
  void rx(uint16_t id, unsigned r1, unsigned b2, int32_t d2, unsigned x2 = 0) {
    arch::insn i = mk(id);
    i.r1 = static_cast<uint8_t>(r1);
    i.x2 = static_cast<uint8_t>(x2);
    i.b2 = static_cast<uint8_t>(b2);
    i.d2 = d2;
    put(i);
  }
  void lghi(unsigned r1, int64_t v) {
    arch::insn i = mk(rows().lghi);
    i.r1 = static_cast<uint8_t>(r1);
    i.i2 = v;
    put(i);
  }
  void svc(unsigned n) {
    arch::insn i = mk(rows().svc);
    i.i2 = n;
    put(i);
  }
  void larl(unsigned r1, uint64_t target) {
    arch::insn i = mk(rows().larl);
    i.r1 = static_cast<uint8_t>(r1);
    i.ri = static_cast<int32_t>((static_cast<int64_t>(target) - static_cast<int64_t>(here())) / 2);
    put(i);
  }

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

void put_be(std::vector<uint8_t>& v, size_t off, uint64_t x, unsigned n) {
  for (unsigned k = 0; k < n; ++k) v[off + k] = static_cast<uint8_t>(x >> (8 * (n - 1 - k)));
}

constexpr uint64_t kHeaderBytes = 0x100;  // ELF header and 3 program headers, code follows

constexpr uint64_t kSigIll = 4, kSigTrap = 5, kSigBus = 7, kSigFpe = 8, kSigSegv = 11;
constexpr uint64_t kSaSiginfo = 4, kSaOnstack = 0x08000000, kSaNodefer = 0x40000000;

// The blocks of the cases in order after the header page and the alternate stack; a case
// that reaches past its block (reaches_past_block) owns the kReachBlocks after it too.
// Returns each case's block address and, last, the end of the data segment.
std::vector<uint64_t> block_addresses(std::span<const fuzz_case> cases, uint64_t data_base) {
  std::vector<uint64_t> at;
  uint64_t next = data_base + kBlockSize * (1 + kAltStackPages);
  for (const fuzz_case& fc : cases) {
    at.push_back(next);
    next += kBlockSize * (1 + (reaches_past_block(fc) ? kReachBlocks : 0));
  }
  at.push_back(next);
  return at;
}

// Emits the code of all cases for initial states at `init_base` and a data segment at
// `data_base`; returns the signal handler's address and fills the per-case addresses (case
// entry points in `entries`).
uint64_t emit_code(code_writer& w, std::span<const fuzz_case> cases, const harness_features& f,
                   uint64_t init_base, uint64_t data_base, harness_image& out,
                   std::vector<uint64_t>& entries) {
  const ids& r = rows();
  const uint64_t hdr = data_base;
  out.block_addr.clear();
  out.insn_addr.clear();
  entries.clear();
  // Start-up: an alternate signal stack and a handler for the signals of program
  // interruptions. The handler never returns: the next case reloads the whole state.
  w.larl(2, hdr + kHdrAltstack);
  w.lghi(3, 0);
  w.svc(186);  // sigaltstack
  for (uint64_t sig : {kSigIll, kSigTrap, kSigBus, kSigFpe, kSigSegv}) {
    w.lghi(2, static_cast<int64_t>(sig));
    w.larl(3, hdr + kHdrSigaction);
    w.lghi(4, 0);
    w.lghi(5, 8);
    w.svc(174);  // rt_sigaction
  }
  const std::vector<uint64_t> blocks = block_addresses(cases, data_base);
  for (size_t k = 0; k < cases.size(); ++k) {
    const fuzz_case& fc = cases[k];
    const uint64_t block = blocks[k];
    out.block_addr.push_back(block);
    entries.push_back(w.here());
    // Prologue: note the case index for the signal handler, then the initial state from the
    // block (r11 last, by LMG, to its own address).
    w.lghi(0, static_cast<int64_t>(k));
    w.larl(1, hdr);
    w.rx(r.stg, 0, 1, kHdrCase);
    if (blocks[k + 1] - block > kBlockSize) {
      // The whole reach starts as zeros whatever earlier cases stored into it: MVCL r2,r4
      // with no source bytes and pad 0.
      w.larl(2, block);
      arch::insn len = mk(r.llilf);
      len.r1 = 3;
      len.i2 = static_cast<int64_t>(blocks[k + 1] - block);
      w.put(len);
      w.lghi(5, 0);
      arch::insn mv = mk(r.mvcl);
      mv.r1 = 2;
      mv.r2 = 4;
      w.put(mv);
    }
    w.larl(kBaseReg, block);
    w.larl(1, init_base + kInitStride * k);
    for (uint32_t off = 0; off < kDataSize; off += 256) {
      arch::insn mv = mk(r.mvc);
      mv.l1 = 255;
      mv.b1 = kBaseReg;
      mv.d1 = static_cast<int32_t>(kDataOff + off);
      mv.b2 = 1;
      mv.d2 = static_cast<int32_t>(kInitData + off);
      w.put(mv);
    }
    if (f.fpr)
      for (unsigned j = 0; j < 16; ++j) w.rx(r.ld, j, 1, static_cast<int32_t>(kInitFpr + 8 * j));
    if (f.fpc) w.rx(r.lfpc, 0, 1, kInitFpc);
    if (r.lam) {
      // Access registers too (SAR in an earlier case must not leak into this one).
      arch::insn i = mk(r.lam);
      i.r1 = 0;
      i.r3 = 15;
      i.b2 = 1;
      i.d2 = kInitAr;
      w.put(i);
    }
    if (f.cc_in) {
      w.rx(r.l, 0, 1, kInitCc);
      arch::insn spm = mk(r.spm);
      spm.r1 = 0;
      w.put(spm);
    }
    {
      arch::insn i = mk(r.lmg);
      i.r1 = 0;
      i.r3 = 15;
      i.b2 = 1;
      i.d2 = kInitGr;
      w.put(i);
    }
    // The test instructions.
    std::vector<uint64_t> addrs;
    for (const gen_insn& g : fc.code) {
      addrs.push_back(w.here());
      w.put_bytes(encode_at(g, w.here(), block));
    }
    out.insn_addr.push_back(std::move(addrs));
    // Epilogue: GRs first (everything after may clobber r0, r2-r4), then CC before anything
    // that could change it.
    {
      arch::insn i = mk(r.stmg);
      i.r1 = 0;
      i.r3 = 15;
      i.b2 = kBaseReg;
      i.d2 = kOutGr;
      w.put(i);
    }
    if (f.cc_out) {
      arch::insn ipm = mk(r.ipm);
      ipm.r1 = 0;
      w.put(ipm);
      w.rx(r.st, 0, kBaseReg, kOutCc);
    }
    w.lghi(0, 0);
    w.rx(r.stg, 0, kBaseReg, kStatus);
    if (f.fpr)
      for (unsigned j = 0; j < 16; ++j)
        w.rx(r.std_, j, kBaseReg, static_cast<int32_t>(kOutFpr + 8 * j));
    if (f.fpc) w.rx(r.stfpc, 0, kBaseReg, kOutFpc);
    w.larl(2, hdr + kHdrFd);
    w.rx(r.l, 2, 2, 0);
    {
      arch::insn i = mk(r.lgr);
      i.r1 = 3;
      i.r2 = kBaseReg;
      w.put(i);
    }
    w.lghi(4, kOutBytes);
    w.svc(4);  // write
  }
  entries.push_back(w.here());
  w.lghi(2, 0);
  w.svc(1);  // exit

  // The signal handler (r2 = signal): write the record 0x100 | signal, continue with the
  // case after the one that faulted (its entry from the header's table).
  const uint64_t handler = w.here();
  w.larl(5, hdr);
  w.rx(r.la, 6, 2, 0x100);
  w.rx(r.stg, 6, 5, kHdrRecord);
  w.rx(r.l, 2, 5, kHdrFd);
  w.rx(r.la, 3, 5, kHdrRecord);
  w.lghi(4, 8);
  w.svc(4);
  w.rx(r.lg, 6, 5, kHdrCase);
  {
    arch::insn sh = mk(r.sllg);
    sh.r1 = 6;
    sh.r3 = 6;
    sh.d2 = 3;
    w.put(sh);
  }
  w.rx(r.lg, 7, 5, kHdrNext + 8, 6);
  {
    arch::insn br = mk(r.bcr);
    br.r1 = 15;
    br.r2 = 7;
    w.put(br);
  }
  return handler;
}

}  // namespace

harness_features harness_features::probe() {
  const ids& r = rows();
  harness_features f;
  f.fpr = r.ld && r.std_;
  f.fpc = r.lfpc && r.stfpc;
  f.cc_in = r.spm != 0;
  f.cc_out = r.ipm != 0;
  return f;
}

std::string harness_features::describe() const {
  std::string s;
  s += fpr ? "FPRs" : "no FPRs (LD/STD missing)";
  s += fpc ? ", FPC" : ", no FPC (LFPC/STFPC missing)";
  s += cc_in ? ", CC in" : ", no CC in (SPM missing)";
  s += cc_out ? ", CC out" : ", no CC out (IPM missing)";
  return s;
}

std::vector<uint8_t> encode_at(const gen_insn& g, uint64_t ia, uint64_t block) {
  arch::insn i = g.i;
  if (g.data_target >= 0) {
    int64_t target = static_cast<int64_t>(block + kDataOff + static_cast<uint32_t>(g.data_target));
    i.ri = static_cast<int32_t>((target - static_cast<int64_t>(ia)) / 2);
  }
  uint8_t b[6];
  unsigned n = arch::encode(i, b);
  return {b, b + n};
}

harness_image build_harness(std::span<const fuzz_case> cases, const harness_features& f) {
  harness_image out;
  // Pass 1 sizes the code (lengths do not depend on addresses); pass 2 emits it for real.
  if (cases.size() > kMaxCasesPerProgram) {
    std::fprintf(stderr, "fuzz harness: at most %u cases per program\n", kMaxCasesPerProgram);
    std::abort();
  }
  std::vector<uint64_t> entries;
  code_writer sizing(kCodeBase + kHeaderBytes);
  emit_code(sizing, cases, f, kCodeBase + (1ull << 30), kCodeBase + (1ull << 30), out, entries);
  auto page_up = [](uint64_t a) { return (a + kBlockSize - 1) & ~uint64_t{kBlockSize - 1}; };
  const uint64_t code_end = kCodeBase + kHeaderBytes + sizing.bytes().size();
  const uint64_t init_base = page_up(code_end);
  const uint64_t init_end = init_base + kInitStride * cases.size();
  const uint64_t data_base = page_up(init_end);
  out.header = data_base;
  out.fd_word = data_base + kHdrFd;
  code_writer w(kCodeBase + kHeaderBytes);
  const uint64_t handler = emit_code(w, cases, f, init_base, data_base, out, entries);

  // File offsets equal vaddr - kCodeBase throughout.
  const uint64_t data_off = data_base - kCodeBase;
  const uint64_t data_size = block_addresses(cases, data_base).back() - data_base;
  std::vector<uint8_t>& elf = out.elf;
  elf.assign(data_off + kBlockSize, 0);  // the header page; the stack and blocks are zeros
  std::memcpy(elf.data() + kHeaderBytes, w.bytes().data(), w.bytes().size());

  // Header page: fd, sigaction, alternate stack, table of case entry points.
  put_be(elf, data_off + kHdrFd, 1, 4);
  put_be(elf, data_off + kHdrSigaction, handler, 8);
  put_be(elf, data_off + kHdrSigaction + 8, kSaSiginfo | kSaOnstack | kSaNodefer, 8);
  put_be(elf, data_off + kHdrAltstack, data_base + kBlockSize, 8);            // ss_sp
  put_be(elf, data_off + kHdrAltstack + 16, kBlockSize * kAltStackPages, 8);  // ss_size
  for (size_t k = 0; k < entries.size(); ++k)
    put_be(elf, data_off + kHdrNext + 8 * k, entries[k], 8);
  for (size_t k = 0; k < cases.size(); ++k) {
    const fuzz_case& fc = cases[k];
    const uint64_t block = out.block_addr[k];
    const size_t b = init_base + kInitStride * k - kCodeBase;
    std::memcpy(elf.data() + b + kInitData, fc.data.data(), kDataSize);
    for (unsigned r = 0; r < 16; ++r) {
      uint64_t v = fc.gr[r];
      if (r == kBaseReg)
        v = block;
      else if (fc.gr_data_off[r] >= 0)
        v = block + kDataOff + static_cast<uint32_t>(fc.gr_data_off[r]);
      put_be(elf, b + kInitGr + 8 * r, v, 8);
      put_be(elf, b + kInitFpr + 8 * r, fc.fpr[r], 8);
    }
    put_be(elf, b + kInitFpc, fc.fpc, 4);
    put_be(elf, b + kInitCc, static_cast<uint32_t>(fc.cc) << 28, 4);  // SPM: CC in bits 34-35
  }

  // ELF64 header (big-endian, s390x, static executable) and two program headers.
  const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(elf.data(), ident, 16);
  put_be(elf, 16, 2, 2);                         // e_type ET_EXEC
  put_be(elf, 18, 22, 2);                        // e_machine EM_S390
  put_be(elf, 20, 1, 4);                         // e_version
  put_be(elf, 24, kCodeBase + kHeaderBytes, 8);  // e_entry
  put_be(elf, 32, 64, 8);                        // e_phoff
  put_be(elf, 40, 0, 8);                         // e_shoff
  put_be(elf, 48, 0, 4);                         // e_flags
  put_be(elf, 52, 64, 2);                        // e_ehsize
  put_be(elf, 54, 56, 2);                        // e_phentsize
  put_be(elf, 56, 3, 2);                         // e_phnum
  put_be(elf, 58, 64, 2);                        // e_shentsize
  put_be(elf, 60, 0, 2);                         // e_shnum
  put_be(elf, 62, 0, 2);                         // e_shstrndx
  auto phdr = [&](unsigned n, uint32_t flags, uint64_t off, uint64_t size, uint64_t file_size) {
    size_t p = 64 + 56 * n;
    put_be(elf, p + 0, 1, 4);  // PT_LOAD
    put_be(elf, p + 4, flags, 4);
    put_be(elf, p + 8, off, 8);
    put_be(elf, p + 16, kCodeBase + off, 8);
    put_be(elf, p + 24, kCodeBase + off, 8);
    put_be(elf, p + 32, file_size, 8);
    put_be(elf, p + 40, size, 8);
    put_be(elf, p + 48, kBlockSize, 8);
  };
  phdr(0, 4 | 1, 0, code_end - kCodeBase, code_end - kCodeBase);  // R X: stores into code fault
  phdr(1, 4, init_base - kCodeBase, init_end - init_base, init_end - init_base);  // R: states
  phdr(2, 4 | 2, data_off, data_size, kBlockSize);                                // R W
  return out;
}

}  // namespace ssivm::fuzz
