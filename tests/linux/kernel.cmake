# Where qemu-user answers differently from the Linux kernel (README.md): ssivm must give the
# kernel's answer, checked against it instead of against qemu.
set(GUEST_BIN ${PROJECT_BINARY_DIR}/tests/guest)
if(S390X_CC)
  add_test(NAME linux.kernel.unknown_ioctl
           COMMAND $<TARGET_FILE:ssivm> run ${GUEST_BIN}/terminal-O2 unknown-ioctl)
  set_tests_properties(linux.kernel.unknown_ioctl PROPERTIES LABELS "linux"
                       PASS_REGULAR_EXPRESSION "^(unknown ioctl: -1 ENOTTY|no pseudo-terminals here)\n$")
  add_test(NAME linux.kernel.openat2 COMMAND $<TARGET_FILE:ssivm> run ${GUEST_BIN}/fs_calls-O2 openat2)
  set_tests_properties(linux.kernel.openat2 PROPERTIES LABELS "linux" PASS_REGULAR_EXPRESSION
                       "^openat2: 1\n  cloexec 1\nopenat2 escaping: -1 EXDEV\nopenat2 small: -1 EINVAL\nopenat2 larger, zero tail: 1\nopenat2 larger, tail set: -1 E2BIG\n$")
endif()
if(EXISTS /sys/class/net/lo/tx_queue_len)
  add_test(NAME linux.kernel.netlink_route
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/kernel_net.sh $<TARGET_FILE:ssivm> ${BUSYBOX})
  set_tests_properties(linux.kernel.netlink_route PROPERTIES LABELS "linux;busybox")
endif()
