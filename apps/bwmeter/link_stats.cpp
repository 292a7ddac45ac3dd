// Reading and parsing the kernel's interface counters.
#include "link_stats.h"

#include "cli/diag.h"
#include "net/netlink.h"
#include "sys/read_all.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

/// Each message of `type` in one datagram to `message(body)`, then each of
/// its attributes after the fixed header of `fixed` bytes to `attribute`.
/// True once NLMSG_DONE is seen; throws on NLMSG_ERROR.
template <typename OnMessage, typename OnAttribute>
bool walkMessages(const std::uint8_t* data, std::size_t size, std::uint16_t type, std::size_t fixed, OnMessage message,
                  OnAttribute attribute) {
    return net::forEachMessage(data, size, [&](std::uint16_t kind, const std::uint8_t* body, std::size_t bodySize) {
        if (kind != type || bodySize < fixed) return;
        message(body);
        net::forEachAttribute(body, bodySize, fixed, attribute);
    });
}

}  // namespace

bool parseLinkDump(const std::uint8_t* data, std::size_t size, std::vector<InterfaceCounters>& out) {
    InterfaceCounters counters;
    bool have64 = false, have32 = false;
    const auto finish = [&] {
        if (!counters.name.empty() && (have64 || have32)) out.push_back(counters);
    };
    const bool done = walkMessages(
        data, size, RTM_NEWLINK, sizeof(ifinfomsg),
        [&](const std::uint8_t* body) {
            finish();  // the previous message's interface
            ifinfomsg info;
            std::memcpy(&info, body, sizeof info);
            counters = InterfaceCounters{};
            counters.ifindex = info.ifi_index;
            counters.loopback = (info.ifi_flags & IFF_LOOPBACK) != 0;
            have64 = have32 = false;
        },
        [&](unsigned short type, const std::uint8_t* payload, std::size_t payloadSize) {
            if (type == IFLA_IFNAME) {
                counters.name.assign(reinterpret_cast<const char*>(payload),
                                     strnlen(reinterpret_cast<const char*>(payload), payloadSize));
            } else if (type == IFLA_STATS64 && payloadSize >= sizeof(rtnl_link_stats64)) {
                rtnl_link_stats64 stats;
                std::memcpy(&stats, payload, sizeof stats);
                counters.rxBytes = stats.rx_bytes;
                counters.txBytes = stats.tx_bytes;
                counters.width = 64;
                have64 = true;
            } else if (type == IFLA_STATS && payloadSize >= sizeof(rtnl_link_stats) && !have64) {
                rtnl_link_stats stats;
                std::memcpy(&stats, payload, sizeof stats);
                counters.rxBytes = stats.rx_bytes;
                counters.txBytes = stats.tx_bytes;
                counters.width = 32;
                have32 = true;
            }
        });
    finish();
    return done;
}

bool parseStatsDump(const std::uint8_t* data, std::size_t size, std::vector<LinkStats>& out) {
    int ifindex = 0;
    return walkMessages(
        data, size, RTM_NEWSTATS, sizeof(if_stats_msg),
        [&](const std::uint8_t* body) {
            if_stats_msg info;
            std::memcpy(&info, body, sizeof info);
            ifindex = static_cast<int>(info.ifindex);
        },
        [&](unsigned short type, const std::uint8_t* payload, std::size_t payloadSize) {
            if (type != IFLA_STATS_LINK_64 || payloadSize < sizeof(rtnl_link_stats64)) return;
            rtnl_link_stats64 stats;
            std::memcpy(&stats, payload, sizeof stats);
            out.push_back(LinkStats{ifindex, stats.rx_bytes, stats.tx_bytes});
        });
}

std::vector<InterfaceCounters> parseProcNetDev(const std::string& text, unsigned width) {
    std::vector<InterfaceCounters> result;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;  // the two header lines
        InterfaceCounters counters;
        const auto first = line.find_first_not_of(' ');
        counters.name = line.substr(first, colon - first);
        // receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes ...
        std::uint64_t values[9] = {};
        const char* cursor = line.c_str() + colon + 1;
        bool complete = true;
        for (auto& value : values) {
            char* after = nullptr;
            errno = 0;
            value = std::strtoull(cursor, &after, 10);
            if (after == cursor || errno != 0) {
                complete = false;
                break;
            }
            cursor = after;
        }
        if (!complete || counters.name.empty()) continue;
        counters.rxBytes = values[0];
        counters.txBytes = values[8];
        counters.width = width;
        counters.loopback = counters.name == "lo";
        result.push_back(std::move(counters));
    }
    return result;
}

