// PORT and EPRT arguments.
#include "active_command.h"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

namespace wirekit::ftpx {

namespace {

/// The IPv4 address `text` names, directly or IPv4-mapped.
bool asIpv4(const std::string& text, in_addr& v4) {
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return true;
    in6_addr v6{};
    static const unsigned char mappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (inet_pton(AF_INET6, text.c_str(), &v6) != 1 || std::memcmp(v6.s6_addr, mappedPrefix, 12) != 0) return false;
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    return true;
}

}  // namespace

std::string portCommand(const std::string& address, std::uint16_t port) {
    in_addr v4{};
    if (!asIpv4(address, v4)) throw std::invalid_argument("PORT needs an IPv4 address, not '" + address + "'");
    const auto* bytes = reinterpret_cast<const unsigned char*>(&v4.s_addr);  // network order
    std::string command = "PORT ";
    for (int i = 0; i < 4; ++i) command += std::to_string(bytes[i]) + ",";
    // The port as two bytes, high first: 5001 is "19,137".
    return command + std::to_string(port >> 8) + "," + std::to_string(port & 0xff);
}

std::string eprtCommand(const std::string& address, std::uint16_t port) {
    const std::string withoutZone = address.substr(0, address.find('%'));
    in_addr v4{};
    char buffer[INET6_ADDRSTRLEN] = {};
    if (asIpv4(withoutZone, v4)) {
        inet_ntop(AF_INET, &v4, buffer, sizeof buffer);
        return std::string("EPRT |1|") + buffer + "|" + std::to_string(port) + "|";
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, withoutZone.c_str(), &v6) != 1)
        throw std::invalid_argument("EPRT needs a numeric address, not '" + address + "'");
    inet_ntop(AF_INET6, &v6, buffer, sizeof buffer);
    return std::string("EPRT |2|") + buffer + "|" + std::to_string(port) + "|";
}

}  // namespace wirekit::ftpx
