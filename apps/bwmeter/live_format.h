// How the live mode prints: a table redrawn in place on a terminal, lines
// appended when piped, or CSV; and the session summary (JSON Lines are in
// live_json.h, apart, because they need POCO and the lean binary does not).
// Pure: values in, text out.
#pragma once

#include "session.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

enum class LiveStyle { table, lines, json, csv };

/// What goes before the first sample ("" for the table, which has its own).
std::string liveHeader(LiveStyle style);

/// One interval: `interfaces` as Session::current() gives them, read at
/// wall time `wall` (seconds since the epoch, shown in local time).
std::string liveSample(LiveStyle style, const std::vector<InterfaceSession>& interfaces, std::int64_t wall);

/// The summary at the end: per interface, uploaded, downloaded, duration,
/// average and peak rates.
std::string liveSummary(LiveStyle style, const std::vector<InterfaceSession>& interfaces, double seconds);

/// "2026-11-25T06:40:00+00:00": local time with its offset, for JSON and CSV.
std::string isoTime(std::int64_t wall, bool utc = false);

/// The live mode's three outputs, for one style.
struct LivePrinter {
    std::function<std::string()> header;
    std::function<std::string(const std::vector<InterfaceSession>&, std::int64_t)> sample;
    std::function<std::string(const std::vector<InterfaceSession>&, double)> summary;
};

/// table, lines or csv (not json).
LivePrinter textPrinter(LiveStyle style);

}  // namespace wirekit::bwmeter
