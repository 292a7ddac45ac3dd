// timed: time client and server (RFC 868, RFC 867, SNTP). Wiring only.
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "cli/usage_error.h"
#include "query_command.h"
#include "serve_command.h"
#include "server_exec.h"

#include <iostream>
#include <string>

namespace {

const char* const overview =
    "Time client and server: RFC 868 time, RFC 867 daytime and SNTP.\n"
    "\n"
    "  timed serve   answer time requests (see timed serve --help)\n"
    "  timed query   ask servers for the time, optionally set the clock\n"
    "                (see timed query --help)\n"
    "\n"
    "  -h, --help    show this help and exit\n"
    "  -V, --version show the version and exit\n";

int dispatch(int argc, char* argv[]) {
    using namespace wirekit;
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "serve") timed::execServer(argc, argv, 2);
    if (command == "query") return timed::runQueryCommand(argc, argv, 2);
    if (command == "-h" || command == "--help") {
        // One usage block: the second and third lines indented under the first.
        std::string query = timed::queryUsage;
        query.replace(0, std::string("usage:").size(), "      ");
        std::cout << timed::serveUsage << query << "       timed --help | --version\n\n" << overview;
        return cli::exitSuccess;
    }
    if (command == "-V" || command == "--version") {
        std::cout << "timed (wirekit) " WIREKIT_VERSION "\n";
        return cli::exitSuccess;
    }
    if (command.empty()) throw cli::UsageError("missing command: serve or query");
    throw cli::UsageError("unknown command '" + command + "': must be serve or query");
}

}  // namespace

int main(int argc, char* argv[]) {
    wirekit::diag::setProgramName("timed");
    return wirekit::cli::guardedMain([&] { return dispatch(argc, argv); });
}
