// rtnetlink plumbing: the socket, dump requests, and walks over the messages
// and attributes of a datagram. bwmeter reads interface counters through it,
// mailpoll watches address changes. The walks are pure and bounds-checked:
// they stop at anything malformed instead of reading past the datagram.
#pragma once

#include "sys/unique_fd.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wirekit::net {

/// A NETLINK_ROUTE socket (SOCK_CLOEXEC plus `flags`), bound to the multicast
/// `groups` when not 0. Throws std::runtime_error "rtnetlink socket: reason"
/// or "rtnetlink bind: reason".
sys::UniqueFd netlinkSocket(unsigned groups, int flags = 0);

/// Sends a dump request (NLM_F_REQUEST | NLM_F_DUMP) of `type` with `body`
/// after the header. Throws std::runtime_error "rtnetlink: reason".
void sendDumpRequest(int fd, std::uint16_t type, const void* body, std::size_t bodySize);

/// Throws std::runtime_error "rtnetlink: reason" for an NLMSG_ERROR body.
[[noreturn]] void throwNetlinkError(const std::uint8_t* body, std::size_t bodySize);

/// Hands each message of one datagram to `message(type, body, bodySize)`.
/// True once NLMSG_DONE is seen (the messages after it are not walked);
/// throws on NLMSG_ERROR; stops at a malformed header.
template <typename OnMessage>
bool forEachMessage(const std::uint8_t* data, std::size_t size, OnMessage message) {
    std::size_t offset = 0;
    while (offset + sizeof(nlmsghdr) <= size) {
        nlmsghdr header;
        std::memcpy(&header, data + offset, sizeof header);
        if (header.nlmsg_len < sizeof header || header.nlmsg_len > size - offset) return false;
        const std::uint8_t* body = data + offset + NLMSG_HDRLEN;
        const std::size_t bodySize =
            header.nlmsg_len - (header.nlmsg_len < NLMSG_HDRLEN ? header.nlmsg_len : NLMSG_HDRLEN);
        if (header.nlmsg_type == NLMSG_DONE) return true;
        if (header.nlmsg_type == NLMSG_ERROR) throwNetlinkError(body, bodySize);
        message(header.nlmsg_type, body, bodySize);
        offset += NLMSG_ALIGN(header.nlmsg_len);
    }
    return false;
}

/// Hands each attribute after a message body's fixed header of `fixed`
/// bytes to `attribute(type, payload, payloadSize)`; stops at a malformed one.
template <typename OnAttribute>
void forEachAttribute(const std::uint8_t* body, std::size_t bodySize, std::size_t fixed, OnAttribute attribute) {
    std::size_t at = NLMSG_ALIGN(fixed);
    while (at + sizeof(rtattr) <= bodySize) {
        rtattr head{};
        std::memcpy(&head, body + at, sizeof head);
        if (head.rta_len < sizeof head || head.rta_len > bodySize - at) return;
        attribute(head.rta_type, body + at + RTA_LENGTH(0), static_cast<std::size_t>(head.rta_len - RTA_LENGTH(0)));
        at += RTA_ALIGN(head.rta_len);
    }
}

}  // namespace wirekit::net
