// rtnetlink address notifications (RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR).
#include "network_watch.h"

#include "net/netlink.h"

#include <linux/if_addr.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace wirekit::mailpoll {

bool AddressSet::apply(const unsigned char* data, std::size_t length) {
    bool changed = false;
    const auto onMessage = [&](std::uint16_t type, const std::uint8_t* body, std::size_t bodySize) {
        const bool added = type == RTM_NEWADDR;
        if ((!added && type != RTM_DELADDR) || bodySize < sizeof(ifaddrmsg)) return;
        ifaddrmsg message;
        std::memcpy(&message, body, sizeof message);
        std::string key(reinterpret_cast<const char*>(&message.ifa_index), sizeof message.ifa_index);
        key += static_cast<char>(message.ifa_family);
        // IFA_ADDRESS (IFA_LOCAL on point-to-point links) names the address.
        std::string address;
        net::forEachAttribute(body, bodySize, sizeof(ifaddrmsg),
                              [&](unsigned short kind, const std::uint8_t* payload, std::size_t payloadSize) {
                                  if (kind == IFA_LOCAL || (kind == IFA_ADDRESS && address.empty()))
                                      address.assign(reinterpret_cast<const char*>(payload), payloadSize);
                              });
        key += address;
        changed = (added ? addresses_.insert(key).second : addresses_.erase(key) > 0) || changed;
    };
    try {
        if (net::forEachMessage(data, length, onMessage)) dumped_ = true;
    } catch (const std::runtime_error&) {
        // An error answer teaches nothing about addresses; the watch goes on.
    }
    return changed;
}

NetworkWatch::NetworkWatch() {
    wake_ = sys::UniqueFd(eventfd(0, EFD_CLOEXEC));
    if (!wake_) return;
    try {
        socket_ = net::netlinkSocket(RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR);
        // The addresses there are now, so that later refreshes are not news.
        ifaddrmsg all{};
        all.ifa_family = AF_UNSPEC;
        net::sendDumpRequest(socket_.get(), RTM_GETADDR, &all, sizeof all);
    } catch (const std::runtime_error&) {
        socket_.reset();
        return;
    }
    thread_ = std::thread([this] { loop(); });
}

NetworkWatch::~NetworkWatch() {
    if (thread_.joinable()) {
        const std::uint64_t one = 1;
        if (write(wake_.get(), &one, sizeof one) < 0) {
            // The loop polls with a timeout too; it ends within a second.
        }
        thread_.join();
    }
}

void NetworkWatch::loop() {
    alignas(nlmsghdr) unsigned char buffer[16384];
    for (;;) {
        pollfd entries[2] = {{socket_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
        if (poll(entries, 2, 1000) < 0) continue;
        if (entries[1].revents) return;
        if (!(entries[0].revents & POLLIN)) continue;
        const ssize_t got = recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0) continue;
        // The answer to the initial dump only teaches; it changes nothing.
        const bool dumped = addresses_.dumped();
        if (addresses_.apply(buffer, static_cast<std::size_t>(got)) && dumped) ++generation_;
    }
}

}  // namespace wirekit::mailpoll
