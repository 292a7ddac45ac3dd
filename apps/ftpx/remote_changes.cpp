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

void make(FtpSession& session, RemoteChange change, const std::string& path, const std::string& target) {
    switch (change) {
        case RemoteChange::makeDirectory: session.makeDirectory(path); break;
        case RemoteChange::removeDirectory: session.removeDirectory(path); break;
        case RemoteChange::removeFile: session.removeFile(path); break;
        case RemoteChange::rename: session.rename(path, target); break;
    }
}

}  // namespace

void changeRemote(Connector& connector, const RetryPolicy& policy, RemoteChange change, const std::string& path,
                  const std::string& target) {
    // Set when an attempt lost its connection while making the change: the
    // server may have made it. A reply, even a transient one, says it did not.
    bool answerMayBeLost = false;
    withRetries(connector, policy, [&](FtpSession& session, int) {
        const bool earlierMayHaveMadeIt = answerMayBeLost;
        try {
            make(session, change, path, target);
        } catch (const ConnectionError&) {
            answerMayBeLost = true;
            throw;
        } catch (const ReplyError& refusal) {
            if (!earlierMayHaveMadeIt || refusal.reply().code / 100 != 5) throw;
            if (!showsDone(session, change, path, target)) throw;
        }
    });
}

}  // namespace wirekit::ftpx
