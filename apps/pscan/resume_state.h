// What an interrupted scan leaves behind so that --resume can finish it: the
// command line, the seed, how far the probe order got, and the probes sent
// but not yet answered. Pure: text in, text out.
#pragma once

#include "scan_plan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::pscan {

struct ResumeState {
    std::vector<std::string> args;  ///< the scan's options and targets, without the program name
    std::uint64_t seed = 0;
    std::uint64_t fingerprint = 0;  ///< the plan's, to notice changed targets or ports
    std::uint64_t position = 0;     ///< positions before this were sent ...
    ProbeRanges pending;            ///< ... and these of them still need doing
};

/// The state as a small text file, one "key value" per line.
std::string formatResumeState(const ResumeState& state);

/// Parses what formatResumeState wrote. Throws std::runtime_error naming
/// the line that is wrong.
ResumeState parseResumeState(const std::string& text);

/// The probes among the first plan.furthest() positions that neither an
/// earlier run nor this one has reported, as sorted, merged ranges.
/// `reported` has one flag per probe index.
ProbeRanges unfinishedProbes(const ScanPlan& plan, const std::vector<bool>& reported);

}  // namespace wirekit::pscan
