// FTP replies (RFC 959 section 4.2): a reader that cuts the control
// connection's bytes into whole single- and multi-line replies, with bounds a
// hostile server cannot push us past, and what a reply code means.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirekit::ftpx {

/// The first digit of a reply code (RFC 959 4.2.1).
enum class ReplyClass {
    positivePreliminary = 1,   ///< 1yz: a data transfer starts; another reply follows
    positiveCompletion = 2,    ///< 2yz: done
    positiveIntermediate = 3,  ///< 3yz: send the next command of the sequence (PASS after USER, STOR after REST)
    transientNegative = 4,     ///< 4yz: failed, may work if tried again
    permanentNegative = 5,     ///< 5yz: failed, will fail again
};

struct FtpReply {
    int code = 0;  ///< 100..599
    /// The text of each line without the code and separator of the first and
    /// last lines ("230-", "230 "); lines in between as sent, except that a
    /// leading "230-" repeated by the server is removed too.
    std::vector<std::string> lines;

    ReplyClass replyClass() const { return static_cast<ReplyClass>(code / 100); }
    bool isPreliminary() const { return replyClass() == ReplyClass::positivePreliminary; }
    bool isCompletion() const { return replyClass() == ReplyClass::positiveCompletion; }
    bool isIntermediate() const { return replyClass() == ReplyClass::positiveIntermediate; }
    bool isNegative() const { return code >= 400; }
    /// The lines joined with '\n'.
    std::string text() const;
    /// "550 Failed to open file." from the first line, for messages; control
    /// characters escaped, cut at 200 bytes.
    std::string summary() const;
};

/// 452 "insufficient storage space" and 552 "exceeded storage allocation":
/// retrying the next file cannot help, so a transfer stops at once.
bool isDiskFull(int code);

/// A 4yz reply that is not a full disk: worth one more try later.
bool isRetryableTransient(int code);

struct ReplyLimits {
    std::size_t maxLineBytes = 8 * 1024;    ///< one line, without CRLF
    std::size_t maxReplyBytes = 64 * 1024;  ///< all lines of one reply
    std::size_t maxReplyLines = 1000;       ///< lines of one multi-line reply
};

class ReplyReader {
public:
    explicit ReplyReader(ReplyLimits limits = {}) : limits_(limits) {}

    /// Appends bytes read from the control connection.
    void feed(std::string_view bytes) { buffer_.append(bytes); }

    /// The next complete reply, or nothing until more bytes arrive. Lines end
    /// in CRLF or a bare LF. Throws ProtocolError for a first line whose code
    /// is not three digits (the first 1 to 5, the second 0 to 5, as RFC 959
    /// 4.2.1 defines them) followed by ' ', '-' or the line's end, and when a
    /// bound is crossed, before buffering more than one feed's excess.
    std::optional<FtpReply> next();

    /// Bytes fed but not yet returned. After AUTH TLS's reply there must be
    /// none: they would be cleartext injected ahead of the handshake.
    std::size_t pending() const { return buffer_.size() + (partial_ ? replyBytes_ : 0); }

private:
    ReplyLimits limits_;
    std::string buffer_;               ///< bytes after the last whole line taken
    std::optional<FtpReply> partial_;  ///< a multi-line reply whose last line has not come
    std::size_t replyBytes_ = 0;       ///< bytes of the lines of `partial_`
};

}  // namespace wirekit::ftpx
