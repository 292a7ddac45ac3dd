// mailpoll's command line.
#pragma once

#include "account.h"

#include <string>
#include <vector>

namespace wirekit::mailpoll {

extern const char* const usage;

struct Options {
    bool help = false;
    bool version = false;
    bool once = false;
    bool idle = false;
    bool json = false;
    bool verbose = false;
    bool quiet = false;
    bool daemon = false;
    std::string configPath;  ///< empty: the default path
    std::string stateDirectory;
    std::string execCommand;
    std::string pidFile;
    std::vector<std::string> selectedAccounts;                   ///< operands: which configured accounts to check
    bool accountFromFlags = false;                               ///< --host given: one account, no config file
    Account flagAccount;                                         ///< the keys given as flags
    std::vector<std::pair<std::string, std::string>> overrides;  ///< --interval, --timeout for every account
};

/// Throws cli::UsageError.
Options parseOptions(int argc, char* argv[]);

/// The accounts to check: from the flags, or from the configuration file
/// (only those named as operands, when any are). Throws cli::UsageError for a
/// bad file or an unknown account name, std::runtime_error when unreadable.
std::vector<Account> selectAccounts(const Options& options);

}  // namespace wirekit::mailpoll
