// Stateless SYN probes: the sequence number and the source port carry a
// keyed hash of the target, so a reply proves itself without a table of
// outstanding probes (as masscan and zmap do). SipHash-2-4 is the hash, and
// one evaluation per flow gives both: the sequence's half and the port come
// from disjoint bits of the same 64-bit value.
// The sequence number also carries the probe's send time, which the answer
// echoes, so the round trip needs no per-probe memory either.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::pscan {

/// The 4-tuple of a probe, addresses as 16 bytes (IPv4 in the first four).
struct FlowKey {
    std::array<std::uint8_t, 16> source{}, target{};
    std::uint16_t targetPort = 0;
};

class SynCookie {
public:
    /// First source port used, and how many: probes leave from
    /// [portBase, portBase + portSpan), chosen by the hash.
    static constexpr std::uint16_t portBase = 40000, portSpan = 20000;

    /// `attempts`: how many times a flow may be probed. Each attempt leaves
    /// from its own source port, so a retry is a new connection to the target
    /// and not a duplicate SYN, which Linux answers at most twice a second.
    explicit SynCookie(const std::array<std::uint8_t, 16>& key, unsigned attempts = 1)
        : key_(key), attempts_(attempts) {}

    /// Microseconds per unit of a probe's send stamp: 16 bits of it span 4.2 s.
    static constexpr unsigned stampMicroseconds = 64;

    /// What a probe carries in its TCP header.
    struct ProbeFields {
        std::uint16_t sourcePort = 0;
        std::uint32_t sequence = 0;
    };
    /// The source port and sequence number of attempt `attempt` to `flow`
    /// sent at `stamp`: sourcePort() and sequence() for one hash, not two.
    ProbeFields probe(const FlowKey& flow, unsigned attempt, std::uint16_t stamp) const;

    /// The sequence number a probe to `flow` sent at `stamp` carries: the
    /// keyed hash in the high 16 bits, the stamp in the low 16. With the
    /// source port's hash that leaves a forger about 2^28 guesses.
    std::uint32_t sequence(const FlowKey& flow, std::uint16_t stamp = 0) const;
    /// Whether `sequence` (a probe's, as an answer echoes it) is one of ours for `flow`.
    bool sequenceMatches(const FlowKey& flow, std::uint32_t sequence) const;
    /// The send stamp inside a probe's sequence number.
    static std::uint16_t stampOf(std::uint32_t sequence) { return static_cast<std::uint16_t>(sequence); }
    /// The source port attempt `attempt` (from 0) to `flow` leaves from.
    std::uint16_t sourcePort(const FlowKey& flow, unsigned attempt = 0) const;
    /// Which attempt to `flow` left from `replyPort`, if any did.
    std::optional<unsigned> attemptOf(const FlowKey& flow, std::uint16_t replyPort) const;
    /// Whether a reply from flow.target:flow.targetPort to `replyPort`,
    /// acknowledging `ack`, answers one of our probes. A SYN-ACK or a RST
    /// to a SYN acknowledges sequence + 1.
    bool validates(const FlowKey& flow, std::uint16_t replyPort, std::uint32_t ack) const;
    /// Whether a probe quoted back (in an ICMP error) with `sourcePort` and
    /// `sequence` is one of ours for `flow`: attemptOf() and
    /// sequenceMatches() for one hash.
    bool quotes(const FlowKey& flow, std::uint16_t sourcePort, std::uint32_t sequence) const;

private:
    /// The keyed hash of the flow. Its high 16 bits are the sequence
    /// number's hash half, its low 32 bits choose the source port.
    std::uint64_t hash(const FlowKey& flow) const;
    static std::uint32_t sequenceHalf(std::uint64_t hash) {
        return static_cast<std::uint32_t>(hash >> 32) & 0xFFFF0000u;
    }
    static unsigned firstPortOffset(std::uint64_t hash) {
        return static_cast<unsigned>(static_cast<std::uint32_t>(hash) % portSpan);
    }
    std::optional<unsigned> attemptOfHash(std::uint64_t hash, std::uint16_t replyPort) const;

    std::array<std::uint8_t, 16> key_;
    unsigned attempts_;
};

/// SipHash-2-4 of `data` under a 128-bit key.
std::uint64_t sipHash24(const std::array<std::uint8_t, 16>& key, const std::uint8_t* data, std::size_t size);

}  // namespace wirekit::pscan
