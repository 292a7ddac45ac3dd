// What can go wrong talking to a mail server, as exception types the checker
// reports per account.
#pragma once

#include <stdexcept>
#include <string>

namespace wirekit::mailpoll {

/// The server broke the protocol or one of our bounds; the message says how.
class ProtocolError : public std::runtime_error {
public:
    explicit ProtocolError(const std::string& message) : std::runtime_error(message) {}
};

/// The server refused a command (IMAP NO or BAD, POP3 -ERR); the message carries its text.
class CommandRefused : public std::runtime_error {
public:
    explicit CommandRefused(const std::string& message) : std::runtime_error(message) {}
};

/// No answer within the timeout.
class TimeoutError : public std::runtime_error {
public:
    explicit TimeoutError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace wirekit::mailpoll
