// What ls prints and what its --json keys hold, and the shell's word
// splitting.
#include "listing_format.h"
#include "shell_words.h"

#include <Poco/JSON/Object.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>

using namespace wirekit::ftpx;

namespace {

FileEntry entry(const std::string& name, EntryType type, std::optional<std::uint64_t> size,
                std::optional<ModTime> mtime = std::nullopt, std::optional<unsigned> mode = std::nullopt) {
    FileEntry e;
    e.name = name;
    e.type = type;
    e.size = size;
    e.mtime = mtime;
    e.unixMode = mode;
    return e;
}

std::string json(const FileEntry& e) {
    std::ostringstream out;
    jsonRecord(e).stringify(out);
    return out.str();
}

}  // namespace

class ListingFormatTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ListingFormatTest);
    CPPUNIT_TEST(testShortAndLongLines);
    CPPUNIT_TEST(testHostileNamesArePrintable);
    CPPUNIT_TEST(testJsonRecords);
    CPPUNIT_TEST(testWords);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShortAndLongLines() {
        const ModTime utc{1795599000, TimePrecision::second, true};
        const ModTime day{1795564800, TimePrecision::day, false};
        CPPUNIT_ASSERT_EQUAL(std::string("docs"), shortLine(entry("docs", EntryType::directory, std::nullopt)));
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), shortLine(entry("a.txt", EntryType::file, 5)));
        CPPUNIT_ASSERT_EQUAL(std::string("-rw-r--r--         1024 2026-11-25 09:30 a.txt"),
                             longLine(entry("a.txt", EntryType::file, 1024, utc, 0644)));
        CPPUNIT_ASSERT_EQUAL(std::string("d?????????            - 2026-11-25       old"),
                             longLine(entry("old", EntryType::directory, std::nullopt, day)));
        FileEntry link = entry("up", EntryType::symlink, std::nullopt, std::nullopt, 0777);
        link.linkTarget = "../x";
        CPPUNIT_ASSERT_EQUAL(std::string("lrwxrwxrwx            -                  up -> ../x"), longLine(link));
    }

    void testHostileNamesArePrintable() {
        const std::string line = longLine(entry("evil\x1b[2J\n", EntryType::file, 1));
        CPPUNIT_ASSERT(line.find('\x1b') == std::string::npos);
        CPPUNIT_ASSERT(line.find('\n') == std::string::npos);
        CPPUNIT_ASSERT(line.find("evil\\x1b[2J\\x0a") != std::string::npos);
    }

    void testJsonRecords() {
        const ModTime utc{1795599000, TimePrecision::second, true};
        const ModTime local{1795599000, TimePrecision::minute, false};
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"name":"a.txt","type":"file","size":1024,"modified":"2026-11-25T09:30:00Z","mode":"0644"})"),
            json(entry("a.txt", EntryType::file, 1024, utc, 0644)));
        // LIST's time is the server's wall clock: no "Z".
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"name":"d","type":"directory","modified":"2026-11-25T09:30:00"})"),
                             json(entry("d", EntryType::directory, std::nullopt, local)));
    }

    void testWords() {
        using Words = std::vector<std::string>;
        CPPUNIT_ASSERT(splitWords("get a.txt  b.txt") == (Words{"get", "a.txt", "b.txt"}));
        CPPUNIT_ASSERT(splitWords("put \"my file.txt\" 'x y'") == (Words{"put", "my file.txt", "x y"}));
        CPPUNIT_ASSERT(splitWords("cd a\\ b") == (Words{"cd", "a b"}));
        CPPUNIT_ASSERT(splitWords("  \t ").empty());
        CPPUNIT_ASSERT(splitWords("ls \"\"") == (Words{"ls", ""}));
        bool threw = false;
        try {
            splitWords("get \"open");
        } catch (const std::invalid_argument&) {
            threw = true;
        }
        CPPUNIT_ASSERT(threw);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ListingFormatTest);
