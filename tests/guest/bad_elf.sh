#!/usr/bin/env bash
# The runner must refuse broken program files with a message and exit status 127 (as a shell
# does for a program it cannot execute), never crash or run them: not ELF, truncated at many
# points, wrong class/byte order/machine, corrupted program-header fields, a directory.
#   bad_elf.sh SSIVM GOOD_STATIC_PROGRAM
set -u
ssivm="$1" good="$2"
work=$(mktemp -d "${TMPDIR:-/tmp}/ssivm-badelf.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

expect_refused() {  # expect_refused WHAT FILE
  local out status
  out=$("$ssivm" run "$2" 2>&1 </dev/null)
  status=$?
  if [[ $status -ne 127 || "$out" != ssivm:* ]]; then
    echo "FAIL $1: status $status, output: ${out:0:200}"
    fail=1
  fi
}

patch_byte() {  # patch_byte FILE OFFSET HEXBYTE
  printf "\\x$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

printf 'just some text\n' >"$work/text"
expect_refused "a text file" "$work/text"
: >"$work/empty"
expect_refused "an empty file" "$work/empty"
expect_refused "a directory" "$work"
expect_refused "a missing file" "$work/does-not-exist"

size=$(stat -c %s "$good")
# Truncations: inside the ELF header, inside the program headers, inside each segment.
for cut in 4 16 63 64 100 200 300 $((size / 4)) $((size / 2)); do
  head -c "$cut" "$good" >"$work/cut"
  expect_refused "truncated at $cut bytes" "$work/cut"
done

cp "$good" "$work/p"; patch_byte "$work/p" 4 01;  expect_refused "ELFCLASS32" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 5 01;  expect_refused "little-endian" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 19 3e; expect_refused "machine x86-64" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 17 01; expect_refused "relocatable object" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 55 20; expect_refused "odd program header size" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 32 7f; expect_refused "program headers far outside" "$work/p"
# First program header at offset 64: p_filesz (offset 64+32) larger than p_memsz.
cp "$good" "$work/p"; patch_byte "$work/p" 96 7f; expect_refused "filesz beyond memsz" "$work/p"
# p_vaddr (offset 64+16) pushed beyond any guest storage.
cp "$good" "$work/p"; patch_byte "$work/p" 80 7f; expect_refused "segment outside storage" "$work/p"
# p_memsz (offset 64+40) absurdly large; p_offset (64+8) far past the end of the file.
cp "$good" "$work/p"; patch_byte "$work/p" 104 7f; expect_refused "huge memsz" "$work/p"
cp "$good" "$work/p"; patch_byte "$work/p" 72 7f; expect_refused "segment offset past EOF" "$work/p"
# 65535 program headers (e_phnum at 56).
cp "$good" "$work/p"; patch_byte "$work/p" 56 ff; patch_byte "$work/p" 57 ff
expect_refused "too many program headers" "$work/p"
# Entry point (offset 24) outside every segment.
cp "$good" "$work/p"; patch_byte "$work/p" 24 7f; expect_refused "entry outside the image" "$work/p"

# And the unmodified program still runs.
"$ssivm" run "$good" >/dev/null 2>&1 </dev/null
status=$?
if [[ $status -ne 0 ]]; then echo "FAIL the intact program ended with $status"; fail=1; fi
[[ $fail -eq 0 ]] && echo "all broken files refused"
exit $fail
