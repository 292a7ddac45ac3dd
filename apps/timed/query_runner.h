// `timed query`'s network edge: every server asked at once on one poll loop.
#pragma once

#include "measurement.h"
#include "sys/clock.h"

#include <string>
#include <vector>

namespace wirekit::timed {

struct QueryRequest {
    std::string server;  ///< as the user wrote it, for messages
    std::string host;
    std::uint16_t port = 0;
    Protocol protocol = Protocol::sntp;
    Transport transport = Transport::udp;
};

struct QueryTiming {
    double timeout = 3;  ///< seconds for each server, all tries included
    int retries = 2;     ///< extra UDP tries within the timeout
    int family = 0;      ///< AF_UNSPEC, AF_INET or AF_INET6
};

/// Asks every server concurrently and returns one answer per request, in
/// request order: a measurement, or an error such as "no answer within 3 s",
/// "connection refused", "short reply (2 bytes, RFC 868 sends 4)".
std::vector<ServerAnswer> runQueries(const std::vector<QueryRequest>& requests, const QueryTiming& timing,
                                     const sys::WallClock& clock);

}  // namespace wirekit::timed
