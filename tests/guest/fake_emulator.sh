#!/usr/bin/env bash
# A deliberately wrong "ssivm" for the harness self-test: runs the program under qemu-s390x
# ($FAKE_QEMU) and then damages the result as $FAKE_MODE says (stdout | stderr | status).
#   fake_emulator.sh run --engine=E PROGRAM ARGS...
shift 2
"$FAKE_QEMU" "$@"
status=$?
case "$FAKE_MODE" in
  stdout) echo "one extra line" ;;
  stderr) echo "one extra diagnostic" >&2 ;;
  status) status=$((status + 1)) ;;
esac
exit $status
