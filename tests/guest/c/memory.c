// Guest program: the address space a Linux program sees — mmap (anonymous and of a file),
// mremap growing, shrinking and moving, munmap, mprotect, sbrk, sysinfo, /proc/self/exe.
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static uint64_t sum(const unsigned char* p, size_t n) {
  uint64_t s = 0;
  for (size_t i = 0; i < n; ++i) s = s * 33 + p[i];
  return s;
}

int main(int argc, char** argv) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  printf("page size %zu\n", page);

  unsigned char* a = mmap(NULL, 10 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) return 1;
  int zero = 1;
  for (size_t i = 0; i < 10 * page; ++i) zero &= a[i] == 0;
  for (size_t i = 0; i < 10 * page; ++i) a[i] = (unsigned char)(i * 7 + 3);
  uint64_t before = sum(a, 10 * page);
  printf("anon: zero-filled=%d sum=%016" PRIx64 "\n", zero, before);

  // Grow (may move), contents kept, the new tail zero.
  unsigned char* b = mremap(a, 10 * page, 300 * page, MREMAP_MAYMOVE);
  if (b == MAP_FAILED) return 2;
  int tail_zero = 1;
  for (size_t i = 10 * page; i < 300 * page; ++i) tail_zero &= b[i] == 0;
  printf("mremap grow: kept=%d tail-zero=%d\n", sum(b, 10 * page) == before,
         tail_zero);
  memset(b + 10 * page, 0x5a, 290 * page);
  // Shrink in place.
  unsigned char* c = mremap(b, 300 * page, 4 * page, 0);
  printf("mremap shrink: in-place=%d sum=%016" PRIx64 "\n", c == b, sum(c, 4 * page));
  // Growing without MAYMOVE fails when blocked; make a neighbour to block it.
  unsigned char* fence = mmap(c + 4 * page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  void* blocked = mremap(c, 4 * page, 8 * page, 0);
  printf("mremap blocked: failed=%d\n", blocked == MAP_FAILED);
  unsigned char* d = mremap(c, 4 * page, 8 * page, MREMAP_MAYMOVE);
  printf("mremap move: moved=%d sum=%016" PRIx64 "\n", d != c, sum(d, 4 * page));
  munmap(fence, page);
  munmap(d, 8 * page);

  // Many small mappings, unmapped in a scattered order, then reused.
  void* maps[64];
  for (int i = 0; i < 64; ++i) {
    maps[i] = mmap(NULL, (size_t)(i % 5 + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(maps[i], i, (size_t)(i % 5 + 1) * page);
  }
  int intact = 1;
  for (int i = 0; i < 64; i += 2) munmap(maps[i], (size_t)(i % 5 + 1) * page);
  for (int i = 1; i < 64; i += 2) {
    unsigned char* m = maps[i];
    for (size_t k = 0; k < (size_t)(i % 5 + 1) * page; k += 512) intact &= m[k] == i;
  }
  unsigned char* again = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int fresh = again[0] == 0 && again[3 * page - 1] == 0;
  printf("scattered: intact=%d fresh-zero=%d\n", intact, fresh);

  // mprotect: read-only pages can still be read.
  unsigned char* ro = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy((char*)ro, "protected text");
  int pr = mprotect(ro, 2 * page, PROT_READ);
  printf("mprotect=%d reads '%s'\n", pr, (char*)ro);

  // A file mapping: this program's own source (argv[1]) if given.
  if (argc > 1) {
    int fd = open(argv[1], O_RDONLY);
    off_t size = lseek(fd, 0, SEEK_END);
    unsigned char* f = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    printf("file map: size=%lld first line: %.*s\n", (long long)size, (int)(strchr((char*)f, '\n') - (char*)f),
           (char*)f);
    printf("file map: sum=%016" PRIx64 " past-end-zero=%d\n", sum(f, (size_t)size),
           f[size] == 0 && f[((size + page - 1) & ~(page - 1)) - 1] == 0);
    munmap(f, (size_t)size);
  }

  // The heap through sbrk.
  char* brk0 = sbrk(0);
  char* grown = sbrk(5 * (intptr_t)page);
  memset(grown, 0x11, 5 * page);
  char* brk1 = sbrk(0);
  sbrk(-3 * (intptr_t)page);
  char* brk2 = sbrk(0);
  printf("sbrk: grew=%td shrank-to=%td same-start=%d\n", brk1 - brk0, brk2 - brk0, grown == brk0);

  struct sysinfo si;
  printf("sysinfo=%d has-ram=%d unit=%u\n", sysinfo(&si), si.totalram > 0, si.mem_unit);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = 0;
  const char* base = strrchr(exe, '/');
  printf("exe=%s matches-argv0=%d\n", base ? base + 1 : exe, strstr(argv[0], base ? base + 1 : exe) != NULL);
  return 0;
}
