// The SYN scan's loop.
#include "syn_scanner.h"

#include "packet_parse.h"
#include "sys/clock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace wirekit::pscan {

namespace {

std::array<std::uint8_t, 16> addressOf(const net::SocketAddress& target) {
    std::array<std::uint8_t, 16> bytes{};
    if (target.family() == AF_INET)
        std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in*>(target.get())->sin_addr, 4);
    else
        std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in6*>(target.get())->sin6_addr, 16);
    return bytes;
}

net::SocketAddress socketAddress(int family, const std::array<std::uint8_t, 16>& address, std::uint16_t port) {
    sockaddr_storage storage{};
    if (family == AF_INET) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET;
        std::memcpy(&v4->sin_addr, address.data(), 4);
        v4->sin_port = htons(port);
        return net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), sizeof *v4);
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    std::memcpy(&v6->sin6_addr, address.data(), 16);
    v6->sin6_port = htons(port);
    return net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), sizeof *v6);
}

/// "02:00:5E:10:00:01". Every answer on the link carries a MAC: by hand,
/// since snprintf took a third of the time spent on each answer.
std::string macText(const std::array<std::uint8_t, 6>& mac) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string text(17, ':');
    for (std::size_t i = 0; i < mac.size(); ++i) {
        text[3 * i] = digits[mac[i] >> 4];
        text[3 * i + 1] = digits[mac[i] & 0x0F];
    }
    return text;
}

}  // namespace

SynScanner::SynScanner(ScanPlan& plan, ProbePaths& paths, const SynCookie& cookie)
    : plan_(plan), paths_(paths), cookie_(cookie) {
    const auto probes = static_cast<std::size_t>(plan_.probeCount());
    resolved_.assign(probes, false);
    unanswered_ = plan_.toDo();
    started_ = sys::monotonicSeconds();
}

std::uint16_t SynScanner::stamp() const {
    const double units = (sys::monotonicSeconds() - started_) * 1e6 / SynCookie::stampMicroseconds;
    return static_cast<std::uint16_t>(static_cast<std::uint64_t>(units));
}

std::optional<SynScanner::Located> SynScanner::locate(int family, const std::array<std::uint8_t, 16>& address,
                                                      std::uint16_t port) const {
    const auto where = plan_.locate(family, addressNumber(family, address.data()), port);
    if (!where) return std::nullopt;
    return Located{where->probe, paths_.pathOfRange[where->range]};
}

void SynScanner::sendProbe(const net::SocketAddress& target, const Located& where, unsigned attempt) {
    ProbePath& path = paths_.paths[where.path];
    FlowKey flow;
    flow.source = path.route.source;
    flow.target = addressOf(target);
    flow.targetPort = target.port();
    const auto fields = cookie_.probe(flow, attempt, stamp());
    path.sender->queue(flow, fields.sourcePort, fields.sequence);
}

void SynScanner::flushProbes() {
    for (auto& path : paths_.paths) path.sender->flush();
}

void SynScanner::receive(const std::function<void(const PortResult&)>& sink) {
    for (std::size_t path = 0; path < paths_.paths.size(); ++path) receiveFrom(path, sink);
}

