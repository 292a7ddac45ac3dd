// State files: format, parse, atomic replacement.
#include "account_state.h"

#include "sys/read_all.h"
#include "sys/unique_fd.h"
#include "sys/user_dirs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace wirekit::mailpoll {

namespace {

const char* const header = "mailpoll-state 1";

std::string percentEncode(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '%') {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 15];
        } else {
            out += c;
        }
    }
    return out;
}

std::string percentDecode(const std::string& text, int line) {
    std::string out;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] != '%') {
            out += text[at];
            continue;
        }
        if (at + 2 >= text.size()) throw std::runtime_error("line " + std::to_string(line) + ": bad escape");
        const auto digit = [&](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            throw std::runtime_error("line " + std::to_string(line) + ": bad escape");
        };
        out += static_cast<char>(digit(text[at + 1]) * 16 + digit(text[at + 2]));
        at += 2;
    }
    return out;
}

std::uint32_t parseNumber(const std::string& text, int line) {
    if (text.empty() || text.size() > 10) throw std::runtime_error("line " + std::to_string(line) + ": bad number");
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') throw std::runtime_error("line " + std::to_string(line) + ": bad number");
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > 0xffffffffu) throw std::runtime_error("line " + std::to_string(line) + ": bad number");
    return static_cast<std::uint32_t>(value);
}

std::string fileNameOf(const std::string& account) {
    // Account names are the user's words: keep them readable, never a path.
    std::string name;
    for (const char c : account) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '@';
        if (plain && !(name.empty() && c == '.')) {
            name += c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            name += '%';
            name += hex[byte >> 4];
            name += hex[byte & 15];
        }
    }
    return name + ".state";
}

}  // namespace

std::string formatAccountState(const AccountState& state) {
    std::string text = std::string(header) + "\n";
    for (const auto& [mailbox, mailboxState] : state.mailboxes)
        text += "imap " + std::to_string(mailboxState.uidValidity) + " " + std::to_string(mailboxState.uidNext) + " " +
                percentEncode(mailbox) + "\n";
    if (state.pop3Uids) {
        text += "pop3-checked\n";
        for (const auto& uid : *state.pop3Uids) text += "pop3 " + percentEncode(uid) + "\n";
    }
    return text;
}

AccountState parseAccountState(const std::string& text) {
    AccountState state;
    int lineNumber = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = text.find('\n', at);
        if (end == std::string::npos)
            throw std::runtime_error("line " + std::to_string(lineNumber + 1) + ": truncated");
        const std::string line = text.substr(at, end - at);
        at = end + 1;
        ++lineNumber;
        if (lineNumber == 1) {
            if (line != header) throw std::runtime_error("not a mailpoll state file (or a newer one)");
            continue;
        }
        const auto space = line.find(' ');
        const std::string kind = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
        if (kind == "imap") {
            const auto first = rest.find(' ');
            const auto second = first == std::string::npos ? first : rest.find(' ', first + 1);
            if (second == std::string::npos)
                throw std::runtime_error("line " + std::to_string(lineNumber) + ": bad imap line");
            MailboxState mailbox{parseNumber(rest.substr(0, first), lineNumber),
                                 parseNumber(rest.substr(first + 1, second - first - 1), lineNumber)};
            state.mailboxes[percentDecode(rest.substr(second + 1), lineNumber)] = mailbox;
        } else if (kind == "pop3-checked") {
            if (!state.pop3Uids) state.pop3Uids.emplace();
        } else if (kind == "pop3" && !rest.empty()) {
            if (!state.pop3Uids) state.pop3Uids.emplace();
            state.pop3Uids->insert(percentDecode(rest, lineNumber));
        } else {
            throw std::runtime_error("line " + std::to_string(lineNumber) + ": unknown entry '" + kind + "'");
        }
    }
    if (lineNumber == 0) throw std::runtime_error("empty state file");
    return state;
}

StateStore::StateStore(std::string directory) : directory_(std::move(directory)) {}

std::string StateStore::defaultDirectory() { return sys::xdgDirectory("XDG_STATE_HOME", ".local/state") + "/mailpoll"; }

std::string StateStore::pathOf(const std::string& account) const { return directory_ + "/" + fileNameOf(account); }

std::optional<AccountState> StateStore::load(const std::string& account) const {
    const std::string path = pathOf(account);
    sys::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return std::nullopt;
        throw std::runtime_error(path + ": " + std::strerror(errno));
    }
    std::string text;
    if (!sys::readAll(fd.get(), text)) throw std::runtime_error(path + ": " + std::strerror(errno));
    try {
        return parseAccountState(text);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

void StateStore::save(const std::string& account, const AccountState& state) const {
    // mkdir -p, private: the state says which mail a user has.
    for (std::size_t slash = 1; slash != std::string::npos;) {
        slash = directory_.find('/', slash + 1);
        const std::string prefix = directory_.substr(0, slash);
        if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::runtime_error(prefix + ": " + std::strerror(errno));
    }
    const std::string path = pathOf(account);
    const std::string temporary = path + ".tmp";
    const std::string text = formatAccountState(state);
    {
        sys::UniqueFd fd(open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd) throw std::runtime_error(temporary + ": " + std::strerror(errno));
        for (std::size_t written = 0; written < text.size();) {
            const ssize_t put = write(fd.get(), text.data() + written, text.size() - written);
            if (put < 0) {
                const int error = errno;
                unlink(temporary.c_str());
                throw std::runtime_error(temporary + ": " + std::strerror(error));
            }
            written += static_cast<std::size_t>(put);
        }
        if (fsync(fd.get()) != 0) {
            const int error = errno;
            unlink(temporary.c_str());
            throw std::runtime_error(temporary + ": " + std::strerror(error));
        }
    }
    if (rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        unlink(temporary.c_str());
        throw std::runtime_error(path + ": " + std::strerror(error));
    }
    sys::UniqueFd directory(open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory) fsync(directory.get());
}

}  // namespace wirekit::mailpoll
