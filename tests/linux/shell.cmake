# Processes: busybox sh forks, execs (busybox re-executes itself through /proc/self/exe for
# most applets), waits and reports exit statuses. The reference side runs in a namespace
# where the host kernel runs s390x programs through qemu-s390x (tests/guest/binfmt_ns.sh):
# qemu-user execs on the host, so without it the reference could not exec busybox at all.
# Scripts are written with newlines, not `;` (CMake would split the argument there).
set(SHELL_DATA ${LINUX_DATA}/shell)
file(MAKE_DIRECTORY ${SHELL_DATA})
set(words "")
foreach(i RANGE 1 300)
  math(EXPR k "(${i} * 7919) % 37")
  string(APPEND words "w${k} ")
  math(EXPR nl "${i} % 9")
  if(nl EQUAL 0)
    string(APPEND words "\n")
  endif()
endforeach()
file(WRITE ${SHELL_DATA}/words.txt "${words}\n")
# An interpreter script: the `#!` line names busybox with one argument (sh); run by path.
file(WRITE ${SHELL_DATA}/script.sh
     "#!${BUSYBOX} sh\necho \"script $0 has $# arguments: $*\"\necho \"second: $2\"\nexit 5\n")
# A script named by another script.
file(WRITE ${SHELL_DATA}/nested.sh "#!${SHELL_DATA}/script.sh extra\n")
# An executable text file without `#!`: execve says ENOEXEC and the shell runs it itself.
file(WRITE ${SHELL_DATA}/plain.sh "echo plain script with $# arguments\n")
file(CHMOD ${SHELL_DATA}/script.sh ${SHELL_DATA}/nested.sh ${SHELL_DATA}/plain.sh
     PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
                 WORLD_EXECUTE)
file(WRITE ${SHELL_DATA}/noexec.sh "echo never runs\n")

# shell_test(NAME [BIN_SH] linux_test options...): BIN_SH puts busybox at /bin/sh on both
# sides (for system() and popen()); with SYSROOT, the programs the shell execs under qemu find
# their dynamic loader there too (QEMU_LD_PREFIX).
function(shell_test name)
  cmake_parse_arguments(ST "BIN_SH" "" "" ${ARGN})
  set(ns ${PROJECT_SOURCE_DIR}/tests/guest/binfmt_ns.sh ${QEMU_S390X})
  if(ST_BIN_SH)
    list(APPEND ns --sh ${BUSYBOX})
  endif()
  if("SYSROOT" IN_LIST ST_UNPARSED_ARGUMENTS)
    list(APPEND ns --sysroot ${LINUX_SYSROOT})
  endif()
  set(LINUX_COMPARE ${ns} -- ${LINUX_COMPARE})
  linux_test(shell.${name} LABELS shell ${ST_UNPARSED_ARGUMENTS})
  set_tests_properties(linux.shell.${name} PROPERTIES SKIP_RETURN_CODE 77)
endfunction()

