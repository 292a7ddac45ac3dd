// Password sources.
#include "password.h"

#include "auth/netrc.h"
#include "shell_command.h"
#include "sys/read_all.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirekit::mailpoll {

std::string readPasswordFile(const std::string& path) {
    sys::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw std::runtime_error(path + ": " + std::strerror(errno));
    struct stat info {};
    if (fstat(fd.get(), &info) != 0) throw std::runtime_error(path + ": " + std::strerror(errno));
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        throw std::runtime_error(path + ": others may read this password file (chmod 600 " + path + ")");
    if (info.st_uid != geteuid()) throw std::runtime_error(path + ": password file belongs to another user");
    std::string text;
    if (!sys::readAll(fd.get(), text, 65536)) throw std::runtime_error(path + ": " + std::strerror(errno));
    const auto newline = text.find('\n');
    if (newline != std::string::npos) text.erase(newline);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) throw std::runtime_error(path + ": empty password file");
    return text;
}

std::string obtainPassword(const Account& account) {
    switch (account.password.kind) {
        case PasswordSource::Kind::file: return readPasswordFile(account.password.value);
        case PasswordSource::Kind::command: return captureFirstLine(account.password.value, 60);
        case PasswordSource::Kind::netrc: break;
    }
    const std::string path = auth::defaultNetrcPath();
    const auto entries = auth::readNetrcFile(path);
    if (!entries)
        throw std::runtime_error("no password source: set password-file or password-command, or add " + account.host +
                                 " to " + path);
    const auto entry = auth::findNetrcEntry(*entries, account.host, account.user);
    if (!entry || entry->password.empty())
        throw std::runtime_error(path + ": no password for " + account.user + " at " + account.host);
    return entry->password;
}

}  // namespace wirekit::mailpoll
