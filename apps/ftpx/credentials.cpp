// Choosing the login, and asking for a password without echo.
#include "credentials.h"

#include "auth/netrc.h"
#include "cli/diag.h"
#include "cli/usage_error.h"
#include "interrupt.h"
#include "login_choice.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace wirekit::ftpx {

namespace {

std::optional<std::vector<auth::NetrcEntry>> readNetrc(const std::string& path) {
    // ~/.netrc that we may not read is as ftp(1) takes it: a warning, and
    // the login goes on without it. A file named on the command line must be read.
    if (path.empty()) {
        const std::string home = auth::defaultNetrcPath();
        if (::access(home.c_str(), F_OK) == 0 && ::access(home.c_str(), R_OK) != 0 && errno == EACCES) {
            diag::warning(home + ": " + diag::errnoText(EACCES) + "; not used");
            return std::nullopt;
        }
    }
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

namespace {

/// PASS cannot carry CR, LF or NUL: said before anything is sent, naming
/// where the password came from (never the password).
Credentials checked(Credentials credentials, const std::string& source) {
    if (credentials.password.find_first_of(std::string("\r\n\0", 3)) != std::string::npos)
        throw cli::UsageError("the password from " + source + " holds CR, LF or NUL, which FTP cannot send");
    return credentials;
}

}  // namespace

Credentials resolveCredentials(const FtpUrl& url, const CredentialSources& sources) {
    FtpUrl named = url;
    // -u names the user whatever the URL says, as curl's -u does.
    if (!sources.optionUser.empty()) {
        named.user = sources.optionUser;
        named.password.reset();
    }
    if (named.user && named.password) return {*named.user, *named.password};
    if (named.user && sources.environment) return checked({*named.user, *sources.environment}, "FTPX_PASSWORD");

    const Login login = chooseLogin(named, readNetrc(sources.netrcPath));
    if (login.password) return checked({login.user, *login.password}, "the netrc file");
    if (sources.environment) return checked({login.user, *sources.environment}, "FTPX_PASSWORD");
    const std::string prompt = "Password for " + login.user + "@" + url.host + ": ";
    if (sources.ask)
        if (auto password = sources.ask(prompt)) return {login.user, *password};
    throw cli::UsageError("no password for " + login.user + " at " + url.host +
                          ": set FTPX_PASSWORD, add it to ~/.netrc, or run on a terminal");
}

namespace {

volatile sig_atomic_t signalAtPrompt = 0;

void noteSignal(int signal) { signalAtPrompt = signal; }

/// While it lives, the signals that end a program at a prompt are noted
/// instead (the read in progress returns EINTR), so that the terminal gets
/// its echo back before the signal takes effect, as readpassphrase(3) does.
class PromptSignals {
public:
    PromptSignals() {
        signalAtPrompt = 0;
        struct sigaction note {};
        note.sa_handler = noteSignal;
        sigemptyset(&note.sa_mask);
        for (std::size_t i = 0; i < count; ++i) ::sigaction(signals[i], &note, &previous_[i]);
    }
    ~PromptSignals() {
        for (std::size_t i = 0; i < count; ++i) ::sigaction(signals[i], &previous_[i], nullptr);
    }
    PromptSignals(const PromptSignals&) = delete;
    PromptSignals& operator=(const PromptSignals&) = delete;

private:
    static constexpr std::size_t count = 5;
    static constexpr int signals[count] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP};
    struct sigaction previous_[count] {};
};

}  // namespace

std::optional<std::string> askOnTerminal(const std::string& prompt) {
    sys::UniqueFd tty(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!tty) return std::nullopt;
    struct termios saved {};
    if (::tcgetattr(tty.get(), &saved) != 0) return std::nullopt;
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    if (::write(tty.get(), prompt.data(), prompt.size()) < 0) return std::nullopt;
    std::string line;
    bool ended = false;  // by a newline; not by ^D, an error or a signal
    {
        const PromptSignals signals;
        ::tcsetattr(tty.get(), TCSAFLUSH, &quiet);
        char c = 0;
        for (;;) {
            const ssize_t got = ::read(tty.get(), &c, 1);
            if (got < 0 && errno == EINTR && signalAtPrompt == SIGTSTP) {
                // ^Z: stop with the echo back, as readpassphrase(3) does,
                // and ask on where the typing left off once resumed.
                ::tcsetattr(tty.get(), TCSAFLUSH, &saved);
                struct sigaction stop {
                }, noting{};
                stop.sa_handler = SIG_DFL;
                sigemptyset(&stop.sa_mask);
                ::sigaction(SIGTSTP, &stop, &noting);
                ::raise(SIGTSTP);
                ::sigaction(SIGTSTP, &noting, nullptr);
                signalAtPrompt = 0;
                ::tcsetattr(tty.get(), TCSAFLUSH, &quiet);
                if (::write(tty.get(), prompt.data(), prompt.size()) < 0) break;
                continue;
            }
            if (got < 0 && errno == EINTR && !signalAtPrompt) continue;
            if (got != 1) break;
            if (c == '\n') {
                ended = true;
                break;
            }
            line += c;
        }
        ::tcsetattr(tty.get(), TCSAFLUSH, &saved);
    }
    if (const int signal = signalAtPrompt) {
        // Echo is back and the handlers are the program's again: the signal
        // does now what it would have done at the prompt; in the shell, whose
        // catcher would cut the session in use, ^C just ends the command.
        (void)!::write(tty.get(), "\n", 1);
        if (signal == SIGINT && interruptIsCaught()) throw InterruptedError();
        ::raise(signal);
        throw InterruptedError();
    }
    // ^D: no password, not an empty one.
    if (!ended) return std::nullopt;
    return line;
}

}  // namespace wirekit::ftpx
