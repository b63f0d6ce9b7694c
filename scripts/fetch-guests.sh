#!/usr/bin/env bash
# Fetches the real Debian s390x programs the Linux-personality tests and benchmarks run
# (busybox-static, and dynamically linked programs with their libraries) with
# `apt-get download`, and unpacks them into one sysroot folder. Nothing fetched is committed.
# Idempotent: a sysroot whose package list is unchanged is left alone.
#   SSIVM_GUESTS  where to put them (default: <repo>/.cache/guests)
# Result: $SSIVM_GUESTS/sysroot (usr/bin/…, lib/ld64.so.1, …) and $SSIVM_GUESTS/debs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${SSIVM_GUESTS:-$root/.cache/guests}"

packages=(
  busybox-static
  libc6 libgcc-s1 libcrypt1 libacl1 libattr1 libgmp10 libselinux1 libpcre2-8-0
  libbz2-1.0 liblzma5 libzstd1 libmd0
  coreutils gzip sed grep perl-base bzip2 xz-utils
)

stamp="$dest/sysroot/.packages"
want="${packages[*]}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "fetch-guests: sysroot up to date ($dest/sysroot)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! dpkg --print-foreign-architectures | grep -qx s390x; then
  echo "fetch-guests: adding the s390x architecture to dpkg (for apt-get download only)"
  $SUDO dpkg --add-architecture s390x
  $SUDO apt-get update -qq
elif ! apt-cache policy busybox-static:s390x 2>/dev/null | grep -q Candidate:; then
  $SUDO apt-get update -qq
fi

mkdir -p "$dest/debs"
cd "$dest/debs"
# apt-get download drops privileges to _apt when it can; a folder it may write avoids a warning.
chmod 0777 . 2>/dev/null || true
names=()
for p in "${packages[@]}"; do names+=("$p:s390x"); done
apt-get download -q "${names[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
rm -rf "$dest/sysroot.new"
mkdir -p "$dest/sysroot.new"
for p in "${packages[@]}"; do
  deb=$(ls -t "${p}"_*_s390x.deb 2>/dev/null | head -1)
  if [ -z "$deb" ]; then
    echo "fetch-guests: $p:s390x was not downloaded" >&2
    exit 1
  fi
  dpkg-deb -x "$deb" "$dest/sysroot.new"
done
rm -rf "$dest/sysroot"
mv "$dest/sysroot.new" "$dest/sysroot"
echo "$want" >"$stamp"
echo "fetch-guests: ${#packages[@]} packages unpacked into $dest/sysroot"
