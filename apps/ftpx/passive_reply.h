// Passive-mode replies: 227 to PASV (RFC 959) and 229 to EPSV (RFC 2428),
// and where to connect for data, which is never an address the server names
// (FTP bounce: RFC 2577 section 3).
#pragma once

#include "ftp_reply.h"

#include <cstdint>
#include <string>

namespace wirekit::ftpx {

struct PasvAddress {
    std::string host;  ///< the dotted quad the server named
    std::uint16_t port = 0;
};

/// The address and port of "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)":
/// the first six comma-separated numbers in the text, with or without
/// parentheses ("227 =h1,h2,...", as some servers send). Throws ProtocolError
/// when the code is not 227, there are no six numbers from 0 to 255, or the
/// port is 0.
PasvAddress parsePasvReply(const FtpReply& reply);

/// The port of "229 Entering Extended Passive Mode (|||6446|)". The delimiter
/// may be any printable character (RFC 2428 section 3) but must be the same
/// four times; the network-address and protocol fields must be empty. Throws
/// ProtocolError when the code is not 229 or the text holds no such field.
std::uint16_t parseEpsvReply(const FtpReply& reply);

struct DataEndpoint {
    std::string host;  ///< always the control connection's peer address
    std::uint16_t port = 0;
    /// The server named another address than the control connection's: it
    /// was ignored, and verbose mode says so (a NAT'ed server that reports
    /// its private address also lands here, and works).
    bool offeredAddressIgnored = false;
    std::string offeredHost;  ///< what the server named, for that note
};

/// Where to open the data connection after PASV: the port the server gave,
/// at the address the control connection is connected to (`controlPeer`, as
/// printed by net::SocketAddress::host()). Connecting where a PASV reply
/// points would let a server aim our client at a third host.
DataEndpoint choosePasvEndpoint(const PasvAddress& offered, const std::string& controlPeer);

/// Whether two numeric addresses are the same host, an IPv4-mapped IPv6
/// address ("::ffff:192.0.2.1") being the IPv4 address it maps.
bool sameHostAddress(const std::string& a, const std::string& b);

}  // namespace wirekit::ftpx
