// Which interfaces a run looks at: every one but loopback by default, or
// those named with -i, where shell globs ("eth*", "wl?0") match names.
#pragma once

#include <string>
#include <vector>

namespace wirekit::bwmeter {

class InterfaceFilter {
public:
    /// `patterns` empty: every interface except loopback. Loopback is
    /// included only when a pattern names or matches it.
    explicit InterfaceFilter(std::vector<std::string> patterns = {});

    bool accepts(const std::string& name, bool loopback) const;
    /// The patterns that matched none of `names`, to report as unknown.
    std::vector<std::string> unmatched(const std::vector<std::string>& names) const;

private:
    std::vector<std::string> patterns_;
};

}  // namespace wirekit::bwmeter
