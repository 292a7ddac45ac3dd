// Text and JSON Lines renderings of check results.
#include "report.h"

#include "out/json_lines.h"

#include <ctime>
#include <sstream>

namespace wirekit::mailpoll {

namespace {

std::string localDate(const MessageSummary& summary) {
    if (summary.dateEpoch < 0) return summary.date.empty() ? "-" : summary.date;
    const std::time_t when = static_cast<std::time_t>(summary.dateEpoch);
    std::tm local{};
    localtime_r(&when, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string render(const Poco::JSON::Object& record) {
    std::ostringstream out;
    out::JsonLinesWriter(out).write(record);
    std::string line = out.str();
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
}

}  // namespace

std::string formatMessageLine(const std::string& account, const ReportedMessage& message) {
    std::string where = account;
    if (message.mailbox != "INBOX") where += "/" + message.mailbox;
    const std::string& from =
        message.summary.fromDisplay.empty() ? std::string("(no sender)") : message.summary.fromDisplay;
    const std::string& subject =
        message.summary.subject.empty() ? std::string("(no subject)") : message.summary.subject;
    return where + "  " + localDate(message.summary) + "  " + from + "  " + subject;
}

std::string formatSummaryLine(const CheckResult& result) {
    if (!result.error.empty()) return result.account + ": error: " + result.error;
    std::string line = result.account + ": " + std::to_string(result.messages.size()) + " new";
    if (result.unseen) line += ", " + std::to_string(*result.unseen) + " unseen";
    return line + ", " + std::to_string(result.total) + (result.total == 1 ? " message" : " messages");
}

std::string messageJson(const std::string& account, const ReportedMessage& message) {
    auto record = out::JsonLinesWriter::makeRecord();
    record.set("type", "message");
    record.set("account", account);
    record.set("mailbox", message.mailbox);
    record.set("uid", message.uid);
    record.set("from", message.summary.from);
    record.set("subject", message.summary.subject);
    record.set("date", message.summary.date);
    return render(record);
}

std::string summaryJson(const CheckResult& result) {
    auto record = out::JsonLinesWriter::makeRecord();
    record.set("type", "summary");
    record.set("account", result.account);
    if (!result.error.empty()) {
        record.set("error", result.error);
        return render(record);
    }
    record.set("total", static_cast<Poco::UInt64>(result.total));
    if (result.unseen)
        record.set("unseen", static_cast<Poco::UInt64>(*result.unseen));
    else
        record.set("unseen", Poco::Dynamic::Var());
    record.set("new", static_cast<Poco::UInt64>(result.messages.size()));
    return render(record);
}

}  // namespace wirekit::mailpoll
