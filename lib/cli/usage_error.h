// Errors in how a tool was invoked: main() reports them with a hint and exits 2.
#pragma once

#include <stdexcept>
#include <string>

namespace wirekit::cli {

/// Thrown for a bad option, operand or configuration value. The message names
/// the offending text and why it was refused; main() adds the --help hint.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

/// Documented exit statuses shared by every tool (see each man page's EXIT STATUS).
enum ExitStatus : int {
    exitSuccess = 0,  ///< the work ran and the answer is positive
    exitFailure = 1,  ///< the work ran and the answer is negative or failed
    exitUsage = 2,    ///< bad usage or configuration
};

}  // namespace wirekit::cli
