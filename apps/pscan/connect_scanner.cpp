// The connect scan's event loop.
#include "connect_scanner.h"

#include "cli/diag.h"
#include "sys/clock.h"
#include "sys/unique_fd.h"

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <unordered_map>

namespace wirekit::pscan {

const char* portStateName(PortState state) {
    switch (state) {
        case PortState::open: return "open";
        case PortState::closed: return "closed";
        case PortState::filtered: return "filtered";
        case PortState::openFiltered: return "open|filtered";
    }
    return "?";
}

std::optional<std::pair<PortState, const char*>> classifyConnect(int error) {
    switch (error) {
        case 0: return std::make_pair(PortState::open, "syn-ack");
        case ECONNREFUSED: return std::make_pair(PortState::closed, "conn-refused");
        case EHOSTUNREACH: return std::make_pair(PortState::filtered, "host-unreach");
        case ENETUNREACH: return std::make_pair(PortState::filtered, "net-unreach");
        case EACCES:
        case EPERM: return std::make_pair(PortState::filtered, "admin-prohibited");
        case ETIMEDOUT: return std::make_pair(PortState::filtered, "no-response");
        default: return std::nullopt;
    }
}

std::string bannerLine(const std::string& bytes) {
    std::string line;
    for (char c : bytes) {
        if (c == '\r' || c == '\n' || line.size() == 80) break;
        line += (c >= 0x20 && c < 0x7F) ? c : '.';
    }
    return line;
}

namespace {

/// TCP's retransmission timer (RFC 6298) over connect round trips.
class AdaptiveTimeout {
public:
    AdaptiveTimeout(double minimum, double maximum) : minimum_(minimum), maximum_(maximum) {}
    void sample(double rtt) {
        if (samples_++ == 0) {
            smoothed_ = rtt;
            deviation_ = rtt / 2;
        } else {
            deviation_ = 0.75 * deviation_ + 0.25 * std::fabs(smoothed_ - rtt);
            smoothed_ = 0.875 * smoothed_ + 0.125 * rtt;
        }
    }
    double current() const {
        if (samples_ < 8) return maximum_;  // too few answers to trust
        return std::clamp(smoothed_ + 4 * deviation_, minimum_, maximum_);
    }

private:
    double minimum_, maximum_;
    double smoothed_ = 0, deviation_ = 0;
    unsigned samples_ = 0;
};

struct Probe {
    net::SocketAddress target;
    sys::UniqueFd fd;
    double started = 0;
    int triesLeft = 0;
    std::uint64_t id = 0;
};

/// An open port whose first words are awaited.
struct BannerRead {
    sys::UniqueFd fd;
    PortResult result;
};

std::size_t defaultInFlight() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    // Use what the hard limit allows: a connect scan is descriptors.
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    const auto available = limit.rlim_cur > 64 ? static_cast<std::size_t>(limit.rlim_cur - 64) : 1;
    return std::min<std::size_t>(available, 4096);
}

}  // namespace

int ConnectProbe::socketType() const { return SOCK_STREAM; }

std::uint32_t ConnectProbe::readyEvent() const { return EPOLLOUT; }

