#!/usr/bin/env bash
# Signals from outside the guest: runs PROGRAM (tests/guest/c/signal_outside.c) under
# qemu-s390x and under `ssivm run`, sends it SIGUSR1, SIGTERM, SIGHUP and SIGUSR2, one after
# each "ready N" line it prints, and fails unless both print the same and end the same way.
#   outside_signal.sh QEMU SSIVM PROGRAM
set -u
qemu="$1" ssivm="$2" prog="$3"
work=$(mktemp -d "${TMPDIR:-/tmp}/ssivm-outside.XXXXXX")
trap 'rm -rf "$work"' EXIT

run() {  # run NAME COMMAND...: prints the exit status
  local name="$1"
  shift
  "$@" "$prog" >"$work/$name.out" 2>"$work/$name.err" </dev/null &
  local pid=$! n=1
  for sig in USR1 TERM HUP USR2; do
    for _ in $(seq 1 200); do
      grep -q "^ready $n\$" "$work/$name.out" && break
      sleep 0.05
    done
    sleep 0.05
    kill -s "$sig" "$pid" 2>/dev/null
    n=$((n + 1))
  done
  wait "$pid"
  echo $?
}

ref=$(run ref "$qemu")
our=$(run our "$ssivm" run)
fail=0
if [[ "$ref" != "$our" ]]; then
  echo "exit status differs: qemu $ref, ssivm $our"
  fail=1
fi
if ! cmp -s "$work/ref.out" "$work/our.out"; then
  echo "stdout differs:"
  diff "$work/ref.out" "$work/our.out"
  fail=1
fi
[[ $fail -eq 0 ]] && echo "identical: status $our, $(wc -l <"$work/our.out") lines" && cat "$work/our.out"
exit $fail
