// Guest program: what the initial stack hands a program — argc/argv, the environment, and the
// auxiliary vector entries that do not depend on the emulator's CPU model (page size, clock
// ticks, ids, secure mode, the program headers, AT_EXECFN, AT_RANDOM).
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char** environ;

static int phdr_cb(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  int* count = data;
  if ((*count)++ == 0) {
    int loads = 0;
    for (int i = 0; i < info->dlpi_phnum; ++i) loads += info->dlpi_phdr[i].p_type == PT_LOAD;
    printf("first object: %d program headers, %d PT_LOAD, matches AT_PHNUM: %d\n", info->dlpi_phnum, loads,
           info->dlpi_phnum == (int)getauxval(AT_PHNUM));
  }
  return 0;
}

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
  const char* v = getenv("SSIVM_GUEST_VALUE");
  printf("SSIVM_GUEST_VALUE=[%s]\n", v ? v : "(unset)");
  int ours = 0, total = 0;
  for (char** e = environ; *e; ++e) {
    ++total;
    ours += strncmp(*e, "SSIVM_GUEST_", 12) == 0;
  }
  printf("environment: SSIVM_GUEST_* entries=%d, environ is after argv: %d\n", ours, (void*)environ > (void*)argv);
  printf("AT_PAGESZ=%lu AT_CLKTCK=%lu AT_SECURE=%lu\n", getauxval(AT_PAGESZ), getauxval(AT_CLKTCK),
         getauxval(AT_SECURE));
  printf("ids match: uid=%d euid=%d gid=%d egid=%d\n", getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(),
         getauxval(AT_GID) == getgid(), getauxval(AT_EGID) == getegid());
  const char* execfn = (const char*)getauxval(AT_EXECFN);
  printf("AT_EXECFN equals argv[0]: %d\n", execfn && strcmp(execfn, argv[0]) == 0);
  const unsigned char* rnd = (const unsigned char*)getauxval(AT_RANDOM);
  int nonzero = 0;
  for (int i = 0; rnd && i < 16; ++i) nonzero |= rnd[i];
  printf("AT_RANDOM present: %d, not all zero: %d\n", rnd != NULL, nonzero != 0);
  printf("AT_ENTRY is _start's page: %d\n", (getauxval(AT_ENTRY) & ~0xfffUL) != 0);
  int count = 0;
  dl_iterate_phdr(phdr_cb, &count);
  printf("sysconf: pagesize=%ld clk_tck=%ld\n", sysconf(_SC_PAGESIZE), sysconf(_SC_CLK_TCK));
  return argc;
}
