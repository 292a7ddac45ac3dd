// Results as a user reads them: nmap-like per-host tables, or JSON Lines.
#pragma once

#include "port_state.h"

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace wirekit::pscan {

/// The service name for a port and protocol ("ssh"), or "" when none is known.
using ServiceNames = std::function<std::string(std::uint16_t port, const char* protocol)>;

/// Collects results and writes nmap's layout:
///
///     pscan report for 127.0.0.1
///     Not shown: 1021 closed tcp ports (conn-refused), 1 filtered tcp port (no-response)
///     PORT     STATE  SERVICE
///     22/tcp   open   ssh
///
/// Only open ports are listed unless `all`; the others are counted.
class ScanReport {
public:
    explicit ScanReport(bool all) : all_(all) {}
    void add(const PortResult& result);
    void writeText(std::ostream& out, const ServiceNames& services) const;

    std::uint64_t count(PortState state) const;
    std::size_t hosts() const { return hosts_.size(); }

private:
    struct Host {
        std::vector<PortResult> listed;
        std::map<std::pair<PortState, std::string>, std::uint64_t> notShown;  // (state, reason) → count
    };
    bool all_;
    std::map<std::string, Host> hosts_;  // keyed for address order
    std::uint64_t counts_[4] = {};
    std::string protocol_ = "tcp";  ///< one scan, one protocol
};

/// The JSON Lines record of one result: addr, port, proto, state, reason, ttl, rtt.
std::string jsonRecord(const PortResult& result);

/// A sort key that orders addresses numerically (IPv4 before IPv6).
std::string addressKey(const net::SocketAddress& address);

}  // namespace wirekit::pscan
