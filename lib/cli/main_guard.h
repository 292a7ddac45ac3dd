// The one place where a tool's exceptions become messages and exit statuses.
#pragma once

#include <functional>

namespace wirekit::cli {

/// Runs `body` and maps what escapes it: UsageError to "prog: message" plus a
/// --help hint and exit 2, any other std::exception to "prog: message" and exit
/// `failureStatus` (1, unless the tool gives 1 another meaning, as grep and
/// mailpoll do). Returns body's status otherwise.
int guardedMain(const std::function<int()>& body, int failureStatus = 1);

}  // namespace wirekit::cli
