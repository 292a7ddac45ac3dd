// The NTP packet header (RFC 5905, section 7.3), as SNTP (RFC 4330) uses it.
#pragma once

#include "sys/clock.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::timed {

/// 64-bit NTP timestamp: 32 bits of seconds since 1900 (modulo 2^32), 32 of fraction.
struct NtpTimestamp {
    std::uint32_t seconds = 0;
    std::uint32_t fraction = 0;

    bool isZero() const { return seconds == 0 && fraction == 0; }
    bool operator==(const NtpTimestamp& other) const { return seconds == other.seconds && fraction == other.fraction; }

    static NtpTimestamp fromWallTime(const sys::WallTime& time);
    /// The wall time in the era nearest `pivotUnixSeconds`.
    sys::WallTime toWallTime(std::int64_t pivotUnixSeconds) const;
};

enum class NtpMode : std::uint8_t {
    reserved = 0,
    symmetricActive = 1,
    symmetricPassive = 2,
    client = 3,
    server = 4,
    broadcast = 5,
    control = 6,
    privateUse = 7,
};

/// Leap indicator: 0 none, 1 last minute has 61 s, 2 it has 59 s, 3 clock unsynchronised.
enum class LeapIndicator : std::uint8_t { none = 0, insert = 1, remove = 2, unsynchronised = 3 };

constexpr std::size_t ntpHeaderSize = 48;

struct NtpPacket {
    LeapIndicator leap = LeapIndicator::none;
    std::uint8_t version = 4;
    NtpMode mode = NtpMode::client;
    std::uint8_t stratum = 0;
    std::int8_t poll = 0;
    std::int8_t precision = 0;
    std::uint32_t rootDelay = 0;       ///< NTP short format, 16.16 seconds
    std::uint32_t rootDispersion = 0;  ///< NTP short format, 16.16 seconds
    std::uint32_t referenceId = 0;
    NtpTimestamp referenceTime;
    NtpTimestamp originTime;
    NtpTimestamp receiveTime;
    NtpTimestamp transmitTime;

    std::array<std::uint8_t, ntpHeaderSize> encode() const;
    /// Decodes the first 48 bytes; nothing when fewer arrived. Extension
    /// fields and a MAC after the header are ignored.
    static std::optional<NtpPacket> decode(const std::uint8_t* data, std::size_t size);
};

/// Seconds to and from the 16.16 "NTP short" format of root delay and dispersion.
std::uint32_t toNtpShort(double seconds);
double fromNtpShort(std::uint32_t value);

/// A reference id or kiss code as four ASCII letters ("LOCL", "RATE"), with
/// anything unprintable as '.'.
std::string referenceIdText(std::uint32_t referenceId);
/// A reference id as a dotted IPv4 address ("192.0.2.1"), as servers of
/// stratum 2 and above fill it.
std::string referenceIdAddress(std::uint32_t referenceId);
/// The reference id as users expect to read it: from stratum 2 on it is the
/// upstream server's IPv4 address (RFC 4330), shown dotted, unless it is
/// plainly a name of up to four capitals ("LOCL"), as local clocks use.
std::string referenceIdForDisplay(std::uint32_t referenceId, int stratum);
/// Four ASCII letters to a reference id ("LOCL").
std::uint32_t referenceIdFromText(const char (&text)[5]);

}  // namespace wirekit::timed
