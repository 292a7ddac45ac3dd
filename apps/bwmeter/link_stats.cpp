// Reading and parsing the kernel's interface counters.
#include "link_stats.h"

#include "cli/diag.h"
#include "sys/unique_fd.h"

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wirekit::bwmeter {

bool parseLinkDump(const std::uint8_t* data, std::size_t size, std::vector<InterfaceCounters>& out) {
    std::size_t offset = 0;
    while (offset + sizeof(nlmsghdr) <= size) {
        nlmsghdr header;
        std::memcpy(&header, data + offset, sizeof header);
        if (header.nlmsg_len < sizeof header || header.nlmsg_len > size - offset) return false;
        const std::uint8_t* body = data + offset + NLMSG_HDRLEN;
        const std::size_t bodySize = header.nlmsg_len - std::min<std::size_t>(header.nlmsg_len, NLMSG_HDRLEN);
        if (header.nlmsg_type == NLMSG_DONE) return true;
        if (header.nlmsg_type == NLMSG_ERROR) {
            nlmsgerr error{};
            if (bodySize >= sizeof error) std::memcpy(&error, body, sizeof error);
            throw std::runtime_error("rtnetlink: " + diag::errnoText(-error.error));
        }
        if (header.nlmsg_type == RTM_NEWLINK && bodySize >= sizeof(ifinfomsg)) {
            ifinfomsg info;
            std::memcpy(&info, body, sizeof info);
            InterfaceCounters counters;
            counters.ifindex = info.ifi_index;
            counters.loopback = (info.ifi_flags & IFF_LOOPBACK) != 0;
            bool have64 = false, have32 = false;
            std::size_t at = NLMSG_ALIGN(sizeof(ifinfomsg));
            while (at + sizeof(rtattr) <= bodySize) {
                rtattr attribute;
                std::memcpy(&attribute, body + at, sizeof attribute);
                if (attribute.rta_len < sizeof attribute || attribute.rta_len > bodySize - at) break;
                const std::uint8_t* payload = body + at + RTA_LENGTH(0);
                const std::size_t payloadSize = attribute.rta_len - RTA_LENGTH(0);
                if (attribute.rta_type == IFLA_IFNAME) {
                    counters.name.assign(reinterpret_cast<const char*>(payload),
                                         strnlen(reinterpret_cast<const char*>(payload), payloadSize));
                } else if (attribute.rta_type == IFLA_STATS64 && payloadSize >= sizeof(rtnl_link_stats64)) {
                    rtnl_link_stats64 stats;
                    std::memcpy(&stats, payload, sizeof stats);
                    counters.rxBytes = stats.rx_bytes;
                    counters.txBytes = stats.tx_bytes;
                    counters.width = 64;
                    have64 = true;
                } else if (attribute.rta_type == IFLA_STATS && payloadSize >= sizeof(rtnl_link_stats) && !have64) {
                    rtnl_link_stats stats;
                    std::memcpy(&stats, payload, sizeof stats);
                    counters.rxBytes = stats.rx_bytes;
                    counters.txBytes = stats.tx_bytes;
                    counters.width = 32;
                    have32 = true;
                }
                at += RTA_ALIGN(attribute.rta_len);
            }
            if (!counters.name.empty() && (have64 || have32)) out.push_back(std::move(counters));
        }
        offset += NLMSG_ALIGN(header.nlmsg_len);
    }
    return false;
}

std::vector<InterfaceCounters> parseProcNetDev(const std::string& text, unsigned width) {
    std::vector<InterfaceCounters> result;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;  // the two header lines
        InterfaceCounters counters;
        const auto first = line.find_first_not_of(' ');
        counters.name = line.substr(first, colon - first);
        std::istringstream fields(line.substr(colon + 1));
        std::uint64_t values[9] = {};
        for (auto& value : values)
            if (!(fields >> value)) break;
        if (!fields) continue;
        counters.rxBytes = values[0];  // receive: bytes packets errs drop fifo frame compressed multicast
        counters.txBytes = values[8];  // transmit: bytes ...
        counters.width = width;
        counters.loopback = counters.name == "lo";
        if (!counters.name.empty()) result.push_back(std::move(counters));
    }
    return result;
}

namespace {

std::vector<InterfaceCounters> readByNetlink() {
    sys::UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd) throw std::runtime_error("rtnetlink socket: " + diag::errnoText(errno));
    struct {
        nlmsghdr header;
        ifinfomsg info;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = RTM_GETLINK;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    request.info.ifi_family = AF_UNSPEC;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd.get(), &request, sizeof request, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
        throw std::runtime_error("rtnetlink: " + diag::errnoText(errno));
    std::vector<InterfaceCounters> result;
    std::vector<std::uint8_t> buffer(65536);
    for (;;) {
        const ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("rtnetlink: " + diag::errnoText(n < 0 ? errno : EPROTO));
        if (parseLinkDump(buffer.data(), static_cast<std::size_t>(n), result)) return result;
    }
}

}  // namespace

std::vector<InterfaceCounters> readInterfaceCounters() {
    try {
        return readByNetlink();
    } catch (const std::exception&) {
        std::ifstream in("/proc/net/dev");
        if (!in) throw std::runtime_error("cannot read interface counters: no rtnetlink and no /proc/net/dev");
        std::ostringstream text;
        text << in.rdbuf();
        return parseProcNetDev(text.str(), sizeof(unsigned long) * 8);
    }
}

std::string readBootId() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

}  // namespace wirekit::bwmeter
