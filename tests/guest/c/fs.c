// Guest program: file-system system calls — a private temporary directory (mkdtemp), files
// created, written, appended, truncated, renamed and removed, directory listing (getdents64),
// getcwd/chdir, access, dup2 onto a descriptor, pread/pwrite, lseek past the end.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static void listing(const char* what) {
  DIR* d = opendir(".");
  char* names[64];
  int n = 0;
  for (struct dirent* e; (e = readdir(d)) && n < 64;)
    if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp_str);
  printf("%s:", what);
  for (int i = 0; i < n; ++i) {
    struct stat st;
    stat(names[i], &st);
    if (S_ISDIR(st.st_mode)) printf(" %s(dir)", names[i]);  // a directory's size is the host file system's
    else printf(" %s(file,%lld)", names[i], (long long)st.st_size);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  char dir[] = "/tmp/ssivm-fs-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  if (chdir(dir) != 0) return 2;
  char cwd[4096];
  getcwd(cwd, sizeof cwd);
  printf("cwd is the new directory: %d\n", strcmp(cwd, dir) == 0);

  int fd = open("alpha.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  for (int i = 0; i < 100; ++i) dprintf(fd, "line %03d of alpha\n", i);
  close(fd);
  fd = open("alpha.txt", O_WRONLY | O_APPEND);
  write(fd, "appended\n", 9);
  close(fd);
  FILE* f = fopen("beta.bin", "wb");
  for (int i = 0; i < 5000; ++i) fputc(i * 31 & 0xff, f);
  fclose(f);
  mkdir("sub", 0755);
  listing("after create");

  fd = open("beta.bin", O_RDWR);
  unsigned char buf[16];
  ssize_t r = pread(fd, buf, sizeof buf, 1000);
  printf("pread=%zd first=%d last=%d\n", r, buf[0], buf[15]);
  pwrite(fd, "XYZ", 3, 4998);  // extends the file by one byte
  off_t end = lseek(fd, 0, SEEK_END);
  off_t hole = lseek(fd, 10000, SEEK_SET);
  write(fd, "!", 1);
  struct stat st;
  fstat(fd, &st);
  printf("pwrite end=%lld seek=%lld size-after-hole=%lld\n", (long long)end, (long long)hole, (long long)st.st_size);
  ftruncate(fd, 4096);
  fstat(fd, &st);
  printf("truncated size=%lld\n", (long long)st.st_size);
  close(fd);

  // dup2 a file onto a fresh descriptor number and read through it.
  fd = open("alpha.txt", O_RDONLY);
  int target = 40;
  int d2 = dup2(fd, target);
  char line[32] = {0};
  read(target, line, 18);
  printf("dup2=%d read via copy: '%.17s' shared offset=%lld\n", d2, line, (long long)lseek(fd, 0, SEEK_CUR));
  close(target);
  close(fd);

  rename("alpha.txt", "sub/gamma.txt");
  printf("access: moved=%d gone=%d errno=%s\n", access("sub/gamma.txt", R_OK) == 0, access("alpha.txt", F_OK),
         strerror(errno));
  listing("after rename");
  chdir("sub");
  listing("inside sub");
  chdir("..");

  unlink("sub/gamma.txt");
  unlink("beta.bin");
  printf("rmdir=%d\n", rmdir("sub"));
  listing("after cleanup");
  chdir("/");
  printf("rmdir tmp=%d\n", rmdir(dir));
  return 0;
}