namespace {

/// A /proc file's whole text, or nothing if it cannot be read.
std::optional<std::string> readSmallFile(const char* path) {
    sys::UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return std::nullopt;
    std::string text;
    if (!sys::readAll(fd.get(), text)) return std::nullopt;
    return text;
}

/// Sends a dump request with `body` after the header, hands every reply
/// datagram to `parse` until it says the dump is done. `buffer` receives
/// them: the kernel packs a dump into datagrams as large as the largest
/// buffer recv() was given (up to about 32 KiB), so its size is what a dump
/// makes resident; each datagram's length is peeked first, so one that
/// would not fit (an interface with very many attributes) grows the buffer
/// instead of being cut.
template <typename Body, typename Parse>
void dump(int fd, std::uint16_t type, const Body& body, std::vector<std::uint8_t>& buffer, Parse parse) {
    net::sendDumpRequest(fd, type, &body, sizeof body);
    for (;;) {
        const ssize_t length = ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC);
        if (length < 0 && errno == EINTR) continue;
        if (length > 0 && static_cast<std::size_t>(length) > buffer.size())
            buffer.resize(static_cast<std::size_t>(length));
        const ssize_t n = length < 0 ? length : ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("rtnetlink: " + diag::errnoText(n < 0 ? errno : EPROTO));
        if (parse(buffer.data(), static_cast<std::size_t>(n))) return;
    }
}

/// 16 KiB: datagrams of 16 KiB carry a dump of 200 interfaces' counters in
/// three receives, and twice that would only make more of it resident. A
/// buffer lives for one read only: a recorder then commits into SQLite,
/// whose page cache reuses the room instead of growing the heap past it.
constexpr std::size_t dumpBufferSize = 16384;

std::vector<InterfaceCounters> readByNetlink(int fd, std::vector<std::uint8_t>& buffer) {
    std::vector<InterfaceCounters> result;
    ifinfomsg all{};
    all.ifi_family = AF_UNSPEC;
    dump(fd, RTM_GETLINK, all, buffer,
         [&](const std::uint8_t* data, std::size_t size) { return parseLinkDump(data, size, result); });
    return result;
}

}  // namespace

std::vector<InterfaceCounters> readInterfaceCounters() {
    try {
        std::vector<std::uint8_t> buffer(dumpBufferSize);
        return readByNetlink(net::netlinkSocket(0, 0).get(), buffer);
    } catch (const std::exception&) {
        const auto text = readSmallFile("/proc/net/dev");
        if (!text) throw std::runtime_error("cannot read interface counters: no rtnetlink and no /proc/net/dev");
        return parseProcNetDev(*text, sizeof(unsigned long) * 8);
    }
}

std::string readBootId() {
    std::string id = readSmallFile("/proc/sys/kernel/random/boot_id").value_or("");
    if (const auto newline = id.find('\n'); newline != std::string::npos) id.erase(newline);
    return id;
}

CounterReader::CounterReader() {
    try {
        requests_ = net::netlinkSocket(0, 0);
        events_ = net::netlinkSocket(RTMGRP_LINK, SOCK_NONBLOCK);
    } catch (const std::runtime_error&) {
        statsWork_ = false;  // no rtnetlink: every read goes the long way
    }
}

const CounterReader::Link* CounterReader::findLink(int ifindex) const {
    const auto at = std::lower_bound(links_.begin(), links_.end(), ifindex,
                                     [](const Link& link, int wanted) { return link.ifindex < wanted; });
    return at != links_.end() && at->ifindex == ifindex ? &*at : nullptr;
}

void CounterReader::refreshNames(std::vector<std::uint8_t>& buffer) {
    links_.clear();
    for (auto& link : readByNetlink(requests_.get(), buffer))
        links_.push_back(Link{link.ifindex, std::move(link.name), link.loopback});
    std::sort(links_.begin(), links_.end(), [](const Link& a, const Link& b) { return a.ifindex < b.ifindex; });
    stale_ = false;
}

std::vector<InterfaceCounters> CounterReader::read() {
    if (!statsWork_) return readInterfaceCounters();
    // Any link announcement (or a lost one: ENOBUFS) makes the names stale.
    // Only their arrival counts: MSG_TRUNC drops each whole into one byte.
    char event;
    for (;;) {
        const ssize_t n = ::recv(events_.get(), &event, sizeof event, MSG_TRUNC);
        if (n > 0 || (n < 0 && errno == ENOBUFS)) {
            stale_ = true;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    std::vector<std::uint8_t> buffer(dumpBufferSize);
    std::vector<LinkStats> stats;
    try {
        if_stats_msg all{};
        all.family = AF_UNSPEC;
        all.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
        dump(requests_.get(), RTM_GETSTATS, all, buffer,
             [&](const std::uint8_t* data, std::size_t size) { return parseStatsDump(data, size, stats); });
    } catch (const std::runtime_error&) {
        statsWork_ = false;  // a kernel before 4.7
        return readInterfaceCounters();
    }
    for (const auto& link : stats)
        if (findLink(link.ifindex) == nullptr) stale_ = true;
    if (stale_) refreshNames(buffer);
    std::vector<InterfaceCounters> result;
    result.reserve(stats.size());
    for (const auto& link : stats) {
        const Link* known = findLink(link.ifindex);
        if (known == nullptr) continue;  // came and went between the two dumps
        InterfaceCounters counters;
        counters.name = known->name;
        counters.ifindex = link.ifindex;
        counters.loopback = known->loopback;
        counters.rxBytes = link.rxBytes;
        counters.txBytes = link.txBytes;
        result.push_back(std::move(counters));
    }
    return result;
}

}  // namespace wirekit::bwmeter
