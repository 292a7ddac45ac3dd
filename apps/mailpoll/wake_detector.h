// Noticing that the machine slept: CLOCK_BOOTTIME keeps counting through a
// suspend, CLOCK_MONOTONIC does not. After a resume every connection is
// suspect (the server dropped it, the network changed), so the caller
// reconnects at once instead of waiting for a timeout in silence.
#pragma once

namespace wirekit::mailpoll {

class WakeDetector {
public:
    explicit WakeDetector(double thresholdSeconds = 5) : threshold_(thresholdSeconds) {}
    /// Feeds a pair of readings; true when the boot-time clock ran ahead of
    /// the monotonic one by more than the threshold since the last pair.
    bool sleptSince(double monotonicSeconds, double bootSeconds);
    /// The same on the real clocks.
    bool sleptSinceLastCall();

private:
    double threshold_;
    double lastMonotonic_ = -1;
    double lastBoot_ = -1;
};

}  // namespace wirekit::mailpoll
