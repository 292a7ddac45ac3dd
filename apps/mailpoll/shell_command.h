// Commands the user configured: a password command whose output we read, and
// the --exec notification hook. Both run through /bin/sh -c, as msmtp's
// passwordeval and fetchmail's mda do.
#pragma once

#include <string>
#include <vector>

namespace wirekit::mailpoll {

/// Runs `command` and returns its standard output's first line. Throws
/// std::runtime_error when it cannot start, exits non-zero, prints nothing,
/// or runs longer than `timeoutSeconds` (then it is killed). The message
/// never contains the output: it may be a password.
std::string captureFirstLine(const std::string& command, double timeoutSeconds);

/// Runs `command` with `environment` ("NAME=value") added, its output going
/// to our standard error, and waits for it (killed after `timeoutSeconds`).
/// Returns its exit status, -1 when it could not run, -2 when it was killed.
int runHook(const std::string& command, const std::vector<std::string>& environment, double timeoutSeconds);

}  // namespace wirekit::mailpoll
