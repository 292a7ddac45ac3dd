// The ways out and back of one SYN scan: targets reached through different
// interfaces, or over IPv4 and IPv6 at once, each get their own raw socket,
// source address and capture. Opened while privileged.
#pragma once

#include "raw_io.h"
#include "target_spec.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace wirekit::pscan {

/// One route to some of the targets: probes leave through `sender` from
/// route.source, answers are read from `capture` on route.device.
struct ProbePath {
    Route route;
    std::unique_ptr<SynSender> sender;
    std::unique_ptr<Capture> capture;
};

struct ProbePaths {
    std::vector<ProbePath> paths;
    std::vector<std::size_t> pathOfRange;  ///< for each of the TargetSet's ranges, its path
};

/// A path for every distinct route the target ranges take, each range
/// routed by its first address. Throws std::runtime_error naming the target
/// with no route, or the device pcap or libnet refused.
ProbePaths openProbePaths(const TargetSet& targets);

/// The BPF filter for answers to probes from `route`: TCP to the cookie's
/// source ports, and ICMP/ICMPv6 unreachables, addressed to route.source.
std::string answerFilter(const Route& route);

}  // namespace wirekit::pscan
