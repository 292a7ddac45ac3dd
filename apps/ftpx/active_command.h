// Active-mode commands: PORT (RFC 959 4.1.2) and EPRT (RFC 2428 section 2),
// telling the server where our listening data socket waits.
#pragma once

#include <cstdint>
#include <string>

namespace wirekit::ftpx {

/// "PORT 192,0,2,1,19,137" for an IPv4 address (an IPv4-mapped IPv6 address
/// is taken as the IPv4 address it maps). Throws std::invalid_argument for
/// anything else: PORT cannot name an IPv6 address.
std::string portCommand(const std::string& address, std::uint16_t port);

/// "EPRT |1|192.0.2.1|5001|" or "EPRT |2|2001:db8::1|5001|" (an IPv4-mapped
/// address as family 1, a zone dropped). Throws std::invalid_argument when
/// `address` is not a numeric IPv4 or IPv6 address.
std::string eprtCommand(const std::string& address, std::uint16_t port);

}  // namespace wirekit::ftpx
