// Atomics for the mnemonic-coverage test: C11 atomics of every width, fetch-and-op (LAA/LAN…
// on z196), compare-and-swap loops, fences and 128-bit compare-and-swap (CDSG).
#include <stdatomic.h>
#include <stdint.h>

_Atomic int32_t counter32;
_Atomic int64_t counter64;
_Atomic uint8_t flag8;
_Atomic uint16_t flag16;

int32_t add32(int32_t v) { return atomic_fetch_add(&counter32, v); }
int64_t add64(int64_t v) { return atomic_fetch_add_explicit(&counter64, v, memory_order_relaxed); }
int64_t and64(int64_t v) { return atomic_fetch_and(&counter64, v); }
int32_t or32(int32_t v) { return atomic_fetch_or(&counter32, v); }
int32_t xor32(int32_t v) { return atomic_fetch_xor(&counter32, v); }
int64_t sub64(int64_t v) { return atomic_fetch_sub(&counter64, v); }
uint8_t swap8(uint8_t v) { return atomic_exchange(&flag8, v); }
uint16_t inc16(void) { return atomic_fetch_add(&flag16, 1); }
int cas64(int64_t expect, int64_t desired) {
  return atomic_compare_exchange_strong(&counter64, &expect, desired);
}
int cas8(uint8_t expect, uint8_t desired) { return atomic_compare_exchange_weak(&flag8, &expect, desired); }
void fence(void) { atomic_thread_fence(memory_order_seq_cst); }
int64_t load_acquire(void) { return atomic_load_explicit(&counter64, memory_order_acquire); }
void store_release(int64_t v) { atomic_store_explicit(&counter64, v, memory_order_release); }
int test_and_set(atomic_flag* f) { return atomic_flag_test_and_set(f); }
unsigned __int128 cas128(unsigned __int128* p, unsigned __int128 e, unsigned __int128 d) {
  __atomic_compare_exchange_n(p, &e, d, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return e;
}
long sync_add(long* p, long v) { return __sync_add_and_fetch(p, v); }
int sync_cas(int* p, int o, int n) { return __sync_bool_compare_and_swap(p, o, n); }
