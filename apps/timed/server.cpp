// `timed serve`: the event loop. Replies are built by the pure modules
// (rfc868, rfc867, sntp_responder); this file only moves bytes.
#include "server.h"

#include "cli/diag.h"
#include "rfc867.h"
#include "rfc868.h"
#include "sntp_responder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>

namespace wirekit::timed {

namespace {

constexpr std::size_t batchSize = 64;          // datagrams per recvmmsg/sendmmsg
constexpr std::size_t datagramCapacity = 512;  // longer requests are truncated: we read 48 bytes at most
constexpr std::size_t controlCapacity = 128;
constexpr std::size_t replyCapacity = 64;  // the longest reply is a daytime line
constexpr std::uint64_t tagListener = 1ULL << 32, tagConnection = 2ULL << 32, tagSignal = 3ULL << 32;

std::uint64_t randomKey() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

void addToEpoll(int epoll, int fd, std::uint32_t events, std::uint64_t tag) {
    epoll_event event{};
    event.events = events;
    event.data.u64 = tag;
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) != 0)
        throw std::runtime_error(std::string("epoll_ctl: ") + diag::errnoText(errno));
}

void setOption(int fd, int level, int name, int value) { setsockopt(fd, level, name, &value, sizeof value); }

std::size_t putControl(std::uint8_t* buffer, int level, int type, const void* data, std::size_t size) {
    auto* message = reinterpret_cast<cmsghdr*>(buffer);
    message->cmsg_level = level;
    message->cmsg_type = type;
    message->cmsg_len = CMSG_LEN(size);
    std::memcpy(CMSG_DATA(message), data, size);
    return CMSG_SPACE(size);
}

/// Reads a datagram's ancillary data: the kernel's receive timestamp into
/// `received`, and the destination address, which it turns into the control
/// message that makes the reply leave from that same address. Returns that
/// control message's length (0 when the socket is not a wildcard).
std::size_t readAncillary(const msghdr& header, sys::WallTime& received, std::uint8_t* replyControl) {
    std::size_t replyControlLength = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&header), c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            timespec ts{};
            std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
            received = sys::WallTime::fromTimespec(ts);
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            in_pktinfo answer{};
            answer.ipi_spec_dst = info.ipi_addr;  // answer from the address asked
            replyControlLength = putControl(replyControl, IPPROTO_IP, IP_PKTINFO, &answer, sizeof answer);
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info{};  // address and interface, as received
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            replyControlLength = putControl(replyControl, IPPROTO_IPV6, IPV6_PKTINFO, &info, sizeof info);
        }
    }
    return replyControlLength;
}

}  // namespace

const char* serviceName(Service service) {
    switch (service) {
        case Service::time: return "time";
        case Service::daytime: return "daytime";
        case Service::sntp: return "sntp";
    }
    return "?";
}

std::string ServerStats::summary() const {
    std::string text = "answered";
    for (int s = 0; s < 3; ++s)
        for (int t = 0; t < 2; ++t) {
            if (s == 2 && t == 1) continue;  // SNTP has no TCP service
            text += std::string(" ") + serviceName(static_cast<Service>(s)) + (t ? "/tcp " : "/udp ") +
                    std::to_string(answered[s][t]);
        }
    text += "; dropped " + std::to_string(malformed) + " malformed, " + std::to_string(rateLimited) +
            " rate-limited; tcp " + std::to_string(tcpTimedOut) + " timed out, " + std::to_string(tcpEvicted) +
            " evicted";
    if (sendErrors) text += "; " + std::to_string(sendErrors) + " send errors";
    return text;
}

