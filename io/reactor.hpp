// The I/O reactor seam: which host I/O backend this machine offers (io_uring when the kernel
// allows it). The DASD and CTC issues build the reactor itself on this probe.
#pragma once
#include <string>
namespace ssivm::io {
// "io_uring" if an io_uring instance can be created here, else "blocking".
std::string probe_backend();
}  // namespace ssivm::io
