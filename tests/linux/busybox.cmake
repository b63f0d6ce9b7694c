# busybox-static applets that do real work, on the inputs in data/ (made here, at configure
# time, deterministic). Applets that fork (zcat, tar -z, sh pipelines) wait for fork/execve.
file(MAKE_DIRECTORY ${LINUX_DATA})
set(text "")
foreach(i RANGE 1 400)
  math(EXPR k "(${i} * 7919) % 1009")
  string(APPEND text "line ${k} of the test text, word${i} and word${k}\n")
endforeach()
file(WRITE ${LINUX_DATA}/text.txt "${text}")

# A table: name, score, group, city (space separated), with repeated scores and groups.
set(table "")
set(cities Oslo Lima Kyiv Rome Bern Doha Riga)
foreach(i RANGE 1 150)
  math(EXPR score "(${i} * 37) % 101")
  math(EXPR group "${i} % 7")
  math(EXPR c "(${i} * 3) % 7")
  list(GET cities ${c} city)
  string(APPEND table "name${i} ${score} g${group} ${city}\n")
endforeach()
file(WRITE ${LINUX_DATA}/table.txt "${table}")

# Runs of equal lines for uniq.
set(runs "")
foreach(i RANGE 1 120)
  math(EXPR n "${i} % 4 + 1")
  math(EXPR v "${i} % 13")
  foreach(r RANGE 1 ${n})
    string(APPEND runs "entry ${v}\n")
  endforeach()
endforeach()
file(WRITE ${LINUX_DATA}/runs.txt "${runs}")

# An awk program: per-group sums and counts in associative arrays, a user function, printf,
# split, substr, gsub, sprintf, and the sorted-order independent output of an END loop.
file(WRITE ${LINUX_DATA}/prog.awk [==[
function grade(s) { return s >= 75 ? "A" : s >= 50 ? "B" : s >= 25 ? "C" : "D" }
{
  sum[$3] += $2; cnt[$3]++; total += $2
  if ($2 > best) { best = $2; who = $1 }
  g[grade($2)]++
  n = split($4, letters, "")
  key = substr($4, 1, 2) n
  seen[key] = seen[key] " " NR
  name = $1; gsub(/[0-9]+/, "#", name); names[name]++
}
END {
  for (k = 0; k < 7; k++) printf "g%d: n=%3d sum=%5d avg=%7.3f\n", k, cnt["g" k], sum["g" k], sum["g" k] / cnt["g" k]
  printf "total=%d best=%s (%d) lines=%d\n", total, who, best, NR
  split("A B C D", order, " ")
  for (i = 1; i <= 4; i++) print order[i], g[order[i]]
  print sprintf("%-8s|%8s|%x|%o|%e", "left", "right", 255, 8, 12345.678)
  print length(seen["Os4"]), toupper("done"), index("busybox", "box")
}
]==])

# A sed script: substitutions with groups, a range, the hold space, y///, and N.
file(WRITE ${LINUX_DATA}/edit.sed [[
s/word\([0-9]*\) and word\([0-9]*\)/\2+\1/
/^line 1[0-9][0-9] /,/^line 2[0-9][0-9] /s/test/TEST/
/^line 7 /{h;d}
/^line 9 /G
y/abc/ABC/
$!N
s/\n/ | /
]])

