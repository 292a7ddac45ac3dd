// Clocks.
#include "sys/clock.h"

namespace wirekit::sys {

WallTime SystemWallClock::now() const {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return WallTime::fromTimespec(ts);
}

double monotonicSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

}  // namespace wirekit::sys
