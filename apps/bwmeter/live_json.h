// The live mode's JSON Lines (through POCO JSON): one "sample" object per
// interface and interval, one "summary" object per interface at the end.
// Apart from live_format.h so that the lean bwmeter binary maps no POCO.
#pragma once

#include "live_format.h"

namespace wirekit::bwmeter {

LivePrinter jsonPrinter();

}  // namespace wirekit::bwmeter
