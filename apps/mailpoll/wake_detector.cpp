// Suspend detection from two clocks.
#include "wake_detector.h"

#include <ctime>

namespace wirekit::mailpoll {

bool WakeDetector::sleptSince(double monotonicSeconds, double bootSeconds) {
    const bool first = lastMonotonic_ < 0;
    const double slept = (bootSeconds - lastBoot_) - (monotonicSeconds - lastMonotonic_);
    lastMonotonic_ = monotonicSeconds;
    lastBoot_ = bootSeconds;
    return !first && slept > threshold_;
}

bool WakeDetector::sleptSinceLastCall() {
    timespec monotonic{}, boot{};
    clock_gettime(CLOCK_MONOTONIC, &monotonic);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    return sleptSince(static_cast<double>(monotonic.tv_sec) + monotonic.tv_nsec * 1e-9,
                      static_cast<double>(boot.tv_sec) + boot.tv_nsec * 1e-9);
}

}  // namespace wirekit::mailpoll
