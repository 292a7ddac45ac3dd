// Header decoding: our own field scan, POCO's MessageHeader::decodeWord for RFC 2047 and
// DateTimeParser (RFC 5322 dates).
#include "message_headers.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Net/MessageHeader.h>

#include <cctype>
#include <cstdio>
#include <map>

namespace wirekit::mailpoll {

namespace {

/// Length of the well-formed UTF-8 sequence at `at` (Unicode's table 3-7:
/// no overlong forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8Length(const std::string& text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const unsigned char first = byte(0);
    if (first < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // the allowed range of the second byte
    if (first >= 0xc2 && first <= 0xdf)
        length = 2;
    else if (first >= 0xe0 && first <= 0xef)
        length = 3;
    else if (first >= 0xf0 && first <= 0xf4)
        length = 4;
    else
        return 0;
    if (first == 0xe0) low = 0xa0;
    if (first == 0xed) high = 0x9f;
    if (first == 0xf0) low = 0x90;
    if (first == 0xf4) high = 0x8f;
    if (at + length > text.size()) return 0;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((byte(i) & 0xc0) != 0x80) return 0;
    return length;
}

/// The raw (still encoded) values of the fields a summary needs, first
/// occurrence of each, unfolded. POCO's MessageHeader is not used here: it
/// decodes encoded-words field by field (so adjacent words keep the space
/// RFC 2047 says to drop) and gives up on the whole block at the first field
/// over 8 KiB (a long Cc would hide the Subject after it).
std::map<std::string, std::string> rawFields(const std::string& block) {
    std::map<std::string, std::string> fields;
    std::string* current = nullptr;
    for (std::size_t at = 0; at < block.size();) {
        auto end = block.find('\n', at);
        if (end == std::string::npos) end = block.size();
        std::string line = block.substr(at, end - at);
        at = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;  // end of the header
        if (line[0] == ' ' || line[0] == '\t') {
            if (current) *current += line;
            continue;
        }
        current = nullptr;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((name != "date" && name != "from" && name != "subject") || fields.count(name)) continue;
        std::string value = line.substr(colon + 1);
        const auto start = value.find_first_not_of(" \t");
        current = &(fields[name] = start == std::string::npos ? "" : value.substr(start));
    }
    return fields;
}

/// RFC 5322 dates, with the day of the week optional and a trailing comment ("(CET)") allowed.
bool parseDate(std::string text, Poco::DateTime& parsed, int& zone) {
    const auto comment = text.find('(');
    if (comment != std::string::npos) text.erase(comment);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    if (text.empty()) return false;
    if (Poco::DateTimeParser::tryParse(text, parsed, zone)) return true;
    // POCO's format parser accepts nearly anything: the fallback only runs on
    // text that has the shape "1 Jul 2003 10:52".
    int day = 0, year = 0, hour = 0, minute = 0;
    char month[4] = {};
    if (std::sscanf(text.c_str(), "%2d %3[A-Za-z] %4d %2d:%2d", &day, month, &year, &hour, &minute) != 5) return false;
    return Poco::DateTimeParser::tryParse("%e %b %Y %H:%M:%S %Z", text, parsed, zone) ||
           Poco::DateTimeParser::tryParse("%e %b %Y %H:%M %Z", text, parsed, zone);
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
    auto fields = rawFields(headerBlock);
    MessageSummary summary;
    summary.from = decodeHeaderText(fields["from"]);
    summary.fromDisplay = printableText(displayNameOf(summary.from));
    summary.subject = decodeHeaderText(fields["subject"]);
    const std::string& date = fields["date"];
    Poco::DateTime parsed;
    int zone = 0;
    if (parseDate(date, parsed, zone)) {
        parsed.makeUTC(zone);
        summary.date = Poco::DateTimeFormatter::format(parsed, "%Y-%m-%dT%H:%M:%SZ");
        summary.dateEpoch = parsed.timestamp().epochTime();
    } else {
        summary.date = printableText(date);
    }
    return summary;
}

}  // namespace wirekit::mailpoll