TimeServer::TimeServer(const ServerConfig& config, const sys::WallClock& clock)
    : config_(config),
      clock_(clock),
      limiter_(config.rateLimit, config.rateBurst, 4096, randomKey()),
      precision_(measureClockPrecision()) {
    epoll_.reset(sys::checkSyscall(epoll_create1(EPOLL_CLOEXEC), "epoll_create1"));

    // Leave room under the descriptor limit for listeners and the odd file.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const auto room = limit.rlim_cur > 64 ? static_cast<std::size_t>(limit.rlim_cur - 64) : 1;
        if (config_.maxConnections > room) {
            diag::warning("--max-connections " + std::to_string(config_.maxConnections) +
                          " is above the open-file limit; using " + std::to_string(room));
            config_.maxConnections = room;
        }
    }

    if (config_.bindAddresses.empty()) {
        openListeners("0.0.0.0", true);
        try {
            openListeners("::", true);
        } catch (const std::exception& e) {
            // A host without IPv6 still serves IPv4.
            diag::notice(std::string("not listening on IPv6: ") + e.what());
        }
    } else {
        for (const auto& address : config_.bindAddresses) {
            openListeners(address, address == "0.0.0.0" || address == "::");
        }
    }
    if (listeners_.empty()) throw std::runtime_error("every service is switched off: nothing to serve");
    refreshClockState();
}

void TimeServer::openListeners(const std::string& address, bool wildcard) {
    const struct {
        Service service;
        std::uint16_t port;
    } services[] = {
        {Service::time, config_.timePort}, {Service::daytime, config_.daytimePort}, {Service::sntp, config_.sntpPort}};
    for (const auto& s : services) {
        if (s.port == 0) continue;
        const auto where = net::SocketAddress::fromLiteral(address, s.port);
        openListener(s.service, false, where, wildcard);
        if (s.service != Service::sntp) openListener(s.service, true, where, wildcard);
    }
}

