// Guest program: POSIX threads as glibc runs them on Linux s390x — clone with TLS, futex
// mutexes and condition variables, join, thread-local storage, a producer/consumer queue,
// many short-lived threads, a barrier, and detached threads. Output is deterministic.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static __thread int tls_value = 7;
static __thread char tls_name[16];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg) {
  long n = (long)arg;
  for (long k = 0; k < n; ++k) {
    pthread_mutex_lock(&lock);
    ++counter;
    pthread_mutex_unlock(&lock);
  }
  return (void *)(n * 2);
}

static void *tls_worker(void *arg) {
  int id = (int)(long)arg;
  tls_value += id;  // each thread starts from the initial image: 7
  snprintf(tls_name, sizeof tls_name, "worker-%d", id);
  usleep(1000);
  return (void *)(long)(tls_value * 100 + (int)strlen(tls_name));
}

// Producer/consumer over a bounded ring with two condition variables.
#define RING 8
static int ring[RING];
static int head, tail, count;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
  int base = (int)(long)arg;
  for (int k = 1; k <= 500; ++k) {
    pthread_mutex_lock(&qlock);
    while (count == RING) pthread_cond_wait(&not_full, &qlock);
    ring[head] = base + k;
    head = (head + 1) % RING;
    ++count;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qlock);
  }
  return NULL;
}

static void *consumer(void *arg) {
  long sum = 0;
  for (int k = 0; k < 500; ++k) {
    pthread_mutex_lock(&qlock);
    while (count == 0) pthread_cond_wait(&not_empty, &qlock);
    sum += ring[tail];
    tail = (tail + 1) % RING;
    --count;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qlock);
  }
  *(long *)arg = sum;
  return NULL;
}

static atomic_int started;
static void *short_lived(void *arg) {
  atomic_fetch_add(&started, 1);
  return arg;
}

static pthread_barrier_t barrier;
static atomic_int serial_count;
static void *barrier_worker(void *arg) {
  (void)arg;
  for (int round = 0; round < 3; ++round)
    if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&serial_count, 1);
  return NULL;
}

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static int detached_done;
static void *detached(void *arg) {
  (void)arg;
  pthread_mutex_lock(&done_lock);
  ++detached_done;
  pthread_cond_broadcast(&done_cond);
  pthread_mutex_unlock(&done_lock);
  return NULL;
}

// A pipe between threads: the reader blocks until the writer, which first sleeps, writes.
static int pipe_fds[2];
static void *pipe_reader(void *arg) {
  (void)arg;
  char buf[64];
  long got = 0, n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) got += n;
  return (void *)got;
}

// Thread names (PR_SET_NAME) belong to each thread; a new thread starts with its creator's.
static void* name_thread(void* arg) {
  char inherited[16] = "", own[16] = "";
  prctl(PR_GET_NAME, inherited);
  prctl(PR_SET_NAME, "worker-thread");
  prctl(PR_GET_NAME, own);
  snprintf((char*)arg, 64, "%s/%s", inherited, own);
  return NULL;
}

int main(void) {
  // Mutex-protected counter from four threads.
  pthread_t t[4];
  for (long k = 0; k < 4; ++k) pthread_create(&t[k], NULL, add_many, (void *)(10000 + k));
  long total = 0;
  for (int k = 0; k < 4; ++k) {
    void *r;
    pthread_join(t[k], &r);
    total += (long)r;
  }
  printf("counter %ld, joined results %ld\n", counter, total);

  // Thread-local storage: each thread its own copy; main's untouched.
  for (long k = 0; k < 4; ++k) pthread_create(&t[k], NULL, tls_worker, (void *)(k + 1));
  for (int k = 0; k < 4; ++k) {
    void *r;
    pthread_join(t[k], &r);
    printf("tls worker %d -> %ld\n", k + 1, (long)r);
  }
  printf("main tls_value %d name '%s'\n", tls_value, tls_name);
  printf("main thread id is the pid: %d\n", syscall(SYS_gettid) == getpid());

  // Producer/consumer: two producers, two consumers.
  pthread_t prod[2], cons[2];
  long sums[2];
  for (int k = 0; k < 2; ++k) pthread_create(&cons[k], NULL, consumer, &sums[k]);
  for (int k = 0; k < 2; ++k) pthread_create(&prod[k], NULL, producer, (void *)(long)(k * 1000));
  for (int k = 0; k < 2; ++k) pthread_join(prod[k], NULL);
  for (int k = 0; k < 2; ++k) pthread_join(cons[k], NULL);
  printf("consumed total %ld (expected %ld)\n", sums[0] + sums[1], 2L * 125250 + 500L * 1000);

  // Many threads, in waves.
  long joined = 0;
  for (int wave = 0; wave < 4; ++wave) {
    pthread_t many[32];
    for (long k = 0; k < 32; ++k) pthread_create(&many[k], NULL, short_lived, (void *)k);
    for (int k = 0; k < 32; ++k) {
      void *r;
      pthread_join(many[k], &r);
      joined += (long)r;
    }
  }
  printf("started %d threads, sum of results %ld\n", atomic_load(&started), joined);

  // A barrier: exactly one serial thread per round.
  pthread_barrier_init(&barrier, NULL, 5);
  pthread_t b[5];
  for (int k = 0; k < 5; ++k) pthread_create(&b[k], NULL, barrier_worker, NULL);
  for (int k = 0; k < 5; ++k) pthread_join(b[k], NULL);
  printf("barrier rounds with a serial thread: %d\n", atomic_load(&serial_count));

  // Detached threads signal completion through a condition variable.
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int k = 0; k < 6; ++k) {
    pthread_t d;
    pthread_create(&d, &attr, detached, NULL);
  }
  pthread_mutex_lock(&done_lock);
  while (detached_done < 6) pthread_cond_wait(&done_cond, &done_lock);
  pthread_mutex_unlock(&done_lock);
  printf("detached threads done: %d\n", detached_done);

  pipe(pipe_fds);
  pthread_t reader;
  pthread_create(&reader, NULL, pipe_reader, NULL);
  for (int k = 0; k < 5; ++k) {
    usleep(2000);
    write(pipe_fds[1], "0123456789", 10);
  }
  close(pipe_fds[1]);
  void *got;
  pthread_join(reader, &got);
  printf("reader thread got %ld bytes through a pipe\n", (long)got);
  {
    char seen[64] = "", main_name[16] = "";
    prctl(PR_SET_NAME, "main-thread-name-too-long");
    pthread_t t;
    pthread_create(&t, NULL, name_thread, seen);
    pthread_join(t, NULL);
    prctl(PR_GET_NAME, main_name);
    printf("thread names: %s, main keeps %s\n", seen, main_name);
  }
  return 0;
}
