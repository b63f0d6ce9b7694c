#!/usr/bin/env bash
# Broken dynamic programs are refused with a message and status 127, never run: a missing
# interpreter (HCPLNX002E), an interpreter that is not ELF, one linked at fixed addresses
# (ET_EXEC), and segments whose file offset and address disagree within a page.
#   bad_interp.sh SSIVM SYSROOT STATIC_PROGRAM
set -u
ssivm="$1" sysroot="$2" static="$3"
work=$(mktemp -d "${TMPDIR:-/tmp}/ssivm-badinterp.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

expect() {  # expect WHAT PATTERN SSIVM-RUN-ARGS...
  local what="$1" pattern="$2" out status
  shift 2
  out=$("$ssivm" run "$@" 2>&1 </dev/null)
  status=$?
  if [[ $status -ne 127 || ! "$out" =~ $pattern ]]; then
    echo "FAIL $what: status $status, output: ${out:0:300}"
    fail=1
  fi
}

# The program's PT_INTERP string, patched in place to other names of the same length.
cp "$sysroot/bin/cat" "$work/cat"
at=$(grep -abo /lib/ld64.so.1 "$work/cat" | head -1 | cut -d: -f1)
printf '/lib/ld64.so.X' | dd of="$work/cat" bs=1 seek="$at" conv=notrunc status=none
expect "missing interpreter" "^HCPLNX002E Program interpreter /lib/ld64.so.X not found" \
  --sysroot "$sysroot" "$work/cat"

mkdir -p "$work/root/lib"
printf 'not a loader, just text long enough to hold an ELF header: %080d\n' 0 >"$work/root/lib/ld64.so.X"
expect "interpreter not ELF" "ld64.so.X: not an ELF file" --sysroot "$work/root" "$work/cat"
cp "$static" "$work/root/lib/ld64.so.X"
expect "interpreter ET_EXEC" "not a shared object" --sysroot "$work/root" "$work/cat"

# First program header at 64: p_offset (64+8) moved by 16 bytes, p_vaddr unchanged.
cp "$static" "$work/skew"
printf '\x10' | dd of="$work/skew" bs=1 seek=79 conv=notrunc status=none
expect "segment offset/address skew" "differ within a page" "$work/skew"

[[ $fail -eq 0 ]] && echo "all broken dynamic programs refused"
exit $fail
