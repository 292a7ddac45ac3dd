// Interface selection.
#include "interface_filter.h"

#include <fnmatch.h>

#include <algorithm>

namespace wirekit::bwmeter {

InterfaceFilter::InterfaceFilter(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}

bool InterfaceFilter::accepts(const std::string& name, bool loopback) const {
    if (patterns_.empty()) return !loopback;
    return std::any_of(patterns_.begin(), patterns_.end(),
                       [&](const std::string& pattern) { return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0; });
}

std::vector<std::string> InterfaceFilter::unmatched(const std::vector<std::string>& names) const {
    std::vector<std::string> missing;
    for (const auto& pattern : patterns_)
        if (std::none_of(names.begin(), names.end(),
                         [&](const std::string& name) { return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0; }))
            missing.push_back(pattern);
    return missing;
}

}  // namespace wirekit::bwmeter
