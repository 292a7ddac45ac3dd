// What can go wrong talking to an FTP server, as exception types the commands
// report per transfer.
#pragma once

#include <stdexcept>
#include <string>

namespace wirekit::ftpx {

/// The server broke the protocol or one of our bounds (an overlong reply, a
/// malformed code, a PASV reply without an address); the message says how.
class ProtocolError : public std::runtime_error {
public:
    explicit ProtocolError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace wirekit::ftpx
