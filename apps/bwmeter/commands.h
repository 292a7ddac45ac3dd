// bwmeter's subcommands, each a function of the parsed options.
#pragma once

#include "bwmeter_options.h"
#include "live_format.h"

#include <functional>

namespace wirekit::bwmeter {

/// `printerFor` gives the printer for the style chosen (table, lines, csv, json).
int runLive(const Options& options, const std::function<LivePrinter(LiveStyle)>& printerFor);
int runRecord(const Options& options);
int runSample(const Options& options);
int runReport(const Options& options);
int runGraph(const Options& options);
int runMetrics(const Options& options);

}  // namespace wirekit::bwmeter
