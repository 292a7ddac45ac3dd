// bwmeter-record: the recording daemon, `bwmeter record`, which bwmeter
// executes in its place (same process, same options).
//
// A daemon keeps its text resident for good, and the kernel maps text in
// 64 KiB runs around each page it runs: a binary that holds only the record
// path (no live tables, no metrics, no help for other commands' options)
// keeps a third less of itself resident than bwmeter would.
#include "bwmeter_options.h"
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "cli/usage_error.h"
#include "commands.h"

int main(int argc, char* argv[]) {
    using namespace wirekit;
    diag::setProgramName("bwmeter");
    return cli::guardedMain([&] {
        const auto options = bwmeter::parseOptions(argc, argv);
        if (!options) return 0;
        if (options->command != bwmeter::Command::record)
            throw cli::UsageError("bwmeter-record only records: run bwmeter for the other commands");
        return bwmeter::runRecord(*options);
    });
}
