// The SNTP server's answer to one request (RFC 4330, section 5), over bytes.
#pragma once

#include "ntp_packet.h"
#include "sys/clock.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace wirekit::timed {

/// What the server says about its own clock in every reply.
struct ServerClockState {
    LeapIndicator leap = LeapIndicator::unsynchronised;
    std::uint8_t stratum = 0;
    std::int8_t precision = -20;
    double rootDelay = 0;
    double rootDispersion = 0;
    std::uint32_t referenceId = 0;
    sys::WallTime referenceTime;
};

/// Why a request got no reply, for the server's counters.
enum class SntpVerdict { reply, tooShort, badVersion, notClientMode };

struct SntpAnswer {
    SntpVerdict verdict = SntpVerdict::tooShort;
    std::array<std::uint8_t, ntpHeaderSize> reply{};
};

/// Answers a mode-3 request of version 1 to 4 with a mode-4 reply of the
/// same version: origin = the request's transmit time, receive = `received`,
/// transmit = `transmit`, the rest from `clock`. Anything else (short,
/// version 0 or above 4, another mode) gets no reply, as RFC 4330 asks.
SntpAnswer answerSntp(const std::uint8_t* request, std::size_t size, const sys::WallTime& received,
                      const sys::WallTime& transmit, const ServerClockState& clock);

}  // namespace wirekit::timed
