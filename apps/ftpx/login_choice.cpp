// The login decision over the URL and the parsed netrc.
#include "login_choice.h"

namespace wirekit::ftpx {

Login chooseLogin(const FtpUrl& url, const std::optional<std::vector<auth::NetrcEntry>>& netrc) {
    Login login;
    if (url.user) {
        login.user = *url.user;
        login.source = Login::Source::url;
        login.password = url.password;
        if (!login.password && netrc) {
            // An entry for this user, or one with a password for anyone.
            const auto entry = auth::findNetrcEntry(*netrc, url.host, *url.user);
            if (entry && !entry->password.empty()) {
                login.password = entry->password;
                login.source = Login::Source::netrc;
            }
        }
        // "ftp://anonymous@host/" asks for nothing: ftp(1)'s anonymous login.
        if (!login.password && (login.user == "anonymous" || login.user == "ftp")) login.password = anonymousPassword;
        return login;
    }
    if (netrc) {
        const auto entry = auth::findNetrcEntry(*netrc, url.host);
        if (entry && !entry->login.empty()) {
            login.user = entry->login;
            // A login without a password is asked for, never sent empty.
            if (!entry->password.empty()) login.password = entry->password;
            login.source = Login::Source::netrc;
            return login;
        }
    }
    login.user = "anonymous";
    login.password = anonymousPassword;
    login.source = Login::Source::anonymous;
    return login;
}

}  // namespace wirekit::ftpx
