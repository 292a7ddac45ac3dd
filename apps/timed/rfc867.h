// RFC 867 Daytime Protocol: the date and time as a line of text.
//
// RFC 867 fixes no syntax. We send the RFC's own example layout in UTC
// ("Wednesday, November 25, 2026 01:52:55-UTC"); we read that, ctime(3)'s
// layout that BSD inetd and xinetd send, and RFC 5322 dates.
#pragma once

#include "units/civil_date.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::timed::rfc867 {

/// The reply for `unixSeconds`, CRLF-terminated.
std::string format(std::int64_t unixSeconds);

/// A daytime line broken into its fields. `utcOffsetSeconds` is set when the
/// line names its zone (UTC, GMT, Z, +hhmm); ctime's layout names none, and
/// then the time is the server's local time, which the client cannot know.
struct Daytime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::optional<int> utcOffsetSeconds;
};

/// Parses one line (trailing CR, LF and NUL ignored); nothing when no known
/// layout matches or a field is out of range.
std::optional<Daytime> parse(const std::string& line);

/// Unix seconds for a parsed line whose zone is known.
std::optional<std::int64_t> toUnixSeconds(const Daytime& daytime);

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
using units::CivilDate;
using units::civilFromDays;
using units::daysFromCivil;

}  // namespace wirekit::timed::rfc867
