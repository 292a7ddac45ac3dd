// Reply framing and reply-code meanings (RFC 959 sections 4.2 and 4.2.1).
#include "ftp_reply.h"

#include "ftp_errors.h"
#include "printable.h"

namespace wirekit::ftpx {

namespace {

/// The code at the start of `line` when it is a valid one: "xyz" with x in
/// 1..5 and y in 0..5; 0 otherwise.
int codeOf(std::string_view line) {
    if (line.size() < 3) return 0;
    const char x = line[0], y = line[1], z = line[2];
    if (x < '1' || x > '5' || y < '0' || y > '5' || z < '0' || z > '9') return 0;
    return (x - '0') * 100 + (y - '0') * 10 + (z - '0');
}

bool startsWithCode(std::string_view line, int code) { return line.size() >= 3 && codeOf(line) == code; }

}  // namespace

std::string FtpReply::text() const {
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) joined += '\n';
        joined += lines[i];
    }
    return joined;
}

std::string FtpReply::summary() const {
    const std::string first = lines.empty() ? std::string() : lines.front();
    return std::to_string(code) + (first.empty() ? "" : " " + printable(first, 200));
}

bool isDiskFull(int code) { return code == 452 || code == 552; }

bool isRetryableTransient(int code) { return code / 100 == 4 && !isDiskFull(code); }

std::optional<FtpReply> ReplyReader::next() {
    for (;;) {
        const auto newline = buffer_.find('\n');
        if (newline == std::string::npos) {
            if (buffer_.size() > limits_.maxLineBytes)
                throw ProtocolError("server sent a reply line longer than " + std::to_string(limits_.maxLineBytes) +
                                    " bytes");
            if (partial_ && replyBytes_ + buffer_.size() > limits_.maxReplyBytes)
                throw ProtocolError("server sent a reply longer than " + std::to_string(limits_.maxReplyBytes) +
                                    " bytes");
            return std::nullopt;
        }
        std::size_t lineEnd = newline;
        if (lineEnd > 0 && buffer_[lineEnd - 1] == '\r') --lineEnd;
        if (lineEnd > limits_.maxLineBytes)
            throw ProtocolError("server sent a reply line longer than " + std::to_string(limits_.maxLineBytes) +
                                " bytes");
        const std::string line = buffer_.substr(0, lineEnd);
        buffer_.erase(0, newline + 1);

        if (!partial_) {
            const int code = codeOf(line);
            if (code == 0 || (line.size() > 3 && line[3] != ' ' && line[3] != '-'))
                throw ProtocolError("server sent a malformed reply '" + printable(line, 80) +
                                    "' (expected three digits, 1-5, 0-5, 0-9, then ' ' or '-')");
            FtpReply reply;
            reply.code = code;
            reply.lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
            if (line.size() > 3 && line[3] == '-') {
                partial_ = std::move(reply);
                replyBytes_ = newline + 1;
                continue;
            }
            return reply;
        }

        replyBytes_ += newline + 1;
        if (replyBytes_ > limits_.maxReplyBytes)
            throw ProtocolError("server sent a reply longer than " + std::to_string(limits_.maxReplyBytes) + " bytes");
        if (partial_->lines.size() + 1 > limits_.maxReplyLines)
            throw ProtocolError("server sent a reply of more than " + std::to_string(limits_.maxReplyLines) + " lines");
        // The last line repeats the first line's code followed by a space; a
        // bare "230" is accepted as the end too. Anything else, even "220 x"
        // inside a 230 reply, is text.
        const int code = partial_->code;
        if (startsWithCode(line, code) && (line.size() == 3 || line[3] == ' ')) {
            partial_->lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
            FtpReply reply = std::move(*partial_);
            partial_.reset();
            replyBytes_ = 0;
            return reply;
        }
        partial_->lines.push_back(startsWithCode(line, code) && line.size() > 3 && line[3] == '-' ? line.substr(4)
                                                                                                  : line);
    }
}

}  // namespace wirekit::ftpx
