// `timed serve`: one thread, one epoll loop, every protocol and transport.
#pragma once

#include "kernel_clock.h"
#include "net/endpoint.h"
#include "rate_limiter.h"
#include "sys/clock.h"
#include "sys/signals.h"
#include "sys/unique_fd.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace wirekit::timed {

enum class Service { time, daytime, sntp };
const char* serviceName(Service service);

struct ServerConfig {
    std::vector<std::string> bindAddresses;  ///< literal addresses; empty: every address
    std::uint16_t timePort = 37;             ///< 0 switches the service off
    std::uint16_t daytimePort = 13;
    std::uint16_t sntpPort = 123;
    double rateLimit = 10;  ///< UDP requests per second per source; 0: no limit
    double rateBurst = 20;
    std::size_t maxConnections = 512;
    double tcpTimeout = 5;  ///< seconds a connection may stay open after its answer
    ClockPolicy clockPolicy;
};

struct ServerStats {
    std::uint64_t answered[3][2] = {};  ///< [service][0 udp, 1 tcp]
    std::uint64_t malformed = 0;        ///< SNTP requests refused: short, bad version or mode
    std::uint64_t rateLimited = 0;
    std::uint64_t tcpEvicted = 0;  ///< closed early to admit a new one at the cap
    std::uint64_t tcpTimedOut = 0;
    std::uint64_t sendErrors = 0;

    /// One line for the log: "answered time/udp 3 time/tcp 1 ...; dropped ...".
    std::string summary() const;
};

class TimeServer {
public:
    /// Opens and binds every socket; throws std::runtime_error naming the
    /// address and port that failed ("127.0.0.1:37/tcp: permission denied").
    TimeServer(const ServerConfig& config, const sys::WallClock& clock);

    /// Each bound socket as "sntp 127.0.0.1:123/udp", in binding order.
    std::vector<std::string> describeListeners() const;

    /// Serves until `signals` delivers SIGTERM, SIGINT or SIGHUP. SIGUSR1 logs
    /// the counters. Returns the final counters.
    const ServerStats& run(sys::SignalChannel& signals);

private:
    struct Listener {
        sys::UniqueFd fd;
        Service service;
        bool stream;
        bool wildcard;
        net::SocketAddress address;
    };
    struct Connection {
        int fd;
        std::uint64_t generation;
        double deadline;
    };

    void openListeners(const std::string& address, bool wildcard);
    void openListener(Service service, bool stream, net::SocketAddress address, bool wildcard);
    void serveDatagrams(Listener& listener);
    void acceptConnections(Listener& listener);
    void evictOldestConnection();
    void answerConnection(int fd, Service service);
    void readConnection(int fd);
    void closeConnection(int fd);
    void expireConnections(double now);
    void refreshClockState();
    std::size_t buildReply(Service service, const std::uint8_t* request, std::size_t size,
                           const sys::WallTime& received, std::uint8_t* reply);

    ServerConfig config_;
    const sys::WallClock& clock_;
    std::vector<Listener> listeners_;
    sys::UniqueFd epoll_;
    RateLimiter limiter_;
    ServerStats stats_;
    ServerClockState clockState_;
    std::int8_t precision_;
    double clockStateCheckedAt_ = -1;
    std::deque<Connection> connectionQueue_;     ///< in accept order, so in deadline order
    std::vector<std::uint64_t> openGeneration_;  ///< per fd; 0 when not an open connection
    std::uint64_t nextGeneration_ = 1;
    std::size_t openConnections_ = 0;
};

}  // namespace wirekit::timed
