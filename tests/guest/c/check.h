// For the system-call guest programs: CHECK prints a call's result, or -1 and errno's name.
#pragma once
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CHECK(what, expr) check_report(what, (long)(expr))
static inline void check_report(const char* what, long r) {
  if (r < 0)
    printf("%s: -1 %s\n", what, strerrorname_np(errno));
  else
    printf("%s: %ld\n", what, r);
}
