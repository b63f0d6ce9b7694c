# The embedded demo guest of `ssivm demo`: a freestanding s390x program that hashes a
# counter stream (FNV-1a over 64-bit words, N rounds), prints the hash in hex and exits 0.
# Built at build time with the s390x cross binutils and embedded in the ssivm binary.
        .text
        .globl _start
_start:
        lgr     %r9,%r15                # keep the initial stack pointer (argc at 0(%r15))
        llihf   %r2,0xcbf29ce4          # FNV-1a 64 offset basis
        oilf    %r2,0x84222325
        llihf   %r3,0x00000100          # FNV 64 prime 0x100000001b3
        oilf    %r3,0x000001b3
        lghi    %r4,0                   # counter
        llilf   %r1,50000000            # rounds
1:      xgr     %r2,%r4
        msgr    %r2,%r3
        aghi    %r4,7
        brctg   %r1,1b
        # format %r2 as 16 hex digits + newline into a buffer on the stack
        aghi    %r15,-64
        la      %r5,16(%r15)            # end of digits
        mvi     0(%r5),10               # newline
        lghi    %r6,16
2:      lghi    %r7,15
        ngr     %r7,%r2
        larl    %r8,hexdigits
        ic      %r7,0(%r7,%r8)
        aghi    %r5,-1
        stc     %r7,0(%r5)
        srlg    %r2,%r2,4
        brct    %r6,2b
        lghi    %r2,1                   # write(1, buf, 17)
        lgr     %r3,%r5
        lghi    %r4,17
        svc     4
        lghi    %r2,0                   # exit_group(0)
        svc     248
        .section .rodata
hexdigits:
        .ascii  "0123456789abcdef"
