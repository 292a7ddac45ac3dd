// Cuts an IMAP byte stream into whole responses (a line plus the literals it
// announces), with hard bounds so a hostile server cannot make us buffer
// without end.
#pragma once

#include <cstddef>
#include <optional>
#include "mail_errors.h"

#include <string>
#include <string_view>

namespace wirekit::mailpoll {

struct ImapLimits {
    std::size_t maxLineBytes = 1 << 20;      ///< one line without its literals
    std::size_t maxLiteralBytes = 1 << 20;   ///< one announced literal
    std::size_t maxResponseBytes = 4 << 20;  ///< a line and all its literals
};

class ImapFramer {
public:
    explicit ImapFramer(ImapLimits limits = {}) : limits_(limits) {}

    /// Appends bytes read from the server.
    void feed(std::string_view bytes) { buffer_.append(bytes); }

    /// The next complete response, CRLF stripped from its last line (literal
    /// contents are kept byte for byte), or nothing until more bytes arrive.
    /// Throws ProtocolError when a bound is crossed or a literal's length is
    /// not a number, before buffering the excess.
    std::optional<std::string> next();

    /// Bytes fed but not yet returned (after STARTTLS there must be none:
    /// they would be cleartext injected before the handshake).
    std::size_t pending() const { return buffer_.size(); }

private:
    ImapLimits limits_;
    std::string buffer_;
    std::size_t scanned_ = 0;    ///< how far the current response is known to extend
    std::size_t lineStart_ = 0;  ///< start of the line being scanned (after the last literal)
};

}  // namespace wirekit::mailpoll
