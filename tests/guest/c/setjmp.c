// Guest program: setjmp/longjmp — simple, nested (inner and outer buffers), from deep
// recursion, repeated jumps in a loop, and register/local preservation rules (volatile locals).
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static jmp_buf outer, inner;
static int depth_reached;

static void dive(int n, int limit, jmp_buf* target) {
  char pad[64];
  memset(pad, n & 0xff, sizeof pad);
  depth_reached = n;
  if (n == limit) longjmp(*target, n + (pad[5] & 1));
  dive(n + 1, limit, target);
  __asm__ volatile("" ::"r"(pad) : "memory");  // keep the frame (no tail call)
}

// Each level has its own live buffer; level 2 jumps to its own, the deepest level either
// returns normally or escapes to `inner` across all of them.
static int nested_level(int level, int escape) {
  jmp_buf here;
  int r = setjmp(here);
  if (r == 0) {
    if (level < 5) {
      int v = nested_level(level + 1, escape);
      printf("  level %d got %d from below\n", level, v);
      if (level == 2) longjmp(here, 100 + v);
      return v + level;
    }
    if (escape) longjmp(inner, 42);
    return 1;
  }
  printf("  level %d resumed with %d\n", level, r);
  return r;
}

static uint64_t compute_with_escape(int n, jmp_buf* esc) {
  uint64_t acc = 1;
  for (int i = 1; i <= n; ++i) {
    acc = acc * 3 + (uint64_t)i;
    if (acc % 1000 == 7) longjmp(*esc, i);
  }
  return acc;
}

int main(void) {
  volatile int counter = 0;
  int r = setjmp(outer);
  printf("setjmp returned %d (counter=%d)\n", r, counter);
  if (counter < 3) {
    ++counter;
    longjmp(outer, counter * 10);
  }

  // longjmp(…, 0) must make setjmp return 1.
  volatile int zero_case = 0;
  if ((r = setjmp(outer)) == 0) {
    zero_case = 1;
    longjmp(outer, 0);
  }
  printf("longjmp 0 gives %d (flag %d)\n", r, zero_case);

  for (int limit = 10; limit <= 10000; limit *= 10) {
    depth_reached = 0;
    if ((r = setjmp(outer)) == 0) {
      dive(0, limit, &outer);
      printf("not reached\n");
    } else {
      printf("escaped from depth %d with %d\n", depth_reached, r);
    }
  }

  for (int escape = 0; escape < 2; ++escape) {
    if ((r = setjmp(inner)) == 0) {
      printf("nested result %d\n", nested_level(0, escape));
    } else {
      printf("inner escape %d\n", r);
    }
  }

  int escapes = 0;
  uint64_t total = 0;
  for (int n = 1; n < 200; ++n) {
    jmp_buf esc;
    volatile int at = setjmp(esc);
    if (at == 0) {
      total += compute_with_escape(n, &esc);
    } else {
      ++escapes;
      total += (uint64_t)at * 1000003u;
    }
  }
  printf("loop: escapes=%d total=%llu\n", escapes, (unsigned long long)total);

  // sigsetjmp/siglongjmp with savesigs.
  sigjmp_buf sj;
  volatile int round = 0;
  if (sigsetjmp(sj, 1) < 3) {
    ++round;
    siglongjmp(sj, round);
  }
  printf("siglongjmp rounds=%d\n", round);
  return 0;
}
