// Dates and times of day on lib/units' calendar arithmetic.
#include "civil_time.h"

#include "units/civil_date.h"

namespace wirekit::ftpx {

namespace {

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

}  // namespace

std::optional<std::int64_t> secondsSinceEpoch(const CivilTime& time) {
    // Years outside 1..9999 come only from garbage; refusing them also keeps
    // the arithmetic far from overflow.
    if (time.year < 1 || time.year > 9999 || time.month < 1 || time.month > 12) return std::nullopt;
    if (time.day < 1 || time.day > daysInMonth(time.year, time.month)) return std::nullopt;
    if (time.hour < 0 || time.hour > 23 || time.minute < 0 || time.minute > 59) return std::nullopt;
    if (time.second < 0 || time.second > 60) return std::nullopt;
    const int second = time.second == 60 ? 59 : time.second;
    return units::daysFromCivil(time.year, time.month, time.day) * 86400 + time.hour * 3600 + time.minute * 60 + second;
}

CivilTime civilFromSeconds(std::int64_t seconds) {
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    const units::CivilDate date = units::civilFromDays(days);
    CivilTime time;
    time.year = static_cast<int>(date.year);
    time.month = date.month;
    time.day = date.day;
    time.hour = static_cast<int>(rest / 3600);
    time.minute = static_cast<int>(rest / 60 % 60);
    time.second = static_cast<int>(rest % 60);
    return time;
}

}  // namespace wirekit::ftpx
