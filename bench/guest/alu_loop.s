# Benchmark guest: the dependent ALU loop `agr; aghi; xgr; brct`, run argv[1] times
# (4 instructions per iteration), then exit(0). Identical for ssivm and qemu-s390x runs.
        .include "decimal.inc"
        .text
        .globl _start
_start:
        lg      %r2,16(%r15)            # argv[1]
        decimal %r1,%r2
        lghi    %r2,0
        lghi    %r3,1
        lghi    %r4,0
3:      agr     %r2,%r3
        aghi    %r3,1
        xgr     %r4,%r2
        brct    %r1,3b
        lghi    %r2,0
        svc     248
