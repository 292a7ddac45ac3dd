// The UDP scan's probe and payloads.
#include "udp_probe.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

namespace wirekit::pscan {

std::string udpPayload(std::uint16_t port) {
    switch (port) {
        case 53:
            // DNS (RFC 1035): id 0x5753, flags 0x0100 (recursion desired), one
            // question: the root, type NS (2), class IN (1).
            return std::string(
                "\x57\x53\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
                "\x00\x00\x02\x00\x01",
                17);
        case 123: {
            // NTP (RFC 5905): LI 0, version 4, mode 3 (client), the rest zero.
            std::string packet(48, '\0');
            packet[0] = 0x23;
            return packet;
        }
        case 161:
            // SNMPv1 GetRequest (RFC 1157) for sysDescr.0 (1.3.6.1.2.1.1.1.0), community "public".
            return std::string(
                "\x30\x26\x02\x01\x00\x04\x06public\xa0\x19\x02\x01\x01\x02\x01\x00\x02\x01\x00"
                "\x30\x0e\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x05\x00",
                40);
        default: return {};
    }
}

int UdpProbe::socketType() const { return SOCK_DGRAM; }

std::uint32_t UdpProbe::readyEvent() const { return EPOLLIN; }

int UdpProbe::start(int fd, const net::SocketAddress& target) const {
    if (::connect(fd, target.get(), target.length()) != 0) return errno;
    const std::string payload = udpPayload(target.port());
    if (::send(fd, payload.data(), payload.size(), 0) < 0) return errno;
    return EINPROGRESS;
}

int UdpProbe::collect(int fd) const {
    char buffer[512];
    return ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) >= 0 ? 0 : errno;
}

std::optional<std::pair<PortState, const char*>> UdpProbe::classify(int error) const {
    switch (error) {
        case 0: return std::make_pair(PortState::open, "udp-response");
        case ECONNREFUSED: return std::make_pair(PortState::closed, "port-unreach");
        case EHOSTUNREACH: return std::make_pair(PortState::filtered, "host-unreach");
        case ENETUNREACH: return std::make_pair(PortState::filtered, "net-unreach");
        case EACCES:
        case EPERM: return std::make_pair(PortState::filtered, "admin-prohibited");
        default: return std::nullopt;
    }
}

}  // namespace wirekit::pscan
