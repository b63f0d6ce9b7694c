// Guest program: input/output system calls — reads stdin to the end (line and word counts,
// a hash), and reads the file named by argv[1] with stdio and with open/lseek/fstat/read.
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char line[4096];
  unsigned long lines = 0, words = 0, bytes = 0, longest = 0;
  uint64_t h = 0xcbf29ce484222325ull;
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strlen(line);
    ++lines;
    bytes += n;
    if (n > longest) longest = n;
    int in_word = 0;
    for (size_t i = 0; i < n; ++i) {
      h = (h ^ (unsigned char)line[i]) * 0x100000001b3ull;
      int sp = line[i] == ' ' || line[i] == '\n' || line[i] == '\t';
      if (!sp && !in_word) ++words;
      in_word = !sp;
    }
  }
  printf("stdin: lines=%lu words=%lu bytes=%lu longest=%lu hash=%016" PRIx64 " eof=%d\n", lines, words, bytes,
         longest, h, feof(stdin) != 0);
  if (argc < 2) return 2;

  FILE* f = fopen(argv[1], "rb");
  if (!f) {
    printf("cannot open %s\n", argv[1]);
    return 3;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, size / 2, SEEK_SET);
  int c = fgetc(f);
  rewind(f);
  unsigned long count = 0;
  while (fgetc(f) != EOF) ++count;
  fclose(f);
  printf("stdio: size=%ld middle=%d counted=%lu\n", size, c, count);

  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  int sr = fstat(fd, &st);
  off_t end = lseek(fd, 0, SEEK_END);
  off_t mid = lseek(fd, -10, SEEK_END);
  char tail[16] = {0};
  ssize_t got = read(fd, tail, 10);
  lseek(fd, 0, SEEK_SET);
  char head[8] = {0};
  ssize_t got2 = read(fd, head, 7);
  printf("syscalls: fstat=%d regular=%d size_match=%d end=%lld mid=%lld got=%zd/%zd head='%s'\n", sr,
         S_ISREG(st.st_mode), (long long)st.st_size == end, (long long)end, (long long)mid, got, got2, head);
  close(fd);
  int bad = open("/nonexistent/ssivm-test-file", O_RDONLY);
  printf("missing file: fd=%d\n", bad);
  write(1, "raw write\n", 10);
  return 0;
}
