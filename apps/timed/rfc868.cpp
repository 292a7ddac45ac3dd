// RFC 868 Time Protocol.
#include "rfc868.h"

#include "era.h"

namespace wirekit::timed::rfc868 {

std::array<std::uint8_t, replySize> encode(std::int64_t unixSeconds) {
    const std::uint32_t wire = toEraSeconds(unixSeconds);
    return {static_cast<std::uint8_t>(wire >> 24), static_cast<std::uint8_t>(wire >> 16),
            static_cast<std::uint8_t>(wire >> 8), static_cast<std::uint8_t>(wire)};
}

std::optional<std::int64_t> decode(const std::uint8_t* data, std::size_t size, std::int64_t pivotUnixSeconds) {
    if (data == nullptr || size != replySize) return std::nullopt;
    const std::uint32_t wire = static_cast<std::uint32_t>(data[0]) << 24 | static_cast<std::uint32_t>(data[1]) << 16 |
                               static_cast<std::uint32_t>(data[2]) << 8 | data[3];
    return fromEraSeconds(wire, pivotUnixSeconds);
}

}  // namespace wirekit::timed::rfc868
