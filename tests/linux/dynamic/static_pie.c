// A static-pie program without a C library: the loader puts it at some load bias and jumps to
// _start, which applies its own R_390_RELATIVE relocations (as glibc's rcrt1.o would) before
// anything reads a pointer from data. Its output shows the pointers and bss came out right.
#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t r_offset, r_info;
  int64_t r_addend;
} rela;
typedef struct {
  int64_t d_tag;
  uint64_t d_val;
} dyn;
enum { kDT_NULL = 0, kDT_RELA = 7, kDT_RELASZ = 8, kR_390_RELATIVE = 12 };

// Hidden, so that they are reached PC-relative (larl), not through a GOT slot that still
// needs relocating. __ehdr_start is the ELF header: the load address (linked at 0).
extern const char __ehdr_start[] __attribute__((visibility("hidden")));
extern dyn _DYNAMIC[] __attribute__((visibility("hidden")));

static long sys3(long nr, long a, long b, long c) {
  register long r1 __asm__("1") = nr;
  register long r2 __asm__("2") = a;
  register long r3 __asm__("3") = b;
  register long r4 __asm__("4") = c;
  __asm__ volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4) : "memory");
  return r2;
}
static void put(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  sys3(4, 1, (long)s, (long)n);
}
static void put_num(long v) {
  char buf[24];
  int k = 23;
  buf[k] = 0;
  do buf[--k] = (char)('0' + v % 10);
  while (v /= 10);
  put(buf + k);
}

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int sub(int a, int b) { return a - b; }
struct op {
  const char* name;
  int (*fn)(int, int);
};
static struct op ops[] = {{"add", add}, {"mul", mul}, {"sub", sub}};
static const char* words[] = {"relocated ", "pointers ", "in ", "data\n"};
static volatile long zeroes[512];  // bss: must read as zero
static long counter = 41;
static long* counter_ptr = &counter;

__attribute__((used)) static void start_c(long* sp) {
  uintptr_t base = (uintptr_t)__ehdr_start;
  uint64_t rela_at = 0, rela_size = 0;
  for (dyn* d = _DYNAMIC; d->d_tag != kDT_NULL; ++d) {
    if (d->d_tag == kDT_RELA) rela_at = d->d_val;
    if (d->d_tag == kDT_RELASZ) rela_size = d->d_val;
  }
  for (const rela* r = (const rela*)(base + rela_at); r < (const rela*)(base + rela_at + rela_size); ++r)
    if ((uint32_t)r->r_info == kR_390_RELATIVE) *(uint64_t*)(base + r->r_offset) = base + r->r_addend;
  for (int k = 0; k < 3; ++k) {
    put(ops[k].name);
    put("(7, 6) = ");
    put_num(ops[k].fn(7, 6));
    put("\n");
  }
  for (int k = 0; k < 4; ++k) put(words[k]);
  long sum = 0;
  for (int k = 0; k < 512; ++k) sum += zeroes[k];
  put("bss sum = ");
  put_num(sum);
  ++*counter_ptr;
  put("\ncounter = ");
  put_num(counter);
  put("\nargc = ");
  put_num(sp[0]);
  put(", argv[1] = ");
  put(sp[0] > 1 ? (const char*)sp[2] : "(none)");
  put(base > 0x10000 ? "\nloaded above its link address\n" : "\nnot relocated\n");
  sys3(1, 0, 0, 0);
}

// The stack pointer at entry points at argc; keep a 160-byte save area below it for the call.
__asm__(
    ".globl _start\n"
    "_start:\n"
    "  lgr %r2,%r15\n"
    "  aghi %r15,-160\n"
    "  brasl %r14,start_c\n");
