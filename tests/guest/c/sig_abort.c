// Guest program: abort() must end the program with SIGABRT (raised through tgkill), after the
// output flushed before it.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  printf("calling abort\n");
  fflush(stdout);
  abort();
}
