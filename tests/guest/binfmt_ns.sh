#!/usr/bin/env bash
# Runs a command in a private user and mount namespace where the host kernel runs s390x ELF
# programs through qemu-s390x (binfmt_misc, per user namespace since Linux 6.7). Guests that
# fork and exec s390x programs need it on the reference side: qemu-user execs on the host.
#
#   binfmt_ns.sh QEMU [--sh S390X_SHELL] [--sysroot DIR] -- COMMAND [ARGS...]
#
# --sh bind-mounts an s390x shell (busybox) over /bin/sh for the command, so that system()
# and popen() run the same shell under qemu-s390x and under ssivm. --sysroot sets
# QEMU_LD_PREFIX (qemu's -L for the programs the kernel starts); both sides see it in their
# environment. Exits 77 (CTest's skip
# code, see SKIP_RETURN_CODE) when the host cannot provide such a namespace.
set -u

if [[ -z "${SSIVM_IN_BINFMT_NS:-}" ]]; then
  if ! unshare --user --map-root-user --mount true 2>/dev/null; then
    echo "binfmt_ns.sh: no user namespaces here: skipped"
    exit 77
  fi
  SSIVM_IN_BINFMT_NS=1 exec unshare --user --map-root-user --mount "$0" "$@"
fi

qemu="$1"
shift
shell=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sh) shell="$2"; shift 2 ;;
    --sysroot) export QEMU_LD_PREFIX="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "binfmt_ns.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# The ELF identification of s390x executables (64-bit, big-endian, ET_EXEC or ET_DYN,
# machine 22). P keeps argv[0] (busybox picks its applet by it); F opens qemu now.
magic='\x7fELF\x02\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x16'
mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff'
misc=/proc/sys/fs/binfmt_misc
if ! mount -t binfmt_misc binfmt_misc "$misc" 2>/dev/null ||
   ! printf '%s' ":s390x:M::$magic:$mask:$qemu:PF" >"$misc/register" 2>/dev/null; then
  echo "binfmt_ns.sh: this kernel has no binfmt_misc per user namespace (Linux 6.7+): skipped"
  exit 77
fi
if [[ -n "$shell" ]] && ! mount --bind "$shell" /bin/sh; then
  echo "binfmt_ns.sh: cannot put $shell at /bin/sh: skipped"
  exit 77
fi
exec "$@"
