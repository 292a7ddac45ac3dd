// ~/.netrc parsing and lookup.
#include "auth/netrc.h"

#include "sys/read_all.h"
#include "sys/unique_fd.h"
#include "sys/user_dirs.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace wirekit::auth {

namespace {

/// curl's limit too: a netrc file is a few lines, /dev/zero is not one.
constexpr std::size_t maxNetrcBytes = 128 * 1024;

struct Token {
    std::string text;
    int line;
};

class Tokenizer {
public:
    explicit Tokenizer(const std::string& text) : text_(text) {}

    std::optional<Token> next() {
        skipSpace();
        if (at_ >= text_.size()) return std::nullopt;
        const int line = line_;
        std::string token;
        if (text_[at_] == '"') {
            ++at_;
            while (at_ < text_.size() && text_[at_] != '"') {
                char c = text_[at_++];
                if (c == '\\' && at_ < text_.size()) {
                    // As curl reads a quoted token: \n, \r and \t are those characters.
                    c = text_[at_++];
                    c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
                }
                if (c == '\n') ++line_;
                token += c;
            }
            if (at_ >= text_.size()) throw std::runtime_error("line " + std::to_string(line) + ": unterminated quote");
            ++at_;
        } else {
            while (at_ < text_.size() && !isSpace(text_[at_])) token += text_[at_++];
        }
        return Token{token, line};
    }

    /// A macro definition runs from the line after `macdef NAME` to the first empty line.
    void skipMacro() {
        const auto endOfLine = text_.find('\n', at_);
        if (endOfLine == std::string::npos) {
            at_ = text_.size();
            return;
        }
        at_ = endOfLine + 1;
        ++line_;
        while (at_ < text_.size()) {
            const auto end = text_.find('\n', at_);
            if (end == std::string::npos) {
                at_ = text_.size();
                return;
            }
            ++line_;
            const bool empty = end == at_ || (end == at_ + 1 && text_[at_] == '\r');
            at_ = end + 1;
            if (empty) return;
        }
    }

private:
    bool firstOnLine() const {
        for (std::size_t i = at_; i > 0; --i) {
            const char before = text_[i - 1];
            if (before == '\n') return true;
            if (before != ' ' && before != '\t' && before != '\r') return false;
        }
        return true;
    }
    // Not ',': curl reads "password s3,cret" as one password.
    static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    void skipSpace() {
        while (at_ < text_.size()) {
            // A line whose first word starts with '#' is a comment, indented or not (as curl reads it).
            if (text_[at_] == '#' && firstOnLine()) {
                while (at_ < text_.size() && text_[at_] != '\n') ++at_;
                continue;
            }
            if (!isSpace(text_[at_])) return;
            if (text_[at_] == '\n') ++line_;
            ++at_;
        }
    }

    const std::string& text_;
    std::size_t at_ = 0;
    int line_ = 1;
};

}  // namespace

std::vector<NetrcEntry> parseNetrc(const std::string& text) {
    std::vector<NetrcEntry> entries;
    Tokenizer tokens(text);
    const auto valueOf = [&](const Token& keyword) {
        const auto value = tokens.next();
        if (!value)
            throw std::runtime_error("line " + std::to_string(keyword.line) + ": '" + keyword.text +
                                     "' without a value");
        return value->text;
    };
    while (const auto token = tokens.next()) {
        // Keywords in any case, as curl matches them.
        std::string word = token->text;
        for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (word == "machine") {
            entries.push_back(NetrcEntry{valueOf(*token), "", "", false});
        } else if (word == "default") {
            entries.push_back(NetrcEntry{"", "", "", true});
        } else if (word == "login" || word == "password" || word == "account") {
            const std::string value = valueOf(*token);
            // Values before any machine belong to nobody: curl ignores them too.
            if (entries.empty() || word == "account") continue;
            (word == "login" ? entries.back().login : entries.back().password) = value;
        } else if (word == "macdef") {
            valueOf(*token);
            tokens.skipMacro();
        }
        // Unknown words are skipped, as curl does, so newer files still parse.
    }
    return entries;
}

std::optional<NetrcEntry> findNetrcEntry(const std::vector<NetrcEntry>& entries, const std::string& host,
                                         const std::string& login) {
    // The host's entry for that login, else one without a login (a password
    // for whoever logs in, as curl reads it); then the same among defaults.
    const auto find = [&](bool isDefault, bool loginless) -> std::optional<NetrcEntry> {
        for (const auto& entry : entries) {
            if (entry.isDefault != isDefault) continue;
            if (!isDefault && strcasecmp(entry.machine.c_str(), host.c_str()) != 0) continue;
            if (login.empty() || (loginless ? entry.login.empty() : entry.login == login)) return entry;
        }
        return std::nullopt;
    };
    for (const bool isDefault : {false, true})
        for (const bool loginless : {false, true})
            if (auto entry = find(isDefault, loginless)) return entry;
    return std::nullopt;
}

std::string defaultNetrcPath() {
    if (const char* path = std::getenv("NETRC"); path && *path) return path;
    return sys::homeDirectory() + "/.netrc";
}

std::optional<std::vector<NetrcEntry>> readNetrcFile(const std::string& path) {
    const sys::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return std::nullopt;
        throw std::runtime_error(path + ": " + std::strerror(errno));
    }
    struct stat info {};
    std::string text;
    if (fstat(fd.get(), &info) != 0 || !sys::readAll(fd.get(), text, maxNetrcBytes + 1))
        throw std::runtime_error(path + ": " + std::strerror(errno));
    if (text.size() > maxNetrcBytes)
        throw std::runtime_error(path + ": larger than " + std::to_string(maxNetrcBytes / 1024) +
                                 " KiB, not a netrc file");
    std::vector<NetrcEntry> entries;
    try {
        entries = parseNetrc(text);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    bool holdsPassword = false;
    for (const auto& entry : entries) holdsPassword = holdsPassword || !entry.password.empty();
    if (holdsPassword && (info.st_mode & (S_IRWXG | S_IRWXO)))
        throw std::runtime_error(path + ": holds passwords but others may read it (chmod 600 " + path + ")");
    return entries;
}

}  // namespace wirekit::auth
