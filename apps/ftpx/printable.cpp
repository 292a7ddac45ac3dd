// Escaping for messages that quote the server.
#include "printable.h"

namespace wirekit::ftpx {

namespace {

void appendEscaped(std::string& out, unsigned char byte) {
    static const char hex[] = "0123456789abcdef";
    out += "\\x";
    out += hex[byte >> 4];
    out += hex[byte & 15];
}

}  // namespace

std::string printable(std::string_view text, std::size_t maxBytes) {
    const bool cut = maxBytes != 0 && text.size() > maxBytes;
    if (cut) text = text.substr(0, maxBytes);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            appendEscaped(out, byte);
        } else if (byte == '\\') {
            out += "\\\\";
        } else if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            // U+0080..U+009F: CSI (U+009B) starts an escape sequence on some terminals.
            appendEscaped(out, byte);
            appendEscaped(out, static_cast<unsigned char>(text[++i]));
        } else {
            out += static_cast<char>(byte);
        }
    }
    if (cut) out += "...";
    return out;
}

}  // namespace wirekit::ftpx
