// The UDP scan (-sU): a datagram to each port, protocol-valid for the
// well-known ones so that a service answers; an answer means open, ICMP
// port unreachable closed, silence open|filtered, as nmap defines them.
#pragma once

#include "connect_scanner.h"

#include <cstdint>
#include <string>

namespace wirekit::pscan {

/// The datagram that makes a service on `port` answer: a DNS query (53), an
/// NTP client request (123), an SNMPv1 get of sysDescr with community
/// "public" (161); empty for other ports.
std::string udpPayload(std::uint16_t port);

/// A connected UDP socket hears ICMP port unreachable as ECONNREFUSED: no
/// raw socket needed.
class UdpProbe final : public SocketProbe {
public:
    int socketType() const override;
    std::uint32_t readyEvent() const override;
    int start(int fd, const net::SocketAddress& target) const override;
    int collect(int fd) const override;
    std::optional<std::pair<PortState, const char*>> classify(int error) const override;
    PortState silence() const override { return PortState::openFiltered; }
    const char* protocol() const override { return "udp"; }
};

}  // namespace wirekit::pscan
