// Setting the local clock.
#include "clock_adjust.h"

#include "cli/diag.h"
#include "units/human.h"

#include <sys/time.h>

#include <cerrno>
#include <cmath>
#include <ctime>
#include <stdexcept>

namespace wirekit::timed {

AdjustPlan planAdjustment(double offset, std::optional<double> maxOffset, bool force) {
    AdjustPlan plan;
    plan.offset = offset;
    if (!std::isfinite(offset)) {
        plan.reason = "offset is not a number";
        return plan;
    }
    if (maxOffset && std::fabs(offset) > *maxOffset && !force) {
        plan.reason = "offset " + units::formatSeconds(offset, true) + " is larger than --max-offset " +
                      units::formatSeconds(*maxOffset, false) + " (use --force to set it anyway)";
        return plan;
    }
    plan.action = std::fabs(offset) < slewThresholdSeconds ? AdjustAction::slew : AdjustAction::step;
    return plan;
}

void applyAdjustment(const AdjustPlan& plan) {
    if (plan.action == AdjustAction::refuse) throw std::runtime_error("not setting the clock: " + plan.reason);
    if (plan.action == AdjustAction::slew) {
        const auto micros = static_cast<long long>(std::llround(plan.offset * 1e6));
        timeval delta{};
        delta.tv_sec = static_cast<time_t>(micros / 1000000);
        delta.tv_usec = static_cast<suseconds_t>(micros % 1000000);
        if (::adjtime(&delta, nullptr) != 0)
            throw std::runtime_error("cannot slew the clock: " + diag::errnoText(errno));
        return;
    }
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    const double whole = std::floor(plan.offset);
    long long seconds = static_cast<long long>(now.tv_sec) + static_cast<long long>(whole);
    long long nanos = now.tv_nsec + std::llround((plan.offset - whole) * 1e9);
    if (nanos >= 1000000000) {
        nanos -= 1000000000;
        ++seconds;
    }
    timespec target{static_cast<time_t>(seconds), static_cast<long>(nanos)};
    if (clock_settime(CLOCK_REALTIME, &target) != 0)
        throw std::runtime_error("cannot set the clock: " + diag::errnoText(errno));
}

}  // namespace wirekit::timed
