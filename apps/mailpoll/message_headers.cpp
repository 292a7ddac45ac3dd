// Header decoding on POCO's MessageHeader (parsing, unfolding, RFC 2047) and
// DateTimeParser (RFC 5322 dates).
#include "message_headers.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Net/MessageHeader.h>

#include <sstream>

namespace wirekit::mailpoll {

namespace {

/// Length of the valid UTF-8 sequence at `at`, or 0.
std::size_t utf8Length(const std::string& text, std::size_t at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 0;
    if (length == 0 || at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i)
        if ((static_cast<unsigned char>(text[at + i]) & 0xc0) != 0x80) return 0;
    if (length == 2 && byte < 0xc2) return 0;  // overlong
    return length;
}

std::string displayNameOf(const std::string& from) {
    const auto open = from.rfind('<');
    if (open == std::string::npos || open == 0) {
        if (open == 0) {
            const auto close = from.find('>', open);
            return from.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        }
        return from;
    }
    std::string name = from.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (name.empty()) {
        const auto close = from.find('>', open);
        return from.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    }
    return name;
}

}  // namespace

std::string printableText(const std::string& text) {
    std::string result;
    result.reserve(text.size());
    bool space = false;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = utf8Length(text, at);
        if (length == 0) {
            result += "\xef\xbf\xbd";  // U+FFFD
            space = false;
            ++at;
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[at]);
        const bool control = (length == 1 && (byte < 0x20 || byte == 0x7f)) ||
                             (length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[at + 1]) < 0xa0);
        if (control || (length == 1 && byte == ' ')) {
            if (!space && !result.empty()) result += ' ';
            space = true;
        } else {
            result.append(text, at, length);
            space = false;
        }
        at += length;
    }
    while (!result.empty() && result.back() == ' ') result.pop_back();
    return result;
}

std::string decodeHeaderText(const std::string& text) {
    // Per RFC 2047 section 6.2, white space between two encoded-words is dropped.
    std::string joined;
    joined.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        if ((text[at] == ' ' || text[at] == '\t') && at >= 2 && text.compare(at - 2, 2, "?=") == 0) {
            std::size_t next = at;
            while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
            if (text.compare(next, 2, "=?") == 0) {
                at = next - 1;
                continue;
            }
        }
        joined += text[at];
    }
    std::string decoded;
    try {
        decoded = Poco::Net::MessageHeader::decodeWord(joined, "UTF-8");
    } catch (const Poco::Exception&) {
        decoded = joined;  // an unknown charset: show the word as sent
    }
    return printableText(decoded);
}

MessageSummary summarizeHeaders(const std::string& headerBlock) {
    Poco::Net::MessageHeader header;
    // TOP returns the whole header; a message with more fields than this is
    // summarised from the first ones (POCO throws past the limit, caught below).
    header.setFieldLimit(1000);
    std::istringstream in(headerBlock);
    try {
        header.read(in);
    } catch (const Poco::Exception&) {
        // A malformed field ends the block; what was read before it still counts.
    }
    MessageSummary summary;
    summary.from = decodeHeaderText(header.get("From", ""));
    summary.fromDisplay = printableText(displayNameOf(summary.from));
    summary.subject = decodeHeaderText(header.get("Subject", ""));
    const std::string date = header.get("Date", "");
    Poco::DateTime parsed;
    int zone = 0;
    if (!date.empty() && Poco::DateTimeParser::tryParse(date, parsed, zone)) {
        parsed.makeUTC(zone);
        summary.date = Poco::DateTimeFormatter::format(parsed, "%Y-%m-%dT%H:%M:%SZ");
        summary.dateEpoch = parsed.timestamp().epochTime();
    } else {
        summary.date = printableText(date);
    }
    return summary;
}

}  // namespace wirekit::mailpoll
