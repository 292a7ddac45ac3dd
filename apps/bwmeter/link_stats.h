// Interface counters as the kernel reports them: an rtnetlink link dump
// (RTM_GETLINK, 64-bit IFLA_STATS64) or, where netlink is not available,
// /proc/net/dev. The parsers are pure; readInterfaceCounters() is the edge.
#pragma once

#include "counters.h"

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

/// Reads every interface's counters: rtnetlink first, /proc/net/dev if the
/// netlink socket cannot be had. Throws std::runtime_error when neither works.
std::vector<InterfaceCounters> readInterfaceCounters();

/// The boot id (/proc/sys/kernel/random/boot_id), or "" if unreadable.
std::string readBootId();

}  // namespace wirekit::bwmeter
