// `timed query`: options, the queries, the report, and --set.
#pragma once

namespace wirekit::timed {

extern const char* const queryUsage;

/// Runs `timed query` with argv[first..argc) as its options; returns the exit status.
int runQueryCommand(int argc, char* const argv[], int first);

}  // namespace wirekit::timed
