// Choosing the login, and asking for a password without echo.
#include "credentials.h"

#include "auth/netrc.h"
#include "cli/usage_error.h"
#include "login_choice.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <stdexcept>

namespace wirekit::ftpx {

namespace {

std::optional<std::vector<auth::NetrcEntry>> readNetrc(const std::string& path) {
    try {
        auto entries = auth::readNetrcFile(path.empty() ? auth::defaultNetrcPath() : path);
        // A file named on the command line must be there; ~/.netrc need not.
        if (!entries && !path.empty()) throw cli::UsageError(path + ": no such netrc file");
        return entries;
    } catch (const cli::UsageError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw cli::UsageError(e.what());
    }
}

}  // namespace

Credentials resolveCredentials(const FtpUrl& url, const CredentialSources& sources) {
    if (url.user && url.password) return {*url.user, *url.password};
    FtpUrl named = url;
    if (!sources.optionUser.empty()) named.user = sources.optionUser;
    if (named.user && sources.environment) return {*named.user, *sources.environment};

    const Login login = chooseLogin(named, readNetrc(sources.netrcPath));
    if (login.password) return {login.user, *login.password};
    const std::string prompt = "Password for " + login.user + "@" + url.host + ": ";
    if (sources.ask)
        if (auto password = sources.ask(prompt)) return {login.user, *password};
    throw cli::UsageError("no password for " + login.user + " at " + url.host +
                          ": set FTPX_PASSWORD, add it to ~/.netrc, or run on a terminal");
}

std::optional<std::string> askOnTerminal(const std::string& prompt) {
    sys::UniqueFd tty(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!tty) return std::nullopt;
    struct termios saved {};
    if (::tcgetattr(tty.get(), &saved) != 0) return std::nullopt;
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    if (::write(tty.get(), prompt.data(), prompt.size()) < 0) return std::nullopt;
    ::tcsetattr(tty.get(), TCSAFLUSH, &quiet);
    std::string line;
    char c = 0;
    while (::read(tty.get(), &c, 1) == 1 && c != '\n') line += c;
    ::tcsetattr(tty.get(), TCSAFLUSH, &saved);
    return line;
}

}  // namespace wirekit::ftpx
