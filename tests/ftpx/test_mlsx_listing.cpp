// MLSD and MLST as RFC 3659's examples and real servers (ProFTPD, pure-ftpd,
// pyftpdlib, vsftpd does not have it) send them.
#include "civil_time.h"
#include "ftp_errors.h"
#include "mlsx_listing.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::ftpx;

namespace {

std::int64_t utc(int year, int month, int day, int hour, int minute, int second) {
    return *secondsSinceEpoch({year, month, day, hour, minute, second});
}

const char* const proftpdMlsd =
    "modify=20261125093000;perm=flcdmpe;type=cdir;unique=FD00U1A2B;UNIX.group=0;UNIX.mode=0755;UNIX.owner=0; .\r\n"
    "modify=20261101120000;perm=flcdmpe;type=pdir;unique=FD00U2;UNIX.group=0;UNIX.mode=0755;UNIX.owner=0; ..\r\n"
    "modify=20261125093000;perm=adfrw;size=1024;type=file;unique=FD00U1A2C;UNIX.group=1000;UNIX.mode=0644;"
    "UNIX.owner=1000; a.txt\r\n"
    "modify=20261124170512;perm=flcdmpe;type=dir;unique=FD00U1A2D;UNIX.group=1000;UNIX.mode=02775;"
    "UNIX.owner=1000; pub\r\n"
    "modify=20261120080000;perm=adfrw;size=9;type=OS.unix=symlink;unique=FD00U1A2E;UNIX.group=1000;"
    "UNIX.mode=0777;UNIX.owner=1000; latest\r\n"
    "modify=20240303101010;perm=adfrw;size=10485760;type=file;unique=FD00U1A2F;UNIX.group=1000;UNIX.mode=0600;"
    "UNIX.owner=1000; big file; with semicolon.iso\r\n";

}  // namespace

class MlsxListingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MlsxListingTest);
    CPPUNIT_TEST(testProftpdListing);
    CPPUNIT_TEST(testPureFtpdListing);
    CPPUNIT_TEST(testPyftpdlibListingWithLowerCaseFacts);
    CPPUNIT_TEST(testRfc3659Examples);
    CPPUNIT_TEST(testFractionalSecondsAreTruncated);
    CPPUNIT_TEST(testSymlinkWithTargetAndOtherTypes);
    CPPUNIT_TEST(testDirectorySizeFromSizd);
    CPPUNIT_TEST(testMalformedLinesAreSkippedWithWarnings);
    CPPUNIT_TEST(testMlstReply);
    CPPUNIT_TEST_SUITE_END();

