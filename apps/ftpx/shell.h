// The interactive session (`ftpx HOST`, `ftpx -b FILE`): ftp(1)'s classic
// commands over one connection, with line editing on a terminal.
#pragma once

#include "ftpx_options.h"

#include <istream>
#include <ostream>
#include <string>

namespace wirekit::ftpx {

/// Runs commands until bye or the end of input, first opening `target`
/// (a HOST or URL) when it is not empty. With `batch` the first failing
/// command ends the run, unless its line starts with '-'. Returns 0, or 1
/// when a command failed.
int runShell(const Options& options, const std::string& target, std::istream& in, bool batch, bool terminal,
             std::ostream& out);

}  // namespace wirekit::ftpx
