// The raw edges of the SYN scan: a raw socket sends the probes libnet
// crafts, libpcap reads replies. Both are opened while privileged; nothing
// here parses untrusted bytes.
#pragma once

#include "net/endpoint.h"
#include "syn_cookie.h"
#include "syn_packet.h"
#include "sys/unique_fd.h"

#include <pcap/pcap.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace wirekit::pscan {

/// SYN probes through a raw socket (IPv4 with IP_HDRINCL, or IPv6), crafted
/// by libnet and sent in batches: one sendmmsg(2) for up to batchSize
/// probes, where libnet_write makes a sendto(2) and a malloc per probe.
class SynSender {
public:
    /// Probes per sendmmsg(2): the scan loop reads replies at least this often.
    static constexpr std::size_t batchSize = 64;

    /// Opens the raw socket, so this runs while privileged. Throws
    /// std::runtime_error "raw socket: ..." (usually: not privileged).
    SynSender(const std::string& device, int family);

    /// Queues a SYN along `flow` (addresses as 16 bytes, IPv4 in the first
    /// four); a full batch goes out at once.
    void queue(const FlowKey& flow, std::uint16_t sourcePort, std::uint32_t sequence);
    /// Sends what is queued. Returns how many probes the kernel refused (a
    /// full buffer): they count as lost and later passes retry them.
    std::size_t flush();

private:
    sys::UniqueFd socket_;
    ProbeBatch batch_;
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
    int family = 0;
    std::array<std::uint8_t, 16> source{};   ///< IPv4 in the first four bytes
    std::array<std::uint8_t, 16> netmask{};  ///< of the interface's address

    /// Whether `target` (16 bytes, as source) is on the interface's own link.
    bool onLink(const std::array<std::uint8_t, 16>& target) const;
    /// The source address as text, for a BPF filter.
    std::string sourceText() const;
};
Route routeTo(const net::SocketAddress& target);

/// Whether this process may open raw sockets (CAP_NET_RAW effective).
bool hasRawSocketPrivilege();

}  // namespace wirekit::pscan
