#!/usr/bin/env bash
# Route netlink and interface ioctls as Linux answers them (tests/linux/README.md: qemu-s390x
# 7.2 turns some attributes around wrongly). Checks busybox's ip and ifconfig under ssivm
# against the host's own view of the loopback interface (/sys/class/net/lo).
#   kernel_net.sh SSIVM BUSYBOX
set -u
ssivm="$1" busybox="$2"
fail=0
run() { "$ssivm" run "$busybox" "$@" 2>"$err"; }
err=$(mktemp)
trap 'rm -f "$err"' EXIT
check() {  # check WHAT TEXT PATTERN
  if ! grep -qE -- "$3" <<<"$2"; then echo "$1: no match for /$3/ in:"; echo "$2"; fail=1; fi
}
no_stderr() {
  if [[ -s "$err" ]]; then echo "$1: stderr:"; cat "$err"; fail=1; fi
}
qlen=$(cat /sys/class/net/lo/tx_queue_len) mtu=$(cat /sys/class/net/lo/mtu)
out=$(run ip link show lo)
check "ip link show lo" "$out" "mtu $mtu .*qlen $qlen\$"
no_stderr "ip link show lo"
out=$(run ip -4 addr show lo)
check "ip -4 addr show lo" "$out" "inet 127\.0\.0\.1/8 .*scope host lo"
no_stderr "ip -4 addr show lo"
out=$(run ip route)
no_stderr "ip route"
out=$(run ip rule)
check "ip rule" "$out" "from all lookup main"
no_stderr "ip rule"
out=$(run ifconfig lo)
check "ifconfig lo" "$out" "txqueuelen:$qlen"
check "ifconfig lo" "$out" "inet addr:127\.0\.0\.1 +Mask:255\.0\.0\.0"
no_stderr "ifconfig lo"
out=$(run ifconfig -a)
check "ifconfig -a" "$out" "^lo "
no_stderr "ifconfig -a"
(( fail )) && exit 1
echo "ip and ifconfig agree with the host's loopback (mtu $mtu, qlen $qlen)"
