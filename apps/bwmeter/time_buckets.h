// Wall-clock buckets: which hour, day and month a moment belongs to, in
// local time (DST included, through the C library's zone rules) or UTC.
// Pure, given the TZ environment.
#pragma once

#include <cstdint>
#include <string>

namespace wirekit::bwmeter {

enum class Zone { local, utc };

/// The start of the 15-minute slot holding `wall`: every zone offset in use
/// is a multiple of 15 minutes, so local hours and days are unions of slots.
std::int64_t quarterStart(std::int64_t wall);
std::int64_t hourStart(std::int64_t wall, Zone zone);
std::int64_t dayStart(std::int64_t wall, Zone zone);
std::int64_t monthStart(std::int64_t wall, Zone zone);
/// The start of the month after the one holding `wall`.
std::int64_t nextMonthStart(std::int64_t wall, Zone zone);
/// 0..23
int hourOfDay(std::int64_t wall, Zone zone);
/// 0 Monday .. 6 Sunday (ISO 8601 order)
int weekday(std::int64_t wall, Zone zone);

/// "2026-11-25 14:00", "2026-11-25", "2026-11"
std::string formatHour(std::int64_t start, Zone zone);
std::string formatDay(std::int64_t start, Zone zone);
std::string formatMonth(std::int64_t start, Zone zone);

/// Parses "2026-11-25" (the day's start) or "2026-11" (the month's) in
/// `zone`; throws std::invalid_argument naming the text otherwise.
std::int64_t parseDate(const std::string& text, Zone zone);

}  // namespace wirekit::bwmeter
