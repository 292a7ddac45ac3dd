// `timed query`'s network edge.
#include "query_runner.h"

#include "cli/diag.h"
#include "net/resolve.h"
#include "sys/unique_fd.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>

namespace wirekit::timed {

namespace {

struct Query {
    const QueryRequest* request = nullptr;
    ServerAnswer answer;
    sys::UniqueFd fd;
    bool done = false;
    bool connecting = false;
    double deadline = 0;  // monotonic: give up
    double nextTry = 0;   // monotonic: resend (UDP)
    int triesLeft = 0;
    sys::WallTime sent;  // local clock when the latest try left
    std::vector<SntpExchange> exchanges;
    std::vector<std::uint8_t> buffer;
    std::string lastError;  // a bad reply seen while still waiting for a good one
};

std::string shortSeconds(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", seconds);
    return text;
}

int localUtcOffset(std::int64_t unixSeconds) {
    const time_t t = static_cast<time_t>(unixSeconds);
    tm local{};
    localtime_r(&t, &local);
    return static_cast<int>(local.tm_gmtoff);
}

void finish(Query& q, std::string error) {
    q.done = true;
    q.answer.error = std::move(error);
    q.fd.reset();
}

void sendUdpTry(Query& q, const sys::WallClock& clock, std::mt19937& random, double tryInterval) {
    q.sent = clock.now();
    ssize_t rc = 0;
    if (q.request->protocol == Protocol::sntp) {
        q.exchanges.emplace_back(q.sent, static_cast<std::uint32_t>(random()));
        const auto& bytes = q.exchanges.back().request();
        rc = ::send(q.fd.get(), bytes.data(), bytes.size(), 0);
    } else {
        // RFC 868 and RFC 867 over UDP: any datagram, even an empty one, asks.
        rc = ::send(q.fd.get(), "", 0, 0);
    }
    if (rc < 0) return finish(q, diag::errnoText(errno));
    --q.triesLeft;
    q.nextTry = sys::monotonicSeconds() + tryInterval;
}

void start(Query& q, const QueryTiming& timing, const sys::WallClock& clock, std::mt19937& random) {
    const QueryRequest& r = *q.request;
    const bool udp = r.transport == Transport::udp;
    std::vector<net::SocketAddress> addresses;
    try {
        addresses = net::resolve(r.host, r.port, udp ? SOCK_DGRAM : SOCK_STREAM, timing.family);
    } catch (const std::exception& e) {
        std::string message = e.what();
        // resolve() prefixes the host; the caller adds the server itself.
        if (message.rfind(r.host + ": ", 0) == 0) message.erase(0, r.host.size() + 2);
        return finish(q, message);
    }
    const net::SocketAddress& address = addresses.front();
    q.fd.reset(::socket(address.family(), (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!q.fd) return finish(q, diag::errnoText(errno));
    q.deadline = sys::monotonicSeconds() + timing.timeout;
    q.sent = clock.now();
    // A connected UDP socket hears ICMP port-unreachable as ECONNREFUSED and
    // accepts datagrams from that server only.
    if (::connect(q.fd.get(), address.get(), address.length()) != 0) {
        if (!udp && errno == EINPROGRESS) {
            q.connecting = true;
            return;
        }
        return finish(q, diag::errnoText(errno));
    }
    if (udp) {
        q.triesLeft = 1 + std::max(0, timing.retries);
        sendUdpTry(q, clock, random, timing.timeout / q.triesLeft);
    }
}

void receiveUdp(Query& q, const sys::WallClock& clock) {
    std::uint8_t reply[1024];
    for (;;) {
        const ssize_t got = ::recv(q.fd.get(), reply, sizeof reply, MSG_DONTWAIT);
        const sys::WallTime received = clock.now();
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            return finish(q, diag::errnoText(errno));
        }
        const auto size = static_cast<std::size_t>(got);
        try {
            switch (q.request->protocol) {
                case Protocol::sntp: {
                    const auto match = std::find_if(q.exchanges.begin(), q.exchanges.end(),
                                                    [&](const SntpExchange& e) { return e.answers(reply, size); });
                    // Not an answer to any try: a stale or forged datagram. Note it, keep listening.
                    const SntpExchange& exchange = match != q.exchanges.end() ? *match : q.exchanges.back();
                    q.answer.measurement = exchange.interpret(reply, size, received);
                    break;
                }
                case Protocol::time: q.answer.measurement = interpretTimeReply(reply, size, q.sent, received); break;
                case Protocol::daytime:
                    q.answer.measurement = interpretDaytimeReply(std::string(reinterpret_cast<char*>(reply), size),
                                                                 q.sent, received, localUtcOffset(received.seconds));
                    break;
            }
            q.done = true;
            q.fd.reset();
            return;
        } catch (const ProtocolError& e) {
            q.lastError = e.what();
            // A kiss-of-death or an unsynchronised server is an answer: stop asking.
            if (q.request->protocol == Protocol::sntp && q.lastError.find("origin mismatch") == std::string::npos)
                return finish(q, q.lastError);
        }
    }
}

void interpretStream(Query& q, const sys::WallTime& received) {
    try {
        if (q.request->protocol == Protocol::time)
            q.answer.measurement = interpretTimeReply(q.buffer.data(), q.buffer.size(), q.sent, received);
        else
            q.answer.measurement = interpretDaytimeReply(std::string(q.buffer.begin(), q.buffer.end()), q.sent,
                                                         received, localUtcOffset(received.seconds));
        q.done = true;
        q.fd.reset();
    } catch (const ProtocolError& e) {
        finish(q, e.what());
    }
}

void receiveTcp(Query& q, const sys::WallClock& clock) {
    std::uint8_t chunk[512];
    for (;;) {
        const ssize_t got = ::recv(q.fd.get(), chunk, sizeof chunk, MSG_DONTWAIT);
        const sys::WallTime received = clock.now();
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            return finish(q, diag::errnoText(errno));
        }
        if (got == 0) {
            if (q.buffer.empty()) return finish(q, "connection closed without a reply");
            return interpretStream(q, received);
        }
        q.buffer.insert(q.buffer.end(), chunk, chunk + got);
        if (q.buffer.size() > 256) return finish(q, "reply too long (" + std::to_string(q.buffer.size()) + " bytes)");
        // Complete without waiting for the close: a server that holds the
        // connection open must not cost the whole timeout.
        if (q.request->protocol == Protocol::time && q.buffer.size() >= 4) {
            // Read what else is queued first, so an overlong reply is caught.
            if (::recv(q.fd.get(), chunk, sizeof chunk, MSG_DONTWAIT | MSG_PEEK) > 0) continue;
            return interpretStream(q, received);
        }
        if (q.request->protocol == Protocol::daytime &&
            std::find(q.buffer.begin(), q.buffer.end(), '\n') != q.buffer.end())
            return interpretStream(q, received);
    }
}

}  // namespace

std::vector<ServerAnswer> runQueries(const std::vector<QueryRequest>& requests, const QueryTiming& timing,
                                     const sys::WallClock& clock) {
    std::mt19937 random(std::random_device{}());
    std::vector<Query> queries(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        queries[i].request = &requests[i];
        queries[i].answer.server = requests[i].server;
        start(queries[i], timing, clock, random);
    }
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<Query*> owners;
        double wake = 1e300;
        const double now = sys::monotonicSeconds();
        for (auto& q : queries) {
            if (q.done) continue;
            if (now >= q.deadline) {
                finish(q,
                       q.lastError.empty() ? "no answer within " + shortSeconds(timing.timeout) + " s" : q.lastError);
                continue;
            }
            if (q.request->transport == Transport::udp && q.triesLeft > 0 && now >= q.nextTry) {
                sendUdpTry(q, clock, random, timing.timeout / (1 + std::max(0, timing.retries)));
                if (q.done) continue;
            }
            wake = std::min(wake, q.deadline);
            if (q.request->transport == Transport::udp && q.triesLeft > 0) wake = std::min(wake, q.nextTry);
            fds.push_back(pollfd{q.fd.get(), static_cast<short>(q.connecting ? POLLOUT : POLLIN), 0});
            owners.push_back(&q);
        }
        if (fds.empty()) break;
        const int waitMs = std::max(0, static_cast<int>(std::ceil((wake - now) * 1000)));
        const int ready = ::poll(fds.data(), fds.size(), waitMs);
        if (ready <= 0) continue;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents == 0) continue;
            Query& q = *owners[i];
            if (q.connecting) {
                int error = 0;
                socklen_t length = sizeof error;
                getsockopt(q.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
                if (error != 0) {
                    finish(q, diag::errnoText(error));
                    continue;
                }
                q.connecting = false;  // the server answers on accept: now wait to read
                continue;
            }
            if (q.request->transport == Transport::udp)
                receiveUdp(q, clock);
            else
                receiveTcp(q, clock);
        }
    }
    std::vector<ServerAnswer> answers;
    for (auto& q : queries) answers.push_back(std::move(q.answer));
    return answers;
}

}  // namespace wirekit::timed
