// The user and password a session logs in with: the URL, -u with
// FTPX_PASSWORD, ~/.netrc, a prompt on the terminal, or anonymous.
#pragma once

#include "ftp_url.h"

#include <functional>
#include <optional>
#include <string>

namespace wirekit::ftpx {

struct Credentials {
    std::string user;
    std::string password;  ///< never printed, never logged
};

struct CredentialSources {
    std::string optionUser;                  ///< -u USER, or empty
    std::string netrcPath;                   ///< --netrc-file, or empty for $NETRC / ~/.netrc
    std::optional<std::string> environment;  ///< FTPX_PASSWORD
    /// Asks for the password on the terminal; nothing when there is none.
    std::function<std::optional<std::string>(const std::string& prompt)> ask;
};

/// The login for `url`. A URL password wins; then, for a named user (-u or
/// the URL's), FTPX_PASSWORD, the netrc entry for the host and that user,
/// or the terminal; with no user named, the netrc entry for the host, its
/// `default`, or anonymous. The netrc file is read only when it is needed.
/// Throws cli::UsageError for a netrc file that others may read or that does
/// not parse, and when a named user has no password and there is no
/// terminal to ask on.
Credentials resolveCredentials(const FtpUrl& url, const CredentialSources& sources);

/// Reads a line from /dev/tty with echo off, after printing `prompt` there.
/// Nothing when there is no terminal.
std::optional<std::string> askOnTerminal(const std::string& prompt);

}  // namespace wirekit::ftpx
