// Guest program: recursion (Ackermann, Fibonacci, Towers of Hanoi, mutual recursion, deep
// recursion) and function pointers (dispatch tables, callbacks, a tiny stack-machine VM).
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long ack_calls;
static unsigned long ackermann(unsigned long m, unsigned long n) {
  ++ack_calls;
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned long hanoi_moves;
static uint64_t hanoi_hash;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  ++hanoi_moves;
  hanoi_hash = hanoi_hash * 31 + (uint64_t)(n * 9 + from * 3 + to);
  hanoi(n - 1, via, to, from);
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

// Deep recursion with a frame that cannot be optimised away.
static uint64_t deep(int n, volatile uint64_t* sink) {
  volatile uint64_t local[4] = {(uint64_t)n, (uint64_t)n * 3, (uint64_t)n ^ 0x55, 7};
  if (n == 0) return local[3];
  uint64_t r = deep(n - 1, sink) + local[0] + local[1] - local[2];
  *sink += r & 0xff;
  return r;
}

// Function pointers: a dispatch table of binary operations.
typedef int64_t (*binop)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_mod(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_and(int64_t a, int64_t b) { return a & b; }
static int64_t op_or(int64_t a, int64_t b) { return a | b; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_shl(int64_t a, int64_t b) { return (int64_t)((uint64_t)a << (b & 63)); }
static int64_t op_max(int64_t a, int64_t b) { return a > b ? a : b; }
static const struct {
  const char* name;
  binop fn;
} kOps[] = {{"add", op_add}, {"sub", op_sub}, {"mul", op_mul}, {"div", op_div}, {"mod", op_mod},
            {"and", op_and}, {"or", op_or},   {"xor", op_xor}, {"shl", op_shl}, {"max", op_max}};

// A tiny stack VM whose instructions are handlers in a table.
struct vm {
  int64_t stack[64];
  int sp;
  int pc;
  int halted;
};
typedef void (*vm_handler)(struct vm*, int64_t);
static void vm_push(struct vm* v, int64_t x) { v->stack[v->sp++] = x; }
static void vm_binop(struct vm* v, int64_t which) {
  int64_t b = v->stack[--v->sp], a = v->stack[--v->sp];
  v->stack[v->sp++] = kOps[which].fn(a, b);
}
static void vm_dup(struct vm* v, int64_t x) { (void)x; v->stack[v->sp] = v->stack[v->sp - 1]; v->sp++; }
static void vm_jnz(struct vm* v, int64_t target) {
  if (v->stack[--v->sp]) v->pc = (int)target - 1;
}
static void vm_halt(struct vm* v, int64_t x) { (void)x; v->halted = 1; }
static void vm_swap(struct vm* v, int64_t x) {
  (void)x;
  int64_t t = v->stack[v->sp - 1];
  v->stack[v->sp - 1] = v->stack[v->sp - 2];
  v->stack[v->sp - 2] = t;
}
static void vm_over(struct vm* v, int64_t x) { (void)x; v->stack[v->sp] = v->stack[v->sp - 2]; v->sp++; }
enum { PUSH, BIN, DUP, JNZ, HALT, SWAP, OVER };
static const vm_handler kHandlers[] = {vm_push, vm_binop, vm_dup, vm_jnz, vm_halt, vm_swap, vm_over};

// Callbacks: a generic fold and a visitor over a binary tree.
static int64_t fold(const int64_t* v, int n, int64_t init, binop f) {
  for (int i = 0; i < n; ++i) init = f(init, v[i]);
  return init;
}
struct node {
  int value;
  struct node *left, *right;
};
static struct node* insert(struct node* t, int v) {
  if (!t) {
    t = calloc(1, sizeof *t);
    t->value = v;
    return t;
  }
  if (v < t->value) t->left = insert(t->left, v);
  else t->right = insert(t->right, v);
  return t;
}
static void visit(const struct node* t, void (*cb)(int, void*), void* ctx) {
  if (!t) return;
  visit(t->left, cb, ctx);
  cb(t->value, ctx);
  visit(t->right, cb, ctx);
}
static int depth(const struct node* t) {
  if (!t) return 0;
  int l = depth(t->left), r = depth(t->right);
  return 1 + (l > r ? l : r);
}
static void free_tree(struct node* t) {
  if (!t) return;
  free_tree(t->left);
  free_tree(t->right);
  free(t);
}
static void sum_cb(int v, void* ctx) { *(int64_t*)ctx = *(int64_t*)ctx * 7 + v; }
static void print_cb(int v, void* ctx) {
  int* count = ctx;
  if ((*count)++ < 12) printf(" %d", v);
}

int main(void) {
  for (unsigned long m = 0; m <= 3; ++m)
    for (unsigned long n = 0; n <= 4; ++n) {
      ack_calls = 0;
      unsigned long r = ackermann(m, n);
      printf("ack(%lu,%lu)=%lu calls=%lu\n", m, n, r, ack_calls);
    }
  ack_calls = 0;
  printf("ack(2,300)=%lu calls=%lu\n", ackermann(2, 300), ack_calls);
  for (unsigned n = 0; n <= 27; n += 3) printf("fib(%u)=%" PRIu64 "\n", n, fib(n));
  for (int n = 1; n <= 16; n += 5) {
    hanoi_moves = 0;
    hanoi_hash = 0;
    hanoi(n, 1, 3, 2);
    printf("hanoi(%d): moves=%lu hash=%016" PRIx64 "\n", n, hanoi_moves, hanoi_hash);
  }
  printf("even(1000)=%d odd(777)=%d odd(4096)=%d\n", is_even(1000), is_odd(777), is_odd(4096));
  volatile uint64_t sink = 0;
  uint64_t d = deep(20000, &sink);
  printf("deep=%" PRIu64 " sink=%" PRIu64 "\n", d, (uint64_t)sink);

  int64_t vals[] = {1000003, -77, 12, 0, 9, -65536, 31};
  for (size_t k = 0; k < sizeof kOps / sizeof kOps[0]; ++k) {
    int64_t acc = 0;
    for (size_t i = 0; i + 1 < sizeof vals / sizeof vals[0]; ++i) acc += kOps[k].fn(vals[i], vals[i + 1]);
    printf("op %-3s: %" PRId64 " fold=%" PRId64 "\n", kOps[k].name, acc, fold(vals, 7, 1, kOps[k].fn));
  }

  // VM program: factorial of 15 by a loop (n, acc on the stack).
  static const int64_t prog[][2] = {
      {PUSH, 15}, {PUSH, 1},   // n acc
      {OVER, 0},  {BIN, 2},    // n acc*n          (pc 2)
      {SWAP, 0},  {PUSH, 1}, {BIN, 1},  // acc n-1
      {DUP, 0},   {JNZ, 10},   // acc n-1  -> continue
      {HALT, 0},               // (unreached)
      {SWAP, 0},  {PUSH, 0}, {BIN, 7}, {PUSH, 1}, {JNZ, 15},  // keep the shape: n-1 acc
      {OVER, 0},  {JNZ, 2},    // loop while n-1 != 0
      {SWAP, 0},  {HALT, 0},
  };
  struct vm v = {.sp = 0, .pc = 0, .halted = 0};
  unsigned long steps = 0;
  while (!v.halted && steps < 10000) {
    kHandlers[prog[v.pc][0]](&v, prog[v.pc][1]);
    ++v.pc;
    ++steps;
  }
  printf("vm: steps=%lu sp=%d top=%" PRId64 " next=%" PRId64 "\n", steps, v.sp, v.stack[v.sp - 1],
         v.sp > 1 ? v.stack[v.sp - 2] : -1);

  struct node* root = NULL;
  uint32_t s = 99;
  for (int i = 0; i < 2000; ++i) {
    s = s * 1664525u + 1013904223u;
    root = insert(root, (int)(s >> 16) % 10007);
  }
  int64_t acc = 0;
  visit(root, sum_cb, &acc);
  int count = 0;
  printf("tree: depth=%d checksum=%" PRId64 " first:", depth(root), acc);
  visit(root, print_cb, &count);
  printf(" (of %d)\n", count);
  free_tree(root);
  return 0;
}
