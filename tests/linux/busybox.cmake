# busybox-static applets that do real work, on the inputs in data/.
file(MAKE_DIRECTORY ${LINUX_DATA})
set(text "")
foreach(i RANGE 1 400)
  math(EXPR k "(${i} * 7919) % 1009")
  string(APPEND text "line ${k} of the test text, word${i} and word${k}\n")
endforeach()
file(WRITE ${LINUX_DATA}/text.txt "${text}")

foreach(h md5sum sha1sum sha256sum sha512sum)
  linux_test(busybox.${h} COMMAND ${BUSYBOX} ${h} ${LINUX_DATA}/text.txt)
endforeach()
linux_test(busybox.wc COMMAND ${BUSYBOX} wc ${LINUX_DATA}/text.txt)
linux_test(busybox.sort STDIN ${LINUX_DATA}/text.txt COMMAND ${BUSYBOX} sort)
