// Guest program: two threads that deadlock (each holds one mutex and waits for the other's).
// Linux would hang; ssivm hangs too but says so on stderr (tests/guest: guest.thread_deadlock).
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *second(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(&a);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&both_hold, NULL, 2);
  pthread_t t;
  pthread_create(&t, NULL, second, NULL);
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&both_hold);
  printf("both hold a lock\n");
  fflush(stdout);
  pthread_mutex_lock(&b);
  printf("not reached\n");
  return 0;
}
