// FTP URL parsing and printing (RFC 1738 3.2, RFC 3986 for the authority and
// IPv6 literals, curl's reading of the path).
#include "ftp_url.h"

#include "cli/usage_error.h"
#include "printable.h"

#include <algorithm>
#include <cctype>

namespace wirekit::ftpx {

namespace {

[[noreturn]] void refuse(const std::string& text, const std::string& why) {
    throw cli::UsageError("invalid URL '" + printable(redactUrlPassword(text), 300) + "': " + why);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Decodes %XX escapes in one URL part; `what` names the part for errors.
std::string percentDecode(const std::string& url, const std::string& part, const std::string& what) {
    std::string decoded;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (part[i] != '%') {
            decoded += part[i];
            continue;
        }
        const int high = i + 1 < part.size() ? hexValue(part[i + 1]) : -1;
        const int low = i + 2 < part.size() ? hexValue(part[i + 2]) : -1;
        if (high < 0 || low < 0) {
            // Quoting the escape would show three characters of a password.
            const std::string shown = what == "password" ? std::string() : " '" + part.substr(i, 3) + "'";
            refuse(url, "bad %-escape" + shown + " in the " + what + " (write %25 for '%')");
        }
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    // Sent as arguments of USER, PASS, CWD and RETR: a CR or LF would end the
    // command early and start one the user never wrote.
    if (decoded.find_first_of(std::string("\r\n\0", 3)) != std::string::npos)
        refuse(url, "the " + what + " holds CR, LF or NUL, which FTP commands cannot carry");
    // A name to log in with has no business with control characters (an
    // escape sequence would reach the server and every message naming it).
    if (what != "path" && std::any_of(decoded.begin(), decoded.end(),
                                      [](char c) { return static_cast<unsigned char>(c) < ' ' || c == 0x7f; }))
        refuse(url, "the " + what + " holds control characters");
    return decoded;
}

bool isHostNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

void parseAuthority(const std::string& url, const std::string& authority, FtpUrl& result) {
    std::string hostPort = authority;
    const auto at = authority.rfind('@');
    if (at != std::string::npos) {
        const std::string userInfo = authority.substr(0, at);
        hostPort = authority.substr(at + 1);
        const auto colon = userInfo.find(':');
        result.user = percentDecode(url, userInfo.substr(0, colon), "user name");
        if (result.user->empty()) refuse(url, "empty user name before '@'");
        if (colon != std::string::npos) result.password = percentDecode(url, userInfo.substr(colon + 1), "password");
    }
    std::string portText;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const auto close = hostPort.find(']');
        if (close == std::string::npos) refuse(url, "unbalanced '[' in the host");
        const std::string literal = hostPort.substr(1, close - 1);
        // RFC 6874 writes a zone as "%25eth0" inside the brackets.
        const auto zone = literal.find("%25");
        const std::string address = literal.substr(0, zone);
        if (address.empty() || address.find(':') == std::string::npos ||
            !std::all_of(address.begin(), address.end(),
                         [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }))
            refuse(url, "bad IPv6 literal '[" + literal + "]'");
        result.host = zone == std::string::npos ? address : address + "%" + literal.substr(zone + 3);
        const std::string rest = hostPort.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') refuse(url, "expected ':PORT' after ']', not '" + rest + "'");
        if (!rest.empty()) portText = rest.substr(1);
    } else {
        const auto colon = hostPort.find(':');
        result.host = hostPort.substr(0, colon);
        if (colon != std::string::npos) portText = hostPort.substr(colon + 1);
        if (result.host.empty()) refuse(url, "empty host");
        for (const char c : result.host)
            if (!isHostNameChar(c))
                refuse(url, std::string("bad character '") + c + "' in the host '" + result.host + "'");
    }
    if (result.host.empty()) refuse(url, "empty host");
    if (portText.empty()) return;  // "host:" is the default port, as RFC 3986 reads it
    bool digits = portText.size() <= 5 && std::all_of(portText.begin(), portText.end(), [](char c) {
                      return std::isdigit(static_cast<unsigned char>(c));
                  });
    const long port = digits ? std::stol(portText) : 0;
    // The "port" may be the start of a password holding '/' (the authority
    // ends at the first '/'): it is not quoted.
    if (!digits || port < 1 || port > 65535) refuse(url, "bad port: not a number from 1 to 65535");
    result.port = static_cast<std::uint16_t>(port);
}

void parsePath(const std::string& url, std::string path, FtpUrl& result) {
    // RFC 1738's typecode: ";type=a" (ASCII), "i" (image), "d" (a listing).
    const auto type = path.rfind(";type=");
    if (type != std::string::npos) {
        const std::string code = path.substr(type + 6);
        if (code.size() != 1 || std::string("aidAID").find(code[0]) == std::string::npos)
            refuse(url, "bad ';type=" + code + "' (a, i or d)");
        result.typeCode = static_cast<char>(std::tolower(static_cast<unsigned char>(code[0])));
        // Parsed only to be honoured: ftpx moves bytes as they are (TYPE I),
        // and "d" asks for the listing a directory URL gives anyway.
        if (result.typeCode == 'a')
            refuse(url, "';type=a' asks for ASCII mode; ftpx transfers files as they are (binary) only");
        path.erase(type);
        if (result.typeCode == 'd' && !path.empty() && path.back() != '/') path += '/';
    }
    if (path.empty()) {
        result.isDirectory = true;
        return;
    }
    // curl reads "ftp://host//etc" as absolute, like "%2F": keep that reading.
    if (path.front() == '/') {
        result.absolute = true;
        path.erase(0, 1);
        if (path.empty()) {
            result.isDirectory = true;
            return;
        }
    }
    result.isDirectory = path.back() == '/';
    if (result.isDirectory) path.pop_back();
    std::size_t start = 0;
    for (;;) {
        const auto slash = path.find('/', start);
        const std::string raw = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string segment = percentDecode(url, raw, "path");
        if (result.segments.empty() && !result.absolute && !segment.empty() && segment.front() == '/') {
            result.absolute = true;  // "%2Fetc": the path starts at the root
            segment.erase(0, 1);
            if (segment.empty() && slash == std::string::npos) {
                result.isDirectory = true;
                return;
            }
        }
        // "a/%2F", "dir%2F": a decoded '/' at the end names a directory.
        if (slash == std::string::npos && !segment.empty() && segment.back() == '/') result.isDirectory = true;
        // As curl reads a path: an empty segment ("a//b", "%2F/etc") is
        // skipped, and a '/' written %2F inside one separates names too (a
        // name cannot hold '/').
        for (std::size_t from = 0; from <= segment.size();) {
            const auto inner = segment.find('/', from);
            const std::string name =
                segment.substr(from, inner == std::string::npos ? std::string::npos : inner - from);
            if (!name.empty()) result.segments.push_back(name);
            if (inner == std::string::npos) break;
            from = inner + 1;
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
}

/// Percent-encodes what RFC 3986 does not allow as it is in a path segment or a user name.
std::string percentEncode(const std::string& text, bool userPart) {
    // ';' is always encoded: ";type=" ends a path. ':' and '@' end a user name.
    const std::string allowed = userPart ? "-._~!$&'()*+,=" : "-._~!$&'()*+,=:@";
    static const char hex[] = "0123456789ABCDEF";
    std::string encoded;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || allowed.find(c) != std::string::npos) {
            encoded += c;
        } else {
            encoded += '%';
            encoded += hex[byte >> 4];
            encoded += hex[byte & 15];
        }
    }
    return encoded;
}

}  // namespace

