// Parsing captured replies.
#include "packet_parse.h"

#include <netinet/in.h>

#include <cstring>

namespace wirekit::pscan {

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

constexpr std::uint8_t tcpSyn = 0x02, tcpRst = 0x04, tcpAck = 0x10;

struct IpView {
    int family = 0;
    std::uint8_t protocol = 0;
    const std::uint8_t* source = nullptr;
    const std::uint8_t* destination = nullptr;
    const std::uint8_t* payload = nullptr;
    std::size_t payloadSize = 0;
    int ttl = 0;
};

/// The IP header at `p`: addresses, protocol, payload. Nothing for fragments
/// (except a first fragment holding whole headers we need: not worth it) and
/// truncated packets.
std::optional<IpView> parseIp(const std::uint8_t* p, std::size_t size) {
    if (size < 1) return std::nullopt;
    IpView ip;
    if ((p[0] >> 4) == 4) {
        if (size < 20) return std::nullopt;
        const std::size_t headerLength = (p[0] & 0x0F) * 4u;  // options included
        const std::size_t total = be16(p + 2);
        if (headerLength < 20 || total < headerLength || total > size) return std::nullopt;
        if ((be16(p + 6) & 0x3FFF) != 0) return std::nullopt;  // more-fragments or an offset
        ip.family = AF_INET;
        ip.ttl = p[8];
        ip.protocol = p[9];
        ip.source = p + 12;
        ip.destination = p + 16;
        ip.payload = p + headerLength;
        ip.payloadSize = total - headerLength;
        return ip;
    }
    if ((p[0] >> 4) == 6) {
        if (size < 40) return std::nullopt;
        const std::size_t payloadLength = be16(p + 4);
        if (40 + payloadLength > size) return std::nullopt;
        ip.family = AF_INET6;
        ip.protocol = p[6];  // extension headers are not followed: replies carry none
        ip.ttl = p[7];
        ip.source = p + 8;
        ip.destination = p + 24;
        ip.payload = p + 40;
        ip.payloadSize = payloadLength;
        return ip;
    }
    return std::nullopt;
}

void copyAddress(std::array<std::uint8_t, 16>& out, const std::uint8_t* in, int family) {
    out.fill(0);
    std::memcpy(out.data(), in, family == AF_INET ? 4 : 16);
}

}  // namespace

std::optional<Reply> parseReply(const std::uint8_t* data, std::size_t size, bool ethernet) {
    if (data == nullptr) return std::nullopt;
    std::array<std::uint8_t, 6> sourceMac{};
    if (ethernet) {
        if (size >= 12) std::memcpy(sourceMac.data(), data + 6, 6);
        if (size < 14) return std::nullopt;
        std::size_t offset = 12;
        std::uint16_t type = be16(data + offset);
        if (type == 0x8100 && size >= 18) {  // one VLAN tag
            offset += 4;
            type = be16(data + offset);
        }
        if (type != 0x0800 && type != 0x86DD) return std::nullopt;
        data += offset + 2;
        size -= offset + 2;
    }
    const auto ip = parseIp(data, size);
    if (!ip) return std::nullopt;
    Reply reply;
    reply.family = ip->family;
    reply.ttl = ip->ttl;
    reply.hasSourceMac = ethernet;
    reply.sourceMac = sourceMac;
    const std::uint8_t* l4 = ip->payload;
    if (ip->protocol == IPPROTO_TCP) {
        if (ip->payloadSize < 20) return std::nullopt;
        const std::size_t dataOffset = (l4[12] >> 4) * 4u;  // TCP options skipped
        if (dataOffset < 20 || dataOffset > ip->payloadSize) return std::nullopt;
        const std::uint8_t flags = l4[13];
        if ((flags & (tcpSyn | tcpAck)) == (tcpSyn | tcpAck))
            reply.kind = ReplyKind::synAck;
        else if (flags & tcpRst)
            reply.kind = ReplyKind::reset;
        else
            return std::nullopt;
        copyAddress(reply.flow.source, ip->destination, ip->family);
        copyAddress(reply.flow.target, ip->source, ip->family);
        reply.flow.targetPort = be16(l4);
        reply.ourPort = be16(l4 + 2);
        reply.ack = be32(l4 + 8);
        return reply;
    }
    // ICMP destination unreachable (type 3) or ICMPv6 (type 1), quoting our probe.
    const bool icmp4 = ip->family == AF_INET && ip->protocol == IPPROTO_ICMP;
    const bool icmp6 = ip->family == AF_INET6 && ip->protocol == IPPROTO_ICMPV6;
    if (!icmp4 && !icmp6) return std::nullopt;
    if (ip->payloadSize < 8 || l4[0] != (icmp4 ? 3 : 1)) return std::nullopt;
    // The quote is our probe's IP header and at least 8 bytes of its TCP
    // header (RFC 792): ports and sequence are there; it may be cut after.
    const std::uint8_t* q = l4 + 8;
    const std::size_t qsize = ip->payloadSize - 8;
    int family = 0;
    const std::uint8_t *source = nullptr, *destination = nullptr, *tcp = nullptr;
    if (icmp4 && qsize >= 28 && (q[0] >> 4) == 4) {
        const std::size_t headerLength = (q[0] & 0x0F) * 4u;
        if (headerLength < 20 || qsize < headerLength + 8 || q[9] != IPPROTO_TCP) return std::nullopt;
        family = AF_INET;
        source = q + 12;
        destination = q + 16;
        tcp = q + headerLength;
    } else if (icmp6 && qsize >= 48 && (q[0] >> 4) == 6 && q[6] == IPPROTO_TCP) {
        family = AF_INET6;
        source = q + 8;
        destination = q + 24;
        tcp = q + 40;
    } else {
        return std::nullopt;
    }
    reply.kind = ReplyKind::unreachable;
    reply.icmpCode = l4[1];
    copyAddress(reply.flow.source, source, family);
    copyAddress(reply.flow.target, destination, family);
    reply.ourPort = be16(tcp);
    reply.flow.targetPort = be16(tcp + 2);
    reply.sequence = be32(tcp + 4);
    return reply;
}

const char* unreachableReason(int family, std::uint8_t code) {
    if (family == AF_INET6) {  // RFC 4443 section 3.1
        switch (code) {
            case 0: return "no-route";
            case 1: return "admin-prohibited";
            case 2: return "beyond-scope";
            case 3: return "addr-unreach";
            case 4: return "port-unreach";
            default: return "unreach";
        }
    }
    switch (code) {  // RFC 792, RFC 1122, RFC 1812
        case 0: return "net-unreach";
        case 1: return "host-unreach";
        case 2: return "proto-unreach";
        case 3: return "port-unreach";
        case 9: return "net-prohibited";
        case 10: return "host-prohibited";
        case 13: return "admin-prohibited";
        default: return "unreach";
    }
}

}  // namespace wirekit::pscan
