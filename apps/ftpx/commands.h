// The one-shot commands (get, put, ls, cat, mkdir, rm, rmdir, mv, mirror):
// each opens what it needs, does its one thing, and returns the exit status.
#pragma once

#include "ftpx_options.h"

#include <ostream>

namespace wirekit::ftpx {

/// Runs `options.command` (not interactive). Returns 0, or 1 when a mirror
/// step failed; throws for a failure of the command itself, the message
/// naming the URL.
int runCommand(const Options& options, std::ostream& out);

}  // namespace wirekit::ftpx
