// Port lists.
#include "port_spec.h"

#include "cli/usage_error.h"

#include <algorithm>
#include <cstdlib>

namespace wirekit::pscan {

namespace {

bool parsePort(const std::string& text, long& port) {
    if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    port = std::strtol(text.c_str(), nullptr, 10);
    return port >= 1 && port <= 65535;
}

}  // namespace

std::vector<std::uint16_t> parsePortSpec(const std::string& text) {
    auto fail = [&](const std::string& part, const std::string& why) -> std::vector<std::uint16_t> {
        throw cli::UsageError("invalid port spec '" + text + "': " + why + " '" + part + "'");
    };
    if (text.empty()) throw cli::UsageError("invalid port spec '': empty");
    std::vector<bool> chosen(65536, false);
    std::size_t start = 0;
    for (;;) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        long first = 1, last = 65535;
        const auto dash = part.find('-');
        if (part.empty()) return fail(part, "empty part");
        if (dash == std::string::npos) {
            if (!parsePort(part, first)) return fail(part, "bad part");
            last = first;
        } else {
            const std::string low = part.substr(0, dash), high = part.substr(dash + 1);
            if ((!low.empty() && !parsePort(low, first)) || (!high.empty() && !parsePort(high, last)))
                return fail(part, "bad part");
            if (first > last) return fail(part, "backwards range");
        }
        for (long port = first; port <= last; ++port) chosen[static_cast<std::size_t>(port)] = true;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    std::vector<std::uint16_t> ports;
    for (std::size_t port = 1; port < chosen.size(); ++port)
        if (chosen[port]) ports.push_back(static_cast<std::uint16_t>(port));
    return ports;
}

}  // namespace wirekit::pscan
