// Clocks as values that can be injected: the wall clock for timestamps, the
// monotonic clock for intervals. Tests pass fakes.
#pragma once

#include <cstdint>
#include <ctime>

namespace wirekit::sys {

/// A point in wall-clock time: seconds and nanoseconds since the Unix epoch.
/// Seconds are 64-bit so times past 2038 and 2106 are representable.
struct WallTime {
    std::int64_t seconds = 0;
    std::int32_t nanoseconds = 0;

    double toDouble() const { return static_cast<double>(seconds) + nanoseconds * 1e-9; }
    static WallTime fromTimespec(const timespec& ts) {
        return WallTime{static_cast<std::int64_t>(ts.tv_sec), static_cast<std::int32_t>(ts.tv_nsec)};
    }
};

class WallClock {
public:
    virtual ~WallClock() = default;
    virtual WallTime now() const = 0;
};

/// CLOCK_REALTIME.
class SystemWallClock final : public WallClock {
public:
    WallTime now() const override;
};

/// CLOCK_MONOTONIC in seconds, for deadlines and rate limits.
double monotonicSeconds();

}  // namespace wirekit::sys
