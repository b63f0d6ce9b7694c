#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of ssivm from Debian packages.
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang-format
  llvm-19-dev clang-19 libclang-cpp19-dev libclang-rt-19-dev
  libtbb-dev liburing-dev libbenchmark-dev libgtest-dev libgmock-dev libxxhash-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev zlib1g-dev libzstd-dev libedit-dev libffi-dev libxml2-dev
  gcc-s390x-linux-gnu g++-s390x-linux-gnu binutils-s390x-linux-gnu
  libc6-dev-s390x-cross libstdc++-12-dev-s390x-cross libgcc-12-dev-s390x-cross
  qemu-user
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
