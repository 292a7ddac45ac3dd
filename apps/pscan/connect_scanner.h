// Scans made of ordinary sockets, needing no privilege: the connect scan
// (-sT) and the UDP scan (-sU). Thousands of probes in flight on one epoll
// loop; what each probe does on its socket is a SocketProbe.
#pragma once

#include "port_state.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::pscan {

struct ConnectScanOptions {
    double maxTimeout = 1.0;      ///< seconds a connect may take at most
    double minTimeout = 0.05;     ///< the adaptive timeout never goes below this
    int retries = 1;              ///< extra tries for a probe that got no answer
    std::size_t maxInFlight = 0;  ///< 0: as many as the descriptor limit allows
    double rate = 0;              ///< connects per second at most; 0: no cap
    double bannerTimeout = 0;     ///< > 0: read what an open TCP port says first, this long at most
};

/// The first line of what a service sent, for a report: up to the first CR
/// or LF, at most 80 characters, anything unprintable as '.'.
std::string bannerLine(const std::string& bytes);

/// What one probe does on its socket. The loop around it (window, rate,
/// adaptive timeout, retries) is shared.
class SocketProbe {
public:
    virtual ~SocketProbe() = default;
    virtual int socketType() const = 0;
    /// The epoll event that means the answer is in (EPOLLOUT, EPOLLIN).
    virtual std::uint32_t readyEvent() const = 0;
    /// Starts on a fresh non-blocking socket: 0 when answered at once,
    /// EINPROGRESS to wait for readyEvent(), another errno for a failure.
    virtual int start(int fd, const net::SocketAddress& target) const = 0;
    /// Once ready: 0 for an answer, else the errno the socket reports.
    virtual int collect(int fd) const = 0;
    /// What a status from start() or collect() means; nothing for errors
    /// that say nothing about the port (EMFILE).
    virtual std::optional<std::pair<PortState, const char*>> classify(int error) const = 0;
    /// The state of a port that never answered.
    virtual PortState silence() const = 0;
    /// "tcp" or "udp", for the report.
    virtual const char* protocol() const = 0;
    /// True when an answer is an artifact of our own host, to be asked again.
    virtual bool artifact(int, const net::SocketAddress&) const { return false; }
};

/// The connect scan's probe: connect(2), closed with a reset.
class ConnectProbe final : public SocketProbe {
public:
    int socketType() const override;
    std::uint32_t readyEvent() const override;
    int start(int fd, const net::SocketAddress& target) const override;
    int collect(int fd) const override;
    std::optional<std::pair<PortState, const char*>> classify(int error) const override;
    PortState silence() const override { return PortState::filtered; }
    const char* protocol() const override { return "tcp"; }
    /// On loopback the kernel may give the socket the target port as its own:
    /// TCP's simultaneous open then connects it to itself.
    bool artifact(int fd, const net::SocketAddress& target) const override;
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
std::size_t runSocketScan(const SocketProbe& probe, const ProbeSource& source, const ResultSink& sink,
                          const ConnectScanOptions& options, const std::function<bool()>& stop);

/// The state and reason a finished connect(2) means, from its errno (0: it
/// connected). Nothing for errors that say nothing about the port (EMFILE).
std::optional<std::pair<PortState, const char*>> classifyConnect(int error);

}  // namespace wirekit::pscan
