// ftpx: FTP and FTPS client for files and trees. Wiring only.
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "cli/usage_error.h"
#include "commands.h"
#include "ftpx_options.h"
#include "net/tls.h"
#include "shell.h"

#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>

namespace {

using namespace wirekit;
using namespace wirekit::ftpx;

int run(int argc, char* argv[]) {
    const Options options = parseOptions(argc, argv);
    if (options.help) {
        std::cout << usage;
        return cli::exitSuccess;
    }
    if (options.version) {
        std::cout << "ftpx (wirekit) " WIREKIT_VERSION "\n";
        return cli::exitSuccess;
    }
    if (options.verbose) diag::setVerbosity(diag::Level::info);
    if (options.quiet) diag::setVerbosity(diag::Level::error);
    // A server that closes a data connection must fail a write, not kill us.
    std::signal(SIGPIPE, SIG_IGN);
    net::initializeTls();

    if (options.command != Command::interactive) return runCommand(options, std::cout);
    const std::string target = options.operands.empty() ? "" : options.operands[0];
    // "-b -": the batch on standard input, as sftp(1) takes it.
    if (options.batchFile == "-") return runShell(options, target, std::cin, true, false, std::cout);
    if (!options.batchFile.empty()) {
        std::ifstream batch(options.batchFile);
        if (!batch) throw cli::UsageError(options.batchFile + ": cannot open batch file");
        return runShell(options, target, batch, true, false, std::cout);
    }
    return runShell(options, target, std::cin, false, ::isatty(STDIN_FILENO) == 1, std::cout);
}

}  // namespace

int main(int argc, char* argv[]) {
    diag::setProgramName("ftpx");
    return cli::guardedMain([&] { return run(argc, argv); });
}
