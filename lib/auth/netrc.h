// ~/.netrc: the credentials file that ftp, curl, fetchmail and msmtp read.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wirekit::auth {

struct NetrcEntry {
    std::string machine;  ///< empty for the `default` entry
    std::string login;
    std::string password;
    bool isDefault = false;
};

/// Parses netrc text: `machine`, `default`, `login`, `password`, `account`
/// (ignored) and `macdef` (skipped up to the next empty line), as curl reads
/// them, with double-quoted tokens and backslash escapes inside the quotes.
/// Throws std::runtime_error "line N: reason" for a token without its value.
std::vector<NetrcEntry> parseNetrc(const std::string& text);

/// The entry for `host` (compared without case) and, when `login` is not
/// empty, that login; the `default` entry when no machine entry matches the
/// host, as ftp(1) and curl do.
std::optional<NetrcEntry> findNetrcEntry(const std::vector<NetrcEntry>& entries, const std::string& host,
                                         const std::string& login = "");

/// $NETRC when set, else $HOME/.netrc (the home from the password database
/// when $HOME is unset).
std::string defaultNetrcPath();

/// Reads and parses the file at `path`. Returns nothing when it does not
/// exist. Throws std::runtime_error "path: reason" when it cannot be read,
/// cannot be parsed, or holds a password while others than its owner may read
/// it (ftp(1) refuses such a file too: the password is not secret any more).
std::optional<std::vector<NetrcEntry>> readNetrcFile(const std::string& path);

}  // namespace wirekit::auth
