// Interface counters as the kernel reports them: an rtnetlink link dump
// (RTM_GETLINK, 64-bit IFLA_STATS64) or, where netlink is not available,
// /proc/net/dev. The parsers are pure; readInterfaceCounters() is the edge.
#pragma once

#include "counters.h"
#include "sys/unique_fd.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

/// Appends the interfaces in one buffer of rtnetlink messages (RTM_NEWLINK)
/// to `out`. Returns true once NLMSG_DONE is seen. Malformed or truncated
/// messages end the buffer's parse without a crash; throws
/// std::runtime_error on an NLMSG_ERROR with the kernel's errno.
bool parseLinkDump(const std::uint8_t* data, std::size_t size, std::vector<InterfaceCounters>& out);

/// Parses /proc/net/dev. `width` is the kernel's counter width there (the
/// size of its unsigned long: 32 bits on 32-bit kernels).
std::vector<InterfaceCounters> parseProcNetDev(const std::string& text, unsigned width);

/// One interface's 64-bit byte counters from an RTM_GETSTATS dump, which
/// carries counters only (no names), a tenth of a link dump's bytes.
struct LinkStats {
    int ifindex = 0;
    std::uint64_t rxBytes = 0, txBytes = 0;
};

/// Appends the IFLA_STATS_LINK_64 counters in one buffer of RTM_NEWSTATS
/// messages to `out`; true once NLMSG_DONE is seen. As parseLinkDump for
/// malformed input and errors.
bool parseStatsDump(const std::uint8_t* data, std::size_t size, std::vector<LinkStats>& out);

/// Reads every interface's counters: rtnetlink first, /proc/net/dev if the
/// netlink socket cannot be had. Throws std::runtime_error when neither works.
std::vector<InterfaceCounters> readInterfaceCounters();

/// Reads counters again and again, cheaply: an RTM_GETSTATS dump each time,
/// and the names and flags from a full link dump only when the kernel
/// announces a link change (RTNLGRP_LINK: new, gone, renamed) or an unknown
/// index appears. Falls back to readInterfaceCounters() on kernels without
/// RTM_GETSTATS (before 4.7).
class CounterReader {
public:
    CounterReader();
    std::vector<InterfaceCounters> read();

private:
    struct Link {
        int ifindex = 0;
        std::string name;
        bool loopback = false;
    };
    const Link* findLink(int ifindex) const;
    void refreshNames(std::vector<std::uint8_t>& buffer);
    sys::UniqueFd requests_, events_;
    std::vector<Link> links_;  ///< by index: one block, not a heap node per interface
    bool statsWork_ = true;
    bool stale_ = true;
};

/// The boot id (/proc/sys/kernel/random/boot_id), or "" if unreadable.
std::string readBootId();

}  // namespace wirekit::bwmeter
