// Opening the SYN scan's paths.
#include "probe_paths.h"

#include <algorithm>

namespace wirekit::pscan {

std::string answerFilter(const Route& route) {
    return "dst host " + route.sourceText() + " and ((tcp and dst portrange " + std::to_string(SynCookie::portBase) +
           "-" + std::to_string(SynCookie::portBase + SynCookie::portSpan - 1) +
           ") or (icmp and icmp[icmptype] == icmp-unreach)" +
           " or (icmp6 and icmp6[icmp6type] == icmp6-destinationunreach))";
}

ProbePaths openProbePaths(const TargetSet& targets) {
    ProbePaths result;
    for (std::size_t range = 0; range < targets.ranges().size(); ++range) {
        Route route = routeTo(targets.at(targets.rangeStart(range), 0));
        const auto same = std::find_if(result.paths.begin(), result.paths.end(), [&](const ProbePath& path) {
            return path.route.device == route.device && path.route.source == route.source;
        });
        if (same != result.paths.end()) {
            result.pathOfRange.push_back(static_cast<std::size_t>(same - result.paths.begin()));
            continue;
        }
        ProbePath path;
        path.sender = std::make_unique<SynSender>(route.device, route.family);
        path.capture = std::make_unique<Capture>(route.device, answerFilter(route));
        path.route = std::move(route);
        result.pathOfRange.push_back(result.paths.size());
        result.paths.push_back(std::move(path));
    }
    return result;
}

}  // namespace wirekit::pscan
