// The connect scan (-sT): non-blocking connect(2)s, thousands in flight on
// one epoll loop, needing no privilege.
#pragma once

#include "port_state.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace wirekit::pscan {

struct ConnectScanOptions {
    double maxTimeout = 1.0;      ///< seconds a connect may take at most
    double minTimeout = 0.05;     ///< the adaptive timeout never goes below this
    int retries = 1;              ///< extra tries for a probe that got no answer
    std::size_t maxInFlight = 0;  ///< 0: as many as the descriptor limit allows
    double rate = 0;              ///< connects per second at most; 0: no cap
};

/// Where probes come from: the next target (address and port), or nothing
/// when the plan is exhausted.
using ProbeSource = std::function<std::optional<net::SocketAddress>()>;
/// Where results go, as they are known.
using ResultSink = std::function<void(const PortResult&)>;

/// Runs the scan to the end of `source`, or until `stop` returns true (it
/// is polled between events). The timeout adapts to the measured round-trip
/// time as TCP's does (smoothed RTT plus four deviations), within the bounds.
/// Returns the number of probes resolved.
std::size_t runConnectScan(const ProbeSource& source, const ResultSink& sink, const ConnectScanOptions& options,
                           const std::function<bool()>& stop);

/// The state and reason a finished connect(2) means, from its errno (0: it
/// connected). Nothing for errors that say nothing about the port (EMFILE).
std::optional<std::pair<PortState, const char*>> classifyConnect(int error);

}  // namespace wirekit::pscan
