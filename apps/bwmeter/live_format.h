// How the live mode prints: a table redrawn in place on a terminal, lines
// appended when piped, JSON Lines or CSV; and the session summary. Pure:
// values in, text out.
#pragma once

#include "session.h"

#include <cstdint>
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

}  // namespace wirekit::bwmeter
