// Replies to probes, read from captured frames: TCP SYN-ACK and RST, and
// ICMP/ICMPv6 unreachables quoting our probe. Pure: bytes in, a value out.
#pragma once

#include "syn_cookie.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace wirekit::pscan {

enum class ReplyKind { synAck, reset, unreachable };

struct Reply {
    ReplyKind kind = ReplyKind::reset;
    int family = 0;  ///< AF_INET or AF_INET6
    FlowKey flow;    ///< our probe's flow: source (us), target, target port
    std::uint16_t ourPort = 0;
    std::uint32_t ack = 0;       ///< TCP replies: what they acknowledge
    std::uint32_t sequence = 0;  ///< unreachables: the quoted probe's sequence
    int ttl = 0;                 ///< hop limit of the reply
    std::uint8_t icmpCode = 0;
    bool hasSourceMac = false;                ///< captured with an Ethernet header
    std::array<std::uint8_t, 6> sourceMac{};  ///< the sender on the link
};

/// Parses an Ethernet frame (`ethernet` true; Linux loopback and veth
/// capture as Ethernet) or a bare IP packet. Nothing for anything that is
/// not a reply of those kinds, is truncated, or is a fragment; IP options
/// and TCP options are skipped by their lengths.
std::optional<Reply> parseReply(const std::uint8_t* data, std::size_t size, bool ethernet);

/// nmap's reason word for an ICMP (AF_INET) or ICMPv6 (AF_INET6)
/// destination-unreachable code: "admin-prohibited", "port-unreach", ...
const char* unreachableReason(int family, std::uint8_t code);

}  // namespace wirekit::pscan
