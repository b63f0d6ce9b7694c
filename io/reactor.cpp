// Backend probe: creates and destroys a tiny io_uring instance through liburing.
#include "io/reactor.hpp"

#include <liburing.h>

namespace ssivm::io {
std::string probe_backend() {
  io_uring ring;
  if (io_uring_queue_init(2, &ring, 0) == 0) {
    io_uring_queue_exit(&ring);
    return "io_uring";
  }
  return "blocking";
}
}  // namespace ssivm::io
