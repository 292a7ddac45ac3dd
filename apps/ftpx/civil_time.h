// Calendar dates and times of day to seconds since the epoch and back, for the
// times listings carry (MLSD's UTC "modify", LIST's server-local dates).
#pragma once

#include <cstdint>
#include <optional>

namespace wirekit::ftpx {

struct CivilTime {
    int year = 1970;
    int month = 1;  ///< 1..12
    int day = 1;    ///< 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;  ///< 0..60: a leap second is accepted and counts as :59
};

/// Seconds since 1970-01-01 00:00:00 when the fields name a real date and time
/// (February 29 only in leap years); nothing otherwise.
std::optional<std::int64_t> secondsSinceEpoch(const CivilTime& time);

/// The date and time of `seconds` since the epoch.
CivilTime civilFromSeconds(std::int64_t seconds);

}  // namespace wirekit::ftpx
