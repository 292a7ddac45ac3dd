// --top-ports: wirekit's own list of ports ordered by how often they are
// found open (nmap's frequency table may not be copied; the generator,
// data/make_top_ports.py, says how this one was made).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirekit::pscan {

enum class PortProtocol { tcp, udp };

/// The first `count` ports of the ranking for `protocol` (1..65535), most
/// likely open first; past the ranked ones the rest follow in ascending order.
std::vector<std::uint16_t> topPorts(PortProtocol protocol, std::size_t count);

}  // namespace wirekit::pscan
