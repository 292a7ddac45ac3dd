// The SYN scan's loop.
#include "syn_scanner.h"

#include "packet_parse.h"
#include "sys/clock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace wirekit::pscan {

namespace {

FlowKey flowTo(const Route& route, const net::SocketAddress& target) {
    FlowKey flow;
    flow.source = route.source;
    if (target.family() == AF_INET)
        std::memcpy(flow.target.data(), &reinterpret_cast<const sockaddr_in*>(target.get())->sin_addr, 4);
    else
        std::memcpy(flow.target.data(), &reinterpret_cast<const sockaddr_in6*>(target.get())->sin6_addr, 16);
    flow.targetPort = target.port();
    return flow;
}

Address128 asNumber(const std::array<std::uint8_t, 16>& bytes, int family) {
    Address128 value = 0;
    for (std::size_t i = 0; i < (family == AF_INET ? 4u : 16u); ++i) value = value << 8 | bytes[i];
    return value;
}

}  // namespace

SynScanner::SynScanner(ScanPlan& plan, SynSender& sender, Capture& capture, const SynCookie& cookie, const Route& route)
    : plan_(plan), sender_(sender), capture_(capture), cookie_(cookie), route_(route), portIndex_(65536, -1) {
    for (std::size_t i = 0; i < plan_.ports().size(); ++i) portIndex_[plan_.ports()[i]] = static_cast<std::int32_t>(i);
    const auto probes = static_cast<std::size_t>(plan_.targets().size() * plan_.ports().size());
    resolved_.assign(probes, false);
    sentAtUs_.assign(probes, 0);
    unanswered_ = probes;
    started_ = sys::monotonicSeconds();
}

std::uint32_t SynScanner::microsecondsSinceStart() const {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>((sys::monotonicSeconds() - started_) * 1e6));
}

std::optional<std::uint64_t> SynScanner::probeIndex(const FlowKey& flow) const {
    const std::int32_t port = portIndex_[flow.targetPort];
    if (port < 0) return std::nullopt;
    const Address128 target = asNumber(flow.target, route_.family);
    // The target set is a handful of ranges: walk them.
    std::uint64_t base = 0;
    for (const auto& range : plan_.targets().ranges()) {
        if (range.family == route_.family && target >= range.first && target <= range.last)
            return (base + static_cast<std::uint64_t>(target - range.first)) * plan_.ports().size() +
                   static_cast<std::uint64_t>(port);
        base += static_cast<std::uint64_t>(range.size());
    }
    return std::nullopt;
}

void SynScanner::sendProbe(const net::SocketAddress& target, unsigned attempt) {
    const FlowKey flow = flowTo(route_, target);
    if (const auto index = probeIndex(flow)) sentAtUs_[*index] = microsecondsSinceStart();
    sender_.send(flow, cookie_.sourcePort(flow, attempt), cookie_.sequence(flow));
}

void SynScanner::receive(const std::function<void(const PortResult&)>& sink) {
    capture_.drain([&](const std::uint8_t* bytes, std::size_t size) {
        const auto reply = parseReply(bytes, size, capture_.ethernet());
        if (!reply || reply->family != route_.family) return;
        // A reply proves itself: TCP by the acknowledged cookie, ICMP by the quoted one.
        const bool valid =
            reply->kind == ReplyKind::unreachable
                ? cookie_.attemptOf(reply->flow, reply->ourPort) && reply->sequence == cookie_.sequence(reply->flow)
                : cookie_.validates(reply->flow, reply->ourPort, reply->ack);
        if (!valid) return;  // stale, forged, or not ours
        const auto index = probeIndex(reply->flow);
        if (!index || resolved_[*index]) return;  // not scanned, or a duplicate
        resolved_[*index] = true;
        --unanswered_;
        const double rtt =
            static_cast<std::uint32_t>(microsecondsSinceStart() - sentAtUs_[*index]) / 1e6;  // modulo 2^32
        slowestRtt_ = std::max(slowestRtt_, rtt);
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (route_.family == AF_INET) {
            auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
            v4->sin_family = AF_INET;
            std::memcpy(&v4->sin_addr, reply->flow.target.data(), 4);
            v4->sin_port = htons(reply->flow.targetPort);
            length = sizeof *v4;
        } else {
            auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
            v6->sin6_family = AF_INET6;
            std::memcpy(&v6->sin6_addr, reply->flow.target.data(), 16);
            v6->sin6_port = htons(reply->flow.targetPort);
            length = sizeof *v6;
        }
        PortResult result;
        result.target = net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), length);
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
            if (reply->hasSourceMac && !loopback && route_.onLink(reply->flow.target)) {
                char mac[18];
                const auto& m = reply->sourceMac;
                std::snprintf(mac, sizeof mac, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
                result.mac = mac;
            }
        }
        sink(result);
    });
}

void SynScanner::run(const SynScanOptions& options, const std::function<void(const PortResult&)>& sink,
                     const std::function<bool()>& tick) {
    double tokens = 0, tokensAt = sys::monotonicSeconds();
    for (int pass = 0; pass <= options.retries; ++pass) {
        plan_.restart();
        std::size_t sentThisPass = 0;
        while (const auto target = plan_.next()) {
            const FlowKey flow = flowTo(route_, *target);
            const auto index = probeIndex(flow);
            if (index && resolved_[*index]) continue;
            if (options.rate > 0) {
                for (;;) {
                    const double now = sys::monotonicSeconds();
                    tokens = std::min(std::max(1.0, options.rate / 100), tokens + (now - tokensAt) * options.rate);
                    tokensAt = now;
                    if (tokens >= 1) break;
                    pollfd p{capture_.fd(), POLLIN, 0};
                    ::poll(&p, 1, 1);
                    receive(sink);
                }
                tokens -= 1;
            }
            sendProbe(*target, static_cast<unsigned>(pass));
            // Read replies between bursts so the capture buffer never overflows.
            if (++sentThisPass % 64 == 0) {
                receive(sink);
                if (tick()) return;
            }
        }
        if (sentThisPass == 0) break;  // everything answered
        // Wait for stragglers: a few times the slowest round trip seen, within
        // bounds. Until something answers there is no round trip to go by, and
        // the first probes to a fresh on-link host wait for its link address
        // (IPv6 neighbour discovery takes a second): wait up to the whole
        // timeout, and shorten the wait as soon as answers give a round trip.
        const double passEnded = sys::monotonicSeconds();
        const auto waitAfterPass = [&] {
            return slowestRtt_ > 0 ? std::clamp(slowestRtt_ * 4 + 0.05, 0.1, options.maxWait) : options.maxWait;
        };
        while (unanswered_ > 0 && sys::monotonicSeconds() < passEnded + waitAfterPass()) {
            pollfd p{capture_.fd(), POLLIN, 0};
            ::poll(&p, 1, 10);
            receive(sink);
            if (tick()) return;
        }
    }
    // What never answered is filtered.
    plan_.restart();
    while (const auto target = plan_.next()) {
        const auto index = probeIndex(flowTo(route_, *target));
        if (!index || resolved_[*index]) continue;
        resolved_[*index] = true;
        PortResult silent;
        silent.target = *target;
        silent.reason = "no-response";  // state: filtered
        sink(silent);
    }
}

}  // namespace wirekit::pscan
