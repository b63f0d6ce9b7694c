#!/usr/bin/env bash
# Runs the whole test suite (builds first). CI=true keeps slow scenarios in their bounded form.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
bash scripts/fetch-guests.sh
cmake --preset default
cmake --build --preset default
ctest --preset default "$@"
