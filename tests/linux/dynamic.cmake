# Dynamically linked Debian programs through the sysroot (the loader, libc and the programs'
# libraries come from it: qemu's -L, ssivm's --sysroot), a static-pie program, and the --root
# confinement. Inputs are made here at configure time with fixed contents and times.
set(DYN_DATA ${LINUX_DATA}/dyn)
file(MAKE_DIRECTORY ${DYN_DATA})
set(dyn_text "")
foreach(i RANGE 1 300)
  math(EXPR k "(${i} * 6007) % 997")
  math(EXPR m "${i} % 7")
  string(APPEND dyn_text "${k}\tfield${m}\tword${i} alpha beta gamma ${k}${m}\n")
endforeach()
file(WRITE ${DYN_DATA}/text.txt "${dyn_text}")
set(DYN_TEXT ${DYN_DATA}/text.txt)
set(S ${LINUX_SYSROOT})

# Compressed inputs made by the host's tools (the guest decompresses them).
find_program(HOST_GZIP gzip)
find_program(HOST_BZIP2 bzip2)
find_program(HOST_XZ xz)
foreach(tool gzip bzip2 xz)
  string(TOUPPER ${tool} t)
  if(HOST_${t})
    set(ext ${tool})
    execute_process(COMMAND ${HOST_${t}} -c ${DYN_TEXT} OUTPUT_FILE ${DYN_DATA}/text.${ext})
  endif()
endforeach()

