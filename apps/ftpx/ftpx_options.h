// ftpx's command line: the option table, the command word and its operands,
// checked while parsing so that main only wires.
#pragma once

#include "net/tls.h"

#include <string>
#include <vector>

namespace wirekit::ftpx {

extern const char* const usage;

enum class Command { interactive, get, put, ls, cat, mkdir, rm, rmdir, mv, mirror };

struct Options {
    bool help = false, version = false;
    Command command = Command::interactive;
    std::vector<std::string> operands;  ///< after the command word

    int family = 0;  ///< -4 AF_INET, -6 AF_INET6
    bool active = false;
    std::string batchFile;
    std::string caFile;
    bool resume = false;
    bool deleteExtra = false;
    bool dryRun = false;
    int parallel = 1;
    bool json = false;
    bool insecure = false;
    bool longListing = false;
    std::string netrcFile;
    bool quiet = false;
    bool reverse = false;
    int retries = 3;
    double timeoutSeconds = 30;
    bool tls = false, tlsRequired = false;
    net::TlsMax tlsMax = net::TlsMax::newest;
    std::string user;
    bool verbose = false;
};

/// Parses argv. Throws cli::UsageError naming what is wrong: an unknown
/// option, a value out of range, a command without its operands.
Options parseOptions(int argc, char* argv[]);

/// The command word as users type it, "get" ... "mirror"; nothing for interactive.
const char* commandName(Command command);

}  // namespace wirekit::ftpx
