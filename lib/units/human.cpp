// Human units.
#include "units/human.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace wirekit::units {

namespace {

const char* const iecPrefixes[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

}  // namespace

std::string formatBytes(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    double value = static_cast<double>(bytes);
    size_t prefix = 0;
    // Round first, so 1023.96 KiB shows as "1.0 MiB" and not "1024.0 KiB".
    while (prefix + 1 < std::size(iecPrefixes) && std::round(value * 10) / 10 >= 1024) {
        value /= 1024;
        ++prefix;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f %s", value, iecPrefixes[prefix]);
    return buffer;
}

std::string formatRate(double bytesPerSecond) {
    if (!(bytesPerSecond >= 0)) bytesPerSecond = 0;
    return formatBytes(static_cast<std::uint64_t>(std::llround(bytesPerSecond))) + "/s";
}

std::string formatDuration(double seconds) {
    if (!(seconds >= 0)) seconds = 0;
    auto total = static_cast<unsigned long long>(std::llround(seconds));
    const unsigned long long days = total / 86400, hours = total / 3600 % 24, minutes = total / 60 % 60,
                             secs = total % 60;
    char buffer[64];
    if (days > 0)
        std::snprintf(buffer, sizeof buffer, "%llud%02lluh%02llum", days, hours, minutes);
    else if (hours > 0)
        std::snprintf(buffer, sizeof buffer, "%lluh%02llum%02llus", hours, minutes, secs);
    else if (minutes > 0)
        std::snprintf(buffer, sizeof buffer, "%llum%02llus", minutes, secs);
    else
        std::snprintf(buffer, sizeof buffer, "%llus", secs);
    return buffer;
}

std::string formatSeconds(double seconds, bool withSign) {
    const double magnitude = std::fabs(seconds);
    double scaled = seconds;
    const char* unit = "s";
    if (magnitude < 1e-3) {
        scaled = seconds * 1e6;
        unit = "us";
    } else if (magnitude < 1) {
        scaled = seconds * 1e3;
        unit = "ms";
    }
    const double scaledMagnitude = std::fabs(scaled);
    // Below a millisecond, tenths of a microsecond are already below what a
    // clock read resolves; above, three significant decimals.
    const int decimals = scaledMagnitude >= 100 ? 0 : scaledMagnitude >= 10 || std::string(unit) == "us" ? 1 : 3;
    char buffer[64];
    if (withSign)
        std::snprintf(buffer, sizeof buffer, "%+.*f%s", decimals, scaled, unit);
    else
        std::snprintf(buffer, sizeof buffer, "%.*f%s", decimals, scaled, unit);
    return buffer;
}

double parseDuration(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    const std::string unit = end ? end : "";
    double factor = 0;
    if (unit.empty() || unit == "s")
        factor = 1;
    else if (unit == "ms")
        factor = 1e-3;
    else if (unit == "m" || unit == "min")
        factor = 60;
    else if (unit == "h")
        factor = 3600;
    else if (unit == "d")
        factor = 86400;
    if (text.empty() || end == text.c_str() || factor == 0 || !std::isfinite(value) || value < 0)
        throw std::invalid_argument("invalid duration '" + text + "' (examples: 30, 1.5s, 500ms, 5m, 2h, 1d)");
    return value * factor;
}

std::uint64_t parseBytes(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    std::string unit = end ? end : "";
    if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
    if (unit.size() == 2 && unit[1] == 'i') unit.pop_back();
    double factor = 0;
    if (unit.empty())
        factor = 1;
    else if (unit == "k" || unit == "K")
        factor = 1024.0;
    else if (unit == "M")
        factor = 1024.0 * 1024;
    else if (unit == "G")
        factor = 1024.0 * 1024 * 1024;
    else if (unit == "T")
        factor = 1024.0 * 1024 * 1024 * 1024;
    if (text.empty() || end == text.c_str() || factor == 0 || !std::isfinite(value) || value < 0 ||
        value * factor > 9.0e18)
        throw std::invalid_argument("invalid size '" + text + "' (examples: 1500, 10k, 2MiB, 1.5G)");
    return static_cast<std::uint64_t>(std::llround(value * factor));
}

}  // namespace wirekit::units
