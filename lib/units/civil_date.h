// Proleptic Gregorian dates as days since 1970-01-01 and back (Howard
// Hinnant's algorithms), without the C library's time zone state: parsers
// must not read globals. timed's daytime format and ftpx's listings use it.
#pragma once

#include <cstdint>

namespace wirekit::units {

struct CivilDate {
    std::int64_t year;
    int month, day;  ///< 1..12, 1..31
};

/// Days since 1970-01-01 of a date (the caller validates the fields).
std::int64_t daysFromCivil(std::int64_t year, int month, int day);
CivilDate civilFromDays(std::int64_t days);

}  // namespace wirekit::units
