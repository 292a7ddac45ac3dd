// Setting the local clock from the best answer, as rdate -s and ntpdate do.
#pragma once

#include <optional>
#include <string>

namespace wirekit::timed {

enum class AdjustAction { slew, step, refuse };

struct AdjustPlan {
    AdjustAction action = AdjustAction::refuse;
    double offset = 0;   ///< seconds to add to the local clock
    std::string reason;  ///< for a refusal
};

/// Offsets below this are slewed (adjtime), gradually and without a jump
/// backwards; larger ones are stepped. ntpdate uses the same 0.5 s.
constexpr double slewThresholdSeconds = 0.5;

/// Decides what to do with `offset`: refuse a jump larger than `maxOffset`
/// unless `force`; slew below the threshold; step otherwise.
AdjustPlan planAdjustment(double offset, std::optional<double> maxOffset, bool force);

/// Carries out a slew or a step. Throws std::runtime_error "cannot set the
/// clock: operation not permitted" and the like.
void applyAdjustment(const AdjustPlan& plan);

}  // namespace wirekit::timed