# A fixed folder: files, a subfolder, a symbolic link, set modes, and times fixed after it is
# complete (folders too), so that listings and archives of it never change.
set(tree ${LINUX_DATA}/tree)
file(REMOVE_RECURSE ${tree})
file(MAKE_DIRECTORY ${tree}/sub/deeper ${tree}/empty)
file(WRITE ${tree}/a.txt "${text}")
file(WRITE ${tree}/b.dat "${table}")
file(WRITE ${tree}/sub/c.txt "${runs}")
file(WRITE ${tree}/sub/deeper/d.md "# d\n\nA short file.\n")
file(WRITE ${tree}/zero "")
file(CREATE_LINK a.txt ${tree}/link SYMBOLIC)
file(CHMOD ${tree}/b.dat PERMISSIONS OWNER_READ OWNER_WRITE)
file(CHMOD ${tree}/sub/c.txt PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
     GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
execute_process(COMMAND find ${tree} -exec touch -h -d @1600000000 {} +)

# Compressed files and an archive made by the host's own tools, when it has them.
find_program(HOST_GZIP gzip)
find_program(HOST_BZIP2 bzip2)
find_program(HOST_XZ xz)
find_program(HOST_TAR tar)
# gzip -n: no name or time in the header, so the file is the same at every configure.
foreach(tool GZIP BZIP2 XZ)
  if(HOST_${tool})
    set(ext_GZIP gz)
    set(ext_BZIP2 bz2)
    set(ext_XZ xz)
    set(no_name "")
    if(tool STREQUAL "GZIP")
      set(no_name -n)
    endif()
    execute_process(COMMAND ${HOST_${tool}} ${no_name} -c ${LINUX_DATA}/text.txt
                    OUTPUT_FILE ${LINUX_DATA}/text.txt.${ext_${tool}})
  endif()
endforeach()
if(HOST_TAR)
  execute_process(COMMAND ${HOST_TAR} --sort=name --owner=0 --group=0 --numeric-owner
                          -cf ${LINUX_DATA}/tree.tar -C ${LINUX_DATA} tree)
  if(HOST_GZIP)
    execute_process(COMMAND ${HOST_GZIP} -n -c ${LINUX_DATA}/tree.tar
                    OUTPUT_FILE ${LINUX_DATA}/tree.tar.gz)
  endif()
endif()

set(D ${LINUX_DATA})

# linux_tree_test(NAME [SEED DIR] [TIMES] COMMAND PROG ARGS...): a program that changes files,
# run in fresh copies of SEED under both emulators; the resulting trees must be identical too.
function(linux_tree_test name)
  cmake_parse_arguments(LT "TIMES" "SEED" "COMMAND" ${ARGN})
  set(opts --qemu ${QEMU_S390X} --ssivm $<TARGET_FILE:ssivm>)
  if(LT_SEED)
    list(APPEND opts --seed ${LT_SEED})
  endif()
  if(LT_TIMES)
    list(APPEND opts --times)
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/work/${name})
  file(MAKE_DIRECTORY ${dir})
  add_test(NAME linux.${name}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compare_tree.sh ${opts} -- ${LT_COMMAND}
           WORKING_DIRECTORY ${dir})
  set_tests_properties(linux.${name} PROPERTIES LABELS "linux;busybox" TIMEOUT 600)
endfunction()

function(busybox_test name)
  linux_test(busybox.${name} LABELS busybox ${ARGN})
endfunction()

# Hashes and checksums.
foreach(h md5sum sha1sum sha256sum sha512sum sha3sum crc32)
  busybox_test(${h} COMMAND ${BUSYBOX} ${h} ${D}/text.txt)
endforeach()
busybox_test(md5sum.many COMMAND ${BUSYBOX} md5sum ${D}/text.txt ${D}/table.txt ${D}/runs.txt)
busybox_test(md5sum.check STDIN ${D}/text.txt COMMAND ${BUSYBOX} md5sum -)

