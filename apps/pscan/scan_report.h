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
    /// One host's part of the report, ports in port order.
    struct HostView {
        std::string address;
        int family = 0;
        std::string mac;  ///< empty when not known
        std::vector<PortResult> listed;
        struct Counted {
            PortState state;
            std::string reason;
            std::uint64_t count;
        };
        std::vector<Counted> notShown;
    };

    explicit ScanReport(bool all) : all_(all) {}
    void add(const PortResult& result);
    /// With `banners`, a BANNER column shows what each port sent first.
    void writeText(std::ostream& out, const ServiceNames& services, bool banners = false) const;

    /// Hosts in address order (IPv4 before IPv6, numerically).
    std::vector<HostView> hostsInOrder() const;
    std::uint64_t count(PortState state) const;
    std::size_t hosts() const { return hosts_.size(); }
    const std::string& protocol() const { return protocol_; }

private:
    struct Host {
        std::string address;
        int family = 0;
        std::string mac;
        std::vector<PortResult> listed;
        std::map<std::pair<PortState, std::string>, std::uint64_t> notShown;  // (state, reason) → count
    };
    bool all_;
    std::map<std::string, Host> hosts_;  // keyed for address order
    std::uint64_t counts_[4] = {};
    std::string protocol_ = "tcp";  ///< one scan, one protocol
};

/// The JSON Lines record of one result: addr, port, proto, state, reason,
/// ttl, rtt, and with `banner` the banner (null when none came).
std::string jsonRecord(const PortResult& result, bool banner = false);

/// A sort key that orders addresses numerically (IPv4 before IPv6).
std::string addressKey(const net::SocketAddress& address);

}  // namespace wirekit::pscan
