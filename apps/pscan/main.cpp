// pscan: port scanner. Wiring only.
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "pscan_command.h"

int main(int argc, char* argv[]) {
    wirekit::diag::setProgramName("pscan");
    return wirekit::cli::guardedMain([&] { return wirekit::pscan::runPscan(argc, argv); });
}