# Counting, sorting, selecting.
busybox_test(wc COMMAND ${BUSYBOX} wc ${D}/text.txt)
busybox_test(wc.many COMMAND ${BUSYBOX} wc -l -w -c ${D}/text.txt ${D}/table.txt)
busybox_test(sort STDIN ${D}/text.txt COMMAND ${BUSYBOX} sort)
busybox_test(sort.nrk COMMAND ${BUSYBOX} sort -n -r -k2 ${D}/table.txt)
busybox_test(sort.keys COMMAND ${BUSYBOX} sort -t " " -k3,3 -k2,2n -k1,1r ${D}/table.txt)
busybox_test(sort.unique COMMAND ${BUSYBOX} sort -u -k4,4 ${D}/table.txt)
busybox_test(uniq.c COMMAND ${BUSYBOX} uniq -c ${D}/runs.txt)
busybox_test(uniq.d COMMAND ${BUSYBOX} uniq -d ${D}/runs.txt)
busybox_test(awk COMMAND ${BUSYBOX} awk -f ${D}/prog.awk ${D}/table.txt)
busybox_test(awk.fields COMMAND ${BUSYBOX} awk -F " " "NR % 9 == 1 { printf \"%s:%05.1f:%s\\n\", $4, $2 / 3, NF }" ${D}/table.txt)
busybox_test(sed COMMAND ${BUSYBOX} sed -f ${D}/edit.sed ${D}/text.txt)
busybox_test(sed.range COMMAND ${BUSYBOX} sed -n "/^line 10[0-9] /,/^line 3/p" ${D}/text.txt)
# (No ";" in arguments: CMake would split the argument there.)
busybox_test(sed.tac COMMAND ${BUSYBOX} sed -n -e "1!G" -e h -e "$p" ${D}/runs.txt)
busybox_test(sed.ere COMMAND ${BUSYBOX} sed -E -e "s/(word)([0-9]+)/<\\2\\1>/g"
             -e "s/^line ([0-9]+)/\\1:/" ${D}/text.txt)
busybox_test(grep.E COMMAND ${BUSYBOX} grep -E "word(1|2)[0-9]?$" ${D}/text.txt)
busybox_test(grep.c COMMAND ${BUSYBOX} grep -c "word3" ${D}/text.txt)
busybox_test(grep.vn COMMAND ${BUSYBOX} grep -v -n "g[0-3]" ${D}/table.txt)
busybox_test(grep.nomatch STATUS 1 COMMAND ${BUSYBOX} grep -c "absent" ${D}/text.txt)
busybox_test(grep.iow COMMAND ${BUSYBOX} grep -i -o -w "OSLO\\|rome" ${D}/table.txt)
busybox_test(tr STDIN ${D}/text.txt COMMAND ${BUSYBOX} tr a-z A-Z)
busybox_test(tr.ds STDIN ${D}/table.txt COMMAND ${BUSYBOX} tr -s "0-9" "#")
busybox_test(tr.d STDIN ${D}/text.txt COMMAND ${BUSYBOX} tr -d "0-9 ")
busybox_test(cut.f COMMAND ${BUSYBOX} cut -d " " -f 1,3 ${D}/table.txt)
busybox_test(cut.c COMMAND ${BUSYBOX} cut -c 3-12 ${D}/text.txt)
busybox_test(head COMMAND ${BUSYBOX} head -n 7 ${D}/text.txt)
busybox_test(tail COMMAND ${BUSYBOX} tail -n 5 ${D}/text.txt)
busybox_test(tail.c COMMAND ${BUSYBOX} tail -c 100 ${D}/table.txt)
busybox_test(nl COMMAND ${BUSYBOX} nl ${D}/table.txt)
busybox_test(tac COMMAND ${BUSYBOX} tac ${D}/table.txt)
busybox_test(rev COMMAND ${BUSYBOX} rev ${D}/table.txt)
busybox_test(fold COMMAND ${BUSYBOX} fold -w 23 ${D}/text.txt)
busybox_test(paste COMMAND ${BUSYBOX} paste ${D}/table.txt ${D}/text.txt)
busybox_test(diff STATUS 1 COMMAND ${BUSYBOX} diff ${D}/text.txt ${D}/table.txt)
busybox_test(diff.u STATUS 1 COMMAND ${BUSYBOX} diff -u ${D}/runs.txt ${D}/table.txt)
busybox_test(cmp STATUS 1 COMMAND ${BUSYBOX} cmp ${D}/text.txt ${D}/table.txt)
busybox_test(cmp.l STATUS 1 COMMAND ${BUSYBOX} cmp -l ${D}/runs.txt ${D}/table.txt)

