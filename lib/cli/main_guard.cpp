// Exceptions caught once, in main.
#include "cli/main_guard.h"

#include "cli/diag.h"
#include "cli/usage_error.h"

#include <exception>

namespace wirekit::cli {

int guardedMain(const std::function<int()>& body, int failureStatus) {
    try {
        return body();
    } catch (const UsageError& e) {
        diag::error(e.what());
        diag::error("try '" + diag::programName() + " --help' for more information");
        return exitUsage;
    } catch (const std::exception& e) {
        diag::error(e.what());
        return failureStatus;
    }
}

}  // namespace wirekit::cli
