# Benchmark guest: the dependent ALU loop `agr; aghi; xgr; brct`, run argv[1] times
# (4 instructions per iteration), then exit(0). Identical for ssivm and qemu-s390x runs.
        .text
        .globl _start
_start:
        lg      %r2,16(%r15)            # argv[1]
        lghi    %r1,0
        lghi    %r5,10
1:      lghi    %r3,0
        ic      %r3,0(%r2)
        chi     %r3,0
        je      2f
        ahi     %r3,-48
        msgr    %r1,%r5
        agr     %r1,%r3
        la      %r2,1(%r2)
        j       1b
2:      lghi    %r2,0
        lghi    %r3,1
        lghi    %r4,0
3:      agr     %r2,%r3
        aghi    %r3,1
        xgr     %r4,%r2
        brct    %r1,3b
        lghi    %r2,0
        svc     248