int ConnectProbe::start(int fd, const net::SocketAddress& target) const {
    // Close with a reset: no TIME_WAIT pile-up after thousands of connects.
    const linger reset{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    return ::connect(fd, target.get(), target.length()) == 0 ? 0 : errno;
}

int ConnectProbe::collect(int fd) const {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error;
}

std::optional<std::pair<PortState, const char*>> ConnectProbe::classify(int error) const {
    return classifyConnect(error);
}

bool ConnectProbe::artifact(int fd, const net::SocketAddress& target) const {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return false;
    const net::SocketAddress self(reinterpret_cast<sockaddr*>(&local), length);
    return self.port() == target.port() && self.host() == target.host();
}

std::size_t runSocketScan(const SocketProbe& kind, const ProbeSource& source, const ResultSink& sink,
                          const ConnectScanOptions& options, const std::function<bool()>& stop) {
    sys::UniqueFd epoll(sys::checkSyscall(epoll_create1(EPOLL_CLOEXEC), "epoll_create1"));
    const std::size_t inFlightCap = options.maxInFlight ? options.maxInFlight : defaultInFlight();
    AdaptiveTimeout timeout(options.minTimeout, options.maxTimeout);
    std::unordered_map<std::uint64_t, Probe> inFlight;
    std::deque<std::pair<double, std::uint64_t>> byStart;  // (start, id): starts only grow, so FIFO
    std::deque<Probe> retryQueue;
    std::uint64_t nextId = 1;
    std::size_t resolved = 0;
    bool sourceDone = false;
    double tokens = 1, tokensAt = sys::monotonicSeconds();

    std::unordered_map<std::uint64_t, BannerRead> banners;
    std::deque<std::pair<double, std::uint64_t>> bannerDeadlines;  // uniform timeout, so FIFO
    const bool readBanners = options.bannerTimeout > 0 && std::string(kind.protocol()) == "tcp";

    auto finish = [&](Probe& probe, PortState state, const char* reason, std::optional<double> rtt) {
        PortResult result;
        result.target = probe.target;
        result.state = state;
        result.reason = reason;
        result.rtt = rtt;
        result.protocol = kind.protocol();
        if (readBanners && state == PortState::open && probe.fd) {
            // Keep the connection a while to hear what the service says first.
            // A connect that succeeded at once was never registered.
            const int operation = probe.id == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
            if (probe.id == 0) probe.id = nextId++;
            epoll_event event{};
            event.events = EPOLLIN | EPOLLRDHUP;
            event.data.u64 = probe.id;
            if (epoll_ctl(epoll.get(), operation, probe.fd.get(), &event) == 0) {
                bannerDeadlines.emplace_back(sys::monotonicSeconds() + options.bannerTimeout, probe.id);
                banners.emplace(probe.id, BannerRead{std::move(probe.fd), std::move(result)});
                return;
            }
        }
        sink(result);
        ++resolved;
    };
    auto finishBanner = [&](std::unordered_map<std::uint64_t, BannerRead>::iterator read) {
        sink(read->second.result);
        ++resolved;
        banners.erase(read);  // closes the connection
    };

    auto launch = [&](Probe probe) {
        probe.fd.reset(::socket(probe.target.family(), kind.socketType() | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!probe.fd) throw std::runtime_error(std::string("socket: ") + diag::errnoText(errno));
        probe.started = sys::monotonicSeconds();
        const int error = kind.start(probe.fd.get(), probe.target);
        if (error == 0 && kind.artifact(probe.fd.get(), probe.target)) {
            Probe again;
            again.target = probe.target;
            again.triesLeft = probe.triesLeft;
            retryQueue.push_back(std::move(again));
            return;
        }
        if (error != EINPROGRESS) {
            if (const auto verdict = kind.classify(error)) {
                finish(probe, verdict->first, verdict->second,
                       verdict->first == PortState::filtered
                           ? std::nullopt
                           : std::optional<double>(sys::monotonicSeconds() - probe.started));
                return;
            }
            throw std::runtime_error(probe.target.toString() + ": " + diag::errnoText(error));
        }
        probe.id = nextId++;
        epoll_event event{};
        event.events = kind.readyEvent();
        event.data.u64 = probe.id;
        sys::checkSyscall(epoll_ctl(epoll.get(), EPOLL_CTL_ADD, probe.fd.get(), &event), "epoll_ctl");
        byStart.emplace_back(probe.started, probe.id);
        inFlight.emplace(probe.id, std::move(probe));
    };

    epoll_event events[256];
    while (!stop()) {
        // Fill the window, as fast as the rate allows.
        while (inFlight.size() < inFlightCap && !(sourceDone && retryQueue.empty())) {
            if (options.rate > 0) {
                const double now = sys::monotonicSeconds();
                tokens = std::min(std::max(1.0, options.rate / 100), tokens + (now - tokensAt) * options.rate);
                tokensAt = now;
                if (tokens < 1) break;
                tokens -= 1;
            }
            if (!retryQueue.empty()) {
                Probe probe = std::move(retryQueue.front());
                retryQueue.pop_front();
                launch(std::move(probe));
                continue;
            }
            const auto next = source();
            if (!next) {
                sourceDone = true;
                break;
            }
            Probe probe;
            probe.target = *next;
            probe.triesLeft = options.retries;
            launch(std::move(probe));
        }
        if (inFlight.empty() && banners.empty() && sourceDone && retryQueue.empty()) break;

        int waitMs = 10;
        if (!byStart.empty()) {
            const double due = byStart.front().first + timeout.current() - sys::monotonicSeconds();
            waitMs = std::clamp(static_cast<int>(std::ceil(due * 1000)), 0, 100);
        }
        if (!bannerDeadlines.empty()) {
            const double due = bannerDeadlines.front().first - sys::monotonicSeconds();
            waitMs = std::min(waitMs, std::clamp(static_cast<int>(std::ceil(due * 1000)), 0, 100));
        }
        const int ready = epoll_wait(epoll.get(), events, 256, waitMs);
        for (int i = 0; i < ready; ++i) {
            if (auto read = banners.find(events[i].data.u64); read != banners.end()) {
                char bytes[256];
                const ssize_t got = ::recv(read->second.fd.get(), bytes, sizeof bytes, MSG_DONTWAIT);
                if (got > 0) read->second.result.banner = bannerLine(std::string(bytes, static_cast<std::size_t>(got)));
                finishBanner(read);
                continue;
            }
            auto found = inFlight.find(events[i].data.u64);
            if (found == inFlight.end()) continue;
            Probe& probe = found->second;
            const int error = kind.collect(probe.fd.get());
            const double rtt = sys::monotonicSeconds() - probe.started;
            if (error == 0 && kind.artifact(probe.fd.get(), probe.target)) {
                // Nothing listens there; ask again from another port.
                Probe again;
                again.target = probe.target;
                again.triesLeft = probe.triesLeft;
                inFlight.erase(found);
                retryQueue.push_back(std::move(again));
                continue;
            }
            const auto verdict = kind.classify(error);
            if (verdict && verdict->first != PortState::filtered) timeout.sample(rtt);
            if (verdict)
                finish(probe, verdict->first, verdict->second,
                       verdict->first == PortState::filtered ? std::nullopt : std::optional<double>(rtt));
            else
                finish(probe, kind.silence(), "no-response", std::nullopt);
            inFlight.erase(found);  // closes the socket
        }
        // Expire the oldest probes: a retry if any are left, else silence's state.
        const double now = sys::monotonicSeconds();
        while (!bannerDeadlines.empty() && bannerDeadlines.front().first <= now) {
            const auto read = banners.find(bannerDeadlines.front().second);
            bannerDeadlines.pop_front();
            if (read != banners.end()) finishBanner(read);  // silent service: no banner
        }
        while (!byStart.empty() && byStart.front().first + timeout.current() <= now) {
            const auto id = byStart.front().second;
            byStart.pop_front();
            auto found = inFlight.find(id);
            if (found == inFlight.end()) continue;  // already answered
            Probe probe = std::move(found->second);
            inFlight.erase(found);
            probe.fd.reset();
            if (probe.triesLeft-- > 0)
                retryQueue.push_back(std::move(probe));
            else
                finish(probe, kind.silence(), "no-response", std::nullopt);
        }
    }
    return resolved;
}

}  // namespace wirekit::pscan
