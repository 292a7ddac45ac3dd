// LIST parsing by columns located from the date, the one field every
// server's format shares.
#include "list_listing.h"

#include "civil_time.h"
#include "ftp_errors.h"
#include "listing_lines.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace wirekit::ftpx {

namespace {

struct Token {
    std::size_t start;
    std::size_t end;
};

std::vector<Token> tokenize(std::string_view line) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i == line.size()) break;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        tokens.push_back({start, i});
    }
    return tokens;
}

bool isDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

std::optional<std::uint64_t> sizeOf(std::string_view text) {
    // IIS on some locales groups digits: "1,024".
    std::string digits;
    for (const char c : text)
        if (c != ',') digits += c;
    if (!isDigits(digits) || digits.size() > 19) return std::nullopt;
    std::uint64_t size = 0;
    for (const char c : digits) size = size * 10 + static_cast<std::uint64_t>(c - '0');
    return size;
}

int monthNumber(std::string_view text) {
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (text.size() != 3) return 0;
    for (int m = 0; m < 12; ++m) {
        bool same = true;
        for (int c = 0; c < 3; ++c)
            if (std::tolower(static_cast<unsigned char>(text[c])) != months[m][c]) same = false;
        if (same) return m + 1;
    }
    return 0;
}

/// "09:30" as hour and minute.
bool parseClock(std::string_view text, int& hour, int& minute) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() - colon - 1 != 2) return false;
    if (!isDigits(text.substr(0, colon)) || !isDigits(text.substr(colon + 1))) return false;
    hour = number(text.substr(0, colon));
    minute = number(text.substr(colon + 1));
    return hour <= 23 && minute <= 59;
}

/// Permission bits from "rwxr-sr-t": setuid, setgid and sticky included.
std::optional<unsigned> modeOf(std::string_view bits) {
    unsigned mode = 0;
    for (int who = 0; who < 3; ++who) {
        const char r = bits[who * 3], w = bits[who * 3 + 1], x = bits[who * 3 + 2];
        if ((r != 'r' && r != '-') || (w != 'w' && w != '-')) return std::nullopt;
        const unsigned shift = static_cast<unsigned>(6 - who * 3);
        if (r == 'r') mode |= 4u << shift;
        if (w == 'w') mode |= 2u << shift;
        const char special = who == 2 ? 't' : 's';
        if (x == 'x') {
            mode |= 1u << shift;
        } else if (x == special || x == std::toupper(special)) {
            if (x == special) mode |= 1u << shift;
            mode |= who == 0 ? 04000u : who == 1 ? 02000u : 01000u;
        } else if (!(x == '-' || (who == 1 && (x == 'l' || x == 'L')))) {  // 'l': System V mandatory locking
            return std::nullopt;
        }
    }
    return mode;
}

EntryType typeOf(char c) {
    switch (c) {
        case '-': return EntryType::file;
        case 'd': return EntryType::directory;
        case 'l': return EntryType::symlink;
        default: return EntryType::other;  // c, b, p, s, D (door)
    }
}

ModTime inferYear(int month, int day, int hour, int minute, std::int64_t now) {
    const int nowYear = civilFromSeconds(now).year;
    // Feb 29 may only exist in the year before; two tries cover it.
    for (int year = nowYear; year >= nowYear - 1; --year) {
        const auto seconds = secondsSinceEpoch(CivilTime{year, month, day, hour, minute, 0});
        if (seconds && *seconds <= now + 86400) return ModTime{*seconds, TimePrecision::minute, false};
    }
    for (int year = nowYear - 2; year >= nowYear - 8; --year)
        if (const auto seconds = secondsSinceEpoch(CivilTime{year, month, day, hour, minute, 0}))
            return ModTime{*seconds, TimePrecision::minute, false};
    throw ProtocolError("bad date");
}

