#!/usr/bin/env bash
# Wall time of each ssivm engine (`ssivm run --engine=E`) vs qemu-s390x on the workloads of
# perf-configs/busybox.conf (busybox applets, Debian programs, the compiled C kernels of the
# build), all measured in this run (best of N each), with the ratio qemu time / ssivm time per
# workload and engine (above 1: ssivm is faster) and its geometric mean per engine. An engine
# `ssivm run` refuses is skipped for every workload; a workload an engine cannot run yet, or
# whose output differs from qemu's, is skipped for that engine; each with the reason.
#
#   scripts/bench-busybox.sh [--config FILE] [--build DIR] [--ssivm PATH] [--size-mb N]
#                            [--runs N] [--engines E,E...] [--only NAME,NAME...] [--json FILE]
#
#   --build DIR    the build folder (default: build); `built` workloads' programs are in it
#   --engines LIST ssivm engines to measure (default interp,jit,tiered)
#   --json FILE    Google Benchmark JSON, one entry NAME/RUNNER per workload and engine (and
#                  qemu); e.g. tools/compare.py filters FILE /qemu /jit
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
config=$root/perf-configs/busybox.conf
build=$root/build
sysroot=${SSIVM_GUESTS:-$root/.cache/guests}/sysroot
qemu=${QEMU_S390X:-qemu-s390x}
ssivm="" size_mb="" runs="" engines="" only="" json=""

usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --config) config=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --ssivm) ssivm=$2; shift 2 ;;
    --size-mb) size_mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    --json) json=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench-busybox: unknown argument $1" >&2; usage 2 >&2 ;;
  esac
done
ssivm=${ssivm:-$build/tools/ssivm}

die() { echo "bench-busybox: $*" >&2; exit 1; }
[[ -x $ssivm ]] || die "no ssivm at $ssivm (cmake --build $build --target ssivm, or --ssivm PATH)"
command -v "$qemu" >/dev/null || die "no $qemu (apt-get install qemu-user)"
[[ -x $sysroot/bin/busybox ]] || die "no $sysroot/bin/busybox (run scripts/fetch-guests.sh)"
[[ -r $config ]] || die "no config $config"

# Settings from the config, unless given as options.
while read -r word name value; do
  [[ $word == set ]] || continue
  case $name in
    size_mb) size_mb=${size_mb:-$value} ;;
    runs) runs=${runs:-$value} ;;
    engines) engines=${engines:-$value} ;;
    *) die "$config: unknown setting $name" ;;
  esac
done <"$config"
size_mb=${size_mb:-20} runs=${runs:-3} engines=${engines:-interp,jit,tiered}
IFS=, read -r -a engine_list <<<"$engines"
for e in "${engine_list[@]}"; do
  [[ $e =~ ^[a-z0-9_-]+$ && $e != qemu ]] || die "bad engine name '$e' in --engines $engines"
done

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

# run_one RUNNER KIND PATH GUEST_WORDS FILTER OUT: one run of PATH by RUNNER (qemu, or the
# ssivm engine of that name), stdout to OUT, stderr to OUT.err; prints "WALL CPU" in seconds
# (CPU: user + system time of all it started, filter included); returns the run's status.
run_one() {
  local runner=$1 kind=$2 path=$3 words=$4 filter=$5 out=$6 cmd status TIMEFORMAT='%3R %3U %3S'
  if [[ $runner == qemu ]]; then
    cmd=("$qemu")
    [[ $kind == dynamic ]] && cmd+=(-L "$sysroot")
  else
    cmd=("$ssivm" run "--engine=$runner")
    [[ $kind == dynamic ]] && cmd+=("--sysroot=$sysroot")
  fi
  eval "set -- $words"
  set +e
  if [[ -n $filter ]]; then
    { time "${cmd[@]}" "$path" "$@" </dev/null 2>"$out.err" | eval "$filter" >"$out"; } 2>"$out.time"
  else
    { time "${cmd[@]}" "$path" "$@" </dev/null >"$out" 2>"$out.err"; } 2>"$out.time"
  fi
  status=$?
  set -e
  # `time` writes last: whatever the filter said on stderr comes before.
  awk 'END { printf "%.3f %.3f", $1, $2 + $3 }' "$out.time"
  return $status
}

