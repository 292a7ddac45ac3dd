// Values inside single replies: 257 paths, 213 sizes and times, FEAT.
#include "reply_values.h"

#include "civil_time.h"
#include "ftp_errors.h"

#include <cctype>
#include <cstdio>

namespace wirekit::ftpx {

std::string parsePathReply(const FtpReply& reply) {
    const std::string text = reply.lines.empty() ? std::string() : reply.lines.front();
    const auto open = text.find('"');
    if (open == std::string::npos) throw ProtocolError("no quoted path in '" + reply.summary() + "'");
    std::string path;
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (text[i] != '"') {
            path += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '"') {
            path += '"';
            ++i;
            continue;
        }
        return path;
    }
    throw ProtocolError("unterminated path in '" + reply.summary() + "'");
}

namespace {

std::string firstLine(const FtpReply& reply) { return reply.lines.empty() ? std::string() : reply.lines.front(); }

void expect213(const FtpReply& reply, const char* what) {
    if (reply.code != 213) throw ProtocolError(std::string(what) + " answered '" + reply.summary() + "'");
}

}  // namespace

std::uint64_t parseSizeReply(const FtpReply& reply) {
    expect213(reply, "SIZE");
    const std::string text = firstLine(reply);
    if (text.empty() || text.size() > 18) throw ProtocolError("SIZE answered '" + reply.summary() + "'");
    std::uint64_t size = 0;
    for (const char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            throw ProtocolError("SIZE answered '" + reply.summary() + "'");
        size = size * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return size;
}

std::int64_t parseMdtmReply(const FtpReply& reply) {
    expect213(reply, "MDTM");
    const std::string text = firstLine(reply);
    const auto digits = [&](std::size_t at, std::size_t count) {
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
                throw ProtocolError("MDTM answered '" + reply.summary() + "'");
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    // RFC 3659 3.3: exactly 14 digits, then optionally "." and a fraction.
    if (text.size() < 14 || (text.size() > 14 && text[14] != '.'))
        throw ProtocolError("MDTM answered '" + reply.summary() + "'");
    CivilTime time;
    time.year = digits(0, 4);
    time.month = digits(4, 2);
    time.day = digits(6, 2);
    time.hour = digits(8, 2);
    time.minute = digits(10, 2);
    time.second = digits(12, 2);
    const auto seconds = secondsSinceEpoch(time);
    if (!seconds) throw ProtocolError("MDTM answered an impossible time '" + reply.summary() + "'");
    return *seconds;
}

std::string ftpTimestamp(std::int64_t seconds) {
    const CivilTime time = civilFromSeconds(seconds);
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d", time.year, time.month, time.day, time.hour,
                  time.minute, time.second);
    return text;
}

Features parseFeatures(const FtpReply& reply) {
    Features features;
    if (reply.code != 211) return features;
    // The first and last lines are "Features:" and "End"; features are the
    // lines between, each starting with a space (RFC 2389 3.2).
    for (std::size_t i = 1; i + 1 < reply.lines.size(); ++i) {
        std::string line = reply.lines[i];
        const auto start = line.find_first_not_of(' ');
        if (start == std::string::npos) continue;
        line = line.substr(start);
        for (auto& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const auto space = line.find(' ');
        features.names.insert(line.substr(0, space));
        if (line.rfind("REST STREAM", 0) == 0) features.names.insert("REST STREAM");
        if (line.rfind("MLST ", 0) == 0) {
            features.mlstFacts = line.substr(5);
            for (auto& c : features.mlstFacts) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return features;
}

}  // namespace wirekit::ftpx
