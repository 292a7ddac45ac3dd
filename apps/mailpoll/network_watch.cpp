// rtnetlink address notifications (RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR).
#include "network_watch.h"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace wirekit::mailpoll {

bool AddressSet::apply(const unsigned char* data, std::size_t length) {
    bool changed = false;
    std::size_t at = 0;
    while (at + sizeof(nlmsghdr) <= length) {
        nlmsghdr header;
        std::memcpy(&header, data + at, sizeof header);
        if (header.nlmsg_len < sizeof(nlmsghdr) || header.nlmsg_len > length - at) break;
        const bool added = header.nlmsg_type == RTM_NEWADDR;
        if ((added || header.nlmsg_type == RTM_DELADDR) && header.nlmsg_len >= NLMSG_LENGTH(sizeof(ifaddrmsg))) {
            ifaddrmsg message;
            std::memcpy(&message, data + at + NLMSG_HDRLEN, sizeof message);
            std::string key(reinterpret_cast<const char*>(&message.ifa_index), sizeof message.ifa_index);
            key += static_cast<char>(message.ifa_family);
            // IFA_ADDRESS (IFA_LOCAL on point-to-point links) names the address.
            std::size_t attribute = at + NLMSG_LENGTH(sizeof(ifaddrmsg));
            const std::size_t end = at + header.nlmsg_len;
            std::string address;
            while (attribute + sizeof(rtattr) <= end) {
                rtattr info;
                std::memcpy(&info, data + attribute, sizeof info);
                if (info.rta_len < sizeof(rtattr) || info.rta_len > end - attribute) break;
                if (info.rta_type == IFA_LOCAL || (info.rta_type == IFA_ADDRESS && address.empty()))
                    address.assign(reinterpret_cast<const char*>(data + attribute + RTA_LENGTH(0)),
                                   info.rta_len - RTA_LENGTH(0));
                attribute += RTA_ALIGN(info.rta_len);
            }
            key += address;
            changed = (added ? addresses_.insert(key).second : addresses_.erase(key) > 0) || changed;
        }
        at += NLMSG_ALIGN(header.nlmsg_len);
    }
    return changed;
}

NetworkWatch::NetworkWatch() {
    socket_ = sys::UniqueFd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    wake_ = sys::UniqueFd(eventfd(0, EFD_CLOEXEC));
    if (!socket_ || !wake_) return;
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    local.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
    if (bind(socket_.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        socket_.reset();
        return;
    }
    // The addresses there are now, so that later refreshes are not news.
    struct {
        nlmsghdr header;
        ifaddrmsg message;
    } request{};
    request.header.nlmsg_len = sizeof request;
    request.header.nlmsg_type = RTM_GETADDR;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    request.message.ifa_family = AF_UNSPEC;
    if (send(socket_.get(), &request, sizeof request, 0) < 0) {
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
    bool dumped = false;  // the answer to the initial dump only teaches, it changes nothing
    for (;;) {
        pollfd entries[2] = {{socket_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
        if (poll(entries, 2, 1000) < 0) continue;
        if (entries[1].revents) return;
        if (!(entries[0].revents & POLLIN)) continue;
        const ssize_t got = recv(socket_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0) continue;
        const bool changed = addresses_.apply(buffer, static_cast<std::size_t>(got));
        bool done = false;
        for (std::size_t at = 0; at + sizeof(nlmsghdr) <= static_cast<std::size_t>(got);) {
            nlmsghdr header;
            std::memcpy(&header, buffer + at, sizeof header);
            if (header.nlmsg_type == NLMSG_DONE) done = true;
            if (header.nlmsg_len < sizeof(nlmsghdr)) break;
            at += NLMSG_ALIGN(header.nlmsg_len);
        }
        if (changed && dumped) ++generation_;
        if (done) dumped = true;
    }
}

}  // namespace wirekit::mailpoll
