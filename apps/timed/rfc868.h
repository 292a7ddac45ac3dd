// RFC 868 Time Protocol: the time as 32-bit seconds since 1900, in 4 bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace wirekit::timed::rfc868 {

constexpr std::size_t replySize = 4;

/// The 4-byte reply for `unixSeconds`, big-endian.
std::array<std::uint8_t, replySize> encode(std::int64_t unixSeconds);

/// The Unix time in a reply, in the era nearest `pivotUnixSeconds`; nothing
/// when `size` is not exactly 4.
std::optional<std::int64_t> decode(const std::uint8_t* data, std::size_t size, std::int64_t pivotUnixSeconds);

}  // namespace wirekit::timed::rfc868
