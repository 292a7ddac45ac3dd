// Name resolution through getaddrinfo: the edge between names and addresses.
#pragma once

#include "net/endpoint.h"

#include <string>
#include <vector>

namespace wirekit::net {

/// Resolves `host` for `socketType` (SOCK_STREAM or SOCK_DGRAM); `family` is
/// AF_UNSPEC, AF_INET or AF_INET6. With `numericOnly` no DNS query is made.
/// Throws std::runtime_error "host: reason" when nothing is found.
std::vector<SocketAddress> resolve(const std::string& host, std::uint16_t port, int socketType, int family = 0,
                                   bool numericOnly = false);

}  // namespace wirekit::net
