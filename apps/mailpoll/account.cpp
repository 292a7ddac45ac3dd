// Account defaults.
#include "account.h"

namespace wirekit::mailpoll {

std::uint16_t Account::effectivePort() const {
    if (port != 0) return port;
    if (protocol == Protocol::imap) return tls == TlsMode::tls ? 993 : 143;
    return tls == TlsMode::tls ? 995 : 110;
}

std::vector<std::string> Account::effectiveMailboxes() const {
    return mailboxes.empty() ? std::vector<std::string>{"INBOX"} : mailboxes;
}

const char* protocolName(Protocol protocol) { return protocol == Protocol::imap ? "imap" : "pop3"; }

const char* tlsModeName(TlsMode mode) {
    switch (mode) {
        case TlsMode::tls: return "tls";
        case TlsMode::starttls: return "starttls";
        case TlsMode::none: return "none";
    }
    return "?";
}

}  // namespace wirekit::mailpoll
