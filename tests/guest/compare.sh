#!/usr/bin/env bash
# Differential guest test: runs one s390x program under qemu-s390x (the reference) and under
# `ssivm run`, and fails unless stdout and the exit status (or the killing signal) are identical.
#
#   compare.sh --qemu QEMU --ssivm SSIVM [--engine E] [--stdin FILE] [--expect-signal SIG]
#              [--expect-status N] [--objdump OBJDUMP] [--run-opt OPT]... [--qemu-opt OPT]...
#              -- PROGRAM [ARGS...]
#
# --expect-signal / --expect-status also pin the reference itself, so a test cannot pass by both
# sides failing the same wrong way. On a mismatch the script re-runs ssivm with SSIVM_TRACE_PGM
# and, given --objdump, names the instruction that raised the program interruption.
set -u

qemu="" ssivm="" engine="interp" stdin_file="/dev/null" expect_signal="" expect_status="" objdump=""
run_opts=()  # extra options for `ssivm run` (e.g. --storage 64M)
qemu_opts=()  # extra options for qemu-s390x (e.g. -L SYSROOT)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --qemu) qemu="$2"; shift 2 ;;
    --ssivm) ssivm="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --stdin) stdin_file="$2"; shift 2 ;;
    --expect-signal) expect_signal="$2"; shift 2 ;;
    --expect-status) expect_status="$2"; shift 2 ;;
    --objdump) objdump="$2"; shift 2 ;;
    --run-opt) run_opts+=("$2"); shift 2 ;;
    --qemu-opt) qemu_opts+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$qemu" || -z "$ssivm" || $# -lt 1 ]]; then
  echo "usage: compare.sh --qemu QEMU --ssivm SSIVM [options] -- PROGRAM [ARGS...]" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ssivm-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Each side runs in a subshell so that a guest killed by a signal reports 128+signal here
# without the shell's job-control noise; core dumps are off for both.
run_side() {  # run_side OUTFILE ERRFILE COMMAND...
  local out="$1" errf="$2"
  shift 2
  ( ulimit -c 0; exec timeout -k 5 300 "$@" <"$stdin_file" >"$out" 2>"$errf" ) 2>/dev/null
  echo $?
}

ref_status=$(run_side "$work/ref.out" "$work/ref.err" "$qemu" "${qemu_opts[@]}" "$@")
our_status=$(run_side "$work/our.out" "$work/our.err" "$ssivm" run --engine="$engine" "${run_opts[@]}" "$@")

describe() {  # exit status → words
  local s="$1"
  if (( s > 128 && s < 160 )); then echo "signal $((s - 128)) ($(kill -l $((s - 128)) 2>/dev/null))"
  else echo "exit $s"; fi
}

fail=0
if [[ -n "$expect_signal" ]]; then
  want=$(( 128 + $(kill -l "$expect_signal") ))
  if [[ "$ref_status" != "$want" ]]; then
    echo "reference (qemu) ended with $(describe "$ref_status"), expected SIG$expect_signal"
    fail=1
  fi
fi
if [[ -n "$expect_status" && "$ref_status" != "$expect_status" ]]; then
  echo "reference (qemu) ended with $(describe "$ref_status"), expected exit $expect_status"
  fail=1
fi
if [[ -z "$expect_signal" && ! -s "$work/ref.out" ]]; then
  echo "reference (qemu) printed nothing: the test program is broken"
  cat "$work/ref.err"
  fail=1
fi

if [[ "$ref_status" != "$our_status" ]]; then
  echo "exit status differs: qemu $(describe "$ref_status"), ssivm $(describe "$our_status")"
  fail=1
fi
if ! cmp -s "$work/ref.out" "$work/our.out"; then
  echo "stdout differs (qemu $(wc -c <"$work/ref.out") bytes, ssivm $(wc -c <"$work/our.out") bytes):"
  diff "$work/ref.out" "$work/our.out" | head -40
  fail=1
fi
# When the program ends normally its stderr is the program's alone on both sides (neither
# emulator adds anything), so it must match too: this also catches ssivm's reports of
# unimplemented system calls.
if (( ref_status < 128 )) && ! cmp -s "$work/ref.err" "$work/our.err"; then
  echo "stderr differs:"
  diff "$work/ref.err" "$work/our.err" | head -20
  fail=1
fi

if [[ $fail -ne 0 ]]; then
  echo "--- ssivm stderr:"
  head -20 "$work/our.err"
  # Name the instruction behind a program interruption, if there was one.
  SSIVM_TRACE_PGM=1 run_side /dev/null "$work/trace.err" "$ssivm" run --engine="$engine" "${run_opts[@]}" "$@" >/dev/null
  if line=$(grep -m1 "program interruption" "$work/trace.err"); then
    echo "--- $line"
    bytes=$(sed -n 's/.*(bytes \([0-9a-f ]*\),.*/\1/p' <<<"$line")
    if [[ -n "$objdump" && -n "$bytes" ]]; then
      printf "$(sed 's/\([0-9a-f][0-9a-f]\) */\\x\1/g' <<<"$bytes")" >"$work/insn.bin"
      insn=$("$objdump" -D -b binary -m s390:64-bit "$work/insn.bin" | awk -F'\t' '/^ +0:/ {print $3 " " $4}')
      echo "--- objdump: ${insn:-?}"
    fi
  fi
  exit 1
fi
echo "identical: $(describe "$our_status"), $(wc -c <"$work/our.out") bytes of stdout"
exit 0
