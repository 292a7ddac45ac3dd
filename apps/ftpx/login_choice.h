// Who to log in as: the URL's user and password, else ~/.netrc's entry for
// the host, else anonymous (RFC 1635), in the order curl and ftp(1) use.
#pragma once

#include "auth/netrc.h"
#include "ftp_url.h"

#include <optional>
#include <string>
#include <vector>

namespace wirekit::ftpx {

struct Login {
    enum class Source { url, netrc, anonymous };
    std::string user;
    /// Nothing when the URL names a user that no netrc entry gives a password
    /// for: the caller asks for it on the terminal or fails.
    std::optional<std::string> password;
    Source source = Source::anonymous;
};

/// The password anonymous logins send, which RFC 1635 lets be any text.
constexpr const char* anonymousPassword = "anonymous@";

/// Chooses the login for `url`. A URL user with a password: both. A URL user
/// without one: the password of the netrc entry for the host and that login
/// (or of the `default` entry with that login). No URL user: the netrc entry
/// for the host, else the `default` entry, else "anonymous". `netrc` is
/// nothing when there is no netrc file.
Login chooseLogin(const FtpUrl& url, const std::optional<std::vector<auth::NetrcEntry>>& netrc);

}  // namespace wirekit::ftpx
