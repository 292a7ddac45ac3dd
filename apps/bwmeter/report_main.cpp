// bwmeter-report: every bwmeter command, including those that need POCO
// (report, graph, live --json). bwmeter executes it for those; it is not
// meant to be run by hand, but does the same as bwmeter when it is.
#include "bwmeter_options.h"
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "commands.h"
#include "live_json.h"

int main(int argc, char* argv[]) {
    using namespace wirekit;
    diag::setProgramName("bwmeter");
    return cli::guardedMain([&] {
        const auto options = bwmeter::parseOptions(argc, argv);
        if (!options) return 0;
        switch (options->command) {
            case bwmeter::Command::live:
                return bwmeter::runLive(*options, [](bwmeter::LiveStyle style) {
                    return style == bwmeter::LiveStyle::json ? bwmeter::jsonPrinter() : bwmeter::textPrinter(style);
                });
            case bwmeter::Command::record: return bwmeter::runRecord(*options);
            case bwmeter::Command::sample: return bwmeter::runSample(*options);
            case bwmeter::Command::report: return bwmeter::runReport(*options);
            case bwmeter::Command::graph: return bwmeter::runGraph(*options);
            case bwmeter::Command::metrics: return bwmeter::runMetrics(*options);
        }
        return 0;
    });
}
