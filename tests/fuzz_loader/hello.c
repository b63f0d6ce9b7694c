/* A glibc static program for the loader fuzzer's seeds (PT_TLS, PT_NOTE, RELRO, IRELATIVE). */
#include <stdio.h>
int main(void) { return puts("seed") < 0; }
