// What a probe found out about one port, in nmap's words.
#pragma once

#include "net/endpoint.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::pscan {

/// nmap's port states: open (something answered), closed (refused),
/// filtered (no answer or an ICMP unreachable), open|filtered (UDP silence).
enum class PortState { open, closed, filtered, openFiltered };

const char* portStateName(PortState state);

struct PortResult {
    net::SocketAddress target;  ///< address and port
    PortState state = PortState::filtered;
    std::string reason;            ///< nmap's reason: "syn-ack", "conn-refused", "no-response", "host-unreach"
    std::optional<double> rtt;     ///< seconds, when an answer came
    std::optional<int> ttl;        ///< of the answer, when the scan type sees it
    const char* protocol = "tcp";  ///< "tcp" or "udp"
    std::string mac;               ///< the target's link address, when it is on our link (SYN scan)
    std::string banner;            ///< the first line an open port sent (--banner)
};

}  // namespace wirekit::pscan
