// Reports.
#include "scan_report.h"

#include "out/json_lines.h"
#include "out/table.h"

#include <netinet/in.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace wirekit::pscan {

std::string addressKey(const net::SocketAddress& address) {
    std::string key(17, '\0');
    key[0] = address.family() == AF_INET ? '4' : '6';
    if (address.family() == AF_INET)
        std::memcpy(&key[1], &reinterpret_cast<const sockaddr_in*>(address.get())->sin_addr, 4);
    else
        std::memcpy(&key[1], &reinterpret_cast<const sockaddr_in6*>(address.get())->sin6_addr, 16);
    return key;
}

void ScanReport::add(const PortResult& result) {
    protocol_ = result.protocol;
    ++counts_[static_cast<int>(result.state)];
    Host& host = hosts_[addressKey(result.target)];
    if (all_ || result.state == PortState::open)
        host.listed.push_back(result);
    else
        ++host.notShown[{result.state, result.reason}];
}

std::uint64_t ScanReport::count(PortState state) const { return counts_[static_cast<int>(state)]; }

void ScanReport::writeText(std::ostream& out, const ServiceNames& services) const {
    bool first = true;
    for (const auto& [key, host] : hosts_) {
        std::string address;
        if (!host.listed.empty()) address = host.listed.front().target.host();
        if (!first) out << '\n';
        first = false;
        // A host with nothing listed still gets its line, from the key.
        if (address.empty()) {
            char text[64] = {};
            if (key[0] == '4') {
                const auto* b = reinterpret_cast<const unsigned char*>(key.data() + 1);
                std::snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
                address = text;
            } else {
                sockaddr_in6 v6{};
                v6.sin6_family = AF_INET6;
                std::memcpy(&v6.sin6_addr, key.data() + 1, 16);
                address = net::SocketAddress(reinterpret_cast<sockaddr*>(&v6), sizeof v6).host();
            }
        }
        out << "pscan report for " << address << '\n';
        if (!host.notShown.empty()) {
            out << "Not shown: ";
            bool firstGroup = true;
            for (const auto& [stateReason, count] : host.notShown) {
                out << (firstGroup ? "" : ", ") << count << ' ' << portStateName(stateReason.first) << ' ' << protocol_
                    << " port" << (count == 1 ? "" : "s") << " (" << stateReason.second << ')';
                firstGroup = false;
            }
            out << '\n';
        }
        if (host.listed.empty()) continue;
        auto listed = host.listed;
        std::sort(listed.begin(), listed.end(),
                  [](const PortResult& a, const PortResult& b) { return a.target.port() < b.target.port(); });
        out::TableWriter table({{"PORT"}, {"STATE"}, {"SERVICE"}});
        for (const auto& r : listed)
            table.addRow({std::to_string(r.target.port()) + "/" + r.protocol, portStateName(r.state),
                          services(r.target.port(), r.protocol)});
        table.write(out);
    }
}

std::string jsonRecord(const PortResult& result) {
    auto record = out::JsonLinesWriter::makeRecord();
    record.set("addr", result.target.host());
    record.set("port", static_cast<int>(result.target.port()));
    record.set("proto", std::string(result.protocol));
    record.set("state", std::string(portStateName(result.state)));
    record.set("reason", result.reason);
    record.set("ttl", result.ttl ? Poco::Dynamic::Var(*result.ttl) : Poco::Dynamic::Var());
    record.set("rtt", result.rtt ? Poco::Dynamic::Var(std::round(*result.rtt * 1e9) / 1e9) : Poco::Dynamic::Var());
    std::ostringstream line;
    out::JsonLinesWriter(line).write(record);
    return line.str();
}

}  // namespace wirekit::pscan
