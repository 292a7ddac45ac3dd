// LIST output in the formats real servers send: vsftpd, ProFTPD, pure-ftpd
// and pyftpdlib (UNIX ls -l style) and IIS (DOS style), with the year
// inferred for recent dates and unparseable lines skipped with a warning.
#include "civil_time.h"
#include "ftp_errors.h"
#include "list_listing.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::ftpx;

namespace {

std::int64_t at(int year, int month, int day, int hour = 0, int minute = 0) {
    return *secondsSinceEpoch({year, month, day, hour, minute, 0});
}

const std::int64_t now = at(2026, 11, 25, 12, 0);

const char* const vsftpdList =
    "drwxr-xr-x    2 0        0            4096 Nov 25 09:30 pub\r\n"
    "-rw-r--r--    1 0        0            1024 Nov 25 09:30 a.txt\r\n"
    "-rw-r--r--    1 1000     1000     10485760 Mar 03  2024 big file.iso\r\n"
    "lrwxrwxrwx    1 0        0               9 Nov 20 08:00 latest -> pub/a.txt\r\n";

const char* const proftpdList =
    "total 16\r\n"
    "drwxr-xr-x   2 ftp      ftp          4096 Nov 24 17:05 pub\r\n"
    "-rw-r--r--   1 ftp      ftp          1024 Nov 25 09:30 a.txt\r\n"
    "-rwsr-x--T   1 ftp      ftp            42 Jan  2  2025 odd mode\r\n";

const char* const pureFtpdList =
    "drwxr-xr-x    4 1000       1000             4096 Nov 24 17:05 .\r\n"
    "drwxr-xr-x    3 0          0                4096 Nov  1 12:00 ..\r\n"
    "-rw-r--r--    1 1000       1000             1024 Nov 25 09:30 a.txt\r\n"
    "drwxr-xr-x    2 1000       1000             4096 Nov 24 17:05 pub\r\n";

const char* const pyftpdlibList =
    "-rw-r--r--   1 alice    staff        1024 Nov 25 09:30 a.txt\r\n"
    "drwxr-xr-x   3 alice    staff          96 Jun 30  2025 archive\r\n";

const char* const iisList =
    "11-25-26  09:30AM       <DIR>          dir\r\n"
    "11-25-26  09:30AM                 1024 a.txt\r\n"
    "11-25-26  12:05AM                    0 midnight.txt\r\n"
    "11-25-26  12:05PM                    7 noon.txt\r\n"
    "03-03-24  09:15PM             10485760 big file.iso\r\n";

}  // namespace

class ListListingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ListListingTest);
    CPPUNIT_TEST(testVsftpdListing);
    CPPUNIT_TEST(testProftpdListingWithTotalAndSpecialModes);
    CPPUNIT_TEST(testPureFtpdListingDropsDotEntries);
    CPPUNIT_TEST(testPyftpdlibListing);
    CPPUNIT_TEST(testOwnerAndGroupColumnsAreFoundFromTheDate);
    CPPUNIT_TEST(testYearInferenceForRecentDates);
    CPPUNIT_TEST(testDevicesHaveNoSize);
    CPPUNIT_TEST(testIisListing);
    CPPUNIT_TEST(testDosVariantsFourDigitYearsAnd24Hours);
    CPPUNIT_TEST(testUnparseableLinesAreSkippedWithWarnings);
    CPPUNIT_TEST(testWarningsAreBoundedAndPrintable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testVsftpdListing() {
        const auto listing = parseListListing(vsftpdList, now);
        CPPUNIT_ASSERT(listing.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), listing.entries.size());
        const auto& pub = listing.entries[0];
        CPPUNIT_ASSERT_EQUAL(std::string("pub"), pub.name);
        CPPUNIT_ASSERT(pub.type == EntryType::directory);
        CPPUNIT_ASSERT_EQUAL(0755u, *pub.unixMode);
        const auto& file = listing.entries[1];
        CPPUNIT_ASSERT(file.type == EntryType::file);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), *file.size);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 9, 30), file.mtime->seconds);
        CPPUNIT_ASSERT(file.mtime->precision == TimePrecision::minute);
        CPPUNIT_ASSERT(!file.mtime->utc);  // the server's wall clock
        const auto& old = listing.entries[2];
        CPPUNIT_ASSERT_EQUAL(std::string("big file.iso"), old.name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10485760), *old.size);
        CPPUNIT_ASSERT_EQUAL(at(2024, 3, 3), old.mtime->seconds);
        CPPUNIT_ASSERT(old.mtime->precision == TimePrecision::day);
        const auto& link = listing.entries[3];
        CPPUNIT_ASSERT(link.type == EntryType::symlink);
        CPPUNIT_ASSERT_EQUAL(std::string("latest"), link.name);
        CPPUNIT_ASSERT_EQUAL(std::string("pub/a.txt"), link.linkTarget);
    }

    void testProftpdListingWithTotalAndSpecialModes() {
        const auto listing = parseListListing(proftpdList, now);
        CPPUNIT_ASSERT(listing.warnings.empty());  // "total 16" is no entry and no warning
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 24, 17, 5), listing.entries[0].mtime->seconds);
        const auto& odd = listing.entries[2];
        CPPUNIT_ASSERT_EQUAL(std::string("odd mode"), odd.name);
        CPPUNIT_ASSERT_EQUAL(04750u | 01000u, *odd.unixMode);  // 's': setuid and x; 'T': sticky without x
        CPPUNIT_ASSERT_EQUAL(at(2025, 1, 2), odd.mtime->seconds);
    }

    void testPureFtpdListingDropsDotEntries() {
        const auto listing = parseListListing(pureFtpdList, now);
        CPPUNIT_ASSERT(listing.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), listing.entries[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("pub"), listing.entries[1].name);
    }

    void testPyftpdlibListing() {
        const auto listing = parseListListing(pyftpdlibList, now);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("archive"), listing.entries[1].name);
        CPPUNIT_ASSERT_EQUAL(at(2025, 6, 30), listing.entries[1].mtime->seconds);
    }

    void testOwnerAndGroupColumnsAreFoundFromTheDate() {
        // No group column (ls -lG, some embedded servers); an owner with a space;
        // an ACL marker after the mode; a name with leading words like a date.
        auto entry = parseListLine("-rw-r--r--   1 alice     1024 Nov 25 09:30 a.txt", now);
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), entry->name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), *entry->size);
        entry = parseListLine("-rw-r--r--+  1 Domain Users  staff  77 Nov 25 09:30 Nov 25 09:30 report", now);
        CPPUNIT_ASSERT_EQUAL(std::string("Nov 25 09:30 report"), entry->name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(77), *entry->size);
        entry = parseListLine("-rw-r--r--   1 0 0 5 Nov 25 09:30  leading space", now);
        CPPUNIT_ASSERT_EQUAL(std::string(" leading space"), entry->name);
        entry = parseListLine("-rw-r--r--   1 0 0 5 nov 25 09:30 lower-case month", now);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 9, 30), entry->mtime->seconds);
    }

    void testYearInferenceForRecentDates() {
        // ls shows a time for the last six months: a date later than now
        // (beyond a day of time-zone slack) is from last year.
        auto entry = parseListLine("-rw-r--r-- 1 0 0 1 Dec 24 10:00 x", now);
        CPPUNIT_ASSERT_EQUAL(at(2025, 12, 24, 10, 0), entry->mtime->seconds);
        entry = parseListLine("-rw-r--r-- 1 0 0 1 Nov 26 10:00 x", now);  // tomorrow in Kiribati
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 26, 10, 0), entry->mtime->seconds);
        entry = parseListLine("-rw-r--r-- 1 0 0 1 Jun  1 00:00 x", now);
        CPPUNIT_ASSERT_EQUAL(at(2026, 6, 1), entry->mtime->seconds);
        // Early January: December is last year.
        const std::int64_t january = at(2027, 1, 3, 8, 0);
        entry = parseListLine("-rw-r--r-- 1 0 0 1 Dec 31 23:59 x", january);
        CPPUNIT_ASSERT_EQUAL(at(2026, 12, 31, 23, 59), entry->mtime->seconds);
        // February 29 with a time, seen in a year after a leap year.
        entry = parseListLine("-rw-r--r-- 1 0 0 1 Feb 29 10:00 x", at(2029, 1, 10));
        CPPUNIT_ASSERT_EQUAL(at(2028, 2, 29, 10, 0), entry->mtime->seconds);
    }

    void testDevicesHaveNoSize() {
        const auto entry = parseListLine("crw-rw-rw-   1 0        0          1,   3 Nov 25 09:30 null", now);
        CPPUNIT_ASSERT(entry->type == EntryType::other);
        CPPUNIT_ASSERT(!entry->size);
        CPPUNIT_ASSERT(parseListLine("prw-r--r--   1 0 0 0 Nov 25 09:30 fifo", now)->type == EntryType::other);
    }

    void testIisListing() {
        const auto listing = parseListListing(iisList, now);
        CPPUNIT_ASSERT(listing.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), listing.entries.size());
        const auto& dir = listing.entries[0];
        CPPUNIT_ASSERT_EQUAL(std::string("dir"), dir.name);
        CPPUNIT_ASSERT(dir.type == EntryType::directory);
        CPPUNIT_ASSERT(!dir.size);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 9, 30), dir.mtime->seconds);
        CPPUNIT_ASSERT(dir.mtime->precision == TimePrecision::minute && !dir.mtime->utc);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), *listing.entries[1].size);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 0, 5), listing.entries[2].mtime->seconds);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 12, 5), listing.entries[3].mtime->seconds);
        CPPUNIT_ASSERT_EQUAL(std::string("big file.iso"), listing.entries[4].name);
        CPPUNIT_ASSERT_EQUAL(at(2024, 3, 3, 21, 15), listing.entries[4].mtime->seconds);
    }

    void testDosVariantsFourDigitYearsAnd24Hours() {
        auto entry = parseListLine("11-25-2026  21:30                 1024 a.txt", now);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 21, 30), entry->mtime->seconds);
        entry = parseListLine("11-25-2026  09:30 PM       <DIR>          My Documents", now);
        CPPUNIT_ASSERT(entry->type == EntryType::directory);
        CPPUNIT_ASSERT_EQUAL(std::string("My Documents"), entry->name);
        CPPUNIT_ASSERT_EQUAL(at(2026, 11, 25, 21, 30), entry->mtime->seconds);
        entry = parseListLine("2026-11-25  09:30            1,048,576 grouped.bin", now);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1048576), *entry->size);
        entry = parseListLine("01-02-99  10:00AM                    1 y2k.txt", now);
        CPPUNIT_ASSERT_EQUAL(at(1999, 1, 2, 10, 0), entry->mtime->seconds);
        entry = parseListLine("11-25-26  09:30AM       <JUNCTION>     Data [C:\\Data]", now);
        CPPUNIT_ASSERT(entry->type == EntryType::symlink);
        CPPUNIT_ASSERT_EQUAL(std::string("Data"), entry->name);
        CPPUNIT_ASSERT_EQUAL(std::string("C:\\Data"), entry->linkTarget);
    }

    void testUnparseableLinesAreSkippedWithWarnings() {
        const auto listing = parseListListing(
            "-rw-r--r--    1 0        0            1024 Nov 25 09:30 a.txt\r\n"
            "this is not a listing\r\n"
            "-rw-r--r--    1 0        0            1024 Foo 25 09:30 badmonth\r\n"
            "-rw-r--r--    1 0        0            1024 Nov 25 09:30\r\n"
            "-rw-r--r--    1 0        0            1024 Feb 30  2024 badday\r\n"
            "-rwxrwxrwq    1 0        0            1024 Nov 25 09:30 badmode\r\n"
            "13-45-26  09:30AM                 1024 baddate\r\n"
            "11-25-26  13:30PM                 1024 badhour\r\n"
            "11-25-26  09:30AM                 12x4 badsize\r\n"
            "\r\n"
            "drwxr-xr-x    2 0        0            4096 Nov 25 09:30 pub\r\n",
            now);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("pub"), listing.entries[1].name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), listing.warnings.size());
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: neither UNIX nor DOS style: 'this is not a listing'"),
                             listing.warnings[0]);
        CPPUNIT_ASSERT(listing.warnings[1].rfind("line 3: no date", 0) == 0);
    }

    void testWarningsAreBoundedAndPrintable() {
        std::string flood;
        for (int i = 0; i < 5000; ++i) flood += "garbage\x1b[31m line\r\n";
        const auto listing = parseListListing(flood, now);
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), listing.warnings.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), listing.skippedLines);
        CPPUNIT_ASSERT(listing.warnings[0].find('\x1b') == std::string::npos);
        CPPUNIT_ASSERT(listing.warnings[0].find("\\x1b[31m") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ListListingTest);
