// What one answer from a time server says, and how far to trust it: the
// client's pure core for every protocol (no sockets, no clock reads).
#pragma once

#include "ntp_packet.h"
#include "sys/clock.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wirekit::timed {

enum class Protocol { time, daytime, sntp };
enum class Transport { udp, tcp };

const char* protocolName(Protocol protocol);
const char* transportName(Transport transport);
std::uint16_t defaultPort(Protocol protocol);

/// A reply that cannot be used: garbage, a short read, a kiss-of-death, an
/// unsynchronised server. The message says which, for "host: message".
class ProtocolError : public std::runtime_error {
public:
    explicit ProtocolError(const std::string& message) : std::runtime_error(message) {}
};

struct Measurement {
    sys::WallTime serverTime;  ///< the server's clock at the middle of the exchange
    double offset = 0;         ///< server minus local clock, seconds
    double delay = 0;          ///< round trip, seconds
    int stratum = -1;          ///< SNTP only
    int leap = -1;             ///< SNTP only
    std::string referenceId;   ///< SNTP only
};

/// An SNTP request in flight: its bytes carry a transmit timestamp that the
/// reply must echo as its origin, which defeats blind spoofing and stale replies.
class SntpExchange {
public:
    /// `sent` is the local clock when the request leaves; `nonce` fills the
    /// timestamp's low fraction bits that the clock cannot resolve anyway.
    SntpExchange(const sys::WallTime& sent, std::uint32_t nonce);

    const std::array<std::uint8_t, ntpHeaderSize>& request() const { return request_; }

    /// Computes offset and delay from a reply received at `received`, with
    /// the four timestamps of RFC 4330 section 5. Throws ProtocolError for a
    /// short reply, a wrong mode, a mismatched origin (not a reply to us), a
    /// kiss-of-death ("server sent kiss-of-death RATE"), an unsynchronised
    /// server, or a zero transmit time.
    Measurement interpret(const std::uint8_t* reply, std::size_t size, const sys::WallTime& received) const;

    /// Whether `reply` answers this request (same origin), so a late answer
    /// to an earlier try can be told from garbage.
    bool answers(const std::uint8_t* reply, std::size_t size) const;

private:
    sys::WallTime sent_;
    NtpTimestamp transmitted_;
    std::array<std::uint8_t, ntpHeaderSize> request_{};
};

/// RFC 868: 4 bytes of whole seconds. The server's time is somewhere in the
/// second it names, so the estimate takes its middle. Throws ProtocolError
/// for a reply that is not 4 bytes or is zero.
Measurement interpretTimeReply(const std::uint8_t* reply, std::size_t size, const sys::WallTime& sent,
                               const sys::WallTime& received);

/// RFC 867: one line. A line without a time zone is read in the client's
/// local zone via `localOffsetSeconds` (the caller computes it at that date).
/// Throws ProtocolError for an unreadable line.
Measurement interpretDaytimeReply(const std::string& reply, const sys::WallTime& sent, const sys::WallTime& received,
                                  int localOffsetSeconds);

/// A server's answer or failure, for choosing the best.
struct ServerAnswer {
    std::string server;  ///< as the user wrote it
    std::optional<Measurement> measurement;
    std::string error;
};

/// The answer with the lowest delay (the one whose offset is most certain);
/// nothing when none succeeded.
std::optional<std::size_t> chooseBest(const std::vector<ServerAnswer>& answers);

/// "2026-11-25T01:52:55.123456Z"
std::string formatIsoUtc(const sys::WallTime& time);

}  // namespace wirekit::timed
