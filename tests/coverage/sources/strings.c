// String and memory kernels for the mnemonic-coverage test: byte loops, builtins GCC expands
// inline (MVC, CLC, XC, MVST/CLST/SRST loops), and formatted conversions.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec { char name[24]; int id; double score; char tag[7]; };

void copy_rec(struct rec* d, const struct rec* s) { *d = *s; }
void clear_rec(struct rec* r) { memset(r, 0, sizeof *r); }
int same_rec(const struct rec* a, const struct rec* b) { return memcmp(a, b, sizeof *a) == 0; }
size_t my_strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}
char* my_strcpy(char* d, const char* s) { return strcpy(d, s); }
int my_strcmp(const char* a, const char* b) { return strcmp(a, b); }
const char* find_char(const char* s, int c) { return strchr(s, c); }
void* find_byte(const void* p, int c, size_t n) { return memchr(p, c, n); }
void upper(char* s) {
  for (; *s; ++s)
    if (*s >= 'a' && *s <= 'z') *s -= 32;
}
void reverse(char* s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n / 2; ++i) {
    char t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
}
int parse_int(const char* s) { return atoi(s) + (int)strtol(s, NULL, 16); }
int format(char* buf, size_t n, int a, double b, const char* c) { return snprintf(buf, n, "%d %.3f %s", a, b, c); }
void copy_small(char* d, const char* s) { memcpy(d, s, 13); }
void copy_var(char* d, const char* s, size_t n) { memmove(d, s, n); }
void xor_block(unsigned char* d, const unsigned char* s) {
  for (int i = 0; i < 32; ++i) d[i] ^= s[i];
}
size_t count_words(const char* s) {
  size_t n = 0;
  int in = 0;
  for (; *s; ++s) {
    int sp = *s == ' ' || *s == '\t' || *s == '\n';
    n += !sp && !in;
    in = !sp;
  }
  return n;
}
char* join(const char* a, const char* b) {
  size_t la = strlen(a), lb = strlen(b);
  char* r = malloc(la + lb + 2);
  if (!r) return NULL;
  memcpy(r, a, la);
  r[la] = '/';
  memcpy(r + la + 1, b, lb + 1);
  return r;
}
