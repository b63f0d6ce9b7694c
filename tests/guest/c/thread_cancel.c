// Guest program: pthread_cancel (glibc sends SIGCANCEL, real-time signal 32, with tgkill) reaching
// threads blocked in nanosleep, a condition-variable futex wait and a pipe read (cleanup
// handlers run), and an asynchronously cancelable thread in a busy loop.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static void cleanup(void* a) { printf("cleanup %s\n", (char*)a); }
static void* sleeper(void* a) {
  pthread_cleanup_push(cleanup, "sleeper");
  sleep(100);
  pthread_cleanup_pop(0);
  return a;
}
static void* waiter(void* a) {
  pthread_mutex_lock(&m);
  pthread_cleanup_push(cleanup, "waiter");
  for (;;) pthread_cond_wait(&c, &m);
  pthread_cleanup_pop(0);
  return a;
}
static void* reader(void* a) {
  int fd[2];
  pipe(fd);
  char ch;
  pthread_cleanup_push(cleanup, "reader");
  read(fd[0], &ch, 1);
  pthread_cleanup_pop(0);
  return a;
}
static void* spinner(void* a) {
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, 0);
  for (volatile long k = 0;; ++k)
    ;
  return a;
}
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  void* (*fn[])(void*) = {sleeper, waiter, reader, spinner};
  for (int k = 0; k < 4; ++k) {
    pthread_t t;
    pthread_create(&t, 0, fn[k], 0);
    usleep(20000);
    pthread_cancel(t);
    void* r;
    pthread_join(t, &r);
    if (k == 1) pthread_mutex_unlock(&m);
    printf("thread %d canceled: %d\n", k, r == PTHREAD_CANCELED);
  }
  return 0;
}
