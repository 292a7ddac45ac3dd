// rtnetlink socket and requests.
#include "net/netlink.h"

#include "cli/diag.h"

#include <sys/socket.h>

#include <cerrno>
#include <stdexcept>

namespace wirekit::net {

sys::UniqueFd netlinkSocket(unsigned groups, int flags) {
    sys::UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | flags, NETLINK_ROUTE));
    if (!fd) throw std::runtime_error("rtnetlink socket: " + diag::errnoText(errno));
    if (groups != 0) {
        sockaddr_nl local{};
        local.nl_family = AF_NETLINK;
        local.nl_groups = groups;
        if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
            throw std::runtime_error("rtnetlink bind: " + diag::errnoText(errno));
    }
    return fd;
}

void sendDumpRequest(int fd, std::uint16_t type, const void* body, std::size_t bodySize) {
    // On the stack: bwmeter sends one per sample, and request bodies are a
    // few fixed-size headers.
    alignas(nlmsghdr) std::uint8_t request[NLMSG_HDRLEN + 64];
    if (bodySize > sizeof request - NLMSG_HDRLEN) throw std::logic_error("rtnetlink request body too large");
    const std::size_t length = NLMSG_LENGTH(bodySize);
    nlmsghdr header{};
    header.nlmsg_len = static_cast<std::uint32_t>(length);
    header.nlmsg_type = type;
    header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    header.nlmsg_seq = 1;
    std::memcpy(request, &header, sizeof header);
    std::memcpy(request + NLMSG_HDRLEN, body, bodySize);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, request, length, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
        throw std::runtime_error("rtnetlink: " + diag::errnoText(errno));
}

void throwNetlinkError(const std::uint8_t* body, std::size_t bodySize) {
    nlmsgerr error{};
    if (bodySize >= sizeof error) std::memcpy(&error, body, sizeof error);
    throw std::runtime_error("rtnetlink: " + diag::errnoText(-error.error));
}

}  // namespace wirekit::net
