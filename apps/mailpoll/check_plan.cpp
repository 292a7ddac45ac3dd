// New-mail decisions.
#include "check_plan.h"

#include <algorithm>

namespace wirekit::mailpoll {

ImapCheckPlan planImapCheck(const std::optional<MailboxState>& known, const MailboxStatus& status) {
    if (!known || known->uidValidity != status.uidValidity || status.uidValidity == 0)
        return {ImapCheckPlan::Kind::firstCheck, 0};
    // A server that reports no UIDNEXT cannot say whether anything came: look.
    if (status.uidNext == 0 || status.uidNext > known->uidNext)
        return {ImapCheckPlan::Kind::sinceUid, std::max<std::uint32_t>(known->uidNext, 1)};
    return {ImapCheckPlan::Kind::nothing, 0};
}

MailboxState imapStateAfter(const std::optional<MailboxState>& known, const MailboxStatus& status,
                            std::uint32_t highestSeenUid) {
    MailboxState state{status.uidValidity, status.uidNext};
    if (highestSeenUid != 0 && highestSeenUid + 1 > state.uidNext) state.uidNext = highestSeenUid + 1;
    if (known && known->uidValidity == status.uidValidity) state.uidNext = std::max(state.uidNext, known->uidNext);
    return state;
}

Pop3CheckPlan planPop3Check(const std::optional<std::set<std::string>>& known,
                            const std::vector<std::pair<std::uint32_t, std::string>>& listing) {
    Pop3CheckPlan plan;
    for (const auto& entry : listing) {
        plan.uids.insert(entry.second);
        if (!known || known->count(entry.second) == 0) plan.newMessages.push_back(entry);
    }
    return plan;
}

}  // namespace wirekit::mailpoll
