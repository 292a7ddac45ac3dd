// What a check remembers about an account so that "new" survives restarts:
// per IMAP mailbox its UIDVALIDITY and the next UID not yet reported, for
// POP3 the unique ids already reported.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace wirekit::mailpoll {

struct MailboxState {
    std::uint32_t uidValidity = 0;
    std::uint32_t uidNext = 0;  ///< UIDs below this have been seen by a check
    bool operator==(const MailboxState& other) const {
        return uidValidity == other.uidValidity && uidNext == other.uidNext;
    }
};

struct AccountState {
    std::map<std::string, MailboxState> mailboxes;  ///< IMAP, by mailbox name
    std::optional<std::set<std::string>> pop3Uids;  ///< POP3, once checked
    bool operator==(const AccountState& other) const {
        return mailboxes == other.mailboxes && pop3Uids == other.pop3Uids;
    }
};

/// The text form: a version line, then "imap <uidvalidity> <uidnext> <mailbox>"
/// and "pop3 <uid>" lines (mailbox names percent-encoded).
std::string formatAccountState(const AccountState& state);
/// Throws std::runtime_error "line N: reason" for text it did not write.
AccountState parseAccountState(const std::string& text);

/// A state file per account in a directory of the user's.
class StateStore {
public:
    explicit StateStore(std::string directory);
    /// $XDG_STATE_HOME/mailpoll, else ~/.local/state/mailpoll.
    static std::string defaultDirectory();

    /// Nothing when the account was never checked. Throws when the file is unreadable or corrupt.
    std::optional<AccountState> load(const std::string& account) const;
    /// Written to a temporary file, synced and renamed over the old one: a
    /// crash leaves either the old state or the new, never a torn file.
    void save(const std::string& account, const AccountState& state) const;
    std::string pathOf(const std::string& account) const;

private:
    std::string directory_;
};

}  // namespace wirekit::mailpoll
