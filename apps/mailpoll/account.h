// An account to check, as the configuration file or the command line gives it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wirekit::mailpoll {

enum class Protocol { imap, pop3 };
enum class TlsMode { tls, starttls, none };
enum class AuthMethod { automatic, login, plain, xoauth2, oauthbearer };

struct PasswordSource {
    enum class Kind { netrc, file, command };
    Kind kind = Kind::netrc;
    std::string value;  ///< the file's path or the command
};

struct Account {
    std::string name;
    Protocol protocol = Protocol::imap;
    std::string host;
    std::uint16_t port = 0;  ///< 0: the protocol's port for the TLS mode
    TlsMode tls = TlsMode::tls;
    std::string user;
    PasswordSource password;
    AuthMethod auth = AuthMethod::automatic;
    std::string caFile;                  ///< empty: the system's CA store
    std::vector<std::string> mailboxes;  ///< IMAP; empty means INBOX
    double intervalSeconds = 300;
    double timeoutSeconds = 30;
    bool idle = false;

    std::uint16_t effectivePort() const;
    std::vector<std::string> effectiveMailboxes() const;
};

const char* protocolName(Protocol protocol);
const char* tlsModeName(TlsMode mode);

}  // namespace wirekit::mailpoll