# best RUNNER KIND PATH GUEST_WORDS FILTER: "WALL CPU" of the fastest of $runs runs (the first
# run's output is kept in $work/RUNNER.first for comparison).
best() {
  local runner=$1 b="" t k
  shift
  for ((k = 0; k < runs; k++)); do
    t=$(run_one "$runner" "$@" "$work/$runner.out") || return 1
    [[ $k -eq 0 ]] && cp "$work/$runner.out" "$work/$runner.first"
    if [[ -z $b ]] || awk -v t="${t% *}" -v b="${b% *}" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}

# first_line FILE: its first non-empty line, or a note that there is none.
first_line() { grep -v '^$' "$1" | head -n 1 | grep . || echo "exit status without a message"; }

# skip KEY REASON: KEY (a workload, an engine, or WORKLOAD/ENGINE) is not measured, because.
skip_keys=() skip_reasons=()
skip() { skip_keys+=("$1"); skip_reasons+=("$2"); }

echo "bench-busybox: ${size_mb} MiB inputs, best of $runs, engines $engines, $(nproc) host CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# An engine `ssivm run` refuses (not built in, not written yet) is skipped for every workload.
engines_run=()
for e in "${engine_list[@]}"; do
  if run_one "$e" static "$sysroot/bin/busybox" true "" "$work/probe" >/dev/null; then
    engines_run+=("$e")
  else
    skip "$e" "every workload: ssivm run --engine=$e failed: $(first_line "$work/probe.err")"
  fi
done

