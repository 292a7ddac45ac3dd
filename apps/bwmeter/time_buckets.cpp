// Calendar arithmetic through localtime_r/mktime and gmtime_r/timegm.
#include "time_buckets.h"

#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

std::tm split(std::int64_t wall, Zone zone) {
    const std::time_t t = static_cast<std::time_t>(wall);
    std::tm parts{};
    if (zone == Zone::utc)
        gmtime_r(&t, &parts);
    else
        localtime_r(&t, &parts);
    return parts;
}

std::int64_t join(std::tm parts, Zone zone) {
    parts.tm_isdst = -1;  // let the zone rules say whether DST applies
    return static_cast<std::int64_t>(zone == Zone::utc ? timegm(&parts) : mktime(&parts));
}

enum class Precision { hour, day, month };

std::string format(std::int64_t wall, Zone zone, Precision precision) {
    const std::tm parts = split(wall, zone);
    char text[32];
    switch (precision) {
        case Precision::hour: std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &parts); break;
        case Precision::day: std::strftime(text, sizeof text, "%Y-%m-%d", &parts); break;
        case Precision::month: std::strftime(text, sizeof text, "%Y-%m", &parts); break;
    }
    return text;
}

std::int64_t floorTo(std::int64_t wall, std::int64_t step) {
    const std::int64_t r = wall % step;
    return wall - (r < 0 ? r + step : r);
}

}  // namespace

std::int64_t quarterStart(std::int64_t wall) { return floorTo(wall, 900); }

std::int64_t hourStart(std::int64_t wall, Zone zone) {
    std::tm parts = split(wall, zone);
    // Across a DST fall-back the same local hour happens twice: keep the offset the moment had.
    return wall - parts.tm_min * 60 - parts.tm_sec;
}

std::int64_t dayStart(std::int64_t wall, Zone zone) {
    std::tm parts = split(wall, zone);
    parts.tm_hour = parts.tm_min = parts.tm_sec = 0;
    return join(parts, zone);
}

std::int64_t monthStart(std::int64_t wall, Zone zone) {
    std::tm parts = split(wall, zone);
    parts.tm_mday = 1;
    parts.tm_hour = parts.tm_min = parts.tm_sec = 0;
    return join(parts, zone);
}

std::int64_t nextMonthStart(std::int64_t wall, Zone zone) {
    std::tm parts = split(wall, zone);
    parts.tm_mday = 1;
    parts.tm_hour = parts.tm_min = parts.tm_sec = 0;
    ++parts.tm_mon;  // mktime and timegm carry into the year
    return join(parts, zone);
}

int hourOfDay(std::int64_t wall, Zone zone) { return split(wall, zone).tm_hour; }

int weekday(std::int64_t wall, Zone zone) { return (split(wall, zone).tm_wday + 6) % 7; }

std::string formatHour(std::int64_t start, Zone zone) { return format(start, zone, Precision::hour); }
std::string formatDay(std::int64_t start, Zone zone) { return format(start, zone, Precision::day); }
std::string formatMonth(std::int64_t start, Zone zone) { return format(start, zone, Precision::month); }

std::int64_t parseDate(const std::string& text, Zone zone) {
    int year = 0, month = 0, day = 1;
    char extra = 0;
    const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &extra);
    const bool monthOnly = fields == 2 && text.size() == 7;
    const bool wholeDay = fields == 3 && text.size() == 10;
    if ((!monthOnly && !wholeDay) || year < 1970 || month < 1 || month > 12 || day < 1 || day > 31)
        throw std::invalid_argument("invalid date '" + text + "': use YYYY-MM-DD or YYYY-MM");
    std::tm parts{};
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    const std::int64_t start = join(parts, zone);
    if (split(start, zone).tm_mday != day) throw std::invalid_argument("invalid date '" + text + "': no such day");
    return start;
}

}  // namespace wirekit::bwmeter
