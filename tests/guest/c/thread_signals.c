// Guest program: signals and threads — pthread_kill reaches the named thread's handler,
// per-thread masks, a fault caught in a thread, a thread blocked in sigwait, and exit
// from a thread (pthread_exit) while others still run.
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static __thread int which = -1;
static volatile int handled_by = -2;
static void on_usr1(int sig) {
  (void)sig;
  handled_by = which;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stage;

static void *target(void *arg) {
  which = (int)(long)arg;
  pthread_mutex_lock(&m);
  while (stage < 1) pthread_cond_wait(&cv, &m);  // the signal interrupts the futex wait
  pthread_mutex_unlock(&m);
  return NULL;
}

static __thread sigjmp_buf jb;
static void on_segv(int sig) {
  (void)sig;
  siglongjmp(jb, 1);
}
static void *faulting(void *arg) {
  (void)arg;
  if (!sigsetjmp(jb, 1)) *(volatile int *)8 = 1;
  return (void *)"fault caught in thread";
}

static void *waiter(void *arg) {
  sigset_t *set = arg;
  int sig = 0;
  sigwait(set, &sig);
  return (void *)(long)sig;
}

static void *exits_early(void *arg) {
  (void)arg;
  pthread_exit((void *)42);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  which = 0;
  signal(SIGUSR1, on_usr1);
  pthread_t t[3];
  for (long k = 0; k < 3; ++k) pthread_create(&t[k], NULL, target, (void *)(k + 1));
  usleep(20000);  // let them wait
  pthread_kill(t[1], SIGUSR1);
  usleep(20000);
  printf("pthread_kill(t2): handled by thread %d\n", handled_by);
  pthread_kill(t[2], SIGUSR1);
  usleep(20000);
  printf("pthread_kill(t3): handled by thread %d\n", handled_by);
  pthread_mutex_lock(&m);
  stage = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&m);
  for (int k = 0; k < 3; ++k) pthread_join(t[k], NULL);

  signal(SIGSEGV, on_segv);
  pthread_t f;
  void *r;
  pthread_create(&f, NULL, faulting, NULL);
  pthread_join(f, &r);
  printf("%s\n", (char *)r);

  static sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, NULL);  // inherited by the new thread
  pthread_t w;
  pthread_create(&w, NULL, waiter, &set);
  usleep(20000);
  pthread_kill(w, SIGUSR2);
  pthread_join(w, &r);
  printf("sigwait in a thread got signal %ld\n", (long)r);

  pthread_t e;
  pthread_create(&e, NULL, exits_early, NULL);
  pthread_join(e, &r);
  printf("pthread_exit value %ld\n", (long)r);
  return 0;
}
