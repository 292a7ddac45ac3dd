// The byte stream a mail protocol client talks over. The protocol classes
// see only this interface, so tests drive them with scripted peers and the
// network (POCO sockets, TLS) stays at the edge.
#pragma once

#include "mail_errors.h"

#include <cstddef>
#include <string_view>

namespace wirekit::mailpoll {

class Connection {
public:
    virtual ~Connection() = default;
    /// Sends all of `bytes` or throws.
    virtual void send(std::string_view bytes) = 0;
    /// Reads what is there, at most `size` bytes, waiting up to the
    /// connection's timeout. Returns 0 when the peer closed; throws
    /// TimeoutError when nothing came.
    virtual std::size_t receive(char* buffer, std::size_t size) = 0;
    /// Whether bytes can be read within `seconds` (for IDLE, which waits long).
    virtual bool waitReadable(double seconds) = 0;
    /// Starts TLS on the open connection (STARTTLS, STLS), verifying the
    /// server as the connection was configured to.
    virtual void startTls() = 0;
    virtual bool secure() const = 0;
};

}  // namespace wirekit::mailpoll
