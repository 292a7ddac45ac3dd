// bwmeter's subcommands, each a function of the parsed options.
#pragma once

#include "bwmeter_options.h"

namespace wirekit::bwmeter {

int runLive(const Options& options);
int runRecord(const Options& options);
int runSample(const Options& options);
int runReport(const Options& options);
int runGraph(const Options& options);
int runMetrics(const Options& options);

}  // namespace wirekit::bwmeter
