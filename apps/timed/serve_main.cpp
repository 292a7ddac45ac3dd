// timed-serve: the server alone, which `timed serve` executes. Kept apart so
// the long-running process maps none of the client's output libraries (POCO
// JSON and Foundation cost about 1.5 MiB of resident memory).
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "serve_command.h"

int main(int argc, char* argv[]) {
    wirekit::diag::setProgramName("timed");
    return wirekit::cli::guardedMain([&] { return wirekit::timed::runServeCommand(argc, argv, 1); });
}
