// Parsing 227 and 229 replies; the bounce-safe choice of the data address.
#include "passive_reply.h"

#include "ftp_errors.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>
#include <optional>

namespace wirekit::ftpx {

namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// Six numbers 0..255 separated by commas (spaces allowed after a comma),
/// starting at `start`.
std::optional<PasvAddress> sixNumbersAt(const std::string& text, std::size_t start) {
    int numbers[6];
    std::size_t i = start;
    for (int n = 0; n < 6; ++n) {
        if (n > 0) {
            if (i >= text.size() || text[i] != ',') return std::nullopt;
            ++i;
            while (i < text.size() && text[i] == ' ') ++i;
        }
        std::size_t digits = 0;
        int value = 0;
        while (i < text.size() && isDigit(text[i]) && digits < 4) {
            value = value * 10 + (text[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || digits > 3 || value > 255) return std::nullopt;
        numbers[n] = value;
    }
    PasvAddress address;
    address.host = std::to_string(numbers[0]) + "." + std::to_string(numbers[1]) + "." + std::to_string(numbers[2]) +
                   "." + std::to_string(numbers[3]);
    address.port = static_cast<std::uint16_t>(numbers[4] * 256 + numbers[5]);
    return address;
}

/// "::ffff:192.0.2.1" as "192.0.2.1"; other addresses in their canonical
/// form ("2001:DB8:0::1" as "2001:db8::1"); text that is no address as it is.
std::string canonicalAddress(const std::string& text) {
    const std::string withoutZone = text.substr(0, text.find('%'));
    in_addr v4{};
    if (inet_pton(AF_INET, withoutZone.c_str(), &v4) == 1) return withoutZone;
    in6_addr v6{};
    if (inet_pton(AF_INET6, withoutZone.c_str(), &v6) != 1) return text;
    char buffer[INET6_ADDRSTRLEN] = {};
    static const unsigned char mappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(v6.s6_addr, mappedPrefix, sizeof mappedPrefix) == 0) {
        std::memcpy(&v4, v6.s6_addr + 12, 4);
        inet_ntop(AF_INET, &v4, buffer, sizeof buffer);
    } else {
        inet_ntop(AF_INET6, &v6, buffer, sizeof buffer);
    }
    return buffer;
}

}  // namespace

PasvAddress parsePasvReply(const FtpReply& reply) {
    if (reply.code != 227) throw ProtocolError("expected a 227 reply to PASV, got " + reply.summary());
    const std::string text = reply.text();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1]))) continue;
        if (auto address = sixNumbersAt(text, i)) {
            if (address->port == 0) throw ProtocolError("PASV reply names port 0: " + reply.summary());
            return *address;
        }
    }
    throw ProtocolError("PASV reply without an address and port: " + reply.summary());
}

std::uint16_t parseEpsvReply(const FtpReply& reply) {
    if (reply.code != 229) throw ProtocolError("expected a 229 reply to EPSV, got " + reply.summary());
    const std::string text = reply.text();
    // (<d><d><d><port><d>): look for three equal delimiters, digits, the delimiter.
    for (std::size_t i = 0; i + 4 < text.size(); ++i) {
        const char d = text[i];
        if (d < 33 || d > 126 || isDigit(d) || text[i + 1] != d || text[i + 2] != d) continue;
        std::size_t end = i + 3;
        long port = 0;
        while (end < text.size() && isDigit(text[end]) && end - (i + 3) < 6) port = port * 10 + (text[end++] - '0');
        if (end == i + 3 || end >= text.size() || text[end] != d) continue;
        if (port < 1 || port > 65535)
            throw ProtocolError("EPSV reply names port " + std::to_string(port) + ": " + reply.summary());
        return static_cast<std::uint16_t>(port);
    }
    throw ProtocolError("EPSV reply without a port: " + reply.summary());
}

bool sameHostAddress(const std::string& a, const std::string& b) { return canonicalAddress(a) == canonicalAddress(b); }

DataEndpoint choosePasvEndpoint(const PasvAddress& offered, const std::string& controlPeer) {
    DataEndpoint endpoint;
    endpoint.host = controlPeer;
    endpoint.port = offered.port;
    endpoint.offeredHost = offered.host;
    endpoint.offeredAddressIgnored = !sameHostAddress(offered.host, controlPeer);
    return endpoint;
}

}  // namespace wirekit::ftpx
