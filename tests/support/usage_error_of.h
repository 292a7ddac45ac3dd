// The message of the cli::UsageError a call throws, for tests of parsers
// whose error texts are part of the interface.
#pragma once

#include "cli/usage_error.h"

#include <string>
#include <utility>

namespace wirekit::test {

/// Calls `parse(args...)`; returns the UsageError's message, or "" when none was thrown.
template <typename Parse, typename... Args>
std::string usageErrorOf(Parse&& parse, Args&&... args) {
    try {
        std::forward<Parse>(parse)(std::forward<Args>(args)...);
    } catch (const cli::UsageError& e) {
        return e.what();
    }
    return "";
}

}  // namespace wirekit::test
