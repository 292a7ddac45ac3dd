// The raw edges of the SYN scan: libnet writes probes, libpcap reads replies.
// Both are opened while privileged; nothing here parses untrusted bytes.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct libnet_context;

namespace wirekit::pscan {

/// IPv4 SYN probes through a libnet raw socket (IP_HDRINCL).
class SynSender {
public:
    /// Throws std::runtime_error "raw socket: ..." (usually: not privileged).
    explicit SynSender(const std::string& device);
    ~SynSender();
    SynSender(const SynSender&) = delete;
    SynSender& operator=(const SynSender&) = delete;

    /// Addresses in host byte order. Returns false when the kernel refused
    /// (a full buffer): the probe counts as lost and will be retried.
    bool send(std::uint32_t source, std::uint32_t target, std::uint16_t sourcePort, std::uint16_t targetPort,
              std::uint32_t sequence);

private:
    libnet_context* net_;
    int tcpTag_ = 0, ipTag_ = 0;
    std::uint16_t ipId_ = 1;
};

/// A pcap handle on `device` narrowed by a BPF filter, non-blocking, with a
/// selectable descriptor.
class Capture {
public:
    /// Throws std::runtime_error naming the device and pcap's reason.
    Capture(const std::string& device, const std::string& filter);
    ~Capture();
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    int fd() const { return fd_; }
    /// Whether frames start with an Ethernet header (else bare IP).
    bool ethernet() const { return ethernet_; }
    /// Hands every frame waiting now to `frame`; returns how many.
    int drain(const std::function<void(const std::uint8_t*, std::size_t)>& frame);

private:
    pcap_t* pcap_ = nullptr;
    int fd_ = -1;
    bool ethernet_ = true;
};

/// The interface and source address this host uses to reach an IPv4
/// `target` (a routing lookup by connecting a UDP socket). Throws.
struct Route {
    std::string device;
    std::uint32_t source = 0;   ///< host byte order
    std::uint32_t netmask = 0;  ///< of the interface's address, host byte order

    /// Whether `target` is on the interface's own link (no router between).
    bool onLink(std::uint32_t target) const { return (target & netmask) == (source & netmask); }
};
Route routeTo(std::uint32_t target);

/// Whether this process may open raw sockets (CAP_NET_RAW effective).
bool hasRawSocketPrivilege();

}  // namespace wirekit::pscan
