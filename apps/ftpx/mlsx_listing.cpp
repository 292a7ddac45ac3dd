// RFC 3659 section 7 facts: entry = [facts] SP pathname, facts = 1*(fact ";"),
// fact = factname "=" value.
#include "mlsx_listing.h"

#include "civil_time.h"
#include "ftp_errors.h"
#include "listing_lines.h"
#include "printable.h"

#include <algorithm>
#include <cctype>

namespace wirekit::ftpx {

namespace {

std::string lowerCase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

bool allDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int digitsValue(std::string_view text) {
    int value = 0;
    for (const char c : text) value = value * 10 + (c - '0');
    return value;
}

std::uint64_t parseSize(std::string_view value) {
    // 20 digits may exceed 2^64-1; no file is that large anyway.
    if (!allDigits(value) || value.size() > 19) throw ProtocolError("bad size '" + printable(value, 40) + "'");
    std::uint64_t size = 0;
    for (const char c : value) size = size * 10 + static_cast<std::uint64_t>(c - '0');
    return size;
}

/// "20261125093000" or "20261125093000.123" (RFC 3659 section 2.3, always UTC).
ModTime parseModify(std::string_view value) {
    const auto dot = value.find('.');
    const std::string_view whole = value.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : value.substr(dot + 1);
    if (whole.size() != 14 || !allDigits(whole) || (dot != std::string_view::npos && !allDigits(fraction)))
        throw ProtocolError("bad modify time '" + printable(value, 40) + "'");
    CivilTime civil;
    civil.year = digitsValue(whole.substr(0, 4));
    civil.month = digitsValue(whole.substr(4, 2));
    civil.day = digitsValue(whole.substr(6, 2));
    civil.hour = digitsValue(whole.substr(8, 2));
    civil.minute = digitsValue(whole.substr(10, 2));
    civil.second = digitsValue(whole.substr(12, 2));
    const auto seconds = secondsSinceEpoch(civil);
    if (!seconds) throw ProtocolError("bad modify time '" + printable(value, 40) + "'");
    return ModTime{*seconds, TimePrecision::second, true};
}

void applyType(FileEntry& entry, std::string_view value) {
    const std::string type = lowerCase(value);
    if (type == "file") {
        entry.type = EntryType::file;
    } else if (type == "dir" || type == "cdir" || type == "pdir") {
        entry.type = EntryType::directory;
    } else if (type.rfind("os.unix=slink", 0) == 0 || type == "os.unix=symlink" || type == "os.unix=link") {
        // "OS.unix=slink:/target" names the target (with its case kept).
        entry.type = EntryType::symlink;
        const auto colon = value.find(':');
        if (colon != std::string_view::npos) entry.linkTarget = std::string(value.substr(colon + 1));
    } else {
        entry.type = EntryType::other;  // OS.unix=chr-3/4, a device, ...
    }
}

std::string_view trimmedFactType(std::string_view line) {
    const auto space = line.find(' ');
    const std::string_view facts = line.substr(0, space);
    std::size_t start = 0;
    while (start < facts.size()) {
        auto end = facts.find(';', start);
        if (end == std::string_view::npos) end = facts.size();
        const std::string_view fact = facts.substr(start, end - start);
        const auto equals = fact.find('=');
        if (equals != std::string_view::npos && lowerCase(fact.substr(0, equals)) == "type")
            return fact.substr(equals + 1);
        start = end + 1;
    }
    return {};
}

}  // namespace

bool isMlsxSelfOrParent(std::string_view line) {
    const std::string type = lowerCase(trimmedFactType(line));
    return type == "cdir" || type == "pdir";
}

FileEntry parseMlsxEntry(std::string_view line) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) throw ProtocolError("no space before the name");
    const std::string_view facts = line.substr(0, space);
    FileEntry entry;
    entry.name = std::string(line.substr(space + 1));
    if (entry.name.empty()) throw ProtocolError("empty name");
    bool typed = false;
    std::optional<std::uint64_t> size, directorySize;
    std::size_t start = 0;
    while (start < facts.size()) {
        auto end = facts.find(';', start);
        if (end == std::string_view::npos) end = facts.size();
        const std::string_view fact = facts.substr(start, end - start);
        start = end + 1;
        if (fact.empty()) continue;
        const auto equals = fact.find('=');
        if (equals == std::string_view::npos || equals == 0)
            throw ProtocolError("fact without a name and '=': '" + printable(fact, 40) + "'");
        const std::string name = lowerCase(fact.substr(0, equals));
        const std::string_view value = fact.substr(equals + 1);
        if (name == "type") {
            applyType(entry, value);
            typed = true;
        } else if (name == "size") {
            size = parseSize(value);
        } else if (name == "sizd") {
            directorySize = parseSize(value);
        } else if (name == "modify") {
            entry.mtime = parseModify(value);
        } else if (name == "unique") {
            entry.unique = std::string(value);
        } else if (name == "unix.mode") {
            // pyftpdlib on Python 3 writes Python's "0o755". The mode only
            // decorates a listing: one that cannot be read is left out, as
            // an unknown fact would be, and the entry is kept.
            std::string_view digits = value;
            if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O'))
                digits.remove_prefix(2);
            if (!digits.empty() && digits.size() <= 6 &&
                std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '7'; }))
                entry.unixMode = static_cast<unsigned>(std::stoul(std::string(digits), nullptr, 8)) & 07777;
        }
    }
    // Without a type fact the entry cannot be mirrored safely: refuse it
    // rather than guess file and maybe recurse wrongly.
    if (!typed) throw ProtocolError("no type fact");
    entry.size = entry.type == EntryType::directory && !size ? directorySize : size;
    return entry;
}

Listing parseMlsdListing(std::string_view text) {
    Listing listing;
    const auto lines = listingLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty()) continue;
        try {
            if (isMlsxSelfOrParent(line)) continue;
            FileEntry entry = parseMlsxEntry(line);
            if (entry.name == "." || entry.name == "..") continue;
            listing.entries.push_back(std::move(entry));
        } catch (const ProtocolError& error) {
            warnSkippedLine(listing, i + 1, error.what(), line);
        }
    }
    return listing;
}

FileEntry parseMlstReply(const std::vector<std::string>& replyLines) {
    for (const auto& line : replyLines) {
        if (line.empty() || line.front() != ' ') continue;
        try {
            return parseMlsxEntry(std::string_view(line).substr(1));
        } catch (const ProtocolError& error) {
            throw ProtocolError(std::string("MLST reply: ") + error.what() + ": '" + printable(line, 120) + "'");
        }
    }
    throw ProtocolError("MLST reply without an entry line");
}

}  // namespace wirekit::ftpx
