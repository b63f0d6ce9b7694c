# Benchmark guest: argv[1] system calls of the kind argv[2] names, then exit(0): "getpid"
# (the cheapest round trip) or "write" (1 byte to /dev/null, opened first). Identical for
# ssivm and qemu-s390x runs; a run with argv[1] = 1 is the start-up cost to subtract.
        .include "decimal.inc"
        .text
        .globl _start
_start:
        lg      %r2,16(%r15)            # argv[1]: the count
        decimal %r10,%r2
        lg      %r6,24(%r15)            # argv[2]
        cli     0(%r6),'w'
        je      4f
3:      svc     20                      # getpid
        brctg   %r10,3b
        j       6f
4:      larl    %r2,devnull
        lghi    %r3,1                   # O_WRONLY
        lghi    %r4,0
        svc     5                       # open
        lgr     %r7,%r2
5:      lgr     %r2,%r7
        larl    %r3,byte
        lghi    %r4,1
        svc     4                       # write
        brctg   %r10,5b
6:      lghi    %r2,0
        svc     248                     # exit_group
        .data
devnull:
        .asciz  "/dev/null"
        .balign 2
byte:
        .byte   'x'
