// The operations one-shot commands and the interactive shell share: get,
// put, cat, ls and the simple ones, each with its retries, progress and
// report, over a Connector in the remote directory they work in.
#pragma once

#include "connector.h"
#include "ftpx_options.h"
#include "transfer.h"

#include <ostream>
#include <string>

namespace wirekit::ftpx {

/// How operations behave and report, from the options.
struct OperationContext {
    RetryPolicy retry;
    bool resume = false;
    bool verbose = false;
    bool quiet = false;
    bool json = false;
    bool progress = false;        ///< stderr is a terminal and not -q
    std::ostream* out = nullptr;  ///< where data and JSON go (stdout)
};

/// The settings of sessions to `url`'s server: TLS, mode, timeouts and the
/// login (URL, -u, FTPX_PASSWORD, netrc, the terminal, anonymous).
SessionSettings sessionSettingsFor(const FtpUrl& url, const Options& options);

/// The context for `options`, writing to `out`.
OperationContext operationContextFor(const Options& options, std::ostream& out);

/// Downloads `remote` (a name in the connector's directory, or a path) to
/// `local` ("-" for stdout; a directory receives the remote name).
TransferResult getFile(Connector& connector, const OperationContext& context, const std::string& remote,
                       std::string local);
/// Uploads `local` to `remote` (a name or path on the server).
TransferResult putFile(Connector& connector, const OperationContext& context, const std::string& local,
                       const std::string& remote);
/// Prints the listing of `remote` ("" for the current directory).
void listDirectory(Connector& connector, const OperationContext& context, const std::string& remote, bool longFormat);

/// The last '/'-separated name of `path` ("a/b.txt" -> "b.txt").
std::string baseName(const std::string& path);

}  // namespace wirekit::ftpx
