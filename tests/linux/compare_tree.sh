#!/usr/bin/env bash
# Differential test of a program that changes files: runs it under qemu-s390x (the reference)
# in ref/ and under `ssivm run` in our/, each a fresh copy of SEED (or empty), and fails unless
# stdout, stderr, the exit status and the resulting trees are identical: names, types, modes,
# sizes, link targets and contents, and with --times the modification times of regular files
# (for programs that set or keep them: cp -p, touch -d, tar x; other times are "now").
#
#   compare_tree.sh --qemu QEMU --ssivm SSIVM [--seed DIR] [--times] -- PROGRAM [ARGS...]
#
# Run it in the test's scratch folder; PROGRAM's relative paths are inside the tree.
set -u

qemu="" ssivm="" seed="" times=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --qemu) qemu="$2"; shift 2 ;;
    --ssivm) ssivm="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --times) times=1; shift ;;
    --) shift; break ;;
    *) echo "compare_tree.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$qemu" || -z "$ssivm" || $# -lt 1 ]]; then
  echo "usage: compare_tree.sh --qemu QEMU --ssivm SSIVM [--seed DIR] [--times] -- PROGRAM [ARGS...]" >&2
  exit 2
fi

scratch=$(pwd)
rm -rf "$scratch/ref" "$scratch/our" "$scratch/log"
mkdir -p "$scratch/ref" "$scratch/our" "$scratch/log"
if [[ -n "$seed" ]]; then
  cp -a "$seed/." "$scratch/ref/" && cp -a "$seed/." "$scratch/our/" || exit 2
fi

run_side() {  # run_side DIR NAME COMMAND...
  local dir="$1" name="$2"
  shift 2
  ( cd "$dir" && ulimit -c 0 && exec timeout -k 5 300 "$@" </dev/null \
      >"$scratch/log/$name.out" 2>"$scratch/log/$name.err" ) 2>/dev/null
  echo $?
}
ref_status=$(run_side "$scratch/ref" ref "$qemu" "$@")
our_status=$(run_side "$scratch/our" our "$ssivm" run "$@")

# One line per file: type, mode, size, (mtime,) name, link target or content hash.
describe_tree() {
  ( cd "$1" && find . -mindepth 1 -printf '%y %m %s %T@ %p %l\n' | LC_ALL=C sort -k5,5 |
    while read -r y m s t p l; do
      line="$y $m"
      [[ "$y" != d ]] && line+=" $s"  # a folder's size is the file system's business
      (( times )) && [[ "$y" == f ]] && line+=" $t"
      line+=" $p"
      [[ "$y" == l ]] && line+=" -> $l"
      [[ "$y" == f ]] && line+=" $(md5sum <"$p" | cut -c1-32)"
      echo "$line"
    done )
}

fail=0
if [[ "$ref_status" != "$our_status" ]]; then
  echo "exit status differs: qemu $ref_status, ssivm $our_status"
  fail=1
fi
for s in out err; do
  if ! cmp -s "$scratch/log/ref.$s" "$scratch/log/our.$s"; then
    echo "std$s differs:"
    diff "$scratch/log/ref.$s" "$scratch/log/our.$s" | head -20
    fail=1
  fi
done
if ! diff <(describe_tree "$scratch/ref") <(describe_tree "$scratch/our") >"$scratch/log/tree.diff"; then
  echo "trees differ (< qemu, > ssivm):"
  head -40 "$scratch/log/tree.diff"
  fail=1
fi
if [[ -z "$(describe_tree "$scratch/ref")" && ! -s "$scratch/log/ref.out" ]]; then
  echo "reference (qemu) made no files and printed nothing: the test program is broken"
  cat "$scratch/log/ref.err"
  fail=1
fi
(( fail )) && exit 1
echo "identical: exit $our_status, $(describe_tree "$scratch/our" | wc -l) entries in the tree"
exit 0
