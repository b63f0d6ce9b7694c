# Where qemu-user answers differently from the Linux kernel (README.md): ssivm must give the
# kernel's answer, checked against it instead of against qemu.
set(GUEST_BIN ${PROJECT_BINARY_DIR}/tests/guest)
if(S390X_CC)
  add_test(NAME linux.kernel.unknown_ioctl
           COMMAND $<TARGET_FILE:ssivm> run ${GUEST_BIN}/terminal-O2 unknown-ioctl)
  set_tests_properties(linux.kernel.unknown_ioctl PROPERTIES LABELS "linux"
                       PASS_REGULAR_EXPRESSION "^(unknown ioctl: -1 ENOTTY|no pseudo-terminals here)\n$")
endif()
