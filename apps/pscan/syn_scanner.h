// The SYN scan (-sS): stateless probes crafted by libnet go out in batches,
// replies come in through libpcap, validated by their cookies. Passes over
// the probes still unanswered replace retransmission timers, so a lost probe
// costs one more probe and nothing else: loss is not congestion.
#pragma once

#include "port_state.h"
#include "probe_paths.h"
#include "scan_plan.h"
#include "syn_cookie.h"

#include <functional>
#include <optional>

namespace wirekit::pscan {

struct SynScanOptions {
    double rate = 0;       ///< probes per second at most; 0: as fast as the link takes them
    int retries = 2;       ///< passes after the first over the unanswered probes
    double maxWait = 1.0;  ///< wait after a pass, at most; adapts to the round trip
};

class SynScanner {
public:
    /// The paths are already open (and privileges dropped). `cookie` must
    /// allow options.retries + 1 attempts.
    SynScanner(ScanPlan& plan, ProbePaths& paths, const SynCookie& cookie);

    /// Runs every pass; `sink` gets each port's result once. `tick` is called
    /// often and stops the scan when it returns true.
    void run(const SynScanOptions& options, const std::function<void(const PortResult&)>& sink,
             const std::function<bool()>& tick);

private:
    /// Where a target address sits in the plan.
    struct Located {
        std::uint64_t probe;  ///< index into resolved_
        std::size_t path;
    };
    std::optional<Located> locate(int family, const std::array<std::uint8_t, 16>& address, std::uint16_t port) const;
    /// Queues the probe on its path's sender; flushProbes() sends what is queued.
    void sendProbe(const net::SocketAddress& target, const Located& where, unsigned attempt);
    void flushProbes();
    void receive(const std::function<void(const PortResult&)>& sink);
    void receiveFrom(std::size_t path, const std::function<void(const PortResult&)>& sink);
    void waitForAnswers(int milliseconds);
    /// Now, in units of SynCookie::stampMicroseconds since the start, modulo 2^16.
    std::uint16_t stamp() const;

    ScanPlan& plan_;
    ProbePaths& paths_;
    const SynCookie& cookie_;
    // The only per-probe state: a bit, so a million probes cost 128 KiB.
    std::vector<bool> resolved_;  ///< answered (or given up on)
    std::uint64_t unanswered_ = 0;
    double started_ = 0;
    double slowestRtt_ = 0;
    double smoothedRtt_ = 0, rttVariation_ = 0;
};

}  // namespace wirekit::pscan
