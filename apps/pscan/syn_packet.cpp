// SYN probes crafted by libnet once, then rewritten field by field.
#include "syn_packet.h"

#include <libnet.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace wirekit::pscan {

namespace {

// Where the fields that change sit (RFC 791, RFC 8200, RFC 9293).
constexpr std::size_t ipv4Identification = 4, ipv4Checksum = 10, ipv4Source = 12, ipv4Target = 16;
constexpr std::size_t ipv6Source = 8, ipv6Target = 24, ipv6HeaderSize = 40;
constexpr std::size_t tcpSourcePort = 0, tcpTargetPort = 2, tcpSequence = 4, tcpChecksum = 16;

void put16(std::uint8_t* at, std::uint16_t value) {
    at[0] = static_cast<std::uint8_t>(value >> 8);
    at[1] = static_cast<std::uint8_t>(value);
}

void put32(std::uint8_t* at, std::uint32_t value) {
    put16(at, static_cast<std::uint16_t>(value >> 16));
    put16(at + 2, static_cast<std::uint16_t>(value));
}

/// `sum` plus the big-endian 16-bit words of `bytes` (`size` even).
std::uint32_t addWords(std::uint32_t sum, const std::uint8_t* bytes, std::size_t size) {
    for (std::size_t i = 0; i < size; i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
    return sum;
}

/// The Internet checksum (RFC 1071) of a sum of words: carries folded back
/// in, then the one's complement. Folded as libnet folds, so a sum of 0xFFFF
/// gives 0 as it does.
std::uint16_t checksumOf(std::uint32_t sum) {
    sum = (sum >> 16) + (sum & 0xFFFF);
    sum += sum >> 16;
    return static_cast<std::uint16_t>(~sum);
}

struct LibnetDeleter {
    void operator()(libnet_t* context) const { libnet_destroy(context); }
};

}  // namespace

std::vector<std::uint8_t> craftSynProbe(int family, const SynProbe& probe) {
    char error[LIBNET_ERRBUF_SIZE] = {};
    // LIBNET_NONE: libnet builds packets and opens nothing.
    const std::unique_ptr<libnet_t, LibnetDeleter> net(libnet_init(LIBNET_NONE, nullptr, error));
    if (!net) throw std::runtime_error(std::string("libnet: ") + error);
    const FlowKey& flow = probe.flow;
    // The TCP header first: libnet stacks blocks from the innermost out.
    // Window 1024, no options and no payload: the SYN nmap's -sS sends.
    const auto tcp = libnet_build_tcp(probe.sourcePort, flow.targetPort, probe.sequence, 0, TH_SYN, 1024, 0, 0,
                                      LIBNET_TCP_H, nullptr, 0, net.get(), 0);
    libnet_ptag_t ip = -1;
    if (family == AF_INET6) {
        libnet_in6_addr source{}, target{};
        std::memcpy(source.libnet_s6_addr, flow.source.data(), 16);
        std::memcpy(target.libnet_s6_addr, flow.target.data(), 16);
        ip = libnet_build_ipv6(0, 0, LIBNET_TCP_H, IPPROTO_TCP, 64, source, target, nullptr, 0, net.get(), 0);
    } else {
        std::uint32_t source = 0, target = 0;  // network byte order, as libnet wants
        std::memcpy(&source, flow.source.data(), 4);
        std::memcpy(&target, flow.target.data(), 4);
        ip = libnet_build_ipv4(LIBNET_IPV4_H + LIBNET_TCP_H, 0, probe.ipId, 0, 64, IPPROTO_TCP, 0, source, target,
                               nullptr, 0, net.get(), 0);
    }
    std::uint8_t* packet = nullptr;
    std::uint32_t size = 0;
    // What libnet_write would send: the blocks joined, checksums written in.
    if (tcp == -1 || ip == -1 || libnet_pblock_coalesce(net.get(), &packet, &size) == -1)
        throw std::runtime_error(std::string("libnet: ") + libnet_geterror(net.get()));
    std::vector<std::uint8_t> bytes(packet, packet + size);
    libnet_adv_free_packet(net.get(), packet);
    return bytes;
}

SynPacketTemplate::SynPacketTemplate(int family) : family_(family), bytes_(craftSynProbe(family, SynProbe{})) {
    // IPv4's header length is its first byte's low nibble, in 32-bit words.
    tcpOffset_ = family == AF_INET6 ? ipv6HeaderSize : static_cast<std::size_t>(bytes_[0] & 0x0F) * 4;
    if (bytes_.size() < tcpOffset_ + LIBNET_TCP_H) throw std::runtime_error("libnet: short SYN probe");
}

void SynPacketTemplate::write(const SynProbe& probe, std::uint8_t* out) const {
    std::memcpy(out, bytes_.data(), bytes_.size());
    const FlowKey& flow = probe.flow;
    std::uint8_t* tcp = out + tcpOffset_;
    put16(tcp + tcpSourcePort, probe.sourcePort);
    put16(tcp + tcpTargetPort, flow.targetPort);
    put32(tcp + tcpSequence, probe.sequence);
    put16(tcp + tcpChecksum, 0);
    const std::size_t tcpLength = bytes_.size() - tcpOffset_;
    // The pseudo-header: both addresses, the protocol and the TCP length.
    std::uint32_t sum = IPPROTO_TCP + static_cast<std::uint32_t>(tcpLength);
    if (family_ == AF_INET6) {
        std::memcpy(out + ipv6Source, flow.source.data(), 16);
        std::memcpy(out + ipv6Target, flow.target.data(), 16);
        sum = addWords(sum, out + ipv6Source, 32);
    } else {
        put16(out + ipv4Identification, probe.ipId);
        std::memcpy(out + ipv4Source, flow.source.data(), 4);
        std::memcpy(out + ipv4Target, flow.target.data(), 4);
        put16(out + ipv4Checksum, 0);
        put16(out + ipv4Checksum, checksumOf(addWords(0, out, tcpOffset_)));
        sum = addWords(sum, out + ipv4Source, 8);
    }
    put16(tcp + tcpChecksum, checksumOf(addWords(sum, tcp, tcpLength)));
}

ProbeBatch::ProbeBatch(int family, std::size_t capacity)
    : template_(family),
      packets_(capacity * template_.size()),
      targets_(capacity),
      buffers_(capacity),
      messages_(capacity) {
    if (capacity == 0 || capacity > 1024) throw std::invalid_argument("probe batch: capacity out of 1..1024");
    for (std::size_t i = 0; i < capacity; ++i) {
        buffers_[i] = iovec{&packets_[i * template_.size()], template_.size()};
        msghdr& header = messages_[i].msg_hdr;
        header.msg_name = &targets_[i];
        header.msg_namelen = family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
        header.msg_iov = &buffers_[i];
        header.msg_iovlen = 1;
    }
}

void ProbeBatch::add(const SynProbe& probe) {
    if (full()) throw std::logic_error("probe batch: full");
    template_.write(probe, &packets_[size_ * template_.size()]);
    // The target's address alone, port 0, as libnet's raw write names it.
    sockaddr_storage& target = targets_[size_];
    if (template_.family() == AF_INET6) {
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&target);
        *v6 = sockaddr_in6{};
        v6->sin6_family = AF_INET6;
        std::memcpy(&v6->sin6_addr, probe.flow.target.data(), 16);
    } else {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&target);
        *v4 = sockaddr_in{};
        v4->sin_family = AF_INET;
        std::memcpy(&v4->sin_addr, probe.flow.target.data(), 4);
    }
    messages_[size_].msg_len = 0;
    ++size_;
}

}  // namespace wirekit::pscan
