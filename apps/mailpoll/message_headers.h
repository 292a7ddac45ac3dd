// The three header fields a new-mail line shows, decoded for a person:
// RFC 2047 encoded-words to UTF-8, folding undone, control characters gone
// (a subject must not be able to drive the user's terminal).
#pragma once

#include <string>

namespace wirekit::mailpoll {

struct MessageSummary {
    std::string from;         ///< decoded From field, "Jürgen <j@example.org>"
    std::string fromDisplay;  ///< the display name, or the address when there is none
    std::string subject;
    std::string date;          ///< RFC 3339 in UTC when the Date field parses, else as sent
    long long dateEpoch = -1;  ///< seconds since the epoch, -1 when the Date field did not parse
};

/// Reads Date, From and Subject from a header block ("Name: value\r\n"...),
/// as TOP or BODY.PEEK[HEADER.FIELDS ...] return it.
MessageSummary summarizeHeaders(const std::string& headerBlock);

/// RFC 2047 encoded-words in `text` decoded to UTF-8, then made safe to print.
std::string decodeHeaderText(const std::string& text);

/// Control characters (C0, DEL, and C1 as UTF-8) replaced by spaces, runs of
/// white space collapsed, invalid UTF-8 bytes replaced by U+FFFD.
std::string printableText(const std::string& text);

}  // namespace wirekit::mailpoll
