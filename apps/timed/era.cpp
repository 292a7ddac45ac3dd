// Era arithmetic for 32-bit seconds since 1900.
#include "era.h"

namespace wirekit::timed {

std::uint32_t toEraSeconds(std::int64_t unixSeconds) {
    // Modulo 2^32 by unsigned wrap-around, also for times before 1900 or after 2106.
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(unixSeconds + secondsFrom1900To1970));
}

std::int64_t fromEraSeconds(std::uint32_t wire, std::int64_t pivotUnixSeconds) {
    const std::int64_t pivot1900 = pivotUnixSeconds + secondsFrom1900To1970;
    // The signed 32-bit difference is the shortest way round the 2^32 circle.
    const auto difference = static_cast<std::int32_t>(wire - static_cast<std::uint32_t>(pivot1900));
    return pivot1900 + difference - secondsFrom1900To1970;
}

}  // namespace wirekit::timed
