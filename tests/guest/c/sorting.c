// Guest program: sorting — qsort with several comparators (ints, strings, multi-key structs),
// a hand-written stable merge sort on structs, bsearch, and an insertion sort cross-check.
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
  int key;
  int seq;  // original position: shows stability
  double weight;
  char name[12];
};

static uint32_t rng = 12345;
static uint32_t next_rand(void) {
  rng = rng * 1103515245u + 12345u;
  return (rng >> 8) & 0xffffff;
}

static int cmp_int_asc(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}
static int cmp_int_desc(const void* a, const void* b) { return cmp_int_asc(b, a); }
static int cmp_u64(const void* a, const void* b) {
  uint64_t x = *(const uint64_t*)a, y = *(const uint64_t*)b;
  return (x > y) - (x < y);
}
static int cmp_str(const void* a, const void* b) { return strcmp(*(const char* const*)a, *(const char* const*)b); }
static int cmp_rec_multi(const void* a, const void* b) {
  const struct rec* x = a;
  const struct rec* y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  int c = strcmp(x->name, y->name);
  if (c) return c;
  return (x->seq > y->seq) - (x->seq < y->seq);
}
static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

// Stable merge sort on records by key only (ties keep input order).
static void merge_sort(struct rec* v, struct rec* tmp, size_t n) {
  if (n < 2) return;
  size_t h = n / 2;
  merge_sort(v, tmp, h);
  merge_sort(v + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = (v[j].key < v[i].key) ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

static void insertion_sort(int* v, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    int x = v[i];
    size_t j = i;
    while (j > 0 && v[j - 1] > x) {
      v[j] = v[j - 1];
      --j;
    }
    v[j] = x;
  }
}

static uint64_t hash_ints(const int* v, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ (uint32_t)v[i]) * 1099511628211ull;
  return h;
}

enum { kN = 3000, kR = 500 };
static int a[kN], b[kN];
static uint64_t u[kN];
static double d[kN];
static struct rec recs[kR], recs2[kR], tmp[kR];

int main(void) {
  for (int i = 0; i < kN; ++i) {
    a[i] = (int)next_rand() - 0x800000;
    u[i] = ((uint64_t)next_rand() << 40) ^ next_rand();
    d[i] = ((int)next_rand() - 0x800000) / 1024.0;
  }
  memcpy(b, a, sizeof a);
  qsort(a, kN, sizeof a[0], cmp_int_asc);
  insertion_sort(b, kN);
  printf("ints: min=%d max=%d median=%d same_as_insertion=%d hash=%016" PRIx64 "\n", a[0], a[kN - 1], a[kN / 2],
         memcmp(a, b, sizeof a) == 0, hash_ints(a, kN));
  qsort(a, kN, sizeof a[0], cmp_int_desc);
  int ok = 1;
  for (int i = 1; i < kN; ++i) ok &= a[i - 1] >= a[i];
  printf("desc ok=%d first=%d last=%d\n", ok, a[0], a[kN - 1]);
  int key = b[1234];
  int* found = bsearch(&key, b, kN, sizeof b[0], cmp_int_asc);
  int missing = 0x7fffffff;
  printf("bsearch found=%d value=%d missing=%p\n", found != NULL, found ? *found : 0,
         (void*)bsearch(&missing, b, kN, sizeof b[0], cmp_int_asc));

  qsort(u, kN, sizeof u[0], cmp_u64);
  printf("u64: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n", u[0], u[kN / 3], u[kN - 1]);
  qsort(d, kN, sizeof d[0], cmp_double);
  printf("doubles: %.6f %.6f %.6f\n", d[0], d[kN / 2], d[kN - 1]);

  static const char* words[] = {"pear", "apple", "fig", "banana", "cherry", "kiwi", "date", "grape",
                                "lemon", "mango", "apricot", "Zucchini", "aardvark", "fig", "", "apple pie"};
  size_t nw = sizeof words / sizeof words[0];
  const char* ws[sizeof words / sizeof words[0]];
  memcpy(ws, words, sizeof words);
  qsort(ws, nw, sizeof ws[0], cmp_str);
  for (size_t i = 0; i < nw; ++i) printf("%s[%s]", i ? " " : "", ws[i]);
  printf("\n");

  for (int i = 0; i < kR; ++i) {
    recs[i].key = (int)(next_rand() % 37);
    recs[i].seq = i;
    recs[i].weight = (next_rand() % 1000) / 7.0;
    snprintf(recs[i].name, sizeof recs[i].name, "n%03u", next_rand() % 50);
  }
  memcpy(recs2, recs, sizeof recs);
  merge_sort(recs, tmp, kR);
  int stable = 1, sorted = 1;
  for (int i = 1; i < kR; ++i) {
    sorted &= recs[i - 1].key <= recs[i].key;
    if (recs[i - 1].key == recs[i].key) stable &= recs[i - 1].seq < recs[i].seq;
  }
  printf("merge sort: sorted=%d stable=%d\n", sorted, stable);
  for (int i = 0; i < kR; i += 50)
    printf("  [%d] key=%d seq=%d w=%.3f %s\n", i, recs[i].key, recs[i].seq, recs[i].weight, recs[i].name);
  qsort(recs2, kR, sizeof recs2[0], cmp_rec_multi);
  double wsum = 0;
  uint64_t h = 0;
  for (int i = 0; i < kR; ++i) {
    wsum += recs2[i].weight * (i + 1);
    h = (h * 31) ^ (uint64_t)recs2[i].seq;
  }
  printf("multi-key: first=%d/%s/%d last=%d/%s/%d wsum=%.4f order=%016" PRIx64 "\n", recs2[0].key, recs2[0].name,
         recs2[0].seq, recs2[kR - 1].key, recs2[kR - 1].name, recs2[kR - 1].seq, wsum, h);
  return 0;
}
