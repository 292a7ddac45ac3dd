// `timed serve`: options, then the server's life from bind to exit.
#pragma once

namespace wirekit::timed {

extern const char* const serveUsage;

/// Runs `timed serve` with argv[first..argc) as its options; returns the exit status.
int runServeCommand(int argc, char* const argv[], int first);

}  // namespace wirekit::timed
