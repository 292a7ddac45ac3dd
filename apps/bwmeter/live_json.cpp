// Live JSON Lines.
#include "live_json.h"

#include "out/json_lines.h"

#include <cmath>
#include <sstream>

namespace wirekit::bwmeter {

namespace {

/// Rates to a tenth of a byte per second, durations to the millisecond.
double tenths(double value) { return std::round(value * 10) / 10; }
double millis(double value) { return std::round(value * 1000) / 1000; }

std::string samples(const std::vector<InterfaceSession>& interfaces, std::int64_t wall) {
    std::ostringstream out;
    out::JsonLinesWriter writer(out);
    for (const auto& s : interfaces) {
        auto record = out::JsonLinesWriter::makeRecord();
        record.set("type", "sample");
        record.set("iface", s.name);
        record.set("rx_bytes", s.rxBytes);
        record.set("tx_bytes", s.txBytes);
        record.set("rx_rate", tenths(s.rxRate));
        record.set("tx_rate", tenths(s.txRate));
        record.set("time", isoTime(wall));
        writer.write(record);
    }
    return out.str();
}

std::string summaries(const std::vector<InterfaceSession>& interfaces, double seconds) {
    std::ostringstream out;
    out::JsonLinesWriter writer(out);
    const auto average = [seconds](std::uint64_t bytes) {
        return seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
    };
    for (const auto& s : interfaces) {
        auto record = out::JsonLinesWriter::makeRecord();
        record.set("type", "summary");
        record.set("iface", s.name);
        record.set("rx_bytes", s.rxBytes);
        record.set("tx_bytes", s.txBytes);
        record.set("seconds", millis(seconds));
        record.set("rx_peak", tenths(s.rxPeak));
        record.set("tx_peak", tenths(s.txPeak));
        record.set("rx_avg", tenths(average(s.rxBytes)));
        record.set("tx_avg", tenths(average(s.txBytes)));
        writer.write(record);
    }
    return out.str();
}

}  // namespace

LivePrinter jsonPrinter() {
    return LivePrinter{[] { return std::string(); }, samples, summaries};
}

}  // namespace wirekit::bwmeter