# Shell builtins that need no fork: read with a timeout (poll), resource limits, umask.
busybox_test(ash.read_t STDIN ${D}/text.txt COMMAND ${BUSYBOX} ash -c "read -t 5 x\necho $? $x")
busybox_test(ash.ulimit COMMAND ${BUSYBOX} ash -c "ulimit -a\nulimit -n 100\nulimit -n")
busybox_test(ash.umask COMMAND ${BUSYBOX} ash -c "umask 027\numask\numask -S")

# Dumps.
busybox_test(od COMMAND ${BUSYBOX} od -A x -t x1 ${D}/table.txt)
busybox_test(od.c COMMAND ${BUSYBOX} od -c ${D}/table.txt)
busybox_test(od.d4 COMMAND ${BUSYBOX} od -A d -t d4 -t x2 ${D}/text.txt)
busybox_test(hexdump COMMAND ${BUSYBOX} hexdump -C ${D}/text.txt)
busybox_test(xxd COMMAND ${BUSYBOX} xxd ${D}/table.txt)
busybox_test(base64 COMMAND ${BUSYBOX} base64 ${D}/table.txt)

# Compression: to stdout, and from files the host's tools made.
busybox_test(gzip COMMAND ${BUSYBOX} gzip -c ${D}/text.txt)
busybox_test(bzip2 COMMAND ${BUSYBOX} bzip2 -c ${D}/text.txt)
if(HOST_GZIP)
  busybox_test(gunzip COMMAND ${BUSYBOX} gunzip -c ${D}/text.txt.gz)
  busybox_test(gzip.d COMMAND ${BUSYBOX} gzip -d -c ${D}/text.txt.gz)
  busybox_test(od.gz COMMAND ${BUSYBOX} od -A x -t x1 -t c ${D}/text.txt.gz)
endif()
if(HOST_BZIP2)
  busybox_test(bunzip2 COMMAND ${BUSYBOX} bunzip2 -c ${D}/text.txt.bz2)
  busybox_test(bzcat COMMAND ${BUSYBOX} bzcat ${D}/text.txt.bz2)
endif()
if(HOST_XZ)
  busybox_test(unxz COMMAND ${BUSYBOX} unxz -c ${D}/text.txt.xz)
  busybox_test(xzcat COMMAND ${BUSYBOX} xzcat ${D}/text.txt.xz)
  busybox_test(xz.d COMMAND ${BUSYBOX} xz -d -c ${D}/text.txt.xz)
endif()

# Folders: listings, searches, archives.
busybox_test(ls.l COMMAND ${BUSYBOX} ls -l ${D}/tree)
busybox_test(ls.ln COMMAND ${BUSYBOX} ls -ln --full-time ${D}/tree)
busybox_test(ls.lR COMMAND ${BUSYBOX} ls -lRa ${D}/tree)
busybox_test(ls.is COMMAND ${BUSYBOX} ls -isF1 ${D}/tree ${D}/tree/sub)
busybox_test(stat COMMAND ${BUSYBOX} stat ${D}/tree/a.txt ${D}/tree/link ${D}/tree/sub)
busybox_test(stat.L COMMAND ${BUSYBOX} stat -L -c "%n %s %a %F %Y" ${D}/tree/link)
busybox_test(stat.f COMMAND ${BUSYBOX} stat -f -c "%n %T %s %S %l" ${D}/tree)
# Looks the host name up: the C library tries nscd's socket first (socketcall, connect).
busybox_test(hostid COMMAND ${BUSYBOX} hostid)
busybox_test(find COMMAND ${BUSYBOX} find ${D}/tree)
busybox_test(find.name COMMAND ${BUSYBOX} find ${D}/tree -name "*.txt")
busybox_test(find.type COMMAND ${BUSYBOX} find ${D}/tree -type d -o -type l)
busybox_test(find.size COMMAND ${BUSYBOX} find ${D}/tree -type f -size -2k -mindepth 2)
busybox_test(du COMMAND ${BUSYBOX} du -a ${D}/tree)
busybox_test(readlink COMMAND ${BUSYBOX} readlink -f ${D}/tree/link)
busybox_test(cp.stdout COMMAND ${BUSYBOX} cp ${D}/table.txt /dev/stdout)
busybox_test(tar.c COMMAND ${BUSYBOX} tar -cf - -C ${D} tree)
busybox_test(tar.cv COMMAND ${BUSYBOX} tar -cvf /dev/null -C ${D} tree)
if(HOST_TAR)
  busybox_test(tar.t COMMAND ${BUSYBOX} tar -tvf ${D}/tree.tar)
  busybox_test(tar.xO COMMAND ${BUSYBOX} tar -xOf ${D}/tree.tar)
  linux_tree_test(busybox.tar.x TIMES COMMAND ${BUSYBOX} tar -xvf ${D}/tree.tar)
