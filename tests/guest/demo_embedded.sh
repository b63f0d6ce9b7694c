#!/usr/bin/env bash
# Checks the demo guest embedded in ssivm (`ssivm demo`): its first output line (the hash) must
# equal what qemu-s390x prints for the same program assembled from tools/demo/demo.s.
#   demo_embedded.sh QEMU SSIVM DEMO_ELF
set -u
qemu="$1" ssivm="$2" demo="$3"
want=$("$qemu" "$demo") || { echo "qemu failed on $demo"; exit 1; }
[[ "$want" =~ ^[0-9a-f]{16}$ ]] || { echo "reference output is not a 16-digit hash: '$want'"; exit 1; }
got=$("$ssivm" demo | head -1)
if [[ "$got" != "$want" ]]; then
  echo "ssivm demo printed '$got', qemu printed '$want'"
  exit 1
fi
echo "identical hash $got"