shell_test(pipe COMMAND ${BUSYBOX} sh -c "echo a | tr a b")
shell_test(pipe3 STDIN ${SHELL_DATA}/words.txt COMMAND ${BUSYBOX} sh -c
           "tr ' ' '\\n' | grep . | sort | uniq -c | sort -k1,1nr -k2 | head -n 8
seq 1 2000 | sort -rn | head -n 1
tr ' ' '\\n' < words.txt | sort -u | wc -l")
# A writer killed by SIGPIPE when its reader is gone; long argument lists through xargs; the
# environment through exec (sorted: qemu-user hands it over in reverse order).
shell_test(pipe_status COMMAND ${BUSYBOX} sh -c
           "set -o pipefail
yes | head -n 2
echo \"yes status $?\"
seq 1 20000 | xargs echo | wc -c
seq 1 20000 | xargs -n 5000 sh -c 'echo $#' x
env -i A=1 B='two words' env | sort
A=hello sh -c 'echo $A'")
shell_test(command_substitution COMMAND ${BUSYBOX} sh -c
           "x=$(echo hi | tr a-z A-Z)
echo \"$x `echo back` $(echo $(echo nested | tr a-z A-Z))\"
n=$(seq 1 100 | wc -l)
echo $((n * 2))")
shell_test(subshell COMMAND ${BUSYBOX} sh -c
           "(cd / && pwd && exit 3)
echo \"subshell status $?\"
pwd | wc -c
(echo one && echo two) | sort -r
{ echo brace && exit 4
} | tr a-z A-Z")
shell_test(and_or STATUS 6 COMMAND ${BUSYBOX} sh -c
           "true && echo and-true
false && echo not-printed || echo or-after-false
sh -c 'exit 7' || echo \"child said $?\"
false | true
echo \"pipeline $?\"
set -o pipefail
false | true
echo \"pipefail $?\"
! sh -c 'exit 2'
echo \"negated $?\"
sh -c 'exit 6'")
shell_test(for_loop COMMAND ${BUSYBOX} sh -c
           "for i in 1 2 3 4 5
do expr $i '*' $i
done | sort -rn | tr '\\n' ' '
echo
i=0
while [ $i -lt 5 ]
do i=$(expr $i + 1)
echo $i | wc -c
done | sort | uniq -c")
shell_test(xargs COMMAND ${BUSYBOX} sh -c
           "echo a b c d e | xargs -n 2 echo
seq 1 50 | xargs -n 7 sh -c 'echo $# args, first $1'
echo 3 1 2 | xargs printf '%s-'
echo")
shell_test(find_xargs COMMAND ${BUSYBOX} sh -c
           "mkdir -p d/e/f
echo x > d/a
echo yy > d/e/b
seq 1 10 > d/e/f/c
find d -type f | sort | xargs wc -c
find d -name '[ab]' | sort | xargs -n 1 basename")
shell_test(redirection COMMAND ${BUSYBOX} sh -c
           "echo one > f
echo two >> f
seq 3 5 >> f
wc -l < f
head -n 2 f
sed -n '$p' f
sort -r < f > g 2>&1
head -n 1 g
exec 3> h
echo via fd 3 >&3
exec 3>&-
wc -c h
ls nonexistent 2> err || wc -l err
wc -l <<EOF
a
b
EOF")
shell_test(exec_builtin COMMAND ${BUSYBOX} sh -c
           "sh -c 'exec echo replaced'
sh -c 'exec 2>&1
exec sh -c \"echo \\$0 in exec\" named'")
shell_test(script STATUS 5 COMMAND ${BUSYBOX} sh -c
           "\"$0\" a 'b c'
echo \"script status $?\"
\"$1\" x y
echo \"nested status $?\"
\"$2\" p q r
\"$3\" 2> /dev/null
echo \"not executable: $?\"
exec \"$0\" last 'one two'" ${SHELL_DATA}/script.sh ${SHELL_DATA}/nested.sh
           ${SHELL_DATA}/plain.sh ${SHELL_DATA}/noexec.sh)
shell_test(exit_status STATUS 3 COMMAND ${BUSYBOX} sh -c "echo exiting && exit 3")
shell_test(exit_status_child STATUS 42 COMMAND ${BUSYBOX} sh -c "sh -c 'echo inner && exit 42'")
shell_test(killed SIGNAL KILL COMMAND ${BUSYBOX} sh -c "kill -9 $$")
shell_test(killed_term SIGNAL TERM COMMAND ${BUSYBOX} sh -c "echo before && kill -TERM $$")
shell_test(child_killed COMMAND ${BUSYBOX} sh -c
           "sh -c 'kill -9 $$' 2> /dev/null
echo \"killed: $?\"
sh -c 'kill -USR1 $$' 2> /dev/null
echo \"usr1: $?\"
sh -c 'kill -TERM $$'
echo \"term: $?\"
exit 0")

# C programs that spawn (tests/guest/c/proc_spawn.c): posix_spawn, system(), popen().
if(TARGET guest_programs)
  set(guest_bin ${PROJECT_BINARY_DIR}/tests/guest)
  shell_test(c_spawn BIN_SH STATUS 0 COMMAND ${guest_bin}/proc_spawn-O2 ${guest_bin}/env-O2)
endif()

# busybox applets in pipelines, and applets that fork a child (a decompressor, find -exec),
# on the busybox tests' data (busybox.cmake).
set(D ${BUSYBOX_DATA})
function(busybox_fork_test name)
  shell_test(fork.${name} ${ARGN})
endfunction()
busybox_fork_test(sort_uniq COMMAND ${BUSYBOX} sh -c
                  "sort ${D}/table.txt | cut -d' ' -f3 | sort | uniq -c | sort -rn")
busybox_fork_test(gzip_roundtrip COMMAND ${BUSYBOX} sh -c
                  "gzip -c ${D}/text.txt | gunzip -c | md5sum")
busybox_fork_test(bzip2_roundtrip COMMAND ${BUSYBOX} sh -c
                  "bzip2 -c ${D}/text.txt | bunzip2 -c | sha1sum")
busybox_fork_test(awk_sort COMMAND ${BUSYBOX} sh -c
                  "awk '{print $2, $1}' ${D}/table.txt | sort -n | tail -5")
busybox_fork_test(find_exec COMMAND ${BUSYBOX} find ${D}/tree -type f -exec md5sum {} +)
busybox_fork_test(cp_cmp COMMAND ${BUSYBOX} sh -c
                  "cp ${D}/text.txt copy && cmp ${D}/text.txt copy && echo same")
busybox_fork_test(xargs COMMAND ${BUSYBOX} sh -c
                  "find ${D}/tree -name '*.txt' | sort | xargs wc -l")
if(HOST_GZIP)
  busybox_fork_test(zcat COMMAND ${BUSYBOX} zcat ${D}/text.txt.gz)
  if(HOST_TAR)
    busybox_fork_test(tar_xzO COMMAND ${BUSYBOX} tar -xzOf ${D}/tree.tar.gz)
  endif()
endif()
# tar -z runs `gzip` by PATH: an s390x one (busybox by that name) comes first on both sides,
# since the reference would otherwise run the host's x86 gzip natively.
set(BUSYBOX_BIN ${CMAKE_CURRENT_BINARY_DIR}/busybox-bin)
file(MAKE_DIRECTORY ${BUSYBOX_BIN})
file(CREATE_LINK ${BUSYBOX} ${BUSYBOX_BIN}/gzip SYMBOLIC)
busybox_fork_test(tar_pipe COMMAND ${BUSYBOX} sh -c
                  "PATH=${BUSYBOX_BIN}:$PATH tar -czf - -C ${D} tree | tar -tzvf -")