# Results by NAME/RUNNER: wall and CPU seconds, and qemu's wall time over the engine's.
names=()
declare -A kinds=() wall=() cpu=() ratio=()
while read -r name kind program rest; do
  [[ -z $name || $name == \#* || $name == set ]] && continue
  [[ -n $only && $only != *",$name,"* ]] && continue
  case $kind in
    static | dynamic) path=$sysroot/$program ;;
    built) path=$build/$program ;;
    *) die "$config: $name: KIND must be static, dynamic or built" ;;
  esac
  if [[ ! -e $path ]]; then
    skip "$name" "no $path (cmake --build $build --target ssivm_bench_guests)"
    continue
  fi
  words=${rest%%|*} filter=""
  [[ $rest == *"|"* ]] && filter=${rest#*|}
  words=${words//\{data\}/$data} words=${words//\{gz\}/$gz} words=${words//\{bz2\}/$bz2}
  words=${words//\{dir\}/$dir}
  echo "bench-busybox: $name" >&2
  if ! q=$(best qemu "$kind" "$path" "$words" "$filter"); then
    skip "$name" "qemu-s390x failed: $(first_line "$work/qemu.out.err")"
    continue
  fi
  names+=("$name") kinds[$name]=$kind wall[$name/qemu]=${q% *} cpu[$name/qemu]=${q#* }
  for e in "${engines_run[@]}"; do
    if ! s=$(best "$e" "$kind" "$path" "$words" "$filter"); then
      skip "$name/$e" "ssivm failed: $(first_line "$work/$e.out.err")"
    elif ! cmp -s "$work/qemu.first" "$work/$e.first"; then
      skip "$name/$e" "ssivm's output differs from qemu-s390x's"
    else
      wall[$name/$e]=${s% *} cpu[$name/$e]=${s#* }
      ratio[$name/$e]=$(awk -v s="${s% *}" -v q="${q% *}" 'BEGIN { printf "%.2f", q / (s > 0 ? s : 0.001) }')
    fi
  done
done <"$config"

# geomean ENGINE: geometric mean of the engine's ratios (empty if it measured nothing).
geomean() {
  local n
  for n in "${names[@]}"; do
    if [[ -n ${ratio[$n/$1]:-} ]]; then echo "${ratio[$n/$1]}"; fi
  done | awk '{ l += log($1); n++ } END { if (n) printf "%.2f", exp(l / n) }'
}

# cells ENGINE WALL RATIO: the engine's two columns of the table, as wide as their headings.
cells() { printf ' %*s %*s' $((${#1} > 7 ? ${#1} + 2 : 9)) "$2" $((${#1} > 6 ? ${#1} + 5 : 11)) "$3"; }

echo
echo "best of $runs, wall seconds; qemu/E = qemu-s390x time / ssivm --engine=E time (above 1: ssivm is faster)"
printf '%-14s %-8s %8s' workload kind "qemu s"
for e in "${engine_list[@]}"; do cells "$e" "$e s" "qemu/$e"; done
echo
for n in "${names[@]}"; do
  printf '%-14s %-8s %8s' "$n" "${kinds[$n]}" "${wall[$n/qemu]}"
  for e in "${engine_list[@]}"; do cells "$e" "${wall[$n/$e]:--}" "${ratio[$n/$e]:--}"; done
  echo
done
printf '%-14s %-8s %8s' geomean "" ""
for e in "${engine_list[@]}"; do
  g=$(geomean "$e")
  cells "$e" "" "${g:--}"
done
echo
if [[ ${#skip_keys[@]} -gt 0 ]]; then
  echo
  echo "skipped:"
  for i in "${!skip_keys[@]}"; do echo "  ${skip_keys[$i]}: ${skip_reasons[$i]}"; done
fi

# json_string TEXT: TEXT as a JSON string (control characters become spaces).
json_string() {
  local s=${1//[[:cntrl:]]/ }
  s=${s//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

# Google Benchmark's JSON (what --benchmark_format=json writes): one iteration-run entry per
# NAME/RUNNER in milliseconds, the ratio as a counter; settings, geometric means and skips in
# the context, as AddCustomContext would put them.
if [[ -n $json ]]; then
  {
    printf '{\n  "context": {\n'
    printf '    "date": "%s",\n' "$(date -Iseconds)"
    printf '    "host_name": %s,\n' "$(json_string "$(hostname)")"
    printf '    "executable": %s,\n' "$(json_string "$0")"
    printf '    "num_cpus": %s,\n' "$(nproc)"
    printf '    "mhz_per_cpu": %s,\n' "$(awk -F: '/^cpu MHz/ { m = int($2); exit } END { print m + 0 }' /proc/cpuinfo)"
    printf '    "cpu_scaling_enabled": false,\n    "caches": [],\n'
    printf '    "load_avg": [%s],\n' "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
    printf '    "library_build_type": "release",\n'
    printf '    "ssivm": %s,\n' "$(json_string "$ssivm")"
    printf '    "qemu": %s,\n' "$(json_string "$("$qemu" --version | head -n 1)")"
    printf '    "size_mb": "%s",\n    "runs": "%s",\n    "engines": "%s"' "$size_mb" "$runs" "$engines"
    for e in "${engine_list[@]}"; do
      g=$(geomean "$e")
      [[ -z $g ]] || printf ',\n    "geomean qemu/%s": "%s"' "$e" "$g"
    done
    for i in "${!skip_keys[@]}"; do
      printf ',\n    %s: %s' "$(json_string "skipped ${skip_keys[$i]}")" "$(json_string "${skip_reasons[$i]}")"
    done
    printf '\n  },\n  "benchmarks": ['
    sep="" family=0
    for n in "${names[@]}"; do
      instance=0
      for r in qemu "${engine_list[@]}"; do
        [[ -n ${wall[$n/$r]:-} ]] || continue
        printf '%s\n    {"name": "%s/%s", "family_index": %d, "per_family_instance_index": %d,' \
          "$sep" "$n" "$r" "$family" "$instance"
        printf ' "run_name": "%s/%s", "run_type": "iteration", "repetitions": 1,' "$n" "$r"
        printf ' "repetition_index": 0, "threads": 1, "iterations": 1,'
        printf ' "real_time": %s, "cpu_time": %s, "time_unit": "ms"' \
          "$(awk -v s="${wall[$n/$r]}" 'BEGIN { print s * 1000 }')" \
          "$(awk -v s="${cpu[$n/$r]}" 'BEGIN { print s * 1000 }')"
        [[ -n ${ratio[$n/$r]:-} ]] && printf ', "qemu_over_ssivm": %s' "${ratio[$n/$r]}"
        printf '}'
        sep="," instance=$((instance + 1))
      done
      family=$((family + 1))
    done
    printf '\n  ]\n}\n'
  } >"$json"
fi
