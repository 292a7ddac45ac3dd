// Target specs and the set they make.
#include "target_spec.h"

#include "cli/usage_error.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace wirekit::pscan {

namespace {

bool parseAddress(const std::string& text, int& family, Address128& value) {
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        family = AF_INET;
        value = ntohl(v4.s_addr);
        return true;
    }
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        family = AF_INET6;
        value = 0;
        for (auto byte : v6.s6_addr) value = value << 8 | byte;
        return true;
    }
    return false;
}

bool isHostName(const std::string& text) {
    if (text.empty() || text.size() > 253 || text.front() == '-' || text.front() == '.') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

bool parseNumber(const std::string& text, long max, long& value) {
    if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::strtol(text.c_str(), nullptr, 10);
    return value <= max;
}

AddressRange parseOne(const std::string& whole, const std::string& part) {
    auto fail = [&](const std::string& why) -> AddressRange {
        throw cli::UsageError("invalid target '" + whole + "': " + why + (part == whole ? "" : " in '" + part + "'"));
    };
    AddressRange range;
    const auto slash = part.find('/');
    if (slash != std::string::npos) {
        if (!parseAddress(part.substr(0, slash), range.family, range.first)) return fail("bad address");
        const int bits = range.family == AF_INET ? 32 : 128;
        long prefix = 0;
        if (!parseNumber(part.substr(slash + 1), bits, prefix)) return fail("bad prefix length");
        const Address128 hostBits =
            prefix == bits ? 0 : ((static_cast<Address128>(1) << (bits - prefix)) - 1);  // shift < 128 here
        if (prefix == 0 && bits == 128) return fail("prefix too short");
        range.first &= ~hostBits;
        if (range.family == AF_INET) range.first &= 0xFFFFFFFFu;
        range.last = range.first | hostBits;
        return range;
    }
    const auto dash = part.find('-');
    if (dash != std::string::npos) {
        const std::string low = part.substr(0, dash), high = part.substr(dash + 1);
        if (!parseAddress(low, range.family, range.first)) return fail("bad address");
        int family = 0;
        if (parseAddress(high, family, range.last)) {
            if (family != range.family) return fail("range mixes IPv4 and IPv6");
        } else {
            // "192.0.2.1-40": the end replaces the last octet.
            long octet = 0;
            if (range.family != AF_INET || !parseNumber(high, 255, octet)) return fail("bad range end");
            range.last = (range.first & ~static_cast<Address128>(0xFF)) | static_cast<Address128>(octet);
        }
        if (range.last < range.first) return fail("backwards range");
        return range;
    }
    if (!parseAddress(part, range.family, range.first)) return fail("not an address, range or name");
    range.last = range.first;
    return range;
}

}  // namespace

TargetSpec parseTargetSpec(const std::string& text) {
    if (text.empty()) throw cli::UsageError("invalid target '': empty");
    TargetSpec spec;
    std::size_t start = 0;
    for (;;) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        int family = 0;
        Address128 value = 0;
        // A name may hold dashes ("host-1.example"); a range starts with an address.
        const auto dash = part.find('-');
        const bool literal = parseAddress(part, family, value) || part.find('/') != std::string::npos ||
                             (dash != std::string::npos && parseAddress(part.substr(0, dash), family, value));
        if (!literal && isHostName(part) && part.find_first_not_of("0123456789.") != std::string::npos)
            spec.names.push_back(part);
        else
            spec.ranges.push_back(parseOne(text, part));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return spec;
}

AddressRange singleAddress(const net::SocketAddress& address) {
    AddressRange range;
    parseAddress(address.host(), range.family, range.first);
    range.last = range.first;
    return range;
}

TargetSet::TargetSet(std::vector<AddressRange> ranges, const std::vector<AddressRange>& excluded) {
    // Take each exclusion out of every range it overlaps, splitting ranges.
    for (const auto& cut : excluded) {
        std::vector<AddressRange> kept;
        for (const auto& r : ranges) {
            if (r.family != cut.family || cut.last < r.first || cut.first > r.last) {
                kept.push_back(r);
                continue;
            }
            if (cut.first > r.first) kept.push_back(AddressRange{r.family, r.first, cut.first - 1});
            if (cut.last < r.last) kept.push_back(AddressRange{r.family, cut.last + 1, r.last});
        }
        ranges = std::move(kept);
    }
    constexpr auto maximum = std::numeric_limits<std::uint64_t>::max();
    for (const auto& r : ranges) {
        starts_.push_back(size_);
        const Address128 count = r.size();
        size_ = count >= maximum - size_ ? maximum : size_ + static_cast<std::uint64_t>(count);
    }
    ranges_ = std::move(ranges);
}

std::size_t TargetSet::rangeOf(std::uint64_t index) const {
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), index);
    return static_cast<std::size_t>(after - starts_.begin() - 1);
}

net::SocketAddress TargetSet::at(std::uint64_t index, std::uint16_t port) const {
    const std::size_t which = rangeOf(index);
    const AddressRange& r = ranges_[which];
    const Address128 value = r.first + (index - starts_[which]);
    sockaddr_storage storage{};
    if (r.family == AF_INET) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = htonl(static_cast<std::uint32_t>(value));
        v4->sin_port = htons(port);
        return net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), sizeof(sockaddr_in));
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    for (int i = 15; i >= 0; --i) v6->sin6_addr.s6_addr[i] = static_cast<std::uint8_t>(value >> (8 * (15 - i)));
    v6->sin6_port = htons(port);
    return net::SocketAddress(reinterpret_cast<sockaddr*>(&storage), sizeof(sockaddr_in6));
}

}  // namespace wirekit::pscan
