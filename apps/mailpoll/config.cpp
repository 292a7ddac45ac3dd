// Configuration parsing: a small INI dialect with repeatable keys.
#include "config.h"

#include "cli/usage_error.h"
#include "sys/user_dirs.h"

#include <cstdlib>

namespace wirekit::mailpoll {

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool parseBoolean(const std::string& key, const std::string& value) {
    if (value == "yes" || value == "true" || value == "on" || value == "1") return true;
    if (value == "no" || value == "false" || value == "off" || value == "0") return false;
    throw cli::UsageError("invalid " + key + " '" + value + "': must be yes or no");
}

}  // namespace

double parseDuration(const std::string& text, const std::string& what) {
    std::size_t digits = 0;
    while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) ++digits;
    const std::string unit = text.substr(digits);
    double scale = 0;
    if (unit.empty() || unit == "s") scale = 1;
    if (unit == "m") scale = 60;
    if (unit == "h") scale = 3600;
    double value = 0;
    try {
        std::size_t used = 0;
        value = digits ? std::stod(text.substr(0, digits), &used) : 0;
        if (used != digits) scale = 0;
    } catch (const std::exception&) {
        scale = 0;
    }
    if (digits == 0 || scale == 0 || value <= 0 || value * scale > 7 * 86400)
        throw cli::UsageError("invalid " + what + " '" + text +
                              "': use seconds, or a number with s, m or h (at most a week)");
    return value * scale;
}

void setAccountKey(Account& account, const std::string& key, const std::string& value) {
    const auto invalid = [&](const std::string& why) {
        return cli::UsageError("invalid " + key + " '" + value + "': " + why);
    };
    if (key == "protocol") {
        if (value == "imap")
            account.protocol = Protocol::imap;
        else if (value == "pop3")
            account.protocol = Protocol::pop3;
        else
            throw invalid("must be imap or pop3");
    } else if (key == "host") {
        if (value.empty() || value.find_first_of(" \t/") != std::string::npos)
            throw invalid("not a host name or address");
        account.host = value;
    } else if (key == "port") {
        char* end = nullptr;
        const long port = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end || port < 1 || port > 65535) throw invalid("must be 1..65535");
        account.port = static_cast<std::uint16_t>(port);
    } else if (key == "tls") {
        if (value == "tls")
            account.tls = TlsMode::tls;
        else if (value == "starttls")
            account.tls = TlsMode::starttls;
        else if (value == "none")
            account.tls = TlsMode::none;
        else
            throw invalid("must be tls, starttls or none");
    } else if (key == "user") {
        if (value.empty()) throw invalid("empty");
        account.user = value;
    } else if (key == "password-file") {
        account.password = {PasswordSource::Kind::file, value};
    } else if (key == "password-command" || key == "passwordeval") {
        account.password = {PasswordSource::Kind::command, value};
    } else if (key == "netrc") {
        if (parseBoolean(key, value)) account.password = {PasswordSource::Kind::netrc, ""};
    } else if (key == "auth") {
        if (value == "auto")
            account.auth = AuthMethod::automatic;
        else if (value == "login")
            account.auth = AuthMethod::login;
        else if (value == "plain")
            account.auth = AuthMethod::plain;
        else if (value == "xoauth2")
            account.auth = AuthMethod::xoauth2;
        else if (value == "oauthbearer")
            account.auth = AuthMethod::oauthbearer;
        else
            throw invalid("must be auto, login, plain, xoauth2 or oauthbearer");
    } else if (key == "cacert") {
        account.caFile = value;
    } else if (key == "mailbox") {
        if (value.empty()) throw invalid("empty");
        account.mailboxes.push_back(value);
    } else if (key == "interval") {
        account.intervalSeconds = parseDuration(value, key);
    } else if (key == "timeout") {
        account.timeoutSeconds = parseDuration(value, key);
    } else if (key == "idle") {
        account.idle = parseBoolean(key, value);
    } else {
        throw cli::UsageError("unknown key '" + key + "'");
    }
}

void validateAccount(const Account& account) {
    const std::string who = account.name.empty() ? "the account" : "account '" + account.name + "'";
    if (account.host.empty()) throw cli::UsageError(who + " has no host");
    if (account.user.empty()) throw cli::UsageError(who + " has no user");
    if (account.protocol == Protocol::pop3 && (account.idle || !account.mailboxes.empty()))
        throw cli::UsageError(who + ": POP3 has one mailbox and no IDLE");
}

std::vector<Account> parseConfig(const std::string& text, const std::string& origin) {
    std::vector<Account> accounts;
    Account defaults;
    bool inSection = false;  // an index, not a pointer: accounts grows
    int lineNumber = 0;
    std::size_t at = 0;
    std::vector<int> sectionLines;
    while (at <= text.size()) {
        const auto end = text.find('\n', at);
        const std::string raw = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
        at = end == std::string::npos ? text.size() + 1 : end + 1;
        ++lineNumber;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        const std::string where = origin + ":" + std::to_string(lineNumber) + ": ";
        if (line[0] == '[') {
            if (line.back() != ']' || line.size() < 3) throw cli::UsageError(where + "a section is [name]");
            const std::string name = trim(line.substr(1, line.size() - 2));
            for (const auto& account : accounts)
                if (account.name == name) throw cli::UsageError(where + "account '" + name + "' is defined twice");
            accounts.push_back(defaults);
            accounts.back().name = name;
            sectionLines.push_back(lineNumber);
            inSection = true;
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string::npos) throw cli::UsageError(where + "expected 'key = value'");
        const std::string key = trim(line.substr(0, equals));
        const std::string value = trim(line.substr(equals + 1));
        try {
            if (!inSection && key == "mailbox") throw cli::UsageError("mailbox belongs in an account's section");
            setAccountKey(inSection ? accounts.back() : defaults, key, value);
        } catch (const cli::UsageError& e) {
            throw cli::UsageError(where + e.what());
        }
    }
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        try {
            validateAccount(accounts[i]);
        } catch (const cli::UsageError& e) {
            throw cli::UsageError(origin + ":" + std::to_string(sectionLines[i]) + ": " + e.what());
        }
    }
    if (accounts.empty()) throw cli::UsageError(origin + ": no accounts ([name] sections)");
    return accounts;
}

std::string defaultConfigPath() { return sys::xdgDirectory("XDG_CONFIG_HOME", ".config") + "/mailpoll/config"; }

}  // namespace wirekit::mailpoll
