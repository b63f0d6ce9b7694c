# A real, linker-made static program for the loader fuzzer's seeds: text, data and bss
# segments; stores into its bss and exits with status 0.
        .text
        .globl _start
_start:
        larl    %r1,counter
        mvhi    0(%r1),1
        larl    %r2,message
        lghi    %r2,0
        svc     1
        .data
message:
        .asciz  "seed"
        .bss
counter:
        .space  8192
