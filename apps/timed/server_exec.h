// How `timed serve` finds and executes the server binary, timed-serve.
#pragma once

#include <string>
#include <vector>

namespace wirekit::timed {

/// Where timed-serve should be, given the path of the running `timed`:
/// beside it (the build tree), then ../libexec/wirekit/ (an installed tree).
std::vector<std::string> serverCandidates(const std::string& selfPath);

/// Replaces this process with timed-serve and `argv[first..argc)`; the pid,
/// and so any supervisor's view of it, stays the same. Throws when no
/// candidate can be executed.
[[noreturn]] void execServer(int argc, char* const argv[], int first);

}  // namespace wirekit::timed
