// Host, port and address text.
#include "net/endpoint.h"

#include "cli/options.h"
#include "cli/usage_error.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace wirekit::net {

std::uint16_t parsePort(const std::string& text, bool allowZero, const std::string& what) {
    return static_cast<std::uint16_t>(cli::parseInteger(text, allowZero ? 0 : 1, 65535, what));
}

HostPort parseHostPort(const std::string& text) {
    if (text.empty()) throw cli::UsageError("empty host name");
    HostPort result;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close == 1)
            throw cli::UsageError("invalid address '" + text + "': unbalanced '['");
        result.host = text.substr(1, close - 1);
        const std::string rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':' || rest.size() == 1)
                throw cli::UsageError("invalid address '" + text + "': expected ':PORT' after ']'");
            result.port = parsePort(rest.substr(1), false);
        }
        return result;
    }
    const auto colons = std::count(text.begin(), text.end(), ':');
    if (colons == 1) {
        const auto colon = text.find(':');
        if (colon == 0) throw cli::UsageError("invalid address '" + text + "': no host before ':'");
        result.host = text.substr(0, colon);
        result.port = parsePort(text.substr(colon + 1), false);
        return result;
    }
    result.host = text;  // a name, an IPv4 literal, or a bare IPv6 literal
    return result;
}

SocketAddress::SocketAddress(const sockaddr* address, socklen_t length) {
    length_ = std::min<socklen_t>(length, sizeof storage_);
    std::memcpy(&storage_, address, length_);
}

SocketAddress SocketAddress::fromLiteral(const std::string& text, std::uint16_t port) {
    SocketAddress result;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&result.storage_);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&result.storage_);
    if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        result.length_ = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        result.length_ = sizeof(sockaddr_in6);
    } else {
        throw cli::UsageError("invalid address '" + text + "': not an IPv4 or IPv6 address");
    }
    result.setPort(port);
    return result;
}

SocketAddress SocketAddress::any(int family, std::uint16_t port) {
    return fromLiteral(family == AF_INET6 ? "::" : "0.0.0.0", port);
}

std::uint16_t SocketAddress::port() const {
    if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
    if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
    return 0;
}

void SocketAddress::setPort(std::uint16_t port) {
    if (family() == AF_INET) reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
    if (family() == AF_INET6) reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
}

std::string SocketAddress::host() const {
    char buffer[INET6_ADDRSTRLEN] = "?";
    if (family() == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buffer, sizeof buffer);
    else if (family() == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, buffer, sizeof buffer);
    return buffer;
}

std::string SocketAddress::toString() const { return formatHostPort(host(), port()); }

std::string formatHostPort(const std::string& host, std::uint16_t port) {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

}  // namespace wirekit::net
