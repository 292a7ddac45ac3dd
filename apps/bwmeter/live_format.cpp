// Live output.
#include "live_format.h"

#include "out/csv.h"
#include "out/table.h"
#include "units/human.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

std::string clockTime(std::int64_t wall) {
    const std::time_t t = static_cast<std::time_t>(wall);
    std::tm local{};
    localtime_r(&t, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    return text;
}

std::string number(double value) {
    char text[48];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

std::string isoTime(std::int64_t wall, bool utc) {
    const std::time_t t = static_cast<std::time_t>(wall);
    std::tm parts{};
    if (utc)
        gmtime_r(&t, &parts);
    else
        localtime_r(&t, &parts);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &parts);
    std::string iso = text;
    iso.insert(iso.size() - 2, ":");  // +0100 → +01:00, as RFC 3339 wants
    return iso;
}

std::string liveHeader(LiveStyle style) {
    switch (style) {
        case LiveStyle::lines: return "TIME      IFACE            RX/S        TX/S    RX TOTAL    TX TOTAL\n";
        case LiveStyle::csv:
            return out::csvRow({"type", "iface", "rx_bytes", "tx_bytes", "rx_rate", "tx_rate", "time"});
        default: return "";
    }
}

std::string liveSample(LiveStyle style, const std::vector<InterfaceSession>& interfaces, std::int64_t wall) {
    std::string out;
    switch (style) {
        case LiveStyle::table: {
            out::TableWriter table({{"IFACE"},
                                    {"RX/S", out::Align::right},
                                    {"TX/S", out::Align::right},
                                    {"RX TOTAL", out::Align::right},
                                    {"TX TOTAL", out::Align::right}});
            for (const auto& s : interfaces)
                table.addRow({s.name, units::formatRate(s.rxRate), units::formatRate(s.txRate),
                              units::formatBytes(s.rxBytes), units::formatBytes(s.txBytes)});
            out += table.render();
            break;
        }
        case LiveStyle::lines:
            for (const auto& s : interfaces) {
                char line[160];
                std::snprintf(line, sizeof line, "%-8s  %-10s %11s %11s %11s %11s\n", clockTime(wall).c_str(),
                              s.name.c_str(), units::formatRate(s.rxRate).c_str(), units::formatRate(s.txRate).c_str(),
                              units::formatBytes(s.rxBytes).c_str(), units::formatBytes(s.txBytes).c_str());
                out += line;
            }
            break;
        case LiveStyle::json: throw std::logic_error("JSON output is live_json.h's");
        case LiveStyle::csv: {
            for (const auto& s : interfaces)
                out += out::csvRow({"sample", s.name, std::to_string(s.rxBytes), std::to_string(s.txBytes),
                                    number(s.rxRate), number(s.txRate), isoTime(wall)});
            break;
        }
    }
    return out;
}

std::string liveSummary(LiveStyle style, const std::vector<InterfaceSession>& interfaces, double seconds) {
    std::string out;
    const auto average = [seconds](std::uint64_t bytes) {
        return seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
    };
    switch (style) {
        case LiveStyle::table:
        case LiveStyle::lines: {
            out += "\nsession: " + units::formatDuration(seconds) + '\n';
            out::TableWriter table({{"IFACE"},
                                    {"DOWNLOADED", out::Align::right},
                                    {"UPLOADED", out::Align::right},
                                    {"AVG RX/S", out::Align::right},
                                    {"AVG TX/S", out::Align::right},
                                    {"PEAK RX/S", out::Align::right},
                                    {"PEAK TX/S", out::Align::right}});
            for (const auto& s : interfaces)
                table.addRow({s.name, units::formatBytes(s.rxBytes), units::formatBytes(s.txBytes),
                              units::formatRate(average(s.rxBytes)), units::formatRate(average(s.txBytes)),
                              units::formatRate(s.rxPeak), units::formatRate(s.txPeak)});
            out += table.render();
            break;
        }
        case LiveStyle::json: throw std::logic_error("JSON output is live_json.h's");
        case LiveStyle::csv: {
            out += out::csvRow(
                {"type", "iface", "rx_bytes", "tx_bytes", "seconds", "rx_peak", "tx_peak", "rx_avg", "tx_avg"});
            for (const auto& s : interfaces)
                out += out::csvRow({"summary", s.name, std::to_string(s.rxBytes), std::to_string(s.txBytes),
                                    number(seconds), number(s.rxPeak), number(s.txPeak), number(average(s.rxBytes)),
                                    number(average(s.txBytes))});
            break;
        }
    }
    return out;
}

LivePrinter textPrinter(LiveStyle style) {
    return LivePrinter{[style] { return liveHeader(style); },
                       [style](const std::vector<InterfaceSession>& interfaces, std::int64_t wall) {
                           return liveSample(style, interfaces, wall);
                       },
                       [style](const std::vector<InterfaceSession>& interfaces, double seconds) {
                           return liveSummary(style, interfaces, seconds);
                       }};
}

}  // namespace wirekit::bwmeter