std::vector<std::string> FtpUrl::directorySegments() const {
    if (isDirectory || segments.empty()) return segments;
    return std::vector<std::string>(segments.begin(), segments.end() - 1);
}

std::string FtpUrl::fileName() const { return isDirectory || segments.empty() ? std::string() : segments.back(); }

FtpUrl parseFtpUrl(const std::string& text) {
    const auto separator = text.find("://");
    if (separator == std::string::npos) refuse(text, "expected ftp://HOST/PATH or ftps://HOST/PATH");
    FtpUrl result;
    result.scheme = text.substr(0, separator);
    std::transform(result.scheme.begin(), result.scheme.end(), result.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (result.scheme == "ftp") {
        result.tls = TlsMode::none;
        result.port = 21;
    } else if (result.scheme == "ftps") {
        result.tls = TlsMode::implicitTls;  // RFC 4217 section 8 leaves port 990 to implicit TLS
        result.port = 990;
    } else {
        refuse(text, "unknown scheme '" + text.substr(0, separator) + "' (ftp or ftps)");
    }
    const std::string rest = text.substr(separator + 3);
    if (rest.find_first_of("?#") != std::string::npos)
        refuse(text, "'?' and '#' have no meaning in an FTP URL: write %3F or %23 in names");
    for (const char c : rest)
        if (static_cast<unsigned char>(c) < ' ' || c == 0x7f) refuse(text, "control characters must be %-escaped");
    const auto slash = rest.find('/');
    parseAuthority(text, rest.substr(0, slash), result);
    parsePath(text, slash == std::string::npos ? std::string() : rest.substr(slash + 1), result);
    return result;
}

std::string displayUrl(const FtpUrl& url) {
    std::string out = url.scheme + "://";
    if (url.user) out += percentEncode(*url.user, true) + "@";
    out += urlHost(url.host);
    const std::uint16_t defaultPort = url.tls == TlsMode::implicitTls ? 990 : 21;
    if (url.port != defaultPort) out += ":" + std::to_string(url.port);
    out += "/";
    if (url.absolute) out += "%2F";
    for (std::size_t i = 0; i < url.segments.size(); ++i) {
        if (i > 0) out += "/";
        out += percentEncode(url.segments[i], false);
    }
    if (url.isDirectory && !url.segments.empty()) out += "/";
    if (url.typeCode) out += std::string(";type=") + *url.typeCode;
    return out;
}

std::string urlHost(const std::string& host) {
    return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

std::string redactUrlPassword(const std::string& text) {
    // Text that failed to parse may be malformed anywhere ("ftp:/u:pw@h", a
    // '/' inside the password): hide from the first ':' after the scheme to
    // the last '@'. That may hide a path's ':'...'@' too, but the message's
    // reason names the bad part on its own, and a password must never show.
    const auto separator = text.find("://");
    const auto colon = text.find(':', separator == std::string::npos ? 0 : separator + 3);
    const auto at = text.rfind('@');
    if (colon == std::string::npos || at == std::string::npos || at < colon) return text;
    return text.substr(0, colon + 1) + "***" + text.substr(at);
}

}  // namespace wirekit::ftpx
