// Guest program: self-modifying code — a loop that rewrites an instruction of another block
// (opcode and immediate) on every pass, EXECUTE and EXECUTE RELATIVE LONG of targets rewritten
// between executions; with the argument `same-block`, stores into a later instruction of the
// running block, in a cold loop and in a loop made hot first (qemu-s390x 7.2 runs the stale
// instruction there: see guest.smc_same_block). The code pages are made writable with mprotect.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

long smc_rewrite_loop(long n);
long smc_execute(long n);
void smc_ex_mvc(char* dst, const char* src, long len);
void smc_exrl_mvc(char* dst, const char* src, long len);
long smc_same_block(long n);
long smc_hot_block(long hot, long after);
extern char smc_begin[], smc_end[];

// Arguments in r2-r6, result in r2; only r0-r5 are used, so nothing needs saving.
__asm__(
    "  .text\n"
    "  .balign 4096\n"
    "  .globl smc_begin\n"
    "smc_begin:\n"

    // smc_rewrite_loop(n): pass i (n..1) rewrites the instruction at 1: with the next opcode of
    // the table (ALGFI, MSGFI or XILF, all on r2) and immediate i, in another block, and runs it.
    "  .globl smc_rewrite_loop\n"
    "smc_rewrite_loop:\n"
    "  lgr %r1,%r2\n"
    "  lghi %r2,1\n"
    "  larl %r3,1f\n"
    "  larl %r4,3f\n"
    "  lghi %r5,0\n"
    "0:\n"
    "  lh %r0,0(%r5,%r4)\n"
    "  sth %r0,0(%r3)\n"
    "  st %r1,2(%r3)\n"
    "  aghi %r5,2\n"
    "  chi %r5,6\n"
    "  jl 1f\n"
    "  lghi %r5,0\n"
    "  j 1f\n"
    "1:\n"
    "  algfi %r2,0\n"
    "  brct %r1,0b\n"
    "  br %r14\n"
    "3:\n"
    "  .short 0xc22a,0xc220,0xc027\n"

    // smc_execute(n): pass i sets the immediate of the target to i (EX adds it), turns it into
    // a multiplication by 3 (EXRL) and back into an addition.
    "  .balign 2\n"
    "  .globl smc_execute\n"
    "smc_execute:\n"
    "  lgr %r1,%r2\n"
    "  lghi %r2,0\n"
    "  larl %r3,4f\n"
    "0:\n"
    "  st %r1,2(%r3)\n"
    "  ex %r0,0(%r3)\n"
    "  mvi 1(%r3),0x20\n"
    "  mvhi 2(%r3),3\n"
    "  exrl %r0,4f\n"
    "  mvi 1(%r3),0x2a\n"
    "  brct %r1,0b\n"
    "  br %r14\n"
    "4:\n"
    "  algfi %r2,0\n"

    // smc_ex_mvc(dst, src, len): MVC of len bytes with the length written into the target.
    "  .globl smc_ex_mvc\n"
    "smc_ex_mvc:\n"
    "  aghi %r4,-1\n"
    "  larl %r1,5f\n"
    "  stc %r4,1(%r1)\n"
    "  ex %r0,0(%r1)\n"
    "  br %r14\n"
    // smc_exrl_mvc: the same through EXRL, with the length's low bit from R1 of the EXRL.
    "  .globl smc_exrl_mvc\n"
    "smc_exrl_mvc:\n"
    "  aghi %r4,-1\n"
    "  larl %r1,5f\n"
    "  lgr %r5,%r4\n"
    "  nill %r4,0xfe\n"
    "  stc %r4,1(%r1)\n"
    "  nill %r5,1\n"
    "  exrl %r5,5f\n"
    "  br %r14\n"
    "5:\n"
    "  mvc 0(1,%r2),0(%r3)\n"

    // smc_same_block(n): the ST rewrites the immediate of the very next instruction, in the
    // same straight-line block; pass i must add i.
    "  .globl smc_same_block\n"
    "smc_same_block:\n"
    "  lgr %r1,%r2\n"
    "  lghi %r2,0\n"
    "  larl %r3,1f\n"
    "0:\n"
    "  st %r1,2(%r3)\n"
    "1:\n"
    "  algfi %r2,0\n"
    "  brct %r1,0b\n"
    "  br %r14\n"

    // smc_hot_block(hot, after): the loop runs `hot` passes storing 7 into a data word, then
    // `after` passes where the same ST rewrites the next instruction's immediate to 7.
    "  .globl smc_hot_block\n"
    "smc_hot_block:\n"
    "  lgr %r1,%r2\n"
    "  lghi %r2,0\n"
    "  larl %r4,1f\n"
    "  mvhi 2(%r4),1\n"
    "  larl %r4,smc_scratch\n"
    "  lghi %r5,7\n"
    "0:\n"
    "  st %r5,2(%r4)\n"
    "1:\n"
    "  algfi %r2,1\n"
    "  brct %r1,0b\n"
    "  ltgr %r1,%r3\n"
    "  ber %r14\n"
    "  lghi %r3,0\n"
    "  larl %r4,1b\n"
    "  j 0b\n"

    "  .globl smc_end\n"
    "smc_end:\n"
    "  .data\n"
    "  .balign 8\n"
    "smc_scratch:\n"
    "  .quad 0\n"
    "  .text\n");

// The architecture's rule (Principles of Operation, instruction fetching): a store by the same
// CPU into a later instruction, conceptually earlier than its fetch, is seen by that fetch.
static void same_block(void) {
  printf("same block 1: %ld\n", smc_same_block(1));
  printf("same block 100: %ld\n", smc_same_block(100));
  printf("hot block 20000+1: %ld\n", smc_hot_block(20000, 1));
  printf("hot block 20000+5: %ld\n", smc_hot_block(20000, 5));
}

int main(int argc, char** argv) {
  const long page = sysconf(_SC_PAGESIZE);
  uintptr_t first = (uintptr_t)smc_begin & ~(uintptr_t)(page - 1);
  uintptr_t end = ((uintptr_t)smc_end + page - 1) & ~(uintptr_t)(page - 1);
  if (mprotect((void*)first, end - first, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
    perror("mprotect");
    return 1;
  }
  if (argc > 1 && strcmp(argv[1], "same-block") == 0) {
    same_block();
    return 0;
  }

  for (long n = 1; n <= 7; n += 3) printf("rewrite loop %ld: %ld\n", n, smc_rewrite_loop(n));
  printf("rewrite loop 100: %ld\n", smc_rewrite_loop(100));

  printf("execute 1: %ld\n", smc_execute(1));
  printf("execute 10: %ld\n", smc_execute(10));
  printf("execute 40: %ld\n", smc_execute(40));

  const char src[] = "abcdefghijklmnopqrstuvwxyz";
  for (long len = 1; len <= 20; len += 6) {
    char a[32], b[32];
    memset(a, '.', sizeof a);
    memset(b, '.', sizeof b);
    a[31] = b[31] = 0;
    smc_ex_mvc(a, src, len);
    smc_exrl_mvc(b, src, len);
    printf("mvc %2ld: %s %s\n", len, a, b);
  }
  return 0;
}
