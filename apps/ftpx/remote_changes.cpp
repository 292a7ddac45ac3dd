// Telling "refused" from "already done" on a retry needs a look at the
// server; the look is taken only then, so the ordinary path sends one command.
#include "remote_changes.h"

#include "ftp_errors.h"

#include <optional>

namespace wirekit::ftpx {

namespace {

std::optional<bool> exists(FtpSession& session, const std::string& path) {
    const auto directory = session.isDirectory(path);
    if (directory == true) return true;
    const auto file = session.hasFile(path);
    if (!directory || !file) return std::nullopt;
    return *file;
}

/// Whether the server shows `change` made.
bool showsDone(FtpSession& session, RemoteChange change, const std::string& path, const std::string& target) {
    switch (change) {
        case RemoteChange::makeDirectory: return session.isDirectory(path) == true;
        case RemoteChange::removeDirectory:
        case RemoteChange::removeFile: return exists(session, path) == false;
        case RemoteChange::rename: return exists(session, path) == false && exists(session, target) == true;
    }
    return false;
}

/// Sends the commands; `changing` is set just before the one that makes the
/// change (RNTO, not RNFR).
void make(FtpSession& session, RemoteChange change, const std::string& path, const std::string& target,
          bool& changing) {
    if (change == RemoteChange::rename) session.renameFrom(path);
    changing = true;
    switch (change) {
        case RemoteChange::makeDirectory: session.makeDirectory(path); break;
        case RemoteChange::removeDirectory: session.removeDirectory(path); break;
        case RemoteChange::removeFile: session.removeFile(path); break;
        case RemoteChange::rename: session.renameTo(target); break;
    }
}

}  // namespace

void changeRemote(Connector& connector, const RetryPolicy& policy, RemoteChange change, const std::string& path,
                  const std::string& target) {
    // Set when an attempt lost its connection after the command that makes
    // the change went out: the server may have made it. A reply, even a
    // transient one, says it did not; so does a command never sent whole.
    bool answerMayBeLost = false;
    withRetries(connector, policy, [&](FtpSession& session, int) {
        const bool earlierMayHaveMadeIt = answerMayBeLost;
        bool changing = false;
        try {
            make(session, change, path, target, changing);
        } catch (const NotSentError&) {
            throw;
        } catch (const ConnectionError&) {
            if (changing) answerMayBeLost = true;
            throw;
        } catch (const ReplyError& refusal) {
            if (!earlierMayHaveMadeIt || refusal.reply().code / 100 != 5) throw;
            if (!showsDone(session, change, path, target)) throw;
        }
    });
}

}  // namespace wirekit::ftpx
