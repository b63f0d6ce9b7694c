// Guest program: heap churn — malloc/calloc/realloc/free of many sizes in a pseudo-random
// order (brk growth and, for large blocks, mmap), contents verified after every move.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kSlots = 1024 };
static unsigned char* slot[kSlots];
static size_t slot_size[kSlots];
static unsigned char slot_seed[kSlots];

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
  rs ^= rs << 7;
  rs ^= rs >> 9;
  return rs;
}

static void fill(unsigned char* p, size_t n, unsigned char seed) {
  for (size_t i = 0; i < n; ++i) p[i] = (unsigned char)(seed + i * 13);
}
static int check(const unsigned char* p, size_t n, unsigned char seed) {
  for (size_t i = 0; i < n; ++i)
    if (p[i] != (unsigned char)(seed + i * 13)) return 0;
  return 1;
}

static size_t pick_size(void) {
  uint64_t r = rnd();
  switch (r % 8) {
    case 0: return r >> 60;                      // tiny, including 0
    case 1: case 2: case 3: return 16 + (r >> 40) % 200;
    case 4: case 5: return 256 + (r >> 40) % 4000;
    case 6: return 4096 + (r >> 40) % 12000;
    default: return (r >> 50) % 16 == 0 ? 135000 + (r >> 40) % 100000 : 64 + (r >> 40) % 1000;  // some mmapped
  }
}

int main(void) {
  unsigned long allocs = 0, frees = 0, reallocs = 0, bad = 0;
  size_t peak = 0, live = 0;
  for (int round = 0; round < 20000; ++round) {
    unsigned k = (unsigned)(rnd() % kSlots);
    unsigned action = (unsigned)(rnd() % 10);
    if (slot[k] && action < 4) {
      bad += !check(slot[k], slot_size[k], slot_seed[k]);
      free(slot[k]);
      live -= slot_size[k];
      slot[k] = NULL;
      ++frees;
    } else if (slot[k] && action < 7) {
      size_t n = pick_size();
      unsigned char* p = realloc(slot[k], n ? n : 1);
      if (!p) { printf("realloc failed\n"); return 1; }
      size_t keep = n < slot_size[k] ? n : slot_size[k];
      bad += !check(p, keep, slot_seed[k]);
      fill(p, n, slot_seed[k]);
      live += n;
      live -= slot_size[k];
      slot[k] = p;
      slot_size[k] = n;
      ++reallocs;
    } else if (!slot[k]) {
      size_t n = pick_size();
      unsigned char* p;
      if (action == 9) {
        p = calloc(n ? n : 1, 1);
        for (size_t i = 0; i < n; ++i) bad += p[i] != 0;
      } else {
        p = malloc(n);
      }
      if (!p && n) { printf("malloc failed\n"); return 1; }
      slot_seed[k] = (unsigned char)rnd();
      if (p) fill(p, n, slot_seed[k]);
      slot[k] = p;
      slot_size[k] = n;
      live += n;
      ++allocs;
    }
    if (live > peak) peak = live;
  }
  uint64_t sum = 0;
  for (unsigned k = 0; k < kSlots; ++k)
    if (slot[k]) {
      bad += !check(slot[k], slot_size[k], slot_seed[k]);
      for (size_t i = 0; i < slot_size[k]; i += 97) sum += slot[k][i];
      free(slot[k]);
    }
  printf("allocs=%lu frees=%lu reallocs=%lu peak=%zu bad=%lu sum=%" PRIu64 "\n", allocs, frees, reallocs, peak, bad,
         sum);

  // A linked list built and torn down repeatedly, and a big zeroed block.
  struct item { struct item* next; int v; char payload[40]; };
  uint64_t lsum = 0;
  for (int pass = 0; pass < 20; ++pass) {
    struct item* head = NULL;
    for (int i = 0; i < 2000; ++i) {
      struct item* it = malloc(sizeof *it);
      it->v = i * pass;
      snprintf(it->payload, sizeof it->payload, "item-%d-%d", pass, i);
      it->next = head;
      head = it;
    }
    while (head) {
      struct item* n = head->next;
      lsum += (uint64_t)head->v + (uint64_t)strlen(head->payload);
      free(head);
      head = n;
    }
  }
  size_t big = 48u << 20;
  unsigned char* z = calloc(big, 1);
  size_t nz = 0;
  for (size_t i = 0; i < big; i += 4096) nz += z[i] != 0;
  z[big - 1] = 1;
  free(z);
  printf("list sum=%" PRIu64 " big nonzero=%zu\n", lsum, nz);
  return 0;
}