endif()

# Programs that make and change files.
linux_tree_test(busybox.cp.a TIMES COMMAND ${BUSYBOX} cp -a ${D}/tree copy)
linux_tree_test(busybox.cp.r COMMAND ${BUSYBOX} cp -r ${D}/tree copy)
linux_tree_test(busybox.tar.cf COMMAND ${BUSYBOX} tar -cf out.tar -C ${D} tree)
linux_tree_test(busybox.mkdir COMMAND ${BUSYBOX} mkdir -p -m 750 x/y/z)
linux_tree_test(busybox.gzip.k SEED ${D}/tree COMMAND ${BUSYBOX} gzip -k a.txt sub/c.txt)
linux_tree_test(busybox.touch SEED ${D}/tree TIMES
                COMMAND ${BUSYBOX} touch -d "2021-03-04 05:06:07" a.txt new)
linux_tree_test(busybox.chmod SEED ${D}/tree COMMAND ${BUSYBOX} chmod -R go-rwx,u+x sub a.txt)
linux_tree_test(busybox.ln SEED ${D}/tree COMMAND ${BUSYBOX} ln -s sub/c.txt rel)
linux_tree_test(busybox.ln.hard SEED ${D}/tree COMMAND ${BUSYBOX} ln a.txt hard)
linux_tree_test(busybox.mv SEED ${D}/tree TIMES COMMAND ${BUSYBOX} mv a.txt sub/deeper/moved)
linux_tree_test(busybox.rm SEED ${D}/tree COMMAND ${BUSYBOX} rm -r sub link)
linux_tree_test(busybox.truncate SEED ${D}/tree COMMAND ${BUSYBOX} truncate -s 1000 a.txt zero)
linux_tree_test(busybox.mkfifo COMMAND ${BUSYBOX} mkfifo -m 600 fifo)
linux_tree_test(busybox.sed.i SEED ${D}/tree COMMAND ${BUSYBOX} sed -i -e "s/line/LINE/" a.txt)
linux_tree_test(busybox.sort.o SEED ${D}/tree COMMAND ${BUSYBOX} sort -r -o sorted b.dat)
linux_tree_test(busybox.cp.p SEED ${D}/tree TIMES COMMAND ${BUSYBOX} cp -p b.dat sub/c.txt sub/deeper)
linux_tree_test(busybox.fallocate SEED ${D}/tree COMMAND ${BUSYBOX} fallocate -l 10000 zero)
linux_tree_test(busybox.touch.r SEED ${D}/tree TIMES COMMAND ${BUSYBOX} touch -r sub/c.txt a.txt)
linux_tree_test(busybox.dd COMMAND ${BUSYBOX} dd if=${D}/text.txt of=out bs=1000 skip=3 count=5)
# Pipelines and applets that fork are in shell.cmake (their reference must exec s390x).
set(BUSYBOX_DATA ${D})
