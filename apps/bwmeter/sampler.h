// The edge where counters are read: one snapshot of the interfaces a run
// looks at, with the boot id and both clocks.
#pragma once

#include "counters.h"
#include "interface_filter.h"

namespace wirekit::bwmeter {

/// Reads every interface, keeps those `filter` accepts. Throws std::runtime_error.
CounterSnapshot takeSnapshot(const InterfaceFilter& filter);

/// Throws std::runtime_error naming the patterns that match no interface,
/// and listing those there are.
void requireInterfaces(const InterfaceFilter& filter);

}  // namespace wirekit::bwmeter
