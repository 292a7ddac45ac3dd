// What is new since the last check: decisions over the saved state and what
// the server reports, with no I/O, so every case is a unit test.
#pragma once

#include "account_state.h"
#include "imap_client.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wirekit::mailpoll {

struct ImapCheckPlan {
    enum class Kind {
        nothing,    ///< UIDNEXT unchanged: no EXAMINE, no FETCH
        sinceUid,   ///< fetch UIDs from `sinceUid` on
        firstCheck  ///< never checked (or UIDVALIDITY changed): unseen messages are new
    };
    Kind kind = Kind::nothing;
    std::uint32_t sinceUid = 0;
};

/// From the mailbox's saved state and its STATUS.
ImapCheckPlan planImapCheck(const std::optional<MailboxState>& known, const MailboxStatus& status);

/// The state after a check: the server's UIDNEXT, or past the highest UID
/// seen when mail arrived between STATUS and FETCH; never behind what was
/// already known (a server may omit UIDNEXT).
MailboxState imapStateAfter(const std::optional<MailboxState>& known, const MailboxStatus& status,
                            std::uint32_t highestSeenUid);

struct Pop3CheckPlan {
    std::vector<std::pair<std::uint32_t, std::string>> newMessages;  ///< (message number, uid), oldest first
    std::set<std::string> uids;                                      ///< what to remember: every uid listed now
};

/// New messages are those whose UIDL was not seen before; on the first check,
/// every message (POP3 has no \Seen flag to go by).
Pop3CheckPlan planPop3Check(const std::optional<std::set<std::string>>& known,
                            const std::vector<std::pair<std::uint32_t, std::string>>& listing);

}  // namespace wirekit::mailpoll