public:
    void testProftpdListing() {
        const auto listing = parseMlsdListing(proftpdMlsd);
        CPPUNIT_ASSERT(listing.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), listing.entries.size());  // cdir and pdir dropped
        const auto& file = listing.entries[0];
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), file.name);
        CPPUNIT_ASSERT(file.type == EntryType::file);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), *file.size);
        CPPUNIT_ASSERT_EQUAL(utc(2026, 11, 25, 9, 30, 0), file.mtime->seconds);
        CPPUNIT_ASSERT(file.mtime->utc);
        CPPUNIT_ASSERT(file.mtime->precision == TimePrecision::second);
        CPPUNIT_ASSERT_EQUAL(0644u, *file.unixMode);
        const auto& dir = listing.entries[1];
        CPPUNIT_ASSERT_EQUAL(std::string("pub"), dir.name);
        CPPUNIT_ASSERT(dir.type == EntryType::directory);
        CPPUNIT_ASSERT(!dir.size);
        CPPUNIT_ASSERT_EQUAL(02775u, *dir.unixMode);
        CPPUNIT_ASSERT(listing.entries[2].type == EntryType::symlink);
        CPPUNIT_ASSERT_EQUAL(std::string("latest"), listing.entries[2].name);
        // The name is everything after the first space, spaces and ';' included.
        CPPUNIT_ASSERT_EQUAL(std::string("big file; with semicolon.iso"), listing.entries[3].name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10485760), *listing.entries[3].size);
    }

    void testPureFtpdListing() {
        const auto listing = parseMlsdListing(
            "type=cdir;sizd=4096;modify=20261125093000;UNIX.mode=0755;UNIX.uid=1000;UNIX.gid=1000;unique=803g2a; .\r\n"
            "type=pdir;sizd=4096;modify=20261101000000;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=803g2; ..\r\n"
            "type=file;size=1024;modify=20261125093000;UNIX.mode=0644;UNIX.uid=1000;UNIX.gid=1000;unique=803g2b; "
            "a.txt\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), listing.entries[0].name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), *listing.entries[0].size);
    }

    void testPyftpdlibListingWithLowerCaseFacts() {
        const auto listing = parseMlsdListing(
            "type=dir;perm=elcmfd;unix.mode=0755;modify=20261125093000; docs\n"
            "type=file;size=12;perm=radfwMT;unix.mode=0644;modify=20261125093001; notes.txt\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT(listing.entries[0].type == EntryType::directory);
        CPPUNIT_ASSERT_EQUAL(0755u, *listing.entries[0].unixMode);
        CPPUNIT_ASSERT_EQUAL(utc(2026, 11, 25, 9, 30, 1), listing.entries[1].mtime->seconds);
        // pyftpdlib 1.5 on Python 3 writes the mode as Python's oct() does.
        const auto python3 = parseMlsdListing("modify=20261203064306;size=4096;type=dir;unix.mode=0o755; tree\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), python3.entries.size());
        CPPUNIT_ASSERT_EQUAL(0755u, *python3.entries[0].unixMode);
    }

    void testRfc3659Examples() {
        // RFC 3659 section 7.7.4, with its mixed-case fact names.
        const auto listing = parseMlsdListing(
            "Type=cdir;Modify=19981107085215;Perm=el; tmp\r\n"
            "Type=cdir;Modify=19981107085215;Perm=el; /tmp\r\n"
            "Type=pdir;Modify=19990112030508;Perm=el; ..\r\n"
            "Type=file;Size=25730;Modify=19940728095854;Perm=; capmux.tar.z\r\n"
            "Type=file;Size=1830;Modify=19940916055648;Perm=r; hatch.c\r\n");
        CPPUNIT_ASSERT(listing.warnings.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("capmux.tar.z"), listing.entries[0].name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(25730), *listing.entries[0].size);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(775389534), listing.entries[0].mtime->seconds);
    }

    void testFractionalSecondsAreTruncated() {
        const auto entry = parseMlsxEntry("type=file;modify=20261125093000.999;size=1; a");
        CPPUNIT_ASSERT_EQUAL(utc(2026, 11, 25, 9, 30, 0), entry.mtime->seconds);
        CPPUNIT_ASSERT_THROW(parseMlsxEntry("type=file;modify=20261125093000.; a"), ProtocolError);
    }

    void testSymlinkWithTargetAndOtherTypes() {
        const auto link = parseMlsxEntry("type=OS.unix=slink:/srv/Data;modify=20261125093000; data");
        CPPUNIT_ASSERT(link.type == EntryType::symlink);
        CPPUNIT_ASSERT_EQUAL(std::string("/srv/Data"), link.linkTarget);
        CPPUNIT_ASSERT(parseMlsxEntry("type=OS.unix=chr-1/3; null").type == EntryType::other);
        CPPUNIT_ASSERT(parseMlsxEntry("type=FILE; UPPER").type == EntryType::file);
        CPPUNIT_ASSERT(parseMlsxEntry("type=file;x.vendor=anything=goes; a").type == EntryType::file);
    }

    void testDirectorySizeFromSizd() {
        const auto dir = parseMlsxEntry("type=dir;sizd=4096; d");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4096), *dir.size);
        CPPUNIT_ASSERT(!parseMlsxEntry("type=file;sizd=4096; f").size);
    }

    void testMalformedLinesAreSkippedWithWarnings() {
        const auto listing = parseMlsdListing(
            "type=file;size=1; good\r\n"
            "type=file;size=12x; badsize\r\n"
            "type=file;modify=20261332000000; baddate\r\n"
            "size=1; notype\r\n"
            "type=file;size=1;nospace\r\n"
            "type=file;=x; emptyfact\r\n"
            "type=file;unix.mode=9999; badmode\r\n"
            "type=file;size=99999999999999999999; huge\r\n"
            "type=dir; .\r\n"
            "type=file;size=2; good2\r\n");
        // A mode that cannot be read is left out; the entry stays.
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), listing.entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("badmode"), listing.entries[1].name);
        CPPUNIT_ASSERT(!listing.entries[1].unixMode);
        CPPUNIT_ASSERT_EQUAL(std::string("good2"), listing.entries[2].name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), listing.warnings.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), listing.skippedLines);
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad size '12x': 'type=file;size=12x; badsize'"), listing.warnings[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("line 4: no type fact: 'size=1; notype'"), listing.warnings[2]);
    }

    void testMlstReply() {
        // RFC 3659 section 7.7.4's MLST example: the entry line starts with a space.
        const auto entry = parseMlstReply({"Listing /tmp", " Type=cdir;Modify=19981107085215;Perm=el; /tmp", "End"});
        CPPUNIT_ASSERT(entry.type == EntryType::directory);
        CPPUNIT_ASSERT_EQUAL(std::string("/tmp"), entry.name);
        CPPUNIT_ASSERT_THROW(parseMlstReply({"Listing a", "End"}), ProtocolError);
        CPPUNIT_ASSERT_THROW(parseMlstReply({"Listing a", " Modify=x; a", "End"}), ProtocolError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MlsxListingTest);
