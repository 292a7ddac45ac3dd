// Running a companion binary: a tool keeps its long-running or everyday path
// lean by handing heavier work (a server, reports that need POCO) to a
// second program installed beside it or in libexec.
#pragma once

#include <string>
#include <vector>

namespace wirekit::sys {

/// Where the sibling `name` should be, given the running program's path:
/// beside it (the build tree), then ../libexec/wirekit/ (an installed tree).
std::vector<std::string> siblingCandidates(const std::string& selfPath, const std::string& name);

/// Replaces this process with the sibling `name`, given `args` (without
/// argv[0]); the pid stays the same. Throws std::runtime_error naming the
/// paths tried when none can be executed.
[[noreturn]] void execSibling(const std::string& name, const std::vector<std::string>& args);

}  // namespace wirekit::sys
