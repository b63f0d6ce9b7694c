#!/usr/bin/env bash
# --root confinement: busybox applets run inside a guest root try to reach a file outside it
# (by .., absolute and relative symbolic links, a link in the middle of a path, a link loop);
# the transcript must match the expected one, and the outside file must be untouched.
# Dynamically linked programs come from the sysroot, their files from the root.
#   confine.sh SSIVM ROOT OUTSIDE SYSROOT EXPECTED
set -u
ssivm="$1" root="$2" outside="$3" sysroot="$4" expected="$5"
before=$(cat "$outside/secret")
out=$(mktemp "${TMPDIR:-/tmp}/ssivm-confine.XXXXXX")
trap 'rm -f "$out"' EXIT

guest() {  # guest DIR OPTIONS... PROGRAM ARGS...: one guest program, started in host folder DIR
  local dir="$1"
  shift
  # Reports of system calls other areas have yet to serve are not this test's business.
  (cd "$dir" && "$ssivm" run --root "$root" "$@" </dev/null 2>&1)
  echo "[exit $?]"
}
run() {  # run DIR APPLET ARGS...: a busybox applet (static)
  local dir="$1"
  shift
  echo "\$ $*"
  guest "$dir" /bin/busybox "$@"
}
dyn() {  # dyn DIR PROGRAM ARGS...: a dynamically linked program of the sysroot
  local dir="$1"
  shift
  echo "\$ (sysroot) $*"
  guest "$dir" --sysroot "$sysroot" "$@"
}
{
  run "$outside" cat /etc/passwd
  run "$outside" cat ../../../../../etc/passwd
  run "$outside" pwd
  run "$outside" ls /
  run "$outside" ls /home/user
  run "$outside" cat /home/user/abs_in
  run "$outside" cat /home/user/abs_out
  run "$outside" cat /home/user/rel_out
  run "$outside" cat /home/user/dir_out/secret
  run "$outside" cat /home/user/loop1
  run "$outside" readlink /home/user/abs_in
  run "$outside" readlink /proc/self/exe
  run "$outside" tee /home/user/abs_out
  run "$outside" mkdir /home/user/dir_out/new
  run "$root/home/user" pwd
  run "$root/home/user" cat notes ../../etc/passwd
  run "$root/home/user" cat ../../../../outside/secret
  run "$root/home/user" ls -1 dir_out/
  dyn "$outside" /bin/cat /etc/passwd /home/user/abs_out
  dyn "$root/home/user" /bin/ls -a . ../../../..
  dyn "$root/home/user" /bin/pwd
} | grep -v "^ssivm: unimplemented system call" >"$out"
if [[ "$(cat "$outside/secret")" != "$before" ]]; then
  echo "the file outside the root changed"
  exit 1
fi
if ! diff -u "$expected" "$out"; then
  echo "confinement transcript differs from $expected"
  exit 1
fi
echo "confined: $(grep -c '^\$' "$out") programs, transcript as expected"
