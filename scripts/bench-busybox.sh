#!/usr/bin/env bash
# Wall time of `ssivm run` vs qemu-s390x on the busybox (and Debian) workloads of
# perf-configs/busybox.conf, both measured in this run (best of N each), with the ratio per
# workload and their geometric mean. A workload ssivm cannot run yet, or whose output differs
# from qemu's, is listed as skipped with the reason.
#
#   scripts/bench-busybox.sh [--config FILE] [--ssivm PATH] [--size-mb N] [--runs N]
#                            [--only NAME,NAME...] [--json FILE]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
config=$root/perf-configs/busybox.conf
ssivm=$root/build/tools/ssivm
sysroot=${SSIVM_GUESTS:-$root/.cache/guests}/sysroot
qemu=${QEMU_S390X:-qemu-s390x}
size_mb="" runs="" only="" json=""

usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --config) config=$2; shift 2 ;;
    --ssivm) ssivm=$2; shift 2 ;;
    --size-mb) size_mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    --json) json=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench-busybox: unknown argument $1" >&2; usage 2 >&2 ;;
  esac
done

die() { echo "bench-busybox: $*" >&2; exit 1; }
[[ -x $ssivm ]] || die "no ssivm at $ssivm (cmake --build build, or --ssivm PATH)"
command -v "$qemu" >/dev/null || die "no $qemu (apt-get install qemu-user)"
[[ -x $sysroot/bin/busybox ]] || die "no $sysroot/bin/busybox (run scripts/fetch-guests.sh)"
[[ -r $config ]] || die "no config $config"

# Settings from the config, unless given as options.
while read -r word name value; do
  [[ $word == set ]] || continue
  case $name in
    size_mb) size_mb=${size_mb:-$value} ;;
    runs) runs=${runs:-$value} ;;
    *) die "$config: unknown setting $name" ;;
  esac
done <"$config"
size_mb=${size_mb:-20} runs=${runs:-3}

# Inputs, made once per size and kept (deterministic: the same bytes every time). Each is
# made under a private name and renamed into place, so concurrent runs never see half a file.
data_dir=${TMPDIR:-/tmp}/ssivm-bench-busybox
mkdir -p "$data_dir"
data=$data_dir/text-${size_mb}M.txt
if [[ ! -s $data ]]; then
  echo "bench-busybox: making a ${size_mb} MiB text file in $data_dir" >&2
  awk -v bytes=$((size_mb * 1048576)) 'BEGIN {
    for (i = 0; n < bytes; i++) {
      line = sprintf("%07d the quick %d brown fox %x jumps over %d lazy dogs\n",
                     (i * 7919) % 1000003, i, i * 31, i % 977)
      if (n + length(line) > bytes) line = substr(line, 1, bytes - n)
      printf "%s", line; n += length(line)
    } }' >"$data.$$" && mv -f "$data.$$" "$data"
fi
gz=$data.gz bz2=$data.bz2 dir=$data_dir/tree
[[ -s $gz ]] || { gzip -6 -c "$data" >"$gz.$$" && mv -f "$gz.$$" "$gz"; }
[[ -s $bz2 ]] || { bzip2 -9 -c "$data" >"$bz2.$$" && mv -f "$bz2.$$" "$bz2"; }
if [[ ! -d $dir ]]; then
  tree=$(mktemp -d "$data_dir/tree.XXXXXX")
  for d in $(seq 1 20); do
    mkdir -p "$tree/d$d"
    for f in $(seq 1 50); do head -c $(((d * 50 + f) * 97 % 20000)) "$data" >"$tree/d$d/f$f"; done
  done
  mv -T "$tree" "$dir" 2>/dev/null || rm -rf "$tree"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ssivm-bench-busybox.XXXXXX")
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# run_one RUNNER KIND PROGRAM GUEST_WORDS FILTER OUT: one run, stdout to OUT, stderr to
# OUT.err; prints the wall seconds; returns the pipeline's status.
run_one() {
  local runner=$1 kind=$2 program=$3 words=$4 filter=$5 out=$6 cmd t0 t1 status
  if [[ $runner == qemu ]]; then
    cmd=("$qemu")
    [[ $kind == dynamic ]] && cmd+=(-L "$sysroot")
  else
    cmd=("$ssivm" run)
    [[ $kind == dynamic ]] && cmd+=("--sysroot=$sysroot")
  fi
  eval "set -- $words"
  t0=$(now_ns)
  if [[ -n $filter ]]; then
    set +e
    (set -o pipefail; "${cmd[@]}" "$sysroot/$program" "$@" </dev/null 2>"$out.err" |
       eval "$filter" >"$out")
    status=$?
    set -e
  else
    set +e
    "${cmd[@]}" "$sysroot/$program" "$@" </dev/null >"$out" 2>"$out.err"
    status=$?
    set -e
  fi
  t1=$(now_ns)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
  return $status
}

