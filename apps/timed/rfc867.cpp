// RFC 867 Daytime Protocol.
#include "rfc867.h"

#include <strings.h>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace wirekit::timed::rfc867 {

namespace {

const std::array<const char*, 7> weekdayNames = {"Thursday", "Friday",  "Saturday", "Sunday",
                                                 "Monday",   "Tuesday", "Wednesday"};
const std::array<const char*, 12> monthNames = {"January", "February", "March",     "April",   "May",      "June",
                                                "July",    "August",   "September", "October", "November", "December"};

std::optional<int> monthFromName(const std::string& name) {
    if (name.size() < 3) return std::nullopt;
    for (size_t i = 0; i < monthNames.size(); ++i)
        if (strncasecmp(name.c_str(), monthNames[i], 3) == 0) return static_cast<int>(i) + 1;
    return std::nullopt;
}

std::optional<int> zoneOffset(std::string zone) {
    while (!zone.empty() && (zone.front() == '-' || zone.front() == ' ') &&
           !(zone.size() == 5 && std::isdigit(static_cast<unsigned char>(zone[1]))))
        zone.erase(0, 1);
    if (zone == "UTC" || zone == "GMT" || zone == "UT" || zone == "Z") return 0;
    if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
        int hhmm = 0;
        if (std::sscanf(zone.c_str() + 1, "%4d", &hhmm) != 1 || hhmm % 100 >= 60) return std::nullopt;
        const int offset = (hhmm / 100) * 3600 + (hhmm % 100) * 60;
        return zone[0] == '-' ? -offset : offset;
    }
    return std::nullopt;
}

bool fieldsInRange(const Daytime& d) {
    if (d.year < 1900 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour < 0 ||
        d.hour > 23 || d.minute < 0 || d.minute > 59 || d.second < 0 || d.second > 60)
        return false;
    // February 30 or April 31 would round-trip to another date: refuse them.
    const CivilDate back = civilFromDays(daysFromCivil(d.year, d.month, d.day));
    return back.month == d.month && back.day == d.day;
}

}  // namespace

std::string format(std::int64_t unixSeconds) {
    std::int64_t days = unixSeconds / 86400;
    std::int64_t secondsOfDay = unixSeconds % 86400;
    if (secondsOfDay < 0) {
        secondsOfDay += 86400;
        --days;
    }
    const CivilDate date = civilFromDays(days);
    const auto weekday = static_cast<size_t>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%s, %s %d, %lld %02d:%02d:%02d-UTC\r\n", weekdayNames[weekday],
                  monthNames[static_cast<size_t>(date.month - 1)], date.day, static_cast<long long>(date.year),
                  static_cast<int>(secondsOfDay / 3600), static_cast<int>(secondsOfDay / 60 % 60),
                  static_cast<int>(secondsOfDay % 60));
    return buffer;
}

std::optional<Daytime> parse(const std::string& rawLine) {
    std::string line = rawLine;
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == '\0')) line.pop_back();
    if (line.size() > 200) return std::nullopt;
    Daytime d;
    char weekday[16] = {}, month[16] = {}, zone[16] = {};
    int consumed = 0;
    const auto wholeLine = [&] { return static_cast<size_t>(consumed) == line.size(); };
    // The month and the zone were scanned as words: name them, then check ranges.
    const auto complete = [&](bool zoneRequired) -> std::optional<Daytime> {
        const auto number = monthFromName(month);
        if (!number) return std::nullopt;
        d.month = *number;
        if (zoneRequired || zone[0] != '\0') {
            d.utcOffsetSeconds = zoneOffset(zone);
            if (!d.utcOffsetSeconds) return std::nullopt;
        }
        if (!fieldsInRange(d)) return std::nullopt;
        return d;
    };

    // "Wednesday, November 25, 2026 01:52:55-UTC" (RFC 867's example layout)
    if (std::sscanf(line.c_str(), "%15[A-Za-z], %15[A-Za-z] %d, %d %d:%d:%d%15s%n", weekday, month, &d.day, &d.year,
                    &d.hour, &d.minute, &d.second, zone, &consumed) == 8 &&
        wholeLine())
        return complete(true);
    // "Wed, 25 Nov 2026 01:52:55 +0000" (RFC 5322)
    d = Daytime{};
    if (std::sscanf(line.c_str(), "%15[A-Za-z], %d %15[A-Za-z] %d %d:%d:%d %15s%n", weekday, &d.day, month, &d.year,
                    &d.hour, &d.minute, &d.second, zone, &consumed) == 8 &&
        wholeLine())
        return complete(true);
    // "25 NOV 2026 01:52:55 UTC" (xinetd: day first, zone last)
    d = Daytime{};
    if (std::sscanf(line.c_str(), "%d %15[A-Za-z] %d %d:%d:%d %15s%n", &d.day, month, &d.year, &d.hour, &d.minute,
                    &d.second, zone, &consumed) == 7 &&
        wholeLine())
        return complete(true);
    // "Wed Nov 25 01:52:55 2026" (ctime), optionally followed by a zone name
    d = Daytime{};
    zone[0] = '\0';
    consumed = 0;
    const int fields = std::sscanf(line.c_str(), "%15[A-Za-z] %15[A-Za-z] %d %d:%d:%d %d%n %15s%n", weekday, month,
                                   &d.day, &d.hour, &d.minute, &d.second, &d.year, &consumed, zone, &consumed);
    if ((fields == 7 || fields == 8) && wholeLine()) return complete(false);
    return std::nullopt;
}

std::optional<std::int64_t> toUnixSeconds(const Daytime& d) {
    if (!d.utcOffsetSeconds) return std::nullopt;
    return daysFromCivil(d.year, d.month, d.day) * 86400 + d.hour * 3600 + d.minute * 60 + d.second -
           *d.utcOffsetSeconds;
}

}  // namespace wirekit::timed::rfc867
