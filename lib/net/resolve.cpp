// Name resolution.
#include "net/resolve.h"

#include <netdb.h>

#include <memory>
#include <stdexcept>

namespace wirekit::net {

std::vector<SocketAddress> resolve(const std::string& host, std::uint16_t port, int socketType, int family,
                                   bool numericOnly) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = socketType;
    hints.ai_flags = AI_ADDRCONFIG | (numericOnly ? AI_NUMERICHOST : 0);
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc == EAI_BADFLAGS || (rc != 0 && (hints.ai_flags & AI_ADDRCONFIG))) {
        // AI_ADDRCONFIG hides ::1 and 127.0.0.1 on a host with only loopback up.
        hints.ai_flags &= ~AI_ADDRCONFIG;
        rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    }
    if (rc != 0) throw std::runtime_error(host + ": " + gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, &freeaddrinfo);
    std::vector<SocketAddress> result;
    for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
        SocketAddress address(ai->ai_addr, ai->ai_addrlen);
        address.setPort(port);
        result.push_back(address);
    }
    if (result.empty()) throw std::runtime_error(host + ": no address found");
    return result;
}

}  // namespace wirekit::net
