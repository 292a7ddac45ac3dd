// The values inside single replies: PWD's and MKD's 257 path (RFC 959
// 4.1.3), SIZE's and MDTM's 213 (RFC 3659 sections 3 and 4), and FEAT's list
// of extensions (RFC 2389), all over reply text, no socket.
#pragma once

#include "ftp_reply.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace wirekit::ftpx {

/// The directory of "257 "/pub/my ""dir""" is current directory": the text
/// between the first quote and its unpaired closing quote, a doubled quote
/// standing for one. Throws ProtocolError without a quoted path.
std::string parsePathReply(const FtpReply& reply);

/// SIZE's "213 1024". Throws ProtocolError when the code is not 213 or the
/// text is no decimal number below 2^63.
std::uint64_t parseSizeReply(const FtpReply& reply);

/// MDTM's "213 20261125093000[.123]" as seconds since the epoch, UTC.
/// Throws ProtocolError when it is no valid time.
std::int64_t parseMdtmReply(const FtpReply& reply);

/// "20261125093000" for MFMT and MDTM (UTC, to the second).
std::string ftpTimestamp(std::int64_t seconds);

/// What FEAT's 211 reply announces: the first word of each feature line,
/// upper-cased ("MLST", "MFMT", "EPSV", "REST", "UTF8", "AUTH", ...), and
/// "REST STREAM" whole, since REST alone does not say which mode.
struct Features {
    std::set<std::string> names;
    /// The facts MLST's feature line offers ("type*;size*;modify*;unix.mode;"), lower case.
    std::string mlstFacts;
    bool has(const std::string& name) const { return names.count(name) != 0; }
};

/// Parses FEAT's reply; a 5yz reply (no FEAT) gives no features.
Features parseFeatures(const FtpReply& reply);

}  // namespace wirekit::ftpx
