// `bwmeter metrics`: the counters in Prometheus's text exposition format
// (version 0.0.4), for node_exporter's textfile collector. Pure.
#pragma once

#include "counters.h"
#include "traffic_store.h"

#include <optional>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

struct RecordedTotals {
    std::string iface;
    std::uint64_t todayRx = 0, todayTx = 0, monthRx = 0, monthTx = 0;
};

/// bwmeter_receive_bytes_total / bwmeter_transmit_bytes_total (counters, the
/// kernel's) per interface, and when a record exists, bwmeter_today_*_bytes
/// and bwmeter_month_*_bytes (gauges, local time).
std::string prometheusText(const std::vector<InterfaceCounters>& counters, const std::vector<RecordedTotals>& recorded);

/// A label value with \, " and line breaks escaped as the format asks.
std::string prometheusLabel(const std::string& value);

}  // namespace wirekit::bwmeter
