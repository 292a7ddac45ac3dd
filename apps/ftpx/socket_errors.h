// POCO's socket exceptions as ftpx's error types, worded once for the
// control and the data connections.
#pragma once

#include <string>

namespace wirekit::ftpx {

/// Rethrows the Poco::Exception being handled as a ConnectionError ("what:
/// timed out", "what: connection reset by peer") or, for a TLS failure, a
/// TlsError. Call only inside a catch block.
[[noreturn]] void rethrowSocketError(const std::string& what);

}  // namespace wirekit::ftpx
