// How `timed serve` finds and executes the server binary, timed-serve.
#pragma once

#include <string>
#include <vector>

namespace wirekit::timed {

/// Replaces this process with timed-serve (beside `timed` or in
/// ../libexec/wirekit/) and `argv[first..argc)`; the pid, and so any
/// supervisor's view of it, stays the same. Throws when it cannot be run.
[[noreturn]] void execServer(int argc, char* const argv[], int first);

}  // namespace wirekit::timed
