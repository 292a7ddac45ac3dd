// The one place where a tool's exceptions become messages and exit statuses.
#pragma once

#include <functional>

namespace wirekit::cli {

/// Runs `body` and maps what escapes it: UsageError to "prog: message" plus a
/// --help hint and exit 2, any other std::exception to "prog: message" and
/// exit 1. Returns body's status otherwise.
int guardedMain(const std::function<int()>& body);

}  // namespace wirekit::cli