void TimeServer::openListener(Service service, bool stream, net::SocketAddress address, bool wildcard) {
    const std::string where = address.toString() + (stream ? "/tcp" : "/udp");
    sys::UniqueFd fd(::socket(address.family(), (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) throw std::runtime_error(where + ": " + diag::errnoText(errno));
    if (address.family() == AF_INET6) setOption(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1);
    if (stream) setOption(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1);
    if (!stream) {
        // The kernel's receive timestamp is the SNTP receive time; the
        // destination address lets a wildcard socket answer from the address
        // the request was sent to.
        if (service == Service::sntp) setOption(fd.get(), SOL_SOCKET, SO_TIMESTAMPNS, 1);
        if (wildcard && address.family() == AF_INET) setOption(fd.get(), IPPROTO_IP, IP_PKTINFO, 1);
        if (wildcard && address.family() == AF_INET6) setOption(fd.get(), IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
    }
    if (::bind(fd.get(), address.get(), address.length()) != 0)
        throw std::runtime_error(where + ": " + diag::errnoText(errno));
    if (stream && ::listen(fd.get(), 1024) != 0) throw std::runtime_error(where + ": " + diag::errnoText(errno));
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &boundLength);
    addToEpoll(epoll_.get(), fd.get(), EPOLLIN, tagListener | listeners_.size());
    listeners_.push_back(Listener{std::move(fd), service, stream, wildcard,
                                  net::SocketAddress(reinterpret_cast<sockaddr*>(&bound), boundLength)});
}

std::vector<std::string> TimeServer::describeListeners() const {
    std::vector<std::string> result;
    for (const auto& l : listeners_)
        result.push_back(std::string(serviceName(l.service)) + " " + l.address.toString() +
                         (l.stream ? "/tcp" : "/udp"));
    return result;
}

void TimeServer::refreshClockState() {
    const double now = sys::monotonicSeconds();
    if (clockStateCheckedAt_ >= 0 && now - clockStateCheckedAt_ < 1.0) return;
    clockStateCheckedAt_ = now;
    clockState_ = advertisedClockState(readKernelClockStatus(), config_.clockPolicy, clock_.now(), precision_);
}

std::size_t TimeServer::buildReply(Service service, const std::uint8_t* request, std::size_t size,
                                   const sys::WallTime& received, std::uint8_t* reply) {
    switch (service) {
        case Service::time: {
            const auto bytes = rfc868::encode(clock_.now().seconds);
            std::memcpy(reply, bytes.data(), bytes.size());
            return bytes.size();
        }
        case Service::daytime: {
            const auto line = rfc867::format(clock_.now().seconds);
            const auto length = std::min(line.size(), replyCapacity);
            std::memcpy(reply, line.data(), length);
            return length;
        }
        case Service::sntp: {
            const auto answer = answerSntp(request, size, received, clock_.now(), clockState_);
            if (answer.verdict != SntpVerdict::reply) {
                ++stats_.malformed;
                return 0;
            }
            std::memcpy(reply, answer.reply.data(), answer.reply.size());
            return answer.reply.size();
        }
    }
    return 0;
}

void TimeServer::serveDatagrams(Listener& listener) {
    struct Slot {
        std::uint8_t request[datagramCapacity];
        std::uint8_t reply[replyCapacity];
        alignas(cmsghdr) std::uint8_t control[controlCapacity];
        alignas(cmsghdr) std::uint8_t replyControl[controlCapacity];
        sockaddr_storage source;
        iovec requestVector, replyVector;
    };
    static Slot slots[batchSize];
    static mmsghdr incoming[batchSize], outgoing[batchSize];

    // A bounded number of batches per wakeup keeps one busy socket from
    // starving the others.
    for (int round = 0; round < 16; ++round) {
        for (std::size_t i = 0; i < batchSize; ++i) {
            Slot& slot = slots[i];
            slot.requestVector = {slot.request, sizeof slot.request};
            incoming[i].msg_hdr = msghdr{};
            incoming[i].msg_hdr.msg_name = &slot.source;
            incoming[i].msg_hdr.msg_namelen = sizeof slot.source;
            incoming[i].msg_hdr.msg_iov = &slot.requestVector;
            incoming[i].msg_hdr.msg_iovlen = 1;
            incoming[i].msg_hdr.msg_control = slot.control;
            incoming[i].msg_hdr.msg_controllen = sizeof slot.control;
        }
        const int count = recvmmsg(listener.fd.get(), incoming, batchSize, MSG_DONTWAIT, nullptr);
        if (count <= 0) return;
        refreshClockState();
        const double now = sys::monotonicSeconds();
        unsigned replies = 0;
        for (int i = 0; i < count; ++i) {
            Slot& slot = slots[i];
            const msghdr& header = incoming[i].msg_hdr;
            const net::SocketAddress source(reinterpret_cast<sockaddr*>(&slot.source), header.msg_namelen);
            if (source.port() == 0) continue;  // nowhere to answer
            if (!limiter_.allow(source, now)) {
                ++stats_.rateLimited;
                continue;
            }
            sys::WallTime received = clock_.now();
            const std::size_t replyControlLength = readAncillary(header, received, slot.replyControl);
            const std::size_t size = std::min<std::size_t>(incoming[i].msg_len, sizeof slot.request);
            const std::size_t replySize = buildReply(listener.service, slot.request, size, received, slot.reply);
            if (replySize == 0) continue;
            slot.replyVector = {slot.reply, replySize};
            msghdr& out = outgoing[replies].msg_hdr;
            out = msghdr{};
            out.msg_name = &slot.source;
            out.msg_namelen = header.msg_namelen;
            out.msg_iov = &slot.replyVector;
            out.msg_iovlen = 1;
            out.msg_control = replyControlLength ? slot.replyControl : nullptr;
            out.msg_controllen = replyControlLength;
            ++replies;
        }
        unsigned sent = 0;
        while (sent < replies) {
            const int n = sendmmsg(listener.fd.get(), outgoing + sent, replies - sent, MSG_DONTWAIT);
            if (n <= 0) {
                // A full send buffer or an unreachable source: drop that reply, keep serving.
                ++stats_.sendErrors;
                ++sent;
                continue;
            }
            sent += static_cast<unsigned>(n);
        }
        stats_.answered[static_cast<int>(listener.service)][0] += replies;
        if (static_cast<std::size_t>(count) < batchSize) return;
    }
}

void TimeServer::acceptConnections(Listener& listener) {
    for (int i = 0; i < 256; ++i) {
        const int fd = accept4(listener.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) diag::warning(std::string("accept: ") + diag::errnoText(errno));
            return;  // EAGAIN: the backlog is empty
        }
        if (openConnections_ >= config_.maxConnections) evictOldestConnection();
        answerConnection(fd, listener.service);
    }
}

void TimeServer::evictOldestConnection() {
    // At the cap, the oldest connection has had its answer already: closing
    // it costs nobody anything, refusing the new one would.
    while (!connectionQueue_.empty()) {
        const Connection oldest = connectionQueue_.front();
        connectionQueue_.pop_front();
        if (static_cast<std::size_t>(oldest.fd) < openGeneration_.size() &&
            openGeneration_[oldest.fd] == oldest.generation) {
            closeConnection(oldest.fd);
            ++stats_.tcpEvicted;
            return;
        }
    }
}

void TimeServer::answerConnection(int fd, Service service) {
    std::uint8_t reply[replyCapacity];
    const std::size_t size = buildReply(service, nullptr, 0, clock_.now(), reply);
    // A fresh socket's send buffer always holds a few dozen bytes.
    if (::send(fd, reply, size, MSG_NOSIGNAL) != static_cast<ssize_t>(size)) {
        ++stats_.sendErrors;
        ::close(fd);
        return;
    }
    ++stats_.answered[static_cast<int>(service)][1];
    ::shutdown(fd, SHUT_WR);
    // Wait for the client to close first, so TIME_WAIT stays on its side.
    if (static_cast<std::size_t>(fd) >= openGeneration_.size()) openGeneration_.resize(fd + 1, 0);
    const std::uint64_t generation = nextGeneration_++;
    openGeneration_[fd] = generation;
    ++openConnections_;
    connectionQueue_.push_back(Connection{fd, generation, sys::monotonicSeconds() + config_.tcpTimeout});
    addToEpoll(epoll_.get(), fd, EPOLLIN | EPOLLRDHUP, tagConnection | static_cast<std::uint32_t>(fd));
}

void TimeServer::readConnection(int fd) {
    std::uint8_t discard[512];
    for (;;) {
        const ssize_t got = ::recv(fd, discard, sizeof discard, MSG_DONTWAIT);
        if (got > 0) continue;  // whatever a client says is not a request: ignore it
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        closeConnection(fd);  // end of stream or an error
        return;
    }
}

void TimeServer::closeConnection(int fd) {
    if (static_cast<std::size_t>(fd) >= openGeneration_.size() || openGeneration_[fd] == 0) return;
    openGeneration_[fd] = 0;
    --openConnections_;
    epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
}

void TimeServer::expireConnections(double now) {
    while (!connectionQueue_.empty()) {
        const Connection& oldest = connectionQueue_.front();
        const bool open = static_cast<std::size_t>(oldest.fd) < openGeneration_.size() &&
                          openGeneration_[oldest.fd] == oldest.generation;
        if (open && oldest.deadline > now) return;
        if (open) {
            closeConnection(oldest.fd);
            ++stats_.tcpTimedOut;
        }
        connectionQueue_.pop_front();
    }
}

const ServerStats& TimeServer::run(sys::SignalChannel& signals) {
    addToEpoll(epoll_.get(), signals.fd(), EPOLLIN, tagSignal);
    epoll_event events[64];
    for (;;) {
        int timeoutMs = -1;
        if (!connectionQueue_.empty()) {
            const double wait = connectionQueue_.front().deadline - sys::monotonicSeconds();
            timeoutMs = std::max(0, static_cast<int>(std::ceil(wait * 1000)));
        }
        const int ready = epoll_wait(epoll_.get(), events, 64, timeoutMs);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + diag::errnoText(errno));
        for (int i = 0; i < ready; ++i) {
            const std::uint64_t tag = events[i].data.u64 & 0xFFFFFFFF00000000ULL;
            const auto value = static_cast<std::uint32_t>(events[i].data.u64);
            if (tag == tagSignal) {
                while (const auto signal = signals.next()) {
                    if (*signal == SIGUSR1) {
                        diag::notice(stats_.summary());
                    } else if (sys::isTerminationSignal(*signal)) {
                        for (const auto& c : connectionQueue_) closeConnection(c.fd);
                        connectionQueue_.clear();
                        return stats_;
                    }
                }
            } else if (tag == tagListener) {
                Listener& listener = listeners_[value];
                if (listener.stream)
                    acceptConnections(listener);
                else
                    serveDatagrams(listener);
            } else if (tag == tagConnection) {
                readConnection(static_cast<int>(value));
            }
        }
        if (!connectionQueue_.empty()) expireConnections(sys::monotonicSeconds());
    }
}

}  // namespace wirekit::timed
