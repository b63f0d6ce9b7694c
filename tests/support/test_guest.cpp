// Test support implementation: runs the cross assembler in a temporary directory.
#include "tests/support/test_guest.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "arch/execute.hpp"

namespace ssivm::test {

std::vector<uint8_t> assemble(const std::string& source, const std::string& march) {
  char dir[] = "/tmp/ssivm-asm-XXXXXX";
  if (!mkdtemp(dir)) std::abort();
  std::string d = dir;
  {
    std::ofstream s(d + "/a.s");
    s << "\t.text\n" << source << "\n";
  }
  std::string cmd = "s390x-linux-gnu-as -march=" + march + " -o " + d + "/a.o " + d + "/a.s 2> " +
                    d + "/err && s390x-linux-gnu-objcopy -O binary -j .text " + d + "/a.o " + d +
                    "/a.bin";
  if (std::system(cmd.c_str()) != 0) {
    std::ifstream e(d + "/err");
    std::string msg((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "assembler failed:\n%s\nsource:\n%s\n", msg.c_str(), source.c_str());
    std::abort();
  }
  std::ifstream b(d + "/a.bin", std::ios::binary);
  std::vector<uint8_t> out((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
  std::system(("rm -rf " + d).c_str());
  return out;
}

test_guest::test_guest() {
  st = runtime::storage::create(16 << 20);
  st->bind(c);
  c.s.amode = 64;
  c.s.amask = ~0ull;
  c.s.psw_mask = 0x0705000180000000ull;
  eng = runtime::make_interpreter(*st);
}

void test_guest::load(const std::vector<uint8_t>& code) {
  std::vector<uint8_t> b = code;
  b.push_back(0x0a);  // svc 0: end marker
  b.push_back(0x00);
  eng->flush();
  st->write(kCodeAt, b.data(), b.size());
  end_ia_ = kCodeAt + code.size() + 2;
  c.s.psw_addr = kCodeAt;
}

runtime::stop_reason test_guest::run(int64_t budget) {
  for (;;) {
    auto r = eng->run(c, budget);
    if (r.why != runtime::stop_reason::budget || budget <= 0) return r.why;
    budget -= static_cast<int64_t>(r.executed);
    if (budget <= 0) return r.why;
  }
}

runtime::stop_reason test_guest::step_all(int64_t max_steps) {
  for (int64_t n = 0; n < max_steps; ++n) {
    arch::insn i;
    uint64_t ia = c.s.psw_addr;
    if (!arch::fetch_insn(c, ia, i)) return runtime::stop_reason::program;
    arch::exec_status s = arch::execute_one(c, i, ia);
    uint64_t next = (ia + i.len) & c.s.amask;
    switch (s) {
      case arch::exec_status::next: c.s.psw_addr = next; break;
      case arch::exec_status::branch: c.s.psw_addr = c.next_ia; break;
      case arch::exec_status::svc: c.s.psw_addr = next; return runtime::stop_reason::svc;
      case arch::exec_status::program:
        c.pgm_ilc = i.len;
        c.s.psw_addr = c.pgm_ending == arch::ending::nullify ? ia : next;
        return runtime::stop_reason::program;
      case arch::exec_status::exit: return runtime::stop_reason::exit_request;
    }
  }
  return runtime::stop_reason::budget;
}

void test_guest::put64(uint64_t a, uint64_t v) {
  v = arch::to_be(v);
  st->write(a, &v, 8);
}
void test_guest::put32(uint64_t a, uint32_t v) {
  v = arch::to_be(v);
  st->write(a, &v, 4);
}
void test_guest::put8(uint64_t a, uint8_t v) { st->write(a, &v, 1); }
uint64_t test_guest::get64(uint64_t a) {
  uint64_t v = 0;
  st->read(a, &v, 8);
  return arch::from_be(v);
}
uint32_t test_guest::get32(uint64_t a) {
  uint32_t v = 0;
  st->read(a, &v, 4);
  return arch::from_be(v);
}
uint8_t test_guest::get8(uint64_t a) {
  uint8_t v = 0;
  st->read(a, &v, 1);
  return v;
}
void test_guest::put_bytes(uint64_t a, const std::string& s) { st->write(a, s.data(), s.size()); }
std::string test_guest::get_bytes(uint64_t a, size_t n) {
  std::string s(n, '\0');
  st->read(a, s.data(), n);
  return s;
}

}  // namespace ssivm::test
