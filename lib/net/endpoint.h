// Host, port and address text: parsing and printing, no sockets.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::net {

/// A host as the user wrote it and an optional port: "example.org",
/// "example.org:123", "192.0.2.1:37", "[2001:db8::1]:123", "2001:db8::1".
struct HostPort {
    std::string host;
    std::optional<std::uint16_t> port;
};

/// Parses `text`. A bare IPv6 address (more than one ':') has no port; one
/// with a port must be bracketed. Throws cli::UsageError naming the text.
HostPort parseHostPort(const std::string& text);

/// Parses a port number 0..65535 (`allowZero` false: 1..65535). Throws
/// cli::UsageError: "invalid port 'x': ...". `what` names it ("time port").
std::uint16_t parsePort(const std::string& text, bool allowZero, const std::string& what = "port");

/// A socket address of either family, copyable, printable.
class SocketAddress {
public:
    SocketAddress() = default;
    SocketAddress(const sockaddr* address, socklen_t length);

    /// Numeric address only, no lookup: "192.0.2.1", "::1". Throws
    /// cli::UsageError when `text` is not a literal address.
    static SocketAddress fromLiteral(const std::string& text, std::uint16_t port);
    /// The wildcard address of a family (AF_INET or AF_INET6).
    static SocketAddress any(int family, std::uint16_t port);

    int family() const { return storage_.ss_family; }
    std::uint16_t port() const;
    void setPort(std::uint16_t port);
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage_); }
    sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage_); }
    socklen_t length() const { return length_; }

    /// "192.0.2.1", "2001:db8::1"
    std::string host() const;
    /// "192.0.2.1:37", "[2001:db8::1]:37"
    std::string toString() const;

private:
    sockaddr_storage storage_{};
    socklen_t length_ = 0;
};

/// "host:port" for messages, bracketing IPv6 literals.
std::string formatHostPort(const std::string& host, std::uint16_t port);

}  // namespace wirekit::net
