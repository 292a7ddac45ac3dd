// Stateless SYN probes: the sequence number and the source port carry a
// keyed hash of the target, so a reply proves itself without a table of
// outstanding probes (as masscan and zmap do). SipHash-2-4 is the hash.
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

private:
    std::uint64_t hash(const FlowKey& flow, std::uint8_t purpose) const;
    std::array<std::uint8_t, 16> key_;
    unsigned attempts_;
};

/// SipHash-2-4 of `data` under a 128-bit key.
std::uint64_t sipHash24(const std::array<std::uint8_t, 16>& key, const std::uint8_t* data, std::size_t size);

}  // namespace wirekit::pscan
