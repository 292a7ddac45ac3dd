// The IMAP response grammar, recursive descent over a string_view.
#include "imap_response.h"

#include "mail_errors.h"

#include <strings.h>
#include <cctype>

namespace wirekit::mailpoll {

namespace {

constexpr int maxNesting = 32;

std::string upper(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return result;
}

class Parser {
public:
    explicit Parser(std::string_view input) : in_(input) {}

    bool atEnd() const { return at_ >= in_.size(); }
    char peek() const { return atEnd() ? '\0' : in_[at_]; }

    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++at_;
    }
    bool skipSpace() {
        const bool any = peek() == ' ';
        while (peek() == ' ') ++at_;
        return any;
    }

    /// A run of atom characters; '[' ... ']' inside (BODY[HEADER]) stays in the atom.
    std::string atom(bool stopAtBracket) {
        const std::size_t start = at_;
        int brackets = 0;
        while (!atEnd()) {
            const char c = in_[at_];
            if (c == '[' && !stopAtBracket) ++brackets;
            if (c == ']') {
                if (brackets == 0) break;
                --brackets;
            }
            if (c == ' ' && brackets == 0) break;
            if ((c == '(' || c == ')' || c == '"' || c == '{') && brackets == 0) break;
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) fail("control character in an atom");
            ++at_;
        }
        if (at_ == start) fail("expected an atom");
        return std::string(in_.substr(start, at_ - start));
    }

    std::string quoted() {
        expect('"');
        std::string text;
        for (;;) {
            if (atEnd()) fail("unterminated quoted string");
            char c = in_[at_++];
            if (c == '"') return text;
            if (c == '\\') {
                if (atEnd()) fail("unterminated quoted string");
                c = in_[at_++];
            }
            if (c == '\r' || c == '\n') fail("line break in a quoted string");
            text += c;
        }
    }

    std::string literal() {
        expect('{');
        std::size_t length = 0;
        const std::size_t start = at_;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
            length = length * 10 + static_cast<std::size_t>(in_[at_++] - '0');
            if (length > in_.size()) fail("literal longer than the response");
        }
        if (at_ == start) fail("literal without a length");
        if (peek() == '+') ++at_;
        expect('}');
        if (peek() == '\r') ++at_;
        expect('\n');
        if (in_.size() - at_ < length) fail("literal longer than the response");
        std::string text(in_.substr(at_, length));
        at_ += length;
        return text;
    }

    ImapValue value(int depth, bool stopAtBracket) {
        ImapValue result;
        switch (peek()) {
            case '(':
                if (depth >= maxNesting) fail("lists nested too deep");
                ++at_;
                result.kind = ImapValue::Kind::list;
                skipSpace();
                while (peek() != ')') {
                    if (atEnd()) fail("unterminated list");
                    result.items.push_back(value(depth + 1, stopAtBracket));
                    skipSpace();
                }
                ++at_;
                return result;
            case '"':
                result.kind = ImapValue::Kind::string;
                result.text = quoted();
                return result;
            case '{':
                result.kind = ImapValue::Kind::string;
                result.text = literal();
                return result;
            default:
                result.text = atom(stopAtBracket);
                result.kind =
                    strcasecmp(result.text.c_str(), "NIL") == 0 ? ImapValue::Kind::nil : ImapValue::Kind::atom;
                if (result.kind == ImapValue::Kind::nil) result.text.clear();
                return result;
        }
    }

    std::vector<ImapValue> values(bool stopAtBracket) {
        std::vector<ImapValue> result;
        skipSpace();
        while (!atEnd() && !(stopAtBracket && peek() == ']')) {
            result.push_back(value(0, stopAtBracket));
            skipSpace();
        }
        return result;
    }

    std::string_view rest() {
        const auto text = in_.substr(at_);
        at_ = in_.size();
        return text;
    }

    [[noreturn]] void fail(const std::string& what) const {
        std::string excerpt(in_.substr(0, 80));
        for (char& c : excerpt)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
        throw ProtocolError("malformed IMAP response (" + what + " at byte " + std::to_string(at_) + "): " + excerpt);
    }

private:
    std::string_view in_;
    std::size_t at_ = 0;
};

bool isStatusWord(const std::string& word) {
    return word == "OK" || word == "NO" || word == "BAD" || word == "PREAUTH" || word == "BYE";
}

/// "[CODE args] text" after a status word.
void parseStatusTail(Parser& parser, ImapResponse& response) {
    parser.skipSpace();
    if (parser.peek() == '[') {
        parser.expect('[');
        response.code = upper(parser.atom(true));
        // A code the grammar does not cover (a server's own) keeps its raw text.
        try {
            response.codeArguments = parser.values(true);
            parser.expect(']');
        } catch (const ProtocolError&) {
            const auto rest = parser.rest();
            const auto close = rest.find(']');
            response.text = std::string(close == std::string_view::npos ? rest : rest.substr(close + 1));
            if (!response.text.empty() && response.text[0] == ' ') response.text.erase(0, 1);
            return;
        }
        parser.skipSpace();
    }
    response.text = std::string(parser.rest());
}

}  // namespace

bool ImapValue::isAtom(std::string_view word) const {
    return kind == Kind::atom && text.size() == word.size() && strncasecmp(text.data(), word.data(), word.size()) == 0;
}

std::optional<std::uint32_t> ImapValue::asNumber() const {
    if (kind != Kind::atom || text.empty() || text.size() > 10) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > 0xffffffffu) return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

ImapResponse parseImapResponse(std::string_view text) {
    Parser parser(text);
    ImapResponse response;
    if (parser.peek() == '+') {
        response.kind = ImapResponse::Kind::continuation;
        parser.expect('+');
        parser.skipSpace();
        response.text = std::string(parser.rest());
        return response;
    }
    if (parser.peek() == '*') {
        parser.expect('*');
        response.kind = ImapResponse::Kind::untagged;
    } else {
        response.kind = ImapResponse::Kind::tagged;
        response.tag = parser.atom(true);
    }
    if (!parser.skipSpace()) parser.fail("expected a space after the tag");
    const std::string first = parser.atom(true);
    const std::string word = upper(first);
    if (isStatusWord(word)) {
        response.status = word;
        parseStatusTail(parser, response);
        return response;
    }
    if (response.kind == ImapResponse::Kind::tagged) parser.fail("tagged response without OK, NO or BAD");
    ImapValue number;
    number.kind = ImapValue::Kind::atom;
    number.text = first;
    if (const auto n = number.asNumber()) {
        response.number = n;
        if (!parser.skipSpace()) parser.fail("expected a space after the message number");
        response.name = upper(parser.atom(true));
    } else {
        response.name = word;
    }
    response.data = parser.values(false);
    return response;
}

std::string imapString(std::string_view text, bool literalPlus) {
    bool needsLiteral = false;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        needsLiteral = needsLiteral || byte == 0 || byte == '\r' || byte == '\n' || byte >= 0x80;
    }
    if (needsLiteral) return "{" + std::to_string(text.size()) + (literalPlus ? "+" : "") + "}\r\n" + std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace wirekit::mailpoll