void SynScanner::receiveFrom(std::size_t pathIndex, const std::function<void(const PortResult&)>& sink) {
    const ProbePath& path = paths_.paths[pathIndex];
    path.capture->drain([&](const std::uint8_t* bytes, std::size_t size) {
        const auto reply = parseReply(bytes, size, path.capture->ethernet());
        if (!reply || reply->family != path.route.family) return;
        // A reply proves itself: TCP by the acknowledged cookie, ICMP by the quoted one.
        const bool valid = reply->kind == ReplyKind::unreachable
                               ? cookie_.quotes(reply->flow, reply->ourPort, reply->sequence)
                               : cookie_.validates(reply->flow, reply->ourPort, reply->ack);
        if (!valid) return;  // stale, forged, or not ours
        const auto where = locate(reply->family, reply->flow.target, reply->flow.targetPort);
        if (!where || resolved_[where->probe]) return;  // not scanned, or a duplicate
        resolved_[where->probe] = true;
        --unanswered_;
        // The answer echoes the probe's sequence number, and with it the send stamp.
        const std::uint32_t probeSequence = reply->kind == ReplyKind::unreachable ? reply->sequence : reply->ack - 1;
        const auto elapsed = static_cast<std::uint16_t>(stamp() - SynCookie::stampOf(probeSequence));  // modulo 2^16
        const double rtt = elapsed * (SynCookie::stampMicroseconds / 1e6);
        slowestRtt_ = std::max(slowestRtt_, rtt);
        // A smoothed round trip and its variation, as TCP keeps them (RFC 6298).
        if (smoothedRtt_ == 0) {
            smoothedRtt_ = rtt;
            rttVariation_ = rtt / 2;
        } else {
            rttVariation_ = 0.75 * rttVariation_ + 0.25 * std::abs(smoothedRtt_ - rtt);
            smoothedRtt_ = 0.875 * smoothedRtt_ + 0.125 * rtt;
        }
        PortResult result;
        result.target = socketAddress(reply->family, reply->flow.target, reply->flow.targetPort);
        switch (reply->kind) {
            case ReplyKind::synAck:
                result.state = PortState::open;
                result.reason = "syn-ack";
                break;
            case ReplyKind::reset:
                result.state = PortState::closed;
                result.reason = "reset";
                break;
            case ReplyKind::unreachable:
                result.state = PortState::filtered;
                result.reason = unreachableReason(reply->family, reply->icmpCode);
                break;
        }
        if (reply->kind != ReplyKind::unreachable) {
            result.rtt = rtt;
            result.ttl = reply->ttl;
            // On our own link the frame came from the target itself: its MAC, as nmap reports.
            const bool loopback =
                std::all_of(reply->sourceMac.begin(), reply->sourceMac.end(), [](std::uint8_t b) { return b == 0; });
            if (reply->hasSourceMac && !loopback && path.route.onLink(reply->flow.target))
                result.mac = macText(reply->sourceMac);
        }
        sink(result);
    });
}

void SynScanner::waitForAnswers(int milliseconds) {
    std::vector<pollfd> fds;
    for (const auto& path : paths_.paths) fds.push_back(pollfd{path.capture->fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), milliseconds);
}

void SynScanner::run(const SynScanOptions& options, const std::function<void(const PortResult&)>& sink,
                     const std::function<bool()>& tick) {
    double tokens = 0, tokensAt = sys::monotonicSeconds();
    for (int pass = 0; pass <= options.retries; ++pass) {
        plan_.restart();
        std::size_t sentThisPass = 0;
        while (const auto planned = plan_.nextProbe()) {
            const Located where{planned->location.probe, paths_.pathOfRange[planned->location.range]};
            if (resolved_[where.probe]) continue;
            if (options.rate > 0) {
                for (;;) {
                    const double now = sys::monotonicSeconds();
                    tokens = std::min(std::max(1.0, options.rate / 100), tokens + (now - tokensAt) * options.rate);
                    tokensAt = now;
                    if (tokens >= 1) break;
                    flushProbes();  // what the tokens paid for leaves now, not after the wait
                    waitForAnswers(1);
                    receive(sink);
                }
                tokens -= 1;
            }
            sendProbe(planned->target, where, static_cast<unsigned>(pass));
            // Read replies between bursts so the capture buffer never overflows.
            if (++sentThisPass % SynSender::batchSize == 0) {
                flushProbes();
                receive(sink);
                if (tick()) return;
            }
        }
        flushProbes();
        if (sentThisPass == 0) break;  // everything answered
        // Wait for stragglers. Until something answers there is no round trip
        // to go by, and the first probes to a fresh on-link host wait for its
        // link address (IPv6 neighbour discovery takes a second): wait up to
        // the whole timeout, and shorten the wait as soon as answers give a
        // round trip. Between passes a retransmission timeout as TCP's will
        // do (an answer that comes later still counts); after the last pass,
        // which decides what is filtered, a few times the slowest round trip.
        const bool lastPass = pass == options.retries;
        const double passEnded = sys::monotonicSeconds();
        const auto waitAfterPass = [&] {
            if (slowestRtt_ <= 0) return options.maxWait;
            if (!lastPass) return std::clamp(smoothedRtt_ + 4 * rttVariation_ + 0.01, 0.02, options.maxWait);
            return std::clamp(slowestRtt_ * 4 + 0.05, 0.1, options.maxWait);
        };
        while (unanswered_ > 0 && sys::monotonicSeconds() < passEnded + waitAfterPass()) {
            waitForAnswers(10);
            receive(sink);
            if (tick()) return;
        }
    }
    // What never answered is filtered.
    plan_.restart();
    while (const auto planned = plan_.nextProbe()) {
        if (resolved_[planned->location.probe]) continue;
        resolved_[planned->location.probe] = true;
        PortResult silent;
        silent.target = planned->target;
        silent.reason = "no-response";  // state: filtered
        sink(silent);
    }
}

}  // namespace wirekit::pscan
