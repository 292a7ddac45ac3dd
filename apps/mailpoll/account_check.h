// One check of one account: connect, log in, find what is new, read its
// headers, log out. The network comes in through a function, so the whole
// check runs against scripted servers in tests.
#pragma once

#include "account.h"
#include "account_state.h"
#include "connection.h"
#include "imap_client.h"
#include "message_headers.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::mailpoll {

struct ReportedMessage {
    std::string mailbox;  ///< "INBOX" for POP3
    std::string uid;      ///< IMAP UID or POP3 UIDL
    MessageSummary summary;
};

struct CheckResult {
    std::string account;
    std::vector<ReportedMessage> messages;  ///< the new ones, oldest first
    std::uint64_t total = 0;                ///< messages in the checked mailboxes
    std::optional<std::uint64_t> unseen;    ///< IMAP only: POP3 has no \Seen
    std::string error;                      ///< empty when the check succeeded
    std::optional<AccountState> state;      ///< to save, when the check succeeded
};

using ConnectFunction = std::function<std::unique_ptr<Connection>(const Account&)>;
using SecretFunction = std::function<std::string(const Account&)>;

/// What one IMAP mailbox holds that is new, on a logged-in session.
struct MailboxCheck {
    MailboxStatus status;
    std::vector<ReportedMessage> messages;
    MailboxState after;
};
/// `selected`: the mailbox is already EXAMINEd on this session (the IDLE path).
MailboxCheck checkImapMailbox(ImapClient& client, const std::string& mailbox, const std::optional<MailboxState>& known,
                              bool selected);
/// The same from a STATUS already asked (pipelined for every mailbox).
MailboxCheck checkImapMailbox(ImapClient& client, const std::string& mailbox, const std::optional<MailboxState>& known,
                              const MailboxStatus& status, bool selected);

/// An account's failure as reported: "host:port: reason", unless the
/// reason already names the server.
std::string failureText(const Account& account, const std::exception& failure);

/// Never throws: a failure is the result's `error`, and no state to save.
CheckResult checkAccount(const Account& account, const std::optional<AccountState>& known,
                         const ConnectFunction& connect, const SecretFunction& secret);

}  // namespace wirekit::mailpoll
