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
    if (host.address.empty()) {
        host.address = result.target.host();
        host.family = result.target.family();
    }
    if (host.mac.empty()) host.mac = result.mac;
    if (all_ || result.state == PortState::open)
        host.listed.push_back(result);
    else
        ++host.notShown[{result.state, result.reason}];
}

std::uint64_t ScanReport::count(PortState state) const { return counts_[static_cast<int>(state)]; }

std::vector<ScanReport::HostView> ScanReport::hostsInOrder() const {
    std::vector<HostView> views;
    for (const auto& [key, host] : hosts_) {
        HostView view;
        view.address = host.address;
        view.family = host.family;
        view.mac = host.mac;
        view.listed = host.listed;
        std::sort(view.listed.begin(), view.listed.end(),
                  [](const PortResult& a, const PortResult& b) { return a.target.port() < b.target.port(); });
        for (const auto& [stateReason, count] : host.notShown)
            view.notShown.push_back({stateReason.first, stateReason.second, count});
        views.push_back(std::move(view));
    }
    return views;
}

void ScanReport::writeText(std::ostream& out, const ServiceNames& services, bool banners) const {
    bool first = true;
    for (const auto& host : hostsInOrder()) {
        if (!first) out << '\n';
        first = false;
        out << "pscan report for " << host.address << '\n';
        if (!host.notShown.empty()) {
            out << "Not shown: ";
            bool firstGroup = true;
            for (const auto& group : host.notShown) {
                out << (firstGroup ? "" : ", ") << group.count << ' ' << portStateName(group.state) << ' ' << protocol_
                    << " port" << (group.count == 1 ? "" : "s") << " (" << group.reason << ')';
                firstGroup = false;
            }
            out << '\n';
        }
        if (!host.listed.empty()) {
            std::vector<out::TableWriter::Column> columns = {{"PORT"}, {"STATE"}, {"SERVICE"}};
            if (banners) columns.push_back({"BANNER"});
            out::TableWriter table(columns);
            for (const auto& r : host.listed) {
                std::vector<std::string> row = {std::to_string(r.target.port()) + "/" + r.protocol,
                                                portStateName(r.state), services(r.target.port(), r.protocol)};
                if (banners) row.push_back(r.banner);
                table.addRow(row);
            }
            table.write(out);
        }
        if (!host.mac.empty()) out << "MAC Address: " << host.mac << '\n';
    }
}

std::string jsonRecord(const PortResult& result, bool banner) {
    auto record = out::JsonLinesWriter::makeRecord();
    record.set("addr", result.target.host());
    record.set("port", static_cast<int>(result.target.port()));
    record.set("proto", std::string(result.protocol));
    record.set("state", std::string(portStateName(result.state)));
    record.set("reason", result.reason);
    record.set("ttl", result.ttl ? Poco::Dynamic::Var(*result.ttl) : Poco::Dynamic::Var());
    record.set("rtt", result.rtt ? Poco::Dynamic::Var(std::round(*result.rtt * 1e9) / 1e9) : Poco::Dynamic::Var());
    if (banner) record.set("banner", result.banner.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(result.banner));
    std::ostringstream line;
    out::JsonLinesWriter(line).write(record);
    return line.str();
}

}  // namespace wirekit::pscan
