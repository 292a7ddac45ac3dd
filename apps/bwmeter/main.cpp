// bwmeter: bandwidth meter from the kernel's interface counters. Wiring only.
//
// This binary is the lean one a router runs all day (live text, sample,
// metrics): it maps no POCO library. Reports, graphs and JSON need POCO,
// and are bwmeter-report's, which this one executes in its place; the
// recording daemon is bwmeter-record, leaner still, executed the same way.
#include "bwmeter_options.h"
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "commands.h"
#include "sys/sibling.h"

int main(int argc, char* argv[]) {
    using namespace wirekit;
    diag::setProgramName("bwmeter");
    return cli::guardedMain([&] {
        const auto options = bwmeter::parseOptions(argc, argv);
        if (!options) return 0;
        const bool heavy = options->command == bwmeter::Command::report ||
                           options->command == bwmeter::Command::graph ||
                           (options->command == bwmeter::Command::live && options->json);
        const std::vector<std::string> arguments(argv + 1, argv + argc);
        if (heavy) sys::execSibling("bwmeter-report", arguments);
        if (options->command == bwmeter::Command::record) sys::execSibling("bwmeter-record", arguments);
        switch (options->command) {
            case bwmeter::Command::live: return bwmeter::runLive(*options, bwmeter::textPrinter);
            case bwmeter::Command::sample: return bwmeter::runSample(*options);
            case bwmeter::Command::metrics: return bwmeter::runMetrics(*options);
            default: return 0;
        }
    });
}