std::optional<FileEntry> parseUnixLine(std::string_view line, std::int64_t now) {
    const auto tokens = tokenize(line);
    if (tokens.empty()) return std::nullopt;
    const std::string_view permissions = line.substr(tokens[0].start, tokens[0].end - tokens[0].start);
    if (permissions.size() < 10 || permissions.size() > 11 || std::strchr("-dlcbpsD", permissions[0]) == nullptr ||
        (permissions.size() == 11 && std::strchr("+@.", permissions[10]) == nullptr))
        throw ProtocolError("neither UNIX nor DOS style");
    const auto mode = modeOf(permissions.substr(1, 9));
    if (!mode) throw ProtocolError("bad permissions");
    auto text = [&](std::size_t i) { return line.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
    // The date: month, day, then a time or a year, after the size column.
    for (std::size_t i = 2; i + 2 < tokens.size(); ++i) {
        const int month = monthNumber(text(i));
        if (month == 0 || !isDigits(text(i + 1)) || text(i + 1).size() > 2 || !isDigits(text(i - 1))) continue;
        const int day = number(text(i + 1));
        int hour = 0, minute = 0;
        const std::string_view timeOrYear = text(i + 2);
        const bool hasClock = parseClock(timeOrYear, hour, minute);
        if (!hasClock && !(isDigits(timeOrYear) && timeOrYear.size() == 4)) continue;
        const std::size_t nameStart = tokens[i + 2].end + 1;
        if (nameStart >= line.size()) throw ProtocolError("no name");

        FileEntry entry;
        entry.type = typeOf(permissions[0]);
        entry.unixMode = mode;
        entry.name = std::string(line.substr(nameStart));
        if (entry.type == EntryType::symlink) {
            const auto arrow = entry.name.find(" -> ");
            if (arrow != std::string::npos) {
                entry.linkTarget = entry.name.substr(arrow + 4);
                entry.name.erase(arrow);
            }
        }
        if (entry.name.empty()) throw ProtocolError("no name");
        if (entry.name == "." || entry.name == "..") return std::nullopt;
        // Devices show "major, minor" where the size would be.
        if (entry.type != EntryType::other) entry.size = sizeOf(text(i - 1));
        if (hasClock) {
            entry.mtime = inferYear(month, day, hour, minute, now);
        } else {
            const auto seconds = secondsSinceEpoch(CivilTime{number(timeOrYear), month, day, 0, 0, 0});
            if (!seconds) throw ProtocolError("bad date");
            entry.mtime = ModTime{*seconds, TimePrecision::day, false};
        }
        return entry;
    }
    throw ProtocolError("no date in a UNIX-style line");
}

/// "11-25-26", "11-25-2026" or "2026-11-25" (also with '/').
bool parseDosDate(std::string_view text, int& year, int& month, int& day) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '-' || text[i] == '/') {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    if (parts.size() != 3 || !std::all_of(parts.begin(), parts.end(), [](auto p) { return isDigits(p); })) return false;
    if (parts[0].size() == 4) {
        year = number(parts[0]);
        month = number(parts[1]);
        day = number(parts[2]);
        return parts[1].size() <= 2 && parts[2].size() <= 2;
    }
    if (parts[0].size() > 2 || parts[1].size() > 2 || (parts[2].size() != 2 && parts[2].size() != 4)) return false;
    month = number(parts[0]);
    day = number(parts[1]);
    year = number(parts[2]);
    // IIS's two-digit years: 70..99 are 1970..1999, 00..69 are 2000..2069.
    if (parts[2].size() == 2) year += year >= 70 ? 1900 : 2000;
    return true;
}

FileEntry parseDosLine(std::string_view line) {
    const auto tokens = tokenize(line);
    auto text = [&](std::size_t i) { return line.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    if (tokens.size() < 4 || !parseDosDate(text(0), year, month, day))
        throw ProtocolError("neither UNIX nor DOS style");
    std::string_view clock = text(1);
    std::size_t next = 2;
    std::string meridiem;
    if (clock.size() > 2 && std::isalpha(static_cast<unsigned char>(clock.back()))) {
        meridiem = std::string(clock.substr(clock.size() - 2));
        clock.remove_suffix(2);
    } else if (text(2) == "AM" || text(2) == "PM" || text(2) == "am" || text(2) == "pm") {
        meridiem = std::string(text(2));
        next = 3;
    }
    if (!parseClock(clock, hour, minute)) throw ProtocolError("bad time in a DOS-style line");
    if (!meridiem.empty()) {
        const char m = static_cast<char>(std::toupper(static_cast<unsigned char>(meridiem[0])));
        if ((m != 'A' && m != 'P') || std::toupper(static_cast<unsigned char>(meridiem[1])) != 'M' || hour < 1 ||
            hour > 12)
            throw ProtocolError("bad time in a DOS-style line");
        hour = hour % 12 + (m == 'P' ? 12 : 0);  // 12:05AM is 00:05, 12:05PM is 12:05
    }
    if (next + 1 >= tokens.size()) throw ProtocolError("no name");
    FileEntry entry;
    const std::string_view sizeOrDir = text(next);
    if (sizeOrDir == "<DIR>" || sizeOrDir == "<dir>") {
        entry.type = EntryType::directory;
    } else if (sizeOrDir == "<JUNCTION>" || sizeOrDir == "<SYMLINKD>" || sizeOrDir == "<SYMLINK>") {
        entry.type = EntryType::symlink;
    } else {
        entry.size = sizeOf(sizeOrDir);
        if (!entry.size) throw ProtocolError("bad size in a DOS-style line");
        entry.type = EntryType::file;
    }
    entry.name = std::string(line.substr(tokens[next + 1].start));
    // "link [target]" is how dir shows a junction's target.
    if (entry.type == EntryType::symlink && entry.name.size() > 2 && entry.name.back() == ']') {
        const auto open = entry.name.rfind(" [");
        if (open != std::string::npos) {
            entry.linkTarget = entry.name.substr(open + 2, entry.name.size() - open - 3);
            entry.name.erase(open);
        }
    }
    const auto seconds = secondsSinceEpoch(CivilTime{year, month, day, hour, minute, 0});
    if (!seconds) throw ProtocolError("bad date in a DOS-style line");
    entry.mtime = ModTime{*seconds, TimePrecision::minute, false};
    return entry;
}

}  // namespace

std::optional<FileEntry> parseListLine(std::string_view line, std::int64_t now) {
    const auto tokens = tokenize(line);
    if (tokens.empty()) return std::nullopt;
    const std::string_view first = line.substr(tokens[0].start, tokens[0].end - tokens[0].start);
    if (first == "total" && tokens.size() == 2) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(first[0]))) {
        FileEntry entry = parseDosLine(line);
        if (entry.name == "." || entry.name == "..") return std::nullopt;
        return entry;
    }
    return parseUnixLine(line, now);
}

Listing parseListListing(std::string_view text, std::int64_t now) {
    Listing listing;
    const auto lines = listingLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        try {
            if (auto entry = parseListLine(lines[i], now)) listing.entries.push_back(std::move(*entry));
        } catch (const ProtocolError& error) {
            warnSkippedLine(listing, i + 1, error.what(), lines[i]);
        }
    }
    return listing;
}

}  // namespace wirekit::ftpx