# A folder with fixed names, sizes, modes and times for ls (owners printed as numbers).
set(DYN_TREE ${DYN_DATA}/tree)
file(REMOVE_RECURSE ${DYN_TREE})
file(MAKE_DIRECTORY ${DYN_TREE}/sub)
file(WRITE ${DYN_TREE}/alpha.txt "alpha\n")
file(WRITE ${DYN_TREE}/beta.txt "beta beta beta\n")
file(WRITE ${DYN_TREE}/sub/gamma "g\n")
file(CHMOD ${DYN_TREE}/alpha.txt PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(CHMOD ${DYN_TREE}/beta.txt PERMISSIONS OWNER_READ OWNER_WRITE)
file(CREATE_LINK beta.txt ${DYN_TREE}/link SYMBOLIC)
execute_process(COMMAND touch -h -d "2020-01-02 03:04:05" ${DYN_TREE}/alpha.txt ${DYN_TREE}/beta.txt
                        ${DYN_TREE}/sub/gamma ${DYN_TREE}/sub ${DYN_TREE}/link ${DYN_TREE})

# A perl script: arithmetic, hashes, sort, regular expressions, sprintf, string functions.
file(WRITE ${DYN_DATA}/script.pl [=[
use strict;
use warnings;
my %count;
my $total = 0;
while (my $line = <STDIN>) {
  chomp $line;
  my @f = split /\t/, $line;
  $count{$f[1]}++;
  $total += $f[0];
  print "match: $1 $2\n" if $line =~ /word(\d+)3 alpha .* (\d+)$/;
}
print "total $total\n";
for my $k (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count) {
  printf "%-8s %3d\n", $k, $count{$k};
}
my @sq = map { $_ * $_ } 1 .. 12;
print "squares @sq\n";
print "sum ", eval { my $s = 0; $s += $_ for @sq; $s }, "\n";
my $s = join ",", reverse sort { $a <=> $b } (31, 4, 15, 9, 26, 5);
print "sorted $s\n";
(my $t = "The quick brown fox") =~ tr/a-z/A-Z/;
print lc($t), " ", length($t), " ", ucfirst(lc "PERL"), "\n";
printf "%.6f %e %x %o %b\n", atan2(1, 1) * 4, 6.02214076e23, 48879, 8, 10;
my %h = map { $_ => length } qw(one three seventeen);
print join(";", map { "$_=$h{$_}" } sort keys %h), "\n";
]=])

# Perl's XS modules are shared objects the interpreter loads with dlopen while running.
file(WRITE ${DYN_DATA}/modules.pl [=[
use strict;
use warnings;
use List::Util qw(sum max min first reduce);
use POSIX qw(floor ceil fmod strftime);
use Fcntl qw(:mode);
use File::Spec;
my @v = map { ($_ * 37) % 101 } 1 .. 50;
print "sum ", sum(@v), " max ", max(@v), " min ", min(@v), "\n";
print "first>90 ", first { $_ > 90 } @v;
print " product ", reduce { ($a * $b) % 1000003 } @v;
print "\n", join(" ", floor(-2.5), ceil(-2.5), fmod(10, 3)), "\n";
print strftime("%Y-%m-%d %H:%M:%S", gmtime(1234567890)), "\n";
print File::Spec->catfile("usr", "lib", "x"), " ", (S_ISDIR((stat "/")[2]) ? "dir" : "?"), "\n";
]=])

# /proc/self/exe is the program (perl), not the emulator: read, stat and readlink.
file(WRITE ${DYN_DATA}/self.pl [=[
open(my $f, "<", "/proc/self/exe") or die "open: $!";
binmode $f;
read($f, my $head, 20) == 20 or die "read: $!";
my ($magic, $class, $data, $machine) = unpack("a4 C C x12 n", $head);
printf "%s class %d data %d machine %d\n", $magic eq "\x7fELF" ? "ELF" : "?", $class, $data, $machine;
# (stat of /proc/self/exe is left out: qemu answers with its own file's.)
open(my $g, "<", readlink("/proc/self/exe")) or die "open link: $!";
binmode $g;
read($g, my $same, 20);
print "the link names the same file\n" if $same eq $head;
print "link ends in ", (readlink("/proc/self/exe") =~ m{(/[^/]+)$})[0], "\n";
]=])

# Coreutils and friends, dynamically linked against the sysroot's libc.
linux_test(dyn.cat SYSROOT COMMAND ${S}/bin/cat ${DYN_TEXT})
linux_test(dyn.head SYSROOT COMMAND ${S}/usr/bin/head -n 7 ${DYN_TEXT})
linux_test(dyn.tail SYSROOT COMMAND ${S}/usr/bin/tail -n 5 ${DYN_TEXT})
linux_test(dyn.od SYSROOT COMMAND ${S}/usr/bin/od -A x -t x1z -N 96 ${DYN_TEXT})
linux_test(dyn.sort SYSROOT COMMAND ${S}/usr/bin/sort -t "\t" -k2,2 -k1,1n ${DYN_TEXT})
linux_test(dyn.md5sum SYSROOT COMMAND ${S}/usr/bin/md5sum ${DYN_TEXT})
linux_test(dyn.sha256sum SYSROOT COMMAND ${S}/usr/bin/sha256sum ${DYN_TEXT})
linux_test(dyn.wc SYSROOT COMMAND ${S}/usr/bin/wc ${DYN_TEXT})
linux_test(dyn.tr SYSROOT STDIN ${DYN_TEXT} COMMAND ${S}/usr/bin/tr a-z A-Z)
linux_test(dyn.cut SYSROOT COMMAND ${S}/usr/bin/cut -f 2,3 ${DYN_TEXT})
linux_test(dyn.sed SYSROOT COMMAND ${S}/bin/sed -n -e "s/word\\([0-9]*\\)7 /W\\1 /p" ${DYN_TEXT})
linux_test(dyn.grep SYSROOT COMMAND ${S}/bin/grep -n -E "field[35]" ${DYN_TEXT})
linux_test(dyn.grep_count SYSROOT COMMAND ${S}/bin/grep -c -v gamma ${DYN_TEXT} STATUS 1)
linux_test(dyn.ls SYSROOT COMMAND ${S}/bin/ls -ln --time-style=+%F.%T ${DYN_TREE} ${DYN_TREE}/sub)
linux_test(dyn.gzip SYSROOT COMMAND ${S}/bin/gzip -9 -n -c ${DYN_TEXT})
linux_test(dyn.gunzip SYSROOT COMMAND ${S}/bin/gzip -d -c ${DYN_DATA}/text.gzip)
linux_test(dyn.bzip2 SYSROOT COMMAND ${S}/bin/bzip2 -c ${DYN_TEXT})
linux_test(dyn.bunzip2 SYSROOT COMMAND ${S}/bin/bzip2 -d -c ${DYN_DATA}/text.bzip2)
linux_test(dyn.xz SYSROOT COMMAND ${S}/usr/bin/xz -c ${DYN_TEXT})
linux_test(dyn.unxz SYSROOT COMMAND ${S}/usr/bin/xz -d -c ${DYN_DATA}/text.xz)
linux_test(dyn.perl SYSROOT STDIN ${DYN_TEXT} COMMAND ${S}/usr/bin/perl ${DYN_DATA}/script.pl)
linux_test(dyn.perl_modules SYSROOT COMMAND ${S}/usr/bin/perl ${DYN_DATA}/modules.pl)
linux_test(dyn.proc_self_exe SYSROOT COMMAND ${S}/usr/bin/perl ${DYN_DATA}/self.pl)
# The same locale on both sides, whatever the runner's (no "Setting locale failed").
set_tests_properties(linux.dyn.perl linux.dyn.perl_modules linux.dyn.proc_self_exe
                     PROPERTIES ENVIRONMENT "LC_ALL=C")
# The dynamic loader run as the program (a shared object without an interpreter), loading
# the real program itself with mmap.
linux_test(dyn.ld_so SYSROOT COMMAND ${S}/lib/s390x-linux-gnu/ld64.so.1 ${S}/bin/cat ${DYN_TEXT})

# A static-pie program (ET_DYN without PT_INTERP): placed at a load bias, it relocates itself.
if(S390X_CC)
  set(STATIC_PIE ${CMAKE_CURRENT_BINARY_DIR}/static_pie)
  add_custom_command(
    OUTPUT ${STATIC_PIE}
    COMMAND ${S390X_CC} -O2 -march=z196 -fPIE -static-pie -nostdlib -ffreestanding -o ${STATIC_PIE}
            ${CMAKE_CURRENT_SOURCE_DIR}/dynamic/static_pie.c
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/dynamic/static_pie.c
    COMMENT "Cross-compiling the static-pie test program"
    VERBATIM)
  add_custom_target(linux_static_pie ALL DEPENDS ${STATIC_PIE})
  linux_test(dyn.static_pie COMMAND ${STATIC_PIE} first-argument)
endif()

# Without --sysroot a dynamically linked program's interpreter is missing: a clear message.
add_test(NAME linux.dyn.no_sysroot COMMAND $<TARGET_FILE:ssivm> run ${S}/bin/cat ${DYN_TEXT})
set_tests_properties(linux.dyn.no_sysroot PROPERTIES LABELS linux
  PASS_REGULAR_EXPRESSION "HCPLNX002E Program interpreter /lib/ld64.so.1 not found.*--sysroot")

# --root: a guest tree holding busybox (static) and a few files, and symbolic links aiming
# out of it. qemu has no equivalent: the expected output is written down here.
set(DYN_ROOT ${DYN_DATA}/root)
file(REMOVE_RECURSE ${DYN_ROOT} ${DYN_DATA}/outside)
file(MAKE_DIRECTORY ${DYN_ROOT}/bin ${DYN_ROOT}/etc ${DYN_ROOT}/home/user ${DYN_DATA}/outside)
file(COPY ${LINUX_SYSROOT}/bin/busybox DESTINATION ${DYN_ROOT}/bin)
file(WRITE ${DYN_ROOT}/etc/passwd "guest:x:1000:1000::/home/user:/bin/sh\n")
file(WRITE ${DYN_ROOT}/home/user/notes "inside the root\n")
file(WRITE ${DYN_DATA}/outside/secret "SECRET OUTSIDE THE ROOT\n")
file(CREATE_LINK ${DYN_DATA}/outside/secret ${DYN_ROOT}/home/user/abs_out SYMBOLIC)
file(CREATE_LINK ../../../outside/secret ${DYN_ROOT}/home/user/rel_out SYMBOLIC)
file(CREATE_LINK /etc/passwd ${DYN_ROOT}/home/user/abs_in SYMBOLIC)
file(CREATE_LINK ${DYN_DATA}/outside ${DYN_ROOT}/home/user/dir_out SYMBOLIC)
file(CREATE_LINK loop2 ${DYN_ROOT}/home/user/loop1 SYMBOLIC)
file(CREATE_LINK loop1 ${DYN_ROOT}/home/user/loop2 SYMBOLIC)
set(confine ${CMAKE_CURRENT_SOURCE_DIR}/dynamic/confine.sh)
add_test(NAME linux.dyn.root_confinement
         COMMAND ${confine} $<TARGET_FILE:ssivm> ${DYN_ROOT} ${DYN_DATA}/outside ${LINUX_SYSROOT}
                 ${CMAKE_CURRENT_SOURCE_DIR}/dynamic/confine.expected)
set_tests_properties(linux.dyn.root_confinement PROPERTIES LABELS linux)

# Broken dynamic programs and interpreters are refused with a message (status 127).
if(S390X_CC)
  add_test(NAME linux.dyn.bad_interp
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/dynamic/bad_interp.sh $<TARGET_FILE:ssivm> ${S}
                   ${PROJECT_BINARY_DIR}/tests/guest/int_hash-O2)
  set_tests_properties(linux.dyn.bad_interp PROPERTIES LABELS linux)
endif()
