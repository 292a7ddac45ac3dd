// Moving one file either way over an open session: downloads through
// NAME.part renamed only when complete, uploads resumed where the server's
// copy stops, times preserved, and the retry loop around both.
#pragma once

#include "connector.h"
#include "file_entry.h"
#include "progress_bar.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace wirekit::ftpx {

struct TransferResult {
    std::uint64_t bytes = 0;   ///< moved by this run
    std::uint64_t offset = 0;  ///< where the last attempt started (resumed from)
    double seconds = 0;
    bool alreadyComplete = false;  ///< nothing to move: the destination had it all
};

/// What the attempts at one file have done so far, shared across retries:
/// only once the server has accepted RETR or STOR does the destination
/// (NAME.part, the remote file) hold this run's bytes. Before that it may
/// hold another version's, and a retry that resumed it would splice two.
struct TransferAttempts {
    bool started = false;
};

struct DownloadRequest {
    std::string remote;                    ///< as RETR takes it: a name in the current directory or an absolute path
    std::string local;                     ///< the final path; "-" writes to stdout (no .part, no resume)
    bool resume = false;                   ///< continue NAME.part (-c); a retry after the transfer started does anyway
    std::optional<std::uint64_t> size;     ///< from a listing; else SIZE is asked
    std::optional<ModTime> mtime;          ///< from a listing; else MDTM is asked
    TransferAttempts* attempts = nullptr;  ///< marked when the transfer starts, read by the retries after
};

struct UploadRequest {
    std::string local;
    std::string remote;
    bool resume = false;                      ///< continue the server's shorter copy (-c); a started retry does anyway
    std::optional<std::uint64_t> remoteSize;  ///< when already known (mirror); else SIZE is asked
    TransferAttempts* attempts = nullptr;     ///< marked when the transfer starts, read by the retries after
    /// The resume is a guess (a mirror found a shorter remote copy): it is
    /// made only if the remote file's last bytes are the local file's.
    bool checkOverlap = false;
};

TransferResult download(FtpSession& session, const DownloadRequest& request, ProgressBar& progress);
TransferResult upload(FtpSession& session, const UploadRequest& request, ProgressBar& progress);

struct RetryPolicy {
    int retries = 3;
    double firstDelaySeconds = 1;  ///< doubled each time, at most 30 s
    std::function<void(const std::string&)> note;
};

/// Runs `operation(session, attempt)` (attempt from 0) and, when it fails
/// with a ConnectionError or a transient reply other than a full disk, drops
/// the session and runs it again after a delay, at most `retries` more
/// times. Other errors, and the last one, propagate.
void withRetries(Connector& connector, const RetryPolicy& policy,
                 const std::function<void(FtpSession&, int attempt)>& operation);

/// Whether `error` is worth another attempt.
bool isRetryable(const std::exception& error);

}  // namespace wirekit::ftpx
