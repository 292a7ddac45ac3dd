// Reports over the record: totals per hour, day and month, the top days, and
// the time-of-day profile (average traffic per hour of the day and per day
// of the week, with the busiest and quietest named). Pure: rows in, tables
// and records out.
#pragma once

#include "traffic_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

enum class Section { hours, days, months, top, profileHours, profileWeekdays };

/// One line of a report: a bucket (or a profile slot) of one interface.
struct ReportLine {
    std::string iface;
    std::string label;        ///< "2026-11-25 14:00", "2026-11-25", "2026-11", "14", "Mon"
    std::int64_t start = 0;   ///< bucket start (0 for profile slots)
    double rx = 0, tx = 0;    ///< bytes; for the profile, average bytes per hour
    std::uint64_t hours = 0;  ///< profile: hours recorded in the slot
};

struct ReportSection {
    Section section;
    std::string title;
    std::vector<ReportLine> lines;
    /// Profile: per interface, the busiest and the quietest slot's labels.
    std::vector<std::string> notes;
};

/// Buckets as sections: hours and days in time order, top days by total.
ReportSection bucketSection(Section section, const std::vector<TrafficRow>& rows, Zone zone, std::size_t top = 10);

/// Sums profile cells over months into one average per slot and interface;
/// slots never recorded are left out.
ReportSection profileSection(Section section, const std::vector<ProfileCell>& cells);

/// "Mon" .. "Sun" for 0 .. 6.
const char* weekdayName(int weekday);

enum class ReportFormat { text, json, csv };

/// The sections as text tables, JSON Lines or CSV. JSON records carry
/// "type" (hour, day, month, top, profile_hour, profile_weekday), "iface",
/// "label", "start" (RFC 3339, bucket sections), "rx_bytes", "tx_bytes"
/// (averages per hour for the profile, with "hours").
std::string renderReport(const std::vector<ReportSection>& sections, ReportFormat format, Zone zone);

}  // namespace wirekit::bwmeter
