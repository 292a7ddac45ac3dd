// Listing lines for ls.
#include "listing_format.h"

#include "civil_time.h"
#include "out/json_lines.h"
#include "printable.h"

#include <cstdio>

namespace wirekit::ftpx {

namespace {

char typeLetter(EntryType type) {
    switch (type) {
        case EntryType::directory: return 'd';
        case EntryType::symlink: return 'l';
        case EntryType::file: return '-';
        default: return '?';
    }
}

std::string modeString(const FileEntry& entry) {
    std::string mode(1, typeLetter(entry.type));
    if (!entry.unixMode) return mode + "?????????";
    const unsigned bits = *entry.unixMode;
    const char* letters = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i) mode += (bits & (0400u >> i)) ? letters[i] : '-';
    return mode;
}

}  // namespace

std::string shortLine(const FileEntry& entry) { return printable(entry.name); }

std::string longLine(const FileEntry& entry) {
    char size[32] = "";
    if (entry.size)
        std::snprintf(size, sizeof size, "%12llu", static_cast<unsigned long long>(*entry.size));
    else
        std::snprintf(size, sizeof size, "%12s", "-");
    std::string when = "                ";
    if (entry.mtime) {
        const CivilTime t = civilFromSeconds(entry.mtime->seconds);
        char text[32];
        if (entry.mtime->precision == TimePrecision::day)
            std::snprintf(text, sizeof text, "%04d-%02d-%02d      ", t.year, t.month, t.day);
        else
            std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
        when = text;
    }
    std::string line = modeString(entry) + " " + size + " " + when + " " + printable(entry.name);
    if (entry.type == EntryType::symlink && !entry.linkTarget.empty()) line += " -> " + printable(entry.linkTarget);
    return line;
}

std::string isoTime(const ModTime& time) {
    const CivilTime t = civilFromSeconds(time.seconds);
    char text[40];
    if (time.precision == TimePrecision::day)
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", t.year, t.month, t.day);
    else
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%s", t.year, t.month, t.day, t.hour, t.minute,
                      t.second, time.utc ? "Z" : "");
    return text;
}

Poco::JSON::Object jsonRecord(const FileEntry& entry) {
    Poco::JSON::Object record = out::JsonLinesWriter::makeRecord();
    record.set("name", entry.name);
    record.set("type", std::string(entryTypeName(entry.type)));
    if (entry.size) record.set("size", static_cast<Poco::UInt64>(*entry.size));
    if (entry.mtime) record.set("modified", isoTime(*entry.mtime));
    if (entry.unixMode) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", *entry.unixMode);
        record.set("mode", std::string(mode));
    }
    if (entry.type == EntryType::symlink && !entry.linkTarget.empty()) record.set("target", entry.linkTarget);
    return record;
}

}  // namespace wirekit::ftpx
