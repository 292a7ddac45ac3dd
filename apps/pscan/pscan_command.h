// pscan's command line, and the scan it runs.
#pragma once

namespace wirekit::pscan {

extern const char* const usage;

/// Runs pscan with `argv`; returns the exit status.
int runPscan(int argc, char* argv[]);

}  // namespace wirekit::pscan
