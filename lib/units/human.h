// Human units: byte counts, rates and durations, both ways.
#pragma once

#include <cstdint>
#include <string>

namespace wirekit::units {

/// "0 B", "999 B", "1.0 KiB", "12.3 MiB": IEC prefixes, one decimal from KiB up.
std::string formatBytes(std::uint64_t bytes);

/// Bytes per second as "12.3 MiB/s".
std::string formatRate(double bytesPerSecond);

/// Whole seconds as "45s", "3m05s", "2h00m07s", "3d04h05m".
std::string formatDuration(double seconds);

/// Signed seconds with a unit that keeps three significant digits:
/// "+1.234s", "-12.3ms", "+850us". For offsets and delays.
std::string formatSeconds(double seconds, bool withSign);

/// Parses "90", "1.5s", "500ms", "5m", "2h", "1d" into seconds; throws
/// std::invalid_argument naming the text when it is not one of those.
double parseDuration(const std::string& text);

/// Parses "1500", "10k", "10KiB", "2M", "1.5GiB" (k/M/G/T are powers of 1024,
/// as in vnstat and dd) into bytes; throws std::invalid_argument.
std::uint64_t parseBytes(const std::string& text);

}  // namespace wirekit::units
