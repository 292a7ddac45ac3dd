// 32-bit seconds since 1900 (NTP and RFC 868) against 64-bit Unix time.
//
// Both protocols count seconds from 1900-01-01 00:00 UTC in 32 bits, which
// roll over on 2036-02-07 06:28:16 UTC (the start of NTP era 1). The wire
// value alone cannot tell eras apart, so decoding picks the era that puts the
// time within 68 years of a pivot, the local clock (RFC 5905, section 6).
#pragma once

#include <cstdint>

namespace wirekit::timed {

/// Seconds from 1900-01-01 to 1970-01-01: 70 years including 17 leap days.
constexpr std::int64_t secondsFrom1900To1970 = 2208988800LL;

/// Unix seconds to the 32-bit wire value (seconds since 1900 modulo 2^32).
std::uint32_t toEraSeconds(std::int64_t unixSeconds);

/// The Unix time nearest `pivotUnixSeconds` whose wire value is `wire`.
std::int64_t fromEraSeconds(std::uint32_t wire, std::int64_t pivotUnixSeconds);

}  // namespace wirekit::timed
