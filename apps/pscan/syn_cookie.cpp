// SYN cookies over SipHash-2-4.
#include "syn_cookie.h"

#include <cstring>

namespace wirekit::pscan {

namespace {

std::uint64_t rotate(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

std::uint64_t load64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
    return v;
}

}  // namespace

std::uint64_t sipHash24(const std::array<std::uint8_t, 16>& key, const std::uint8_t* data, std::size_t size) {
    const std::uint64_t k0 = load64(key.data()), k1 = load64(key.data() + 8);
    std::uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
    std::uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
    auto round = [&] {
        v0 += v1;
        v1 = rotate(v1, 13);
        v1 ^= v0;
        v0 = rotate(v0, 32);
        v2 += v3;
        v3 = rotate(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotate(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotate(v1, 17);
        v1 ^= v2;
        v2 = rotate(v2, 32);
    };
    const std::size_t whole = size - size % 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        const std::uint64_t m = load64(data + i);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    std::uint64_t last = static_cast<std::uint64_t>(size & 0xFF) << 56;
    for (std::size_t i = 0; i < size % 8; ++i) last |= static_cast<std::uint64_t>(data[whole + i]) << (8 * i);
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xFF;
    for (int i = 0; i < 4; ++i) round();
    return v0 ^ v1 ^ v2 ^ v3;
}

std::uint64_t SynCookie::hash(const FlowKey& flow) const {
    std::uint8_t message[34];
    std::memcpy(message, flow.source.data(), 16);
    std::memcpy(message + 16, flow.target.data(), 16);
    message[32] = static_cast<std::uint8_t>(flow.targetPort >> 8);
    message[33] = static_cast<std::uint8_t>(flow.targetPort);
    return sipHash24(key_, message, sizeof message);
}

SynCookie::ProbeFields SynCookie::probe(const FlowKey& flow, unsigned attempt, std::uint16_t stamp) const {
    const std::uint64_t h = hash(flow);
    ProbeFields fields;
    fields.sourcePort = static_cast<std::uint16_t>(portBase + (firstPortOffset(h) + attempt) % portSpan);
    fields.sequence = sequenceHalf(h) | stamp;
    return fields;
}

std::uint32_t SynCookie::sequence(const FlowKey& flow, std::uint16_t stamp) const {
    return sequenceHalf(hash(flow)) | stamp;
}

bool SynCookie::sequenceMatches(const FlowKey& flow, std::uint32_t sequence) const {
    return (sequence & 0xFFFF0000u) == sequenceHalf(hash(flow));
}

std::uint16_t SynCookie::sourcePort(const FlowKey& flow, unsigned attempt) const {
    return probe(flow, attempt, 0).sourcePort;
}

std::optional<unsigned> SynCookie::attemptOfHash(std::uint64_t h, std::uint16_t replyPort) const {
    if (replyPort < portBase || replyPort >= portBase + portSpan) return std::nullopt;
    const unsigned attempt = (replyPort - portBase + portSpan - firstPortOffset(h)) % portSpan;
    if (attempt >= attempts_) return std::nullopt;
    return attempt;
}

std::optional<unsigned> SynCookie::attemptOf(const FlowKey& flow, std::uint16_t replyPort) const {
    return attemptOfHash(hash(flow), replyPort);
}

bool SynCookie::quotes(const FlowKey& flow, std::uint16_t sourcePort, std::uint32_t sequence) const {
    const std::uint64_t h = hash(flow);
    return (sequence & 0xFFFF0000u) == sequenceHalf(h) && attemptOfHash(h, sourcePort).has_value();
}

bool SynCookie::validates(const FlowKey& flow, std::uint16_t replyPort, std::uint32_t ack) const {
    return quotes(flow, replyPort, ack - 1);
}

}  // namespace wirekit::pscan
