// What a check prints: one line per new message and a summary per account,
// as text for a person or JSON Lines for a program (the keys are documented
// in mailpoll(1) and stay stable).
#pragma once

#include "account_check.h"

#include <string>

namespace wirekit::mailpoll {

/// "work  2026-11-25 09:00  Jürgen  Hello" (the mailbox after the account,
/// "work/Lists", when it is not INBOX); the date in local time.
std::string formatMessageLine(const std::string& account, const ReportedMessage& message);

/// "work: 2 new, 5 unseen, 1042 messages" or "work: error: ...".
std::string formatSummaryLine(const CheckResult& result);

/// {"type":"message","account":...,"mailbox":...,"uid":...,"from":...,"subject":...,"date":...}
std::string messageJson(const std::string& account, const ReportedMessage& message);

/// {"type":"summary","account":...,"total":N,"unseen":N|null,"new":N}, or with "error" instead.
std::string summaryJson(const CheckResult& result);

}  // namespace wirekit::mailpoll
