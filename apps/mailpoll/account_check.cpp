// A check of one account over IMAP or POP3.
#include "account_check.h"

#include "check_plan.h"
#include "login.h"
#include "pop3_client.h"

#include <algorithm>

namespace wirekit::mailpoll {

namespace {

void checkImap(const Account& account, Connection& connection, const std::string& secret,
               const std::optional<AccountState>& known, CheckResult& result) {
    ImapClient client(connection);
    loginImap(client, account, secret);
    AccountState state;
    std::uint64_t unseen = 0;
    const auto mailboxes = account.effectiveMailboxes();
    // LOGIN and every STATUS leave in one write: the usual check (nothing
    // new) is one round trip after the greeting.
    const auto statuses = client.statuses(mailboxes);
    for (std::size_t i = 0; i < mailboxes.size(); ++i) {
        const std::string& mailbox = mailboxes[i];
        std::optional<MailboxState> knownMailbox;
        if (known) {
            const auto found = known->mailboxes.find(mailbox);
            if (found != known->mailboxes.end()) knownMailbox = found->second;
        }
        MailboxCheck check = checkImapMailbox(client, mailbox, knownMailbox, statuses[i], false);
        result.total += check.status.messages;
        unseen += check.status.unseen;
        for (auto& message : check.messages) result.messages.push_back(std::move(message));
        state.mailboxes[mailbox] = check.after;
    }
    client.logout();
    result.unseen = unseen;
    result.state = std::move(state);
}

void checkPop3(const Account& account, Connection& connection, const std::string& secret,
               const std::optional<AccountState>& known, CheckResult& result) {
    Pop3Client client(connection);
    loginPop3(client, account, secret);
    result.total = client.stat().messages;
    const auto plan = planPop3Check(known ? known->pop3Uids : std::nullopt, client.uidl());
    std::vector<std::uint32_t> numbers;
    for (const auto& entry : plan.newMessages) numbers.push_back(entry.first);
    const auto blocks = client.headers(numbers);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        result.messages.push_back(ReportedMessage{"INBOX", plan.newMessages[i].second, summarizeHeaders(blocks[i])});
    client.quit();
    AccountState state;
    state.pop3Uids = plan.uids;
    result.state = std::move(state);
}

}  // namespace

std::string failureText(const Account& account, const std::exception& failure) {
    const std::string message = failure.what();
    // Socket errors already name the server; protocol refusals do not.
    if (message.rfind(account.host + ":", 0) == 0) return message;
    return account.host + ":" + std::to_string(account.effectivePort()) + ": " + message;
}

MailboxCheck checkImapMailbox(ImapClient& client, const std::string& mailbox, const std::optional<MailboxState>& known,
                              bool selected) {
    return checkImapMailbox(client, mailbox, known, client.status(mailbox), selected);
}

MailboxCheck checkImapMailbox(ImapClient& client, const std::string& mailbox, const std::optional<MailboxState>& known,
                              const MailboxStatus& status, bool selected) {
    MailboxCheck check;
    check.status = status;
    const ImapCheckPlan plan = planImapCheck(known, check.status);
    if (plan.kind == ImapCheckPlan::Kind::nothing) {
        check.after = imapStateAfter(known, check.status, 0);
        return check;
    }
    // EXAMINE synchronises the mailbox; STATUS may answer from dovecot's
    // list index, which has not seen a Maildir nobody opened yet.
    const auto adopt = [&](const MailboxStatus& examined) {
        if (check.status.uidValidity == 0) check.status.uidValidity = examined.uidValidity;
        if (examined.uidValidity == check.status.uidValidity)
            check.status.uidNext = std::max(check.status.uidNext, examined.uidNext);
        check.status.messages = std::max(check.status.messages, examined.messages);
    };
    std::vector<FetchedHeaders> fetched;
    std::uint32_t highest = 0;
    if (plan.kind == ImapCheckPlan::Kind::firstCheck) {
        std::vector<std::uint32_t> uids;
        if (selected) {
            uids = client.searchUnseen();
        } else {
            auto [examined, found] = client.examineAndSearchUnseen(mailbox);
            adopt(examined);
            uids = std::move(found);
        }
        check.status.unseen = static_cast<std::uint32_t>(uids.size());
        if (!uids.empty()) {
            fetched = client.fetchHeaders(uidSetOf(uids), 1);
            highest = uids.back();
        }
    } else {
        const std::string uidSet = std::to_string(plan.sinceUid) + ":*";
        if (selected) {
            fetched = client.fetchHeaders(uidSet, plan.sinceUid);
        } else {
            auto [examined, found] = client.examineAndFetch(mailbox, uidSet, plan.sinceUid);
            adopt(examined);
            fetched = std::move(found);
        }
    }
    for (auto& headers : fetched) {
        highest = std::max(highest, headers.uid);
        check.messages.push_back(
            ReportedMessage{mailbox, std::to_string(headers.uid), summarizeHeaders(headers.headerBlock)});
    }
    check.after = imapStateAfter(known, check.status, highest);
    return check;
}

CheckResult checkAccount(const Account& account, const std::optional<AccountState>& known,
                         const ConnectFunction& connect, const SecretFunction& secret) {
    CheckResult result;
    result.account = account.name;
    std::string password;
    try {
        password = secret(account);
    } catch (const std::exception& e) {
        result.error = e.what();  // a local problem: no server to name
        return result;
    }
    try {
        const auto connection = connect(account);
        if (account.protocol == Protocol::imap)
            checkImap(account, *connection, password, known, result);
        else
            checkPop3(account, *connection, password, known, result);
    } catch (const std::exception& e) {
        result = CheckResult{};
        result.account = account.name;
        result.error = failureText(account, e);
    }
    return result;
}

}  // namespace wirekit::mailpoll
