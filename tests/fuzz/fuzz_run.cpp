// The two sides of the differential fuzzer (qemu-s390x as a child process, ssivm in-process
// through the Linux program runner and the interpreter), the case-by-case comparison and the
// shrinking of a mismatch to a minimal repro.
#include "tests/fuzz/fuzz_run.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/decoder.hpp"
#include "arch/disasm.hpp"
#include "runtime/engine.hpp"
#include "runtime/linux/process.hpp"

namespace ssivm::fuzz {

namespace {

std::vector<uint8_t> read_all(int fd) {
  std::vector<uint8_t> out;
  ::lseek(fd, 0, SEEK_SET);
  uint8_t buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

bool write_all(int fd, const std::vector<uint8_t>& v) {
  size_t done = 0;
  while (done < v.size()) {
    ssize_t n = ::write(fd, v.data() + done, v.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

uint64_t get_be(const uint8_t* p, unsigned n) {
  uint64_t v = 0;
  for (unsigned k = 0; k < n; ++k) v = v << 8 | p[k];
  return v;
}

std::string hex(uint64_t v, unsigned digits = 16) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

const char* signal_name(int s) {
  switch (s) {
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGTRAP: return "SIGTRAP";
    case SIGALRM: return "SIGALRM (timeout)";
    default: return "signal";
  }
}

std::string side_text(const side& s) {
  if (s.completed) return "completed";
  if (s.signal)
    return std::string("killed by ") + signal_name(s.signal) + " (" + std::to_string(s.signal) +
           ")";
  return "did not run: " + s.error;
}

}  // namespace

run_output run_qemu(const std::vector<uint8_t>& elf, const run_config& cfg) {
  run_output r;
  int elf_fd = ::memfd_create("ssivm-fuzz-elf", 0);
  int out_fd = ::memfd_create("ssivm-fuzz-out", 0);
  if (elf_fd < 0 || out_fd < 0 || !write_all(elf_fd, elf)) {
    r.error = std::string("memfd: ") + std::strerror(errno);
    if (elf_fd >= 0) ::close(elf_fd);
    if (out_fd >= 0) ::close(out_fd);
    return r;
  }
  std::string path = "/dev/fd/" + std::to_string(elf_fd);
  pid_t pid = ::fork();
  if (pid == 0) {
    // No core files from guest faults (qemu writes the guest's core by default), and a hung
    // guest ends by SIGALRM: alarms survive execve.
    struct rlimit no_core = {0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::dup2(out_fd, 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    ::alarm(cfg.timeout_seconds);
    ::execlp(cfg.qemu.c_str(), cfg.qemu.c_str(), path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid < 0) {
    r.error = std::string("fork: ") + std::strerror(errno);
  } else {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
      r.signal = WTERMSIG(status);
    else if (WIFEXITED(status))
      r.exit_code = WEXITSTATUS(status);
    if (r.exit_code == 127) r.error = "cannot run " + cfg.qemu;
    r.out = read_all(out_fd);
  }
  ::close(elf_fd);
  ::close(out_fd);
  return r;
}

namespace {

// The signal Linux sends for a program-interruption code (arch/s390/kernel/traps.c's table,
// which qemu-user follows; the same rule as the program runner's).
int linux_signal_for(uint16_t code, uint8_t dxc) {
  switch (code) {
    case arch::pic::protection:
    case arch::pic::addressing:
    case arch::pic::segment_translation:
    case arch::pic::page_translation: return SIGSEGV;
    case arch::pic::data:
      return dxc ? SIGFPE : SIGILL;  // a data exception without a DXC (decimal data) is SIGILL
    case arch::pic::fixed_point_overflow:
    case arch::pic::fixed_point_divide:
    case arch::pic::decimal_overflow:
    case arch::pic::decimal_divide:
    case arch::pic::hfp_divide:
    case arch::pic::hfp_exponent_overflow: return SIGFPE;
    default: return SIGILL;
  }
}

void append_be(std::vector<uint8_t>& v, uint64_t x) {
  for (int k = 7; k >= 0; --k) v.push_back(static_cast<uint8_t>(x >> (8 * k)));
}

}  // namespace

run_output run_ssivm(const harness_image& img, const run_config& cfg) {
  using runtime::linux_abi::process;
  run_output r;
  runtime::linux_abi::process_options opt;
  opt.storage_bytes = 256ull << 20;
  std::string error;
  auto p = process::create_from_image(img.elf, "fuzz-harness", {"fuzz-harness"}, opt, error);
  if (!p) {
    r.error = error;
    return r;
  }
  // The program runner loads the ELF and sets up the CPU; the run loop is ours, so that a
  // program interruption becomes a fault record and the next case, as qemu's handler does.
  arch::cpu& c = p->cpu();
  runtime::storage& st = p->guest_storage();
  auto eng = cfg.make_engine ? cfg.make_engine(st) : runtime::make_interpreter(st);
  const uint64_t initial_mask = c.s.psw_mask;
  uint64_t executed = 0;
  for (;;) {
    runtime::slice_result sr = eng->run(c, 1 << 20);
    executed += sr.executed;
    if (executed > (1ull << 32)) {
      r.signal = SIGALRM;  // as qemu's run ends on a hang
      break;
    }
    if (sr.why == runtime::stop_reason::svc) {
      uint64_t nr = c.svc_code ? c.svc_code : c.s.gr[1];
      if (nr == 1 || nr == 248) {
        r.exit_code = static_cast<int>(c.s.gr[2] & 0xff);
        break;
      }
      if (nr == 4) {
        uint64_t len = c.s.gr[4];
        if (len > kBlockSize || !st.contains(c.s.gr[3], len)) {
          c.s.gr[2] = static_cast<uint64_t>(-14);  // EFAULT
          continue;
        }
        size_t old = r.out.size();
        r.out.resize(old + len);
        st.read(c.s.gr[3], r.out.data() + old, len);
        c.s.gr[2] = len;
      } else {
        c.s.gr[2] = 0;  // sigaltstack, rt_sigaction: the interruptions are ours to handle
      }
      continue;
    }
    if (sr.why == runtime::stop_reason::program) {
      int sig = linux_signal_for(c.pgm_code, c.dxc);
      append_be(r.out, 0x100u | static_cast<unsigned>(sig));
      uint64_t k = 0;
      uint8_t b[8];
      st.read(img.header + kHdrCase, b, 8);
      for (uint8_t x : b) k = k << 8 | x;
      r.faults.push_back({k, c.s.psw_addr, c.pgm_ending == arch::ending::nullify});
      st.read(img.header + kHdrNext + 8 * (k + 1), b, 8);
      uint64_t next = 0;
      for (uint8_t x : b) next = next << 8 | x;
      if (std::getenv("SSIVM_FUZZ_DEBUG"))
        std::fprintf(stderr, "ssivm: case %llu: program interruption %#x at %#llx, next %#llx\n",
                     (unsigned long long)k, c.pgm_code, (unsigned long long)c.s.psw_addr,
                     (unsigned long long)next);
      // As the kernel enters a handler: 64-bit addressing; the next case reloads the rest.
      c.s.psw_mask = initial_mask;
      c.s.amode = 64;
      c.s.amask = ~0ull;
      c.s.psw_addr = next;
      continue;
    }
  }
  if (cfg.tamper_ssivm) cfg.tamper_ssivm(r.out);
  return r;
}

namespace {

// One case's record in a program's output.
struct record {
  uint64_t status = 0;  // 0: completed, else 0x100 | signal
  std::vector<uint8_t> block;
};

std::vector<record> parse_records(const std::vector<uint8_t>& out) {
  std::vector<record> recs;
  size_t at = 0;
  while (at + 8 <= out.size()) {
    record rc;
    rc.status = get_be(out.data() + at, 8);
    if (rc.status == 0) {
      if (at + kOutBytes > out.size()) break;
      rc.block.assign(out.begin() + at, out.begin() + at + kOutBytes);
      at += kOutBytes;
    } else {
      at += 8;
    }
    recs.push_back(std::move(rc));
  }
  return recs;
}

void fill_side(side& sd, const record& rc) {
  if (rc.status == 0) {
    sd.completed = true;
    sd.block = rc.block;
  } else {
    sd.signal = static_cast<int>(rc.status & 0xff);
  }
}

}  // namespace

std::vector<case_outcome> run_cases(std::span<const fuzz_case> cases, const run_config& cfg,
                                    uint64_t* processes) {
  std::vector<case_outcome> out(cases.size());
  size_t start = 0;
  while (start < cases.size()) {
    std::span<const fuzz_case> batch =
        cases.subspan(start, std::min<size_t>(cases.size() - start, kMaxCasesPerProgram));
    harness_image img = build_harness(batch, cfg.features);
    run_output q = run_qemu(img.elf, cfg);
    run_output s = run_ssivm(img, cfg);
    if (processes) *processes += 1;
    if (q.signal && batch.size() > 1) {
      // qemu itself died (it aborts on some instructions: tcg fatal error, assertions) and
      // what it wrote before is not to be trusted: run each case of the batch on its own.
      for (size_t k = 0; k < batch.size(); ++k)
        out[start + k] = run_cases(batch.subspan(k, 1), cfg, processes)[0];
      start += batch.size();
      continue;
    }
    std::vector<record> rq = parse_records(q.out), rs = parse_records(s.out);
    if (q.signal && batch.size() == 1) rq.clear();  // qemu died in this very case
    if (const char* keep = std::getenv("SSIVM_FUZZ_KEEP"); keep && (q.signal || s.signal)) {
      // Debugging aid: the program that one side did not survive.
      if (std::FILE* f = std::fopen(keep, "wb")) {
        std::fwrite(img.elf.data(), 1, img.elf.size(), f);
        std::fclose(f);
      }
    }
    if (std::getenv("SSIVM_FUZZ_DEBUG"))
      std::fprintf(stderr,
                   "batch of %zu: qemu %zu records (exit %d, signal %d), ssivm %zu records (exit "
                   "%d, signal %d)\n",
                   batch.size(), rq.size(), q.exit_code, q.signal, rs.size(), s.exit_code,
                   s.signal);
    size_t both = std::min(rq.size(), rs.size());
    for (size_t k = 0; k < both; ++k) {
      case_outcome& o = out[start + k];
      fill_side(o.qemu, rq[k]);
      fill_side(o.ssivm, rs[k]);
      // A case that faulted is compared by its signal only: how far an interruptible
      // instruction got before the fault is CPU-determined.
      o.equal = rq[k].status == rs[k].status && (rq[k].status != 0 || rq[k].block == rs[k].block);
    }
    for (const auto& f : s.faults) {
      if (f.case_index >= both) continue;
      const auto& addrs = img.insn_addr[f.case_index];
      const auto& code = batch[f.case_index].code;
      for (size_t j = 0; j < addrs.size(); ++j) {
        uint64_t at = f.nullified ? addrs[j] : addrs[j] + code[j].i.len;
        if (at == f.psw) {
          out[start + f.case_index].fault_index = static_cast<int>(j);
          break;
        }
      }
    }
    if (both >= batch.size()) {
      start += batch.size();
      continue;
    }
    // Case `both` ended at least one of the programs (or one side could not run at all).
    case_outcome& o = out[start + both];
    auto fill = [&](side& sd, const run_output& r, const std::vector<record>& rc) {
      if (rc.size() > both)
        fill_side(sd, rc[both]);
      else if (r.signal)
        sd.signal = r.signal;
      else
        sd.error = !r.error.empty()
                       ? r.error
                       : "exited with " + std::to_string(r.exit_code) + " before the case";
    };
    fill(o.qemu, q, rq);
    fill(o.ssivm, s, rs);
    o.equal = false;
    if ((!q.error.empty() && rq.empty()) || (!s.error.empty() && rs.empty())) {
      // A side that cannot run at all: report on the first case only, do not loop.
      for (size_t k = start + both + 1; k < cases.size(); ++k) out[k] = out[start + both];
      break;
    }
    start += both + 1;
  }
  return out;
}

std::string describe_case(const fuzz_case& fc, bool full_state) {
  std::string s;
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "case %016llx, %zu instructions (addresses as in a one-case harness)\n",
                static_cast<unsigned long long>(fc.id), fc.code.size());
  s += buf;
  harness_image img = build_harness(std::span<const fuzz_case>(&fc, 1), harness_features::probe());
  for (size_t j = 0; j < fc.code.size(); ++j) {
    uint64_t ia = img.insn_addr[0][j];
    std::vector<uint8_t> b = encode_at(fc.code[j], ia, img.block_addr[0]);
    std::string bytes;
    for (uint8_t x : b) bytes += hex(x, 2);
    std::snprintf(buf, sizeof buf, "  %3zu  %08llx  %-12s  %s\n", j,
                  static_cast<unsigned long long>(ia), bytes.c_str(),
                  arch::disassemble(b.data(), ia).c_str());
    s += buf;
  }
  if (!full_state) return s;
  const uint64_t block = img.block_addr[0];
  s += "  initial state (r11 = block " + hex(block, 8) + ", data area at block+" +
       std::to_string(kDataOff) + "):\n";
  for (unsigned r = 0; r < 16; ++r) {
    uint64_t v = fc.gr[r];
    if (r == kBaseReg)
      v = block;
    else if (fc.gr_data_off[r] >= 0)
      v = block + kDataOff + static_cast<uint32_t>(fc.gr_data_off[r]);
    std::snprintf(buf, sizeof buf, "    r%-2u %s   f%-2u %s\n", r, hex(v).c_str(), r,
                  hex(fc.fpr[r]).c_str());
    s += buf;
  }
  std::snprintf(buf, sizeof buf, "    fpc %08x  cc %u\n", fc.fpc, fc.cc);
  s += buf;
  // Initial bytes of the storage operands (based on r11), as far as the case determines them.
  for (const gen_insn& g : fc.code) {
    const arch::insn& i = g.i;
    auto show = [&](uint8_t base, int32_t disp, uint8_t index, unsigned len) {
      if (base != kBaseReg) return;
      int64_t off = static_cast<int64_t>(disp) - kDataOff +
                    (index == kIndexReg ? static_cast<int64_t>(fc.gr[kIndexReg]) : 0);
      if (off < 0 || off >= kDataSize) return;
      len = std::min<unsigned>(len, kDataSize - static_cast<unsigned>(off));
      std::snprintf(buf, sizeof buf, "    data+%04llx:", static_cast<unsigned long long>(off));
      s += buf;
      for (unsigned k = 0; k < len; ++k) s += (k % 8 ? "" : " ") + hex(fc.data[off + k], 2);
      s += "\n";
    };
    show(i.b1, i.d1, 0, i.l1 ? i.l1 + 1u : 16);
    show(i.b2, i.d2, i.x2, i.l2 ? i.l2 + 1u : 16);
    show(i.b4, i.d4, 0, 16);
  }
  return s;
}

std::string describe_difference(const fuzz_case& fc, const case_outcome& o) {
  std::string s;
  if (!o.qemu.completed || !o.ssivm.completed) {
    s += "  qemu:  " + side_text(o.qemu) + "\n";
    s += "  ssivm: " + side_text(o.ssivm) + "\n";
    if (o.fault_index >= 0)
      s += "  ssivm's interruption was at instruction " + std::to_string(o.fault_index) + "\n";
    return s;
  }
  const uint8_t* q = o.qemu.block.data();
  const uint8_t* v = o.ssivm.block.data();
  char buf[200];
  for (unsigned r = 0; r < 16; ++r) {
    uint64_t a = get_be(q + kOutGr + 8 * r, 8), b = get_be(v + kOutGr + 8 * r, 8);
    if (a != b) {
      std::snprintf(buf, sizeof buf, "  r%-2u  qemu %s  ssivm %s\n", r, hex(a).c_str(),
                    hex(b).c_str());
      s += buf;
    }
  }
  for (unsigned r = 0; r < 16; ++r) {
    uint64_t a = get_be(q + kOutFpr + 8 * r, 8), b = get_be(v + kOutFpr + 8 * r, 8);
    if (a != b) {
      std::snprintf(buf, sizeof buf, "  f%-2u  qemu %s  ssivm %s\n", r, hex(a).c_str(),
                    hex(b).c_str());
      s += buf;
    }
  }
  uint64_t qf = get_be(q + kOutFpc, 4), vf = get_be(v + kOutFpc, 4);
  if (qf != vf) {
    std::snprintf(buf, sizeof buf, "  fpc  qemu %08llx  ssivm %08llx\n", (unsigned long long)qf,
                  (unsigned long long)vf);
    s += buf;
  }
  uint64_t qc = get_be(q + kOutCc, 4), vc = get_be(v + kOutCc, 4);
  if (qc != vc) {
    std::snprintf(buf, sizeof buf, "  cc   qemu %llu  ssivm %llu  (IPM words %08llx / %08llx)\n",
                  (unsigned long long)(qc >> 28 & 3), (unsigned long long)(vc >> 28 & 3),
                  (unsigned long long)qc, (unsigned long long)vc);
    s += buf;
  }
  for (uint32_t off = 0; off < kDataSize; off += 8) {
    const uint8_t* qa = q + kDataOff + off;
    const uint8_t* va = v + kDataOff + off;
    if (std::memcmp(qa, va, 8) != 0) {
      std::snprintf(buf, sizeof buf, "  data+%04x  qemu %s  ssivm %s  (initial %s)\n", off,
                    hex(get_be(qa, 8)).c_str(), hex(get_be(va, 8)).c_str(),
                    hex(get_be(fc.data.data() + off, 8)).c_str());
      s += buf;
    }
  }
  (void)fc;
  return s;
}

const char* explain_difference(const fuzz_case& fc, const case_outcome& o) {
  static constexpr std::string_view kInterruptible[] = {
      "mvst", "clst", "srst", "srstu", "cuse", "cu12", "cu14",  "cu21",  "cu24",  "cu41",  "cu42",
      "troo", "trot", "trto", "trtt",  "tre",  "cksm", "mvcle", "clcle", "mvclu", "clclu", "cmpsc"};
  if (fc.code.empty()) return nullptr;
  std::string_view last = arch::mnemonic(fc.code.back().i.id);
  // The instruction of ssivm's program interruption, else the last one.
  const std::string_view fault_at =
      o.fault_index >= 0 && static_cast<size_t>(o.fault_index) < fc.code.size()
          ? arch::mnemonic(fc.code[static_cast<size_t>(o.fault_index)].i.id)
          : last;
  auto cc_of = [](const side& sd) { return sd.block[kOutCc] >> 4 & 3; };
  if (std::find(std::begin(kInterruptible), std::end(kInterruptible), last) !=
      std::end(kInterruptible)) {
    if (o.qemu.completed && o.ssivm.completed && (cc_of(o.qemu) == 3 || cc_of(o.ssivm) == 3))
      return "CPU-determined stop (CC 3) of an interruptible instruction";
    const side* done = o.qemu.completed ? &o.qemu : o.ssivm.completed ? &o.ssivm : nullptr;
    const side* faulted = !o.qemu.completed ? &o.qemu : !o.ssivm.completed ? &o.ssivm : nullptr;
    if (done && faulted && faulted->signal == SIGSEGV && cc_of(*done) == 3)
      return "CPU-determined stop (CC 3) before the byte the other side faulted on";
  }
  if ((last == "mvclu" || last == "clclu") && o.ssivm.signal == SIGILL &&
      (o.qemu.signal == SIGSEGV || o.qemu.completed))
    return "odd MVCLU/CLCLU length: ssivm takes the specification exception (PoO), qemu checks "
           "the operand access first or not at all";
  if ((last == "clst" || last == "mvst" || last == "srst" || last == "srstu") &&
      o.ssivm.signal == SIGILL && o.qemu.signal == SIGSEGV)
    return "GR0 bits 32-55 not zero: ssivm takes the specification exception first (PoO "
           "priority), qemu the access exception (shrinking dropped the generator's GR0 setup)";
  if (fault_at == "clst" && o.ssivm.signal == SIGILL && o.qemu.completed)
    return "qemu 7.2 never checks CLST's GR0 bits 32-55 (PoO: specification exception)";
  {
    // qemu 7.2 drops a BFP COMPARE whose CC a later instruction overwrites unread: TCG deletes
    // the helper call as free of side effects, and with it the IEEE invalid operation of an
    // SNaN (any NaN for KEBR & co.), flag or trap. A direct program shows it: cebr of an SNaN,
    // then ar, leaves the FPC flags at zero (with lgr instead of ar: 0x80); with the invalid
    // mask on there is no SIGFPE. PoO: COMPARE with an SNaN is an invalid operation.
    static constexpr std::string_view kCompares[] = {"cebr", "ceb", "cdbr", "cdb", "cxbr",
                                                     "kebr", "keb", "kdbr", "kdb", "kxbr"};
    auto is_compare = [&](size_t k) {
      const std::string_view m = arch::mnemonic(fc.code[k].i.id);
      return std::find(std::begin(kCompares), std::end(kCompares), m) != std::end(kCompares);
    };
    auto cc_overwritten_after = [&](size_t k) {
      for (size_t j = k + 1; j < fc.code.size(); ++j) {
        const uint32_t fl = arch::kInsnTable[fc.code[j].i.id].flags;
        if (fl & arch::iflag::kReadsCC) return false;
        if (fl & arch::iflag::kSetsCC) return true;
      }
      return false;
    };
    const char* kDropped =
        "qemu 7.2 drops a BFP COMPARE whose CC is overwritten unread, with its invalid-operation "
        "flag or trap (PoO: an SNaN operand is an invalid operation)";
    if (o.fault_index >= 0 && o.ssivm.signal == SIGFPE && o.qemu.completed &&
        is_compare(static_cast<size_t>(o.fault_index)) &&
        cc_overwritten_after(static_cast<size_t>(o.fault_index)))
      return kDropped;
    if (o.qemu.completed && o.ssivm.completed) {
      std::vector<uint8_t> q = o.qemu.block, v = o.ssivm.block;
      const uint64_t qf = get_be(q.data() + kOutFpc, 4), vf = get_be(v.data() + kOutFpc, 4);
      for (unsigned k = 0; k < 4; ++k) q[kOutFpc + k] = v[kOutFpc + k] = 0;
      bool dropped = false;
      for (size_t k = 0; k < fc.code.size(); ++k)
        dropped |= is_compare(k) && cc_overwritten_after(k);
      if (dropped && q == v && (vf & ~qf) == 0x00800000u && (qf & ~vf) == 0) return kDropped;
    }
  }
  if ((last == "troo" || last == "trot" || last == "trto" || last == "trtt") &&
      o.qemu.signal == SIGSEGV && o.ssivm.completed && (o.ssivm.block[kOutCc] >> 4 & 3) == 0)
    return "zero first-operand length: qemu still fetches the translation table, ssivm accesses "
           "nothing (CC 0)";
  if (last == "trot" && !(fc.code.back().i.m3 & 1) && o.qemu.completed && o.ssivm.completed &&
      cc_of(o.qemu) == 1) {
    // qemu 7.2 tests TROT's two-byte function characters against GR0 bits 56-63 only (see the
    // trot entry of kKnownDifferences): it stops with CC 1 on a character 00xx that ssivm
    // (GR0 bits 48-63, PoO) stores and goes past. The character is in ssivm's first operand
    // where qemu's R1 points; with R2 = 0 GR0 was an address, else it is the test character.
    const arch::insn& li = fc.code.back().i;
    auto reg = [](const side& sd, unsigned r) {
      uint64_t v = 0;
      for (unsigned k = 0; k < 8; ++k) v = v << 8 | sd.block[kOutGr + 8 * r + k];
      return v;
    };
    const uint64_t off = reg(o.qemu, li.r1) - reg(o.qemu, kBaseReg) - kDataOff;
    if (reg(o.ssivm, li.r1 + 1) < reg(o.qemu, li.r1 + 1) && off + 1 < kDataSize) {
      const unsigned ch = o.ssivm.block[kDataOff + off] << 8 | o.ssivm.block[kDataOff + off + 1];
      const uint64_t gr0 = reg(o.ssivm, 0);
      if (ch < 0x100 && (li.r2 == 0 || (ch == (gr0 & 0xff) && (gr0 & 0xff00))))
        return "qemu 7.2 compares TROT's function characters with GR0 bits 56-63 only; PoO: the "
               "test character is GR0 bits 48-63";
    }
  }
  if ((last == "ltebr" || last == "ltdbr" || last == "ltxbr") && o.qemu.completed &&
      o.ssivm.signal == SIGFPE)
    return "qemu 7.2 LOAD AND TEST does not signal invalid operation for a signaling NaN, so no "
           "IEEE trap either (PoO: invalid operation)";
  {
    const bool earlier_interruptible =
        std::any_of(fc.code.begin(), fc.code.end() - 1, [](const gen_insn& g) {
          std::string_view m = arch::mnemonic(g.i.id);
          return std::find(std::begin(kInterruptible), std::end(kInterruptible), m) !=
                 std::end(kInterruptible);
        });
    if (earlier_interruptible && (o.qemu.signal == SIGSEGV || o.ssivm.signal == SIGSEGV))
      return "after an interruptible instruction earlier in the case (CPU-determined amount)";
  }
  {
    // ssivm took an IEEE trap (underflow enabled in the FPC) where qemu did not: qemu 7.2 traps
    // on underflow only when the tiny result is also inexact. The trapping instruction is the
    // one at fault_index (shrinking may keep instructions after it).
    const size_t at = o.fault_index >= 0 ? static_cast<size_t>(o.fault_index) : fc.code.size() - 1;
    if (at < fc.code.size() && (fc.fpc & 0x10000000u) && o.qemu.completed &&
        o.ssivm.signal == SIGFPE && (arch::kInsnTable[fc.code[at].i.id].flags & arch::iflag::kFpc))
      return "underflow trap enabled: ssivm traps on a tiny result (PoO: with the underflow mask "
             "on, tininess alone is the exception), qemu 7.2 only when it is also inexact";
  }
  {
    // MULTIPLY AND ADD/SUBTRACT with a NaN result on either side. qemu 7.2's fused
    // multiply-add NaN handling is not the PoO's: it returns NaNs derived from no operand
    // (7fefffff for a lone short SNaN addend, case 162e0bb97d9d6cc8) and changes FPRs other
    // than R1 (case d012609f4d7db9d1's neighbours: f9/f13 after maebr/mseb into f10). ssivm:
    // the product's NaN (op2, then op3; SNaN first) before the addend's, quieted; an SNaN
    // anywhere is an invalid operation. Only NaN results are excused: numeric results must match.
    static constexpr std::string_view kFused[] = {"maebr", "maeb", "madbr", "madb",
                                                  "msebr", "mseb", "msdbr", "msdb"};
    if (std::find(std::begin(kFused), std::end(kFused), last) != std::end(kFused) &&
        o.qemu.completed && o.ssivm.completed) {
      const unsigned r1 = fc.code.back().i.r1;
      const bool is_short = last[2] == 'e';
      auto nan_in = [&](const side& sd) {
        uint64_t v = 0;
        for (unsigned k = 0; k < 8; ++k) v = v << 8 | sd.block[kOutFpr + 8 * r1 + k];
        if (is_short) {
          uint32_t w = static_cast<uint32_t>(v >> 32);
          return (w & 0x7f800000u) == 0x7f800000u && (w & 0x007fffffu) != 0;
        }
        return (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
               (v & 0x000fffffffffffffull) != 0;
      };
      if (nan_in(o.qemu) || nan_in(o.ssivm))
        return "qemu 7.2 fused multiply-add NaN handling (NaN not derived from an operand, other "
               "FPRs changed); ssivm: product's NaN before the addend's, quieted";
    }
  }
  if ((last == "cu12" || last == "cu14") && o.qemu.completed && o.ssivm.completed &&
      cc_of(o.qemu) == 2 && cc_of(o.ssivm) == 2) {
    // Both stop at an invalid UTF-8 character, ssivm further on: qemu 7.2 rejected a character
    // ssivm (and RFC 3629) accept, e.g. E0 AA 80 = U+0A80 (case f519b679840b046a).
    auto reg = [&](const side& sd, unsigned r) {
      uint64_t v = 0;
      for (unsigned k = 0; k < 8; ++k) v = v << 8 | sd.block[kOutGr + 8 * r + k];
      return v;
    };
    const unsigned r2 = fc.code.back().i.r2;
    if (reg(o.ssivm, r2) > reg(o.qemu, r2))
      return "qemu 7.2 rejects a well-formed UTF-8 character (CC 2) that ssivm converts before "
             "stopping at a later invalid one";
  }
  if ((last == "cu12" || last == "cu14") && o.qemu.completed && cc_of(o.qemu) == 2 &&
      o.ssivm.signal == SIGSEGV)
    return "qemu 7.2 rejects a well-formed UTF-8 character (CC 2); ssivm converts it and takes "
           "the access exception storing it (shrinking left the first operand unmapped)";
  if ((last == "cu41" || last == "cu42") && o.ssivm.completed && cc_of(o.ssivm) == 2 &&
      (o.qemu.signal == SIGSEGV || (o.qemu.completed && cc_of(o.qemu) == 2)))
    return "UTF-32 surrogate code point (D800-DFFF): ssivm stops with CC 2 at it (PoO: invalid "
           "UTF-32 character), qemu 7.2 converts it and stops at a later invalid character";
  {
    // Register-pair instructions whose R1 and R2 name the same pair: the first and second
    // operands are the same storage and the same registers, so the PoO's "operands overlap"
    // rule makes the result unpredictable.
    static constexpr std::string_view kPairOps[] = {"cu12", "cu14", "cu21",  "cu24", "cu41",
                                                    "cu42", "cksm", "srstu", "trtt", "trto",
                                                    "trot", "troo", "tre"};
    const arch::insn& li = fc.code.back().i;
    if (std::find(std::begin(kPairOps), std::end(kPairOps), last) != std::end(kPairOps) &&
        (li.r1 & ~1u) == (li.r2 & ~1u))
      return "R1 and R2 designate the same register pair (overlapping operands: unpredictable "
             "per the PoO)";
  }
  // ssivm's interruption was at an LFAS/SFASR (shrinking may keep later instructions).
  if ((fault_at == "lfas" || fault_at == "sfasr") && o.ssivm.signal == SIGILL &&
      (o.qemu.signal == SIGFPE || o.qemu.completed))
    return "reserved FPC bits in the new value: ssivm takes the specification exception (PoO), "
           "qemu 7.2 skips the check for LFAS/SFASR (and may signal the IEEE exception)";
  if (!o.qemu.completed && o.qemu.signal == SIGABRT)
    return "qemu crashed (host abort: tcg fatal error or a helper's assertion)";
  // ssivm's interruption was at an instruction loading the FPC, which qemu got past: it
  // completed, or trapped later on an IEEE exception the new FPC enabled (shrinking may keep
  // later instructions; the value may depend on the block address: case abbd1b2b6fa904df).
  if ((o.qemu.completed || o.qemu.signal == SIGFPE) && o.ssivm.signal == SIGILL &&
      (fault_at == "lfpc" || fault_at == "sfpc" || fault_at == "sfasr" || fault_at == "lfas"))
    return "FPC bits 25-27 (DFP rounding mode) and 5/13 (DFP quantum-exception mask and flag) "
           "are valid only with the DFP facility, which qemu's CPU model has and ssivm's does "
           "not (model-dependent)";
  if (o.qemu.completed && !o.ssivm.completed && o.ssivm.signal == SIGFPE) {
    // SPM earlier in the case may have enabled the fixed-point or decimal overflow mask.
    const bool spm = std::any_of(fc.code.begin(), fc.code.end() - 1,
                                 [](const gen_insn& g) { return arch::mnemonic(g.i.id) == "spm"; });
    if (spm)
      return "qemu 7.2 ignores the program mask: no fixed-point-overflow interruption after SPM "
             "enabled it (PoO: program interruption when PSW bit 20 is one)";
  }
  if (o.qemu.completed && o.ssivm.completed) {
    // An interruptible instruction earlier in the shrunk case (a later instruction shows the
    // difference): its CPU-determined stop may leave other registers or bytes behind.
    const bool earlier_interruptible =
        std::any_of(fc.code.begin(), fc.code.end() - 1, [](const gen_insn& g) {
          std::string_view m = arch::mnemonic(g.i.id);
          return std::find(std::begin(kInterruptible), std::end(kInterruptible), m) !=
                 std::end(kInterruptible);
        });
    if (earlier_interruptible)
      return "after an interruptible instruction earlier in the case (CPU-determined amount)";
    // Only the CC differs.
    std::vector<uint8_t> q = o.qemu.block, v = o.ssivm.block;
    for (unsigned k = 0; k < 4; ++k) q[kOutCc + k] = v[kOutCc + k] = 0;
    bool only_cc = q == v;
    if (last == "tceb" || last == "tcdb" || last == "tcxb") {
      std::vector<uint8_t> q2 = o.qemu.block, v2 = o.ssivm.block;
      for (unsigned k = 0; k < 4; ++k) q2[kOutFpc + k] = v2[kOutFpc + k] = 0;
      const uint8_t qflags = o.qemu.block[kOutFpc + 1], sflags = o.ssivm.block[kOutFpc + 1];
      if (q2 == v2 && (qflags & ~sflags) == 0 && qflags != sflags)
        return "qemu 7.2's TEST DATA CLASS loses FPC flags an earlier instruction set; PoO: the "
               "FPC is not changed";
    }
    // TR anywhere in the case, with no CC-setting instruction after it: the CC TR left is
    // the final one (shrinking may keep a later instruction that does not touch the CC).
    if (only_cc) {
      bool tr_sets_final_cc = false;
      for (const gen_insn& g : fc.code) {
        const uint32_t fl = arch::kInsnTable[g.i.id].flags;
        if (arch::mnemonic(g.i.id) == "tr")
          tr_sets_final_cc = true;
        else if (fl & arch::iflag::kSetsCC)
          tr_sets_final_cc = false;
      }
      if (tr_sets_final_cc)
        return "qemu 7.2 changes the CC in TRANSLATE; PoO: the CC remains unchanged";
    }
    if ((last == "ltebr" || last == "ltdbr" || last == "ltxbr")) {
      unsigned r = fc.code.back().i.r1;
      uint64_t qv = 0;
      for (unsigned k = 0; k < 8; ++k) qv = qv << 8 | o.qemu.block[kOutFpr + 8 * r + k];
      bool snan = last == "ltebr" ? ((qv >> 54 & 0x1ff) == 0x1fe && (qv >> 32 & 0x3fffff))
                                  : ((qv >> 51 & 0xfff) == 0xffe && (qv & 0x7ffffffffffffull));
      if (last == "ltxbr") snan = (qv >> 47 & 0xffff) == 0xfffe;
      if (snan)
        return "qemu 7.2 LOAD AND TEST passes a signaling NaN through unchanged without the IEEE "
               "invalid-operation flag; PoO: it is an invalid operation, the result the QNaN";
    }
  }
  return nullptr;
}

fuzz_case minimize(const fuzz_case& fc, const run_config& cfg, case_outcome& outcome) {
  // 1. The shortest mismatching prefix (all prefixes in one batch).
  std::vector<fuzz_case> cands;
  for (size_t n = 1; n <= fc.code.size(); ++n) {
    fuzz_case c = fc;
    c.code.resize(n);
    cands.push_back(std::move(c));
  }
  fuzz_case cur = fc;
  if (cands.empty()) return cur;
  auto res = run_cases(cands, cfg);
  bool found = false;
  for (size_t k = 0; k < res.size(); ++k) {
    if (!res[k].equal) {
      cur = cands[k];
      outcome = res[k];
      found = true;
      break;
    }
  }
  if (!found) return fc;  // did not reproduce in isolation: keep the whole case
  // 2. Drop instructions before the last one while the mismatch stays.
  for (int round = 0; round < 64 && cur.code.size() > 1; ++round) {
    cands.clear();
    for (size_t j = 0; j + 1 < cur.code.size(); ++j) {
      fuzz_case c = cur;
      c.code.erase(c.code.begin() + static_cast<long>(j));
      cands.push_back(std::move(c));
    }
    res = run_cases(cands, cfg);
    std::vector<size_t> removable;
    for (size_t j = 0; j < res.size(); ++j)
      if (!res[j].equal) removable.push_back(j);
    if (removable.empty()) break;
    if (removable.size() > 1) {
      fuzz_case all = cur;
      for (auto it = removable.rbegin(); it != removable.rend(); ++it)
        all.code.erase(all.code.begin() + static_cast<long>(*it));
      auto r2 = run_cases(std::span<const fuzz_case>(&all, 1), cfg);
      if (!r2[0].equal) {
        cur = std::move(all);
        outcome = r2[0];
        continue;
      }
    }
    outcome = res[removable[0]];
    cur = cands[removable[0]];
  }
  return cur;
}

}  // namespace ssivm::fuzz
