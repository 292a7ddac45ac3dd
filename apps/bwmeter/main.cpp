// bwmeter: bandwidth meter from the kernel's interface counters. Wiring only.
#include "bwmeter_options.h"
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "commands.h"

int main(int argc, char* argv[]) {
    using namespace wirekit;
    diag::setProgramName("bwmeter");
    return cli::guardedMain([&] {
        const auto options = bwmeter::parseOptions(argc, argv);
        if (!options) return 0;
        switch (options->command) {
            case bwmeter::Command::live: return bwmeter::runLive(*options);
            case bwmeter::Command::record: return bwmeter::runRecord(*options);
            case bwmeter::Command::sample: return bwmeter::runSample(*options);
            case bwmeter::Command::report: return bwmeter::runReport(*options);
            case bwmeter::Command::graph: return bwmeter::runGraph(*options);
            case bwmeter::Command::metrics: return bwmeter::runMetrics(*options);
        }
        return 0;
    });
}
