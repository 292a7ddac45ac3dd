// Prometheus text format.
#include "metrics.h"

namespace wirekit::bwmeter {

std::string prometheusLabel(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string prometheusText(const std::vector<InterfaceCounters>& counters,
                           const std::vector<RecordedTotals>& recorded) {
    std::string out;
    const auto family = [&](const char* name, const char* type, const char* help, auto value, const auto& rows) {
        out += std::string("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
        for (const auto& row : rows) {
            const std::string iface = [&] {
                if constexpr (std::is_same_v<std::decay_t<decltype(row)>, InterfaceCounters>)
                    return row.name;
                else
                    return row.iface;
            }();
            out += std::string(name) + "{interface=\"" + prometheusLabel(iface) + "\"} " + std::to_string(value(row)) +
                   '\n';
        }
    };
    family(
        "bwmeter_receive_bytes_total", "counter", "Bytes received, as the kernel counts them.",
        [](const InterfaceCounters& c) { return c.rxBytes; }, counters);
    family(
        "bwmeter_transmit_bytes_total", "counter", "Bytes transmitted, as the kernel counts them.",
        [](const InterfaceCounters& c) { return c.txBytes; }, counters);
    if (!recorded.empty()) {
        family(
            "bwmeter_today_receive_bytes", "gauge", "Bytes received today (local time), as recorded.",
            [](const RecordedTotals& r) { return r.todayRx; }, recorded);
        family(
            "bwmeter_today_transmit_bytes", "gauge", "Bytes transmitted today (local time), as recorded.",
            [](const RecordedTotals& r) { return r.todayTx; }, recorded);
        family(
            "bwmeter_month_receive_bytes", "gauge", "Bytes received this month (local time), as recorded.",
            [](const RecordedTotals& r) { return r.monthRx; }, recorded);
        family(
            "bwmeter_month_transmit_bytes", "gauge", "Bytes transmitted this month (local time), as recorded.",
            [](const RecordedTotals& r) { return r.monthTx; }, recorded);
    }
    return out;
}

}  // namespace wirekit::bwmeter
