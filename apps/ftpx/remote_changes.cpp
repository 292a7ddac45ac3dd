// Telling "refused" from "already done" on a retry needs a look at the
// server; the look is taken only then, so the ordinary path sends one command.
#include "remote_changes.h"

#include "ftp_errors.h"

#include <optional>

namespace wirekit::ftpx {

namespace {

/// Whether `path` is a directory: CWD into it and back. Nothing when that
/// cannot be told (the server has no PWD to come back by).
std::optional<bool> isDirectory(FtpSession& session, const std::string& path) {
    std::string here;
    try {
        here = session.currentDirectory();
    } catch (const ReplyError&) {
        return std::nullopt;
    }
    try {
        session.changeDirectory(path);
    } catch (const ReplyError&) {
        return false;
    }
    session.changeDirectory(here);
    return true;
}

/// Whether a file `path` exists, by SIZE; nothing on a server without SIZE.
std::optional<bool> isFile(FtpSession& session, const std::string& path) {
    if (!session.features().has("SIZE")) return std::nullopt;
    return session.size(path).has_value();
}

std::optional<bool> exists(FtpSession& session, const std::string& path) {
    const auto directory = isDirectory(session, path);
    if (directory && *directory) return true;
    const auto file = isFile(session, path);
    if (!directory || !file) return std::nullopt;
    return *file;
}

/// Whether the server shows `change` made.
bool showsDone(FtpSession& session, RemoteChange change, const std::string& path, const std::string& target) {
    switch (change) {
        case RemoteChange::makeDirectory: return isDirectory(session, path) == true;
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
    bool sent = false;
    withRetries(connector, policy, [&](FtpSession& session, int) {
        const bool earlierAttemptSent = sent;
        sent = true;
        try {
            make(session, change, path, target);
        } catch (const ReplyError& refusal) {
            if (!earlierAttemptSent || refusal.reply().code / 100 != 5) throw;
            if (!showsDone(session, change, path, target)) throw;
        }
    });
}

}  // namespace wirekit::ftpx
