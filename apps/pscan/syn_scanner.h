// The SYN scan (-sS): stateless IPv4 probes out through libnet, replies in
// through libpcap, validated by their cookies. Passes over the probes still
// unanswered replace retransmission timers, so a lost probe costs one more
// probe and nothing else: loss is not congestion.
#pragma once

#include "port_state.h"
#include "raw_io.h"
#include "scan_plan.h"
#include "syn_cookie.h"

#include <functional>

namespace wirekit::pscan {

struct SynScanOptions {
    double rate = 0;       ///< probes per second at most; 0: as fast as the link takes them
    int retries = 2;       ///< passes after the first over the unanswered probes
    double maxWait = 1.0;  ///< wait after a pass, at most; adapts to the round trip
};

class SynScanner {
public:
    /// `sender` and `capture` are already open (and privileges dropped).
    SynScanner(ScanPlan& plan, SynSender& sender, Capture& capture, const SynCookie& cookie, const Route& route);

    /// Runs every pass; `sink` gets each port's result once. `tick` is called
    /// often and stops the scan when it returns true.
    void run(const SynScanOptions& options, const std::function<void(const PortResult&)>& sink,
             const std::function<bool()>& tick);

private:
    void sendProbe(const net::SocketAddress& target, unsigned attempt);
    void receive(const std::function<void(const PortResult&)>& sink);
    std::optional<std::uint64_t> probeIndex(const FlowKey& flow) const;
    std::uint32_t microsecondsSinceStart() const;

    ScanPlan& plan_;
    SynSender& sender_;
    Capture& capture_;
    const SynCookie& cookie_;
    Route route_;
    std::vector<std::int32_t> portIndex_;  ///< port → index in plan.ports(), or -1
    // Per probe index, kept small so a million probes cost about 4 MiB:
    std::vector<bool> resolved_;           ///< answered (or given up on)
    std::vector<std::uint32_t> sentAtUs_;  ///< last send, microseconds since the start modulo 2^32, for the RTT
    std::uint64_t unanswered_ = 0;
    double started_ = 0;
    double slowestRtt_ = 0;
};

}  // namespace wirekit::pscan
