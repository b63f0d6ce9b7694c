#!/usr/bin/env bash
# One command from a fresh Debian 12: install dependencies, build, and run the main job
# (the embedded demo guest, reporting what it computed and how many guest MIPS).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
bash scripts/fetch-guests.sh
cmake --preset default
cmake --build --preset default
./build/tools/ssivm demo
