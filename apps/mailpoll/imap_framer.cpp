// Response framing: lines and {N} literals (RFC 3501 section 4.3, RFC 7888).
#include "imap_framer.h"

#include <cctype>

namespace wirekit::mailpoll {

namespace {

/// The length a line ends with ("... {123}" or the LITERAL+ "{123+}"), if any.
std::optional<std::size_t> announcedLiteral(std::string_view line, std::size_t maxLiteral) {
    if (line.empty() || line.back() != '}') return std::nullopt;
    const auto open = line.rfind('{');
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
    if (digits.empty()) return std::nullopt;
    std::size_t value = 0;
    for (const char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        // Checked digit by digit: "{4294967295}" or longer must not wrap.
        if (value > maxLiteral) break;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    if (value > maxLiteral)
        throw ProtocolError("server announced a literal of " + std::string(digits) + " bytes (limit " +
                            std::to_string(maxLiteral) + ")");
    return value;
}

}  // namespace

std::optional<std::string> ImapFramer::next() {
    for (;;) {
        const auto newline = buffer_.find('\n', scanned_);
        if (newline == std::string::npos) {
            scanned_ = buffer_.size();
            if (scanned_ - lineStart_ > limits_.maxLineBytes)
                throw ProtocolError("server sent a line longer than " + std::to_string(limits_.maxLineBytes) +
                                    " bytes");
            if (scanned_ > limits_.maxResponseBytes)
                throw ProtocolError("server sent a response longer than " + std::to_string(limits_.maxResponseBytes) +
                                    " bytes");
            return std::nullopt;
        }
        if (newline - lineStart_ > limits_.maxLineBytes)
            throw ProtocolError("server sent a line longer than " + std::to_string(limits_.maxLineBytes) + " bytes");
        std::size_t lineEnd = newline;
        if (lineEnd > lineStart_ && buffer_[lineEnd - 1] == '\r') --lineEnd;
        const std::string_view line(buffer_.data() + lineStart_, lineEnd - lineStart_);
        if (const auto literal = announcedLiteral(line, limits_.maxLiteralBytes)) {
            const std::size_t literalEnd = newline + 1 + *literal;
            if (literalEnd > limits_.maxResponseBytes)
                throw ProtocolError("server sent a response longer than " + std::to_string(limits_.maxResponseBytes) +
                                    " bytes");
            if (buffer_.size() < literalEnd) {
                scanned_ = newline;  // rescan this line once the literal is in
                return std::nullopt;
            }
            lineStart_ = scanned_ = literalEnd;
            continue;
        }
        std::string response = buffer_.substr(0, lineEnd);
        buffer_.erase(0, newline + 1);
        scanned_ = lineStart_ = 0;
        return response;
    }
}

}  // namespace wirekit::mailpoll