# best RUNNER ...: best of $runs wall times (the first run's output is kept for comparison).
best() {
  local runner=$1 b="" t k
  shift
  for ((k = 0; k < runs; k++)); do
    t=$(run_one "$runner" "$@" "$work/$runner.out") || return 1
    [[ $k -eq 0 ]] && cp "$work/$runner.out" "$work/$runner.first"
    if [[ -z $b ]] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}

rows=() skipped=() json_rows=()
echo "bench-busybox: ${size_mb} MiB inputs, best of $runs, $(nproc) host CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
while read -r name kind program rest; do
  [[ -z $name || $name == \#* || $name == set ]] && continue
  [[ -n $only && $only != *",$name,"* ]] && continue
  [[ $kind == static || $kind == dynamic ]] || die "$config: $name: KIND must be static or dynamic"
  words=${rest%%|*} filter=""
  [[ $rest == *"|"* ]] && filter=${rest#*|}
  words=${words//\{data\}/$data} words=${words//\{gz\}/$gz} words=${words//\{bz2\}/$bz2}
  words=${words//\{dir\}/$dir}
  echo "bench-busybox: $name" >&2
  # ssivm first: a workload it cannot run yet is skipped at its first failure.
  if ! s=$(best ssivm "$kind" "$program" "$words" "$filter"); then
    why=$(grep -v '^$' "$work/ssivm.out.err" | head -n 1)
    skipped+=("$name: ssivm failed: ${why:-exit status without a message}")
    continue
  fi
  if ! q=$(best qemu "$kind" "$program" "$words" "$filter"); then
    skipped+=("$name: qemu-s390x failed: $(head -n 1 "$work/qemu.out.err")")
    continue
  fi
  if ! cmp -s "$work/qemu.first" "$work/ssivm.first"; then
    skipped+=("$name: ssivm's output differs from qemu-s390x's")
    continue
  fi
  ratio=$(awk -v s="$s" -v q="$q" 'BEGIN { printf "%.2f", s / q }')
  rows+=("$(printf '%-12s %-8s %10s %10s %8s' "$name" "$kind" "$s" "$q" "$ratio")")
  json_rows+=("{\"name\":\"$name\",\"kind\":\"$kind\",\"ssivm_s\":$s,\"qemu_s\":$q,\"ratio\":$ratio}")
done <"$config"

echo
printf '%-12s %-8s %10s %10s %8s\n' workload kind "ssivm s" "qemu s" "ratio"
printf '%s\n' "${rows[@]}"
geo=""
if [[ ${#rows[@]} -gt 0 ]]; then
  geo=$(printf '%s\n' "${rows[@]}" | awk '{ l += log($5); n++ } END { printf "%.2f", exp(l / n) }')
  printf '%-12s %-8s %10s %10s %8s\n' "geomean" "" "" "" "$geo"
fi
echo "(ratio = ssivm time / qemu-s390x time: above 1, ssivm is slower)"
if [[ ${#skipped[@]} -gt 0 ]]; then
  echo
  echo "skipped:"
  printf '  %s\n' "${skipped[@]}"
fi
if [[ -n $json ]]; then
  {
    printf '{"size_mb":%s,"runs":%s,"geomean_ratio":%s,"workloads":[' "$size_mb" "$runs" "${geo:-null}"
    (IFS=,; printf '%s' "${json_rows[*]}")
    printf '],"skipped":%s}\n' "$(printf '%s\n' "${skipped[@]}" |
      awk 'BEGIN { printf "[" } NF { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\"%s\"", c, $0; c = "," } END { printf "]" }')"
  } >"$json"
fi
