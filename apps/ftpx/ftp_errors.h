// What can go wrong talking to an FTP server, as exception types the commands
// report per transfer and the retry loop sorts into "try again" and "stop".
#pragma once

#include "ftp_reply.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace wirekit::ftpx {

/// The server broke the protocol or one of our bounds (an overlong reply, a
/// malformed code, a PASV reply without an address); the message says how.
/// Not retried: the same server will do it again.
class ProtocolError : public std::runtime_error {
public:
    explicit ProtocolError(const std::string& message) : std::runtime_error(message) {}
};

/// The network failed: refused, reset, closed, or silent past the timeout.
/// Retried: a dropped connection or a restarted server may be back.
class ConnectionError : public std::runtime_error {
public:
    explicit ConnectionError(const std::string& message) : std::runtime_error(message) {}
};

/// The connection failed before a command went out whole: retried like any
/// broken connection, and the server cannot have acted on the command.
class NotSentError : public ConnectionError {
public:
    explicit NotSentError(const std::string& message) : ConnectionError(message) {}
};

/// The server answered a command with a negative reply. Retried only when
/// the reply is transient (4yz) and not a full disk.
class ReplyError : public std::runtime_error {
public:
    ReplyError(const std::string& message, FtpReply reply) : std::runtime_error(message), reply_(std::move(reply)) {}
    const FtpReply& reply() const { return reply_; }
    bool retryable() const { return isRetryableTransient(reply_.code); }

private:
    FtpReply reply_;
};

/// TLS could not be had as asked: refused AUTH TLS with --tls-required, a
/// certificate not trusted or for another name. Never retried, never
/// answered by falling back to cleartext.
class TlsError : public std::runtime_error {
public:
    explicit TlsError(const std::string& message) : std::runtime_error(message) {}
};

/// The login was refused (530 and the like). Never retried.
class LoginError : public std::runtime_error {
public:
    explicit LoginError(const std::string& message) : std::runtime_error(message) {}
};

/// The local side failed: a file that cannot be opened or written (ENOSPC
/// among them). Never retried.
class LocalError : public std::runtime_error {
public:
    explicit LocalError(const std::string& message) : std::runtime_error(message) {}
    /// "subject: the reason errno `error` names".
    LocalError(const std::string& subject, int error)
        : std::runtime_error(subject + ": " + std::strerror(error)), error_(error) {}
    int error() const { return error_; }
    /// No room left for this user: what fills the disk for one file fills
    /// it for the next.
    bool diskFull() const { return error_ == ENOSPC || error_ == EDQUOT; }

private:
    int error_ = 0;
};

}  // namespace wirekit::ftpx
