// Random and mutated bytes through every parser of ftpx: no crash, no read
// past the input (run it under SANITIZE=1), errors only of the documented
// types, and results within their bounds.
#include "cli/usage_error.h"
#include "ftp_errors.h"
#include "ftp_reply.h"
#include "ftp_url.h"
#include "list_listing.h"
#include "mirror_plan.h"
#include "mlsx_listing.h"
#include "passive_reply.h"
#include "safe_name.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace wirekit;
using namespace wirekit::ftpx;

namespace {

const std::int64_t now = 1795608000;  // 2026-11-25 12:00:00 UTC

/// `seed` with up to `edits` random replacements, insertions and deletions
/// drawn from `alphabet`; sometimes cut short.
std::string mutate(std::mt19937& random, const std::string& seed, const std::string& alphabet, int edits) {
    std::string text = seed;
    const int count = static_cast<int>(random() % (edits + 1));
    for (int i = 0; i < count; ++i) {
        const char c = alphabet[random() % alphabet.size()];
        const auto where = text.empty() ? 0 : random() % text.size();
        switch (random() % 3) {
            case 0:
                if (!text.empty()) text[where] = c;
                break;
            case 1: text.insert(text.begin() + static_cast<long>(where), c); break;
            case 2:
                if (!text.empty()) text.erase(where, 1);
                break;
        }
    }
    if (random() % 10 == 0) text.resize(random() % (text.size() + 1));
    return text;
}

std::string randomBytes(std::mt19937& random, std::size_t maxLength) {
    std::string bytes(random() % (maxLength + 1), '\0');
    for (auto& b : bytes) b = static_cast<char>(random());
    return bytes;
}

}  // namespace

class RandomInputTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RandomInputTest);
    CPPUNIT_TEST(testUrlParserAcceptsOrRefusesWithUsageError);
    CPPUNIT_TEST(testReplyReaderStaysWithinItsBounds);
    CPPUNIT_TEST(testPassiveRepliesParseOrThrowProtocolError);
    CPPUNIT_TEST(testMlsdParserNeverThrows);
    CPPUNIT_TEST(testListParserNeverThrows);
    CPPUNIT_TEST(testMirrorPlanNeverEscapesTheTree);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUrlParserAcceptsOrRefusesWithUsageError() {
        std::mt19937 random(1738);
        const std::string alphabet = "ftps:/@[]%2F0123456789abcdefABCDEF.-_;=?#: \r\n\x01\xff";
        const std::vector<std::string> seeds = {"ftp://alice:pw@ftp.example.org:2121/a/b.txt",
                                                "ftps://[2001:db8::1]:990/%2Fetc/x/", "ftp://h/a%20b;type=i"};
        int accepted = 0;
        for (int i = 0; i < 50000; ++i) {
            const std::string text =
                i % 5 == 0 ? randomBytes(random, 60) : mutate(random, seeds[random() % seeds.size()], alphabet, 4);
            try {
                const auto url = parseFtpUrl(text);
                ++accepted;
                CPPUNIT_ASSERT(!url.host.empty());
                CPPUNIT_ASSERT(url.port != 0);
                for (const auto& segment : url.segments) {
                    CPPUNIT_ASSERT(!segment.empty());
                    CPPUNIT_ASSERT(segment.find_first_of(std::string("/\r\n\0", 4)) == std::string::npos);
                }
                // What displayUrl prints parses back to the same place.
                const auto again = parseFtpUrl(displayUrl(url));
                CPPUNIT_ASSERT(again.segments == url.segments && again.host == url.host && again.port == url.port);
            } catch (const cli::UsageError& error) {
                if (text.find(":pw@") != std::string::npos)
                    CPPUNIT_ASSERT_MESSAGE(error.what(), std::string(error.what()).find(":pw@") == std::string::npos);
            }
        }
        CPPUNIT_ASSERT(accepted > 5000);
    }

    void testReplyReaderStaysWithinItsBounds() {
        std::mt19937 random(959);
        const std::string alphabet = "0123456789 -\r\n\r\nabc\x00\xff";
        const std::string seed =
            "220-Welcome\r\n220-\r\n 123 x\r\n220 ok\r\n331 Password required\r\n230-a\r\n230 b\r\n"
            "227 Entering Passive Mode (192,0,2,1,19,137)\r\n";
        ReplyLimits small;
        small.maxLineBytes = 64;
        small.maxReplyBytes = 256;
        small.maxReplyLines = 8;
        int replies = 0;
        for (int i = 0; i < 20000; ++i) {
            ReplyReader reader(small);
            const std::string bytes = i % 4 == 0 ? randomBytes(random, 300) : mutate(random, seed, alphabet, 6);
            try {
                for (std::size_t at = 0; at < bytes.size();) {
                    const std::size_t chunk = 1 + random() % 32;
                    reader.feed(std::string_view(bytes).substr(at, chunk));
                    at += chunk;
                    while (auto reply = reader.next()) {
                        ++replies;
                        CPPUNIT_ASSERT(reply->code >= 100 && reply->code <= 559);
                        CPPUNIT_ASSERT(!reply->lines.empty() && reply->lines.size() <= small.maxReplyLines);
                        for (const auto& line : reply->lines) CPPUNIT_ASSERT(line.size() <= small.maxLineBytes);
                    }
                    // Never more buffered than the bound plus one read.
                    CPPUNIT_ASSERT(reader.pending() <= small.maxReplyBytes + 32);
                }
            } catch (const ProtocolError&) {
            }
        }
        CPPUNIT_ASSERT(replies > 10000);
    }

    void testPassiveRepliesParseOrThrowProtocolError() {
        std::mt19937 random(2428);
        const std::string alphabet = "0123456789,()|!# .\xff";
        for (int i = 0; i < 50000; ++i) {
            FtpReply reply;
            reply.code = i % 2 ? 227 : 229;
            reply.lines.push_back(mutate(
                random,
                i % 2 ? "Entering Passive Mode (192,0,2,1,19,137)." : "Entering Extended Passive Mode (|||6446|)",
                alphabet, 5));
            try {
                if (reply.code == 227) {
                    const auto address = parsePasvReply(reply);
                    CPPUNIT_ASSERT(address.port != 0 && address.host.size() >= 7 && address.host.size() <= 15);
                    CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.9"), choosePasvEndpoint(address, "192.0.2.9").host);
                } else {
                    CPPUNIT_ASSERT(parseEpsvReply(reply) != 0);
                }
            } catch (const ProtocolError&) {
            }
        }
    }

    void testMlsdParserNeverThrows() {
        std::mt19937 random(3659);
        const std::string alphabet = "type=filedircpsz;modify0123456789. \r\n=;/\x00\xff";
        const std::string seed =
            "type=cdir;modify=20261125093000; .\r\n"
            "modify=20261125093000;perm=adfr;size=1024;type=file;UNIX.mode=0644; a.txt\r\n"
            "type=dir;modify=20261124170512; pub\r\n"
            "type=OS.unix=slink:/x;size=1; l\r\n";
        for (int i = 0; i < 20000; ++i) {
            const std::string text = i % 4 == 0 ? randomBytes(random, 200) : mutate(random, seed, alphabet, 8);
            const auto listing = parseMlsdListing(text);
            const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
            CPPUNIT_ASSERT(listing.entries.size() + listing.skippedLines <= lines);
            CPPUNIT_ASSERT(listing.warnings.size() <= listing.skippedLines);
            for (const auto& entry : listing.entries) {
                CPPUNIT_ASSERT(!entry.name.empty());
                if (entry.unixMode) CPPUNIT_ASSERT(*entry.unixMode <= 07777);
            }
        }
    }

    void testListParserNeverThrows() {
        std::mt19937 random(959);
        const std::string alphabet = "-drwxlsStT0123456789 :JanNovDec<DIR>AMPM\r\n->/\x00\xff";
        const std::string seed =
            "total 8\r\n"
            "drwxr-xr-x    2 0        0            4096 Nov 25 09:30 pub\r\n"
            "-rw-r--r--    1 0        0            1024 Mar 03  2024 big file.iso\r\n"
            "lrwxrwxrwx    1 0        0               9 Nov 20 08:00 latest -> pub/a.txt\r\n"
            "11-25-26  09:30AM       <DIR>          dir\r\n"
            "11-25-2026  21:30                 1024 a.txt\r\n";
        int parsed = 0;
        for (int i = 0; i < 20000; ++i) {
            const std::string text = i % 4 == 0 ? randomBytes(random, 200) : mutate(random, seed, alphabet, 8);
            const auto listing = parseListListing(text, now);
            const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
            CPPUNIT_ASSERT(listing.entries.size() + listing.skippedLines <= lines);
            for (const auto& entry : listing.entries) {
                ++parsed;
                CPPUNIT_ASSERT(!entry.name.empty());
                CPPUNIT_ASSERT(entry.name != "." && entry.name != "..");
                CPPUNIT_ASSERT(entry.mtime);
                // Dates stay within years 1 to 9999.
                CPPUNIT_ASSERT(entry.mtime->seconds >= -62135596800LL && entry.mtime->seconds <= 253402300799LL);
            }
        }
        CPPUNIT_ASSERT(parsed > 20000);
    }

    void testMirrorPlanNeverEscapesTheTree() {
        std::mt19937 random(2577);
        const std::vector<std::string> names = {"a", "b", "..", ".", "", "c d", "e\n", "/", "f.part", "f"};
        auto randomTree = [&](std::size_t count) {
            std::vector<FileEntry> tree;
            for (std::size_t i = 0; i < count; ++i) {
                FileEntry entry;
                const int depth = 1 + static_cast<int>(random() % 3);
                for (int d = 0; d < depth; ++d) entry.name += (d ? "/" : "") + names[random() % names.size()];
                entry.type = static_cast<EntryType>(random() % 4);
                if (random() % 2) entry.size = random() % 4;
                if (random() % 2)
                    entry.mtime = ModTime{static_cast<std::int64_t>(random() % 3), TimePrecision::second, true};
                tree.push_back(entry);
            }
            return tree;
        };
        for (int i = 0; i < 5000; ++i) {
            MirrorOptions options;
            options.direction = random() % 2 ? MirrorDirection::upload : MirrorDirection::download;
            options.deleteExtra = random() % 2;
            options.copySymlinkTargets = random() % 2;
            const auto plan = planMirror(randomTree(random() % 12), randomTree(random() % 12), options);
            std::set<std::string> seen;
            for (const auto& step : plan.steps) {
                CPPUNIT_ASSERT(!unsafePathReason(step.path));
                CPPUNIT_ASSERT(seen.insert(step.path).second);  // one step per path
                if (step.action == MirrorAction::deleteFile || step.action == MirrorAction::deleteDirectory)
                    CPPUNIT_ASSERT(options.deleteExtra);
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RandomInputTest);
