// Noticing that the network changed under us: an address added to or
// removed from an interface (a new Wi-Fi, a VPN, a DHCP renewal with another
// lease). Connections made over the old addresses may be dead without
// knowing it, so IDLE waits reconnect at once and pollers check at once.
#pragma once

#include "sys/unique_fd.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <thread>

namespace wirekit::mailpoll {

/// The local addresses, kept from rtnetlink messages. Pure: fed bytes.
class AddressSet {
public:
    /// Applies every RTM_NEWADDR and RTM_DELADDR in a netlink datagram;
    /// true when an address appeared or went. A NEWADDR for an address
    /// already known (an IPv6 lifetime refresh after each router
    /// advertisement) is not a change.
    bool apply(const unsigned char* data, std::size_t length);
    std::size_t size() const { return addresses_.size(); }
    /// Whether the end of a dump (NLMSG_DONE) has been applied.
    bool dumped() const { return dumped_; }

private:
    std::set<std::string> addresses_;  ///< interface index, family and address bytes
    bool dumped_ = false;
};

class NetworkWatch {
public:
    /// Subscribes to address changes and learns the current addresses. If
    /// rtnetlink is unavailable the watch stays quiet (the TCP keepalive
    /// still finds dead connections).
    NetworkWatch();
    ~NetworkWatch();
    NetworkWatch(const NetworkWatch&) = delete;
    NetworkWatch& operator=(const NetworkWatch&) = delete;

    /// Grows by one at every change.
    std::uint64_t generation() const { return generation_; }

private:
    void loop();
    sys::UniqueFd socket_;
    sys::UniqueFd wake_;  ///< eventfd that ends the loop
    AddressSet addresses_;
    std::atomic<std::uint64_t> generation_{0};
    std::thread thread_;
};

}  // namespace wirekit::mailpoll
