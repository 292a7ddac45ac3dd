// SYN probes as bytes (RFC 791/8200 IP header, RFC 9293 TCP header): libnet
// crafts one, and every other probe is that one with its own addresses,
// ports, sequence number and IP id written in and both checksums computed
// again, filled into batches that one sendmmsg(2) sends. Pure: no socket.
#pragma once

#include "syn_cookie.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirekit::pscan {

/// What differs from one SYN probe to the next.
struct SynProbe {
    FlowKey flow;  ///< addresses as 16 bytes, IPv4 in the first four
    std::uint16_t sourcePort = 0;
    std::uint32_t sequence = 0;
    std::uint16_t ipId = 0;  ///< IPv4's identification; IPv6 has none
};

/// The probe's IP packet as libnet builds it (IPv4 or IPv6 header, then a
/// 20-byte TCP header with SYN set, window 1024, hop limit 64), in a libnet
/// context with no socket: no privilege needed. Throws std::runtime_error
/// "libnet: ..." when libnet refuses.
std::vector<std::uint8_t> craftSynProbe(int family, const SynProbe& probe);

/// One probe libnet crafted, rewritten for every other. Building each probe
/// with libnet would cost a pass over its protocol blocks and a malloc per
/// packet; only six fields change, so they are written in place and the
/// two checksums summed again, giving the bytes libnet would (a test holds
/// the two byte for byte).
class SynPacketTemplate {
public:
    /// Throws as craftSynProbe.
    explicit SynPacketTemplate(int family);

    int family() const { return family_; }
    std::size_t size() const { return bytes_.size(); }
    /// Writes `probe`'s packet into `out`, which holds size() bytes.
    void write(const SynProbe& probe, std::uint8_t* out) const;

private:
    int family_;
    std::vector<std::uint8_t> bytes_;
    std::size_t tcpOffset_;  ///< where the TCP header starts: after the IP header
};

/// Probes filled in ready for sendmmsg(2): each message's one buffer holds a
/// packet and its name is the target's address, as libnet's write gives the
/// raw socket. Everything is allocated once, up front; the messages point
/// into the batch's own buffers, so it is neither copied nor moved.
class ProbeBatch {
public:
    /// Room for `capacity` probes of `family` (1..1024, sendmmsg's limit).
    ProbeBatch(int family, std::size_t capacity);
    ProbeBatch(const ProbeBatch&) = delete;
    ProbeBatch& operator=(const ProbeBatch&) = delete;

    /// Adds a probe; the batch must not be full().
    void add(const SynProbe& probe);
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return messages_.size(); }
    bool full() const { return size_ == messages_.size(); }
    bool empty() const { return size_ == 0; }
    /// The first size() messages, for sendmmsg.
    mmsghdr* messages() { return messages_.data(); }
    /// Probe `index`'s packet, as it will go out.
    const std::uint8_t* packet(std::size_t index) const { return &packets_[index * template_.size()]; }
    std::size_t packetSize() const { return template_.size(); }
    /// Forgets the probes (their buffers are reused).
    void clear() { size_ = 0; }

private:
    SynPacketTemplate template_;
    std::vector<std::uint8_t> packets_;
    std::vector<sockaddr_storage> targets_;
    std::vector<iovec> buffers_;
    std::vector<mmsghdr> messages_;
    std::size_t size_ = 0;
};

}  // namespace wirekit::pscan
