// The kernel's view of the system clock.
#include "kernel_clock.h"

#include <sys/timex.h>

#include <algorithm>
#include <cmath>
#include <ctime>

namespace wirekit::timed {

KernelClockStatus readKernelClockStatus() {
    timex tx{};  // modes 0: read only
    const int state = adjtimex(&tx);
    KernelClockStatus status;
    status.synchronised = state != -1 && state != TIME_ERROR && (tx.status & STA_UNSYNC) == 0;
    if (tx.status & STA_INS)
        status.pendingLeap = LeapIndicator::insert;
    else if (tx.status & STA_DEL)
        status.pendingLeap = LeapIndicator::remove;
    status.maxErrorSeconds = static_cast<double>(tx.maxerror) * 1e-6;  // microseconds
    return status;
}

ServerClockState advertisedClockState(const KernelClockStatus& status, const ClockPolicy& policy,
                                      const sys::WallTime& now, std::int8_t precision) {
    ServerClockState state;
    state.precision = precision;
    // The reference time is the last moment the state was checked: the
    // kernel does not say when the clock was last disciplined.
    state.referenceTime = sys::WallTime{now.seconds, 0};
    if (status.synchronised) {
        state.leap = status.pendingLeap;
        state.stratum = static_cast<std::uint8_t>(policy.stratum);
        state.rootDispersion = std::clamp(status.maxErrorSeconds, 0.0, 16.0);
        state.referenceId = referenceIdFromText("KERN");
    } else if (policy.localStratum) {
        state.leap = LeapIndicator::none;
        state.stratum = static_cast<std::uint8_t>(*policy.localStratum);
        state.referenceId = referenceIdFromText("LOCL");
    } else {
        state.leap = LeapIndicator::unsynchronised;
        state.stratum = 0;
        state.referenceId = referenceIdFromText("INIT");
        state.referenceTime = sys::WallTime{};
    }
    return state;
}

std::int8_t measureClockPrecision() {
    double smallest = 1.0;
    timespec previous{};
    clock_gettime(CLOCK_REALTIME, &previous);
    for (int i = 0; i < 100; ++i) {
        timespec current{};
        clock_gettime(CLOCK_REALTIME, &current);
        const double step =
            static_cast<double>(current.tv_sec - previous.tv_sec) + (current.tv_nsec - previous.tv_nsec) * 1e-9;
        if (step > 0) smallest = std::min(smallest, step);
        previous = current;
    }
    return static_cast<std::int8_t>(std::clamp(static_cast<int>(std::ceil(std::log2(smallest))), -30, 0));
}

}  // namespace wirekit::timed
