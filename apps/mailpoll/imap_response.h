// IMAP server responses as values: the grammar of RFC 3501 section 9 that a
// mail checker meets (atoms, numbers, quoted strings, literals, NIL, nested
// lists, response codes), over whole responses that ImapFramer cut.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wirekit::mailpoll {

struct ImapValue {
    enum class Kind { atom, string, nil, list };
    Kind kind = Kind::nil;
    std::string text;              ///< an atom's or a string's bytes
    std::vector<ImapValue> items;  ///< a list's members

    bool isAtom(std::string_view word) const;  ///< an atom equal to `word`, without case
    /// A string's text, or an atom's; NIL as "".
    const std::string& asString() const { return text; }
    /// An atom holding a number (RFC 3501 number or nz-number, up to 2^32-1).
    std::optional<std::uint32_t> asNumber() const;
};

struct ImapResponse {
    enum class Kind { untagged, tagged, continuation };
    Kind kind = Kind::untagged;
    std::string tag;     ///< the command's tag, for a tagged response
    std::string status;  ///< OK, NO, BAD, PREAUTH or BYE (upper case), for a status response
    std::string code;    ///< the response code's name, "UIDVALIDITY" in "[UIDVALIDITY 7]"
    std::vector<ImapValue> codeArguments;
    std::string text;                     ///< the human-readable rest of a status response
    std::optional<std::uint32_t> number;  ///< the message number in "* 3 EXISTS"
    std::string name;                     ///< EXISTS, FETCH, CAPABILITY, STATUS, SEARCH... (upper case)
    std::vector<ImapValue> data;          ///< what follows the name
};

/// Parses one response as ImapFramer returned it. Throws ProtocolError
/// naming what is malformed; nesting is limited so input cannot exhaust the
/// stack.
ImapResponse parseImapResponse(std::string_view response);

/// Encodes `text` as an IMAP quoted string, or as a literal ("{N+}\r\n..." when
/// the server has LITERAL+, else "{N}\r\n...": the caller must then wait for
/// the continuation) when it holds CR, LF, NUL or 8-bit bytes.
std::string imapString(std::string_view text, bool literalPlus);

}  // namespace wirekit::mailpoll
