// A session that is there when asked for and made anew after a failure:
// what the retry loop and each mirror worker hold.
#pragma once

#include "ftp_session.h"
#include "ftp_url.h"

#include <memory>
#include <string>

namespace wirekit::ftpx {

class Connector {
public:
    /// `url` gives the directory every new session enters (CWD "/" for an
    /// absolute path, then one CWD per directory segment, as curl does).
    Connector(SessionSettings settings, FtpUrl url) : settings_(std::move(settings)), url_(std::move(url)) {}

    /// The open session, connecting and entering the URL's directory first
    /// when there is none.
    FtpSession& session();
    /// Forgets the session (after a failure it may be in any state).
    void drop() { session_.reset(); }
    /// The directory a new session enters after the URL's (the shell's cd),
    /// so that a reconnect after a failure lands where the user was.
    void setReentryDirectory(std::string directory) { reentry_ = std::move(directory); }
    /// That directory, "" before the shell's first cd.
    const std::string& reentryDirectory() const { return reentry_; }
    /// QUIT when a session is open.
    void close();

    const FtpUrl& url() const { return url_; }
    const SessionSettings& settings() const { return settings_; }
    /// The directory the URL names, as PWD showed it after entering it.
    const std::string& directory() const { return directory_; }

private:
    SessionSettings settings_;
    FtpUrl url_;
    std::unique_ptr<FtpSession> session_;
    std::string directory_;
    std::string reentry_;
};

}  // namespace wirekit::ftpx
