// ftp:// and ftps:// URLs (RFC 1738 section 3.2) as curl reads them: the path
// is relative to the login directory, one CWD per segment, and "%2F" at its
// start makes it absolute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::ftpx {

/// How the control connection is protected. A URL gives `none` (ftp://) or
/// `implicitTls` (ftps://); --tls turns `none` into `explicitTls` (AUTH TLS).
enum class TlsMode { none, explicitTls, implicitTls };

struct FtpUrl {
    std::string scheme;  ///< "ftp" or "ftps", lower case
    TlsMode tls = TlsMode::none;
    std::string host;  ///< without brackets; an IPv6 zone as "fe80::1%eth0"
    std::uint16_t port = 21;
    std::optional<std::string> user;      ///< percent-decoded
    std::optional<std::string> password;  ///< percent-decoded; never print it
    /// Decoded path segments, the last one the file's name unless
    /// `isDirectory`. Empty for the login directory ("ftp://host/").
    std::vector<std::string> segments;
    bool absolute = false;         ///< the path began with "%2F" (or "//"): CWD / first
    bool isDirectory = false;      ///< the path ended with '/' or was empty
    std::optional<char> typeCode;  ///< ";type=a", ";type=i" or ";type=d", lower case

    /// The directories to enter: every segment but the last, or all of them for a directory.
    std::vector<std::string> directorySegments() const;
    /// The file's name, or "" for a directory URL.
    std::string fileName() const;
};

/// Parses `ftp://[user[:password]@]host[:port]/path` or `ftps://...` (port 21
/// or 990 by default). User, password and segments are percent-decoded; the
/// last '@' of the authority ends the user part, so an unescaped '@' in a
/// user name still works. Throws cli::UsageError "invalid URL 'URL': reason"
/// naming the bad part (unknown scheme, empty host, bad port, bad %-escape,
/// an empty segment, a control character, CR, LF or NUL that would inject commands, '?' or '#');
/// the URL in the message has its password replaced by "***".
FtpUrl parseFtpUrl(const std::string& text);

/// The URL for messages: percent-encoded where needed, the default port
/// omitted, and never the password.
std::string displayUrl(const FtpUrl& url);

/// A host as a URL or "host:port" writes it: an IPv6 address (a host with
/// a colon) in brackets, anything else (a name, "[::1]") as it is.
std::string urlHost(const std::string& host);

/// `text` with the password of a URL's user part replaced by "***", for
/// echoing something that failed to parse: everything from the first ':'
/// after "://" (or the first ':' at all) to the last '@', which may hide more
/// than the password in a malformed URL but never less.
std::string redactUrlPassword(const std::string& text);

}  // namespace wirekit::ftpx
