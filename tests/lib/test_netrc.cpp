// ~/.netrc as ftp, curl, fetchmail and msmtp users write it: entries and
// lookup, the default entry, macros, quoting, comments, errors with line
// numbers, and the refusal of a password file others can read.
#include "auth/netrc.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

#include <stdexcept>
#include <string>

using namespace wirekit::auth;
using wirekit::test::TempDir;

namespace {

std::string parseErrorOf(const std::string& text) {
    try {
        parseNetrc(text);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

std::string readErrorOf(const std::string& path) {
    try {
        readNetrcFile(path);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

std::string passwordFor(const std::string& text, const std::string& host, const std::string& login = "") {
    const auto entry = findNetrcEntry(parseNetrc(text), host, login);
    return entry ? entry->password : "<none>";
}

const std::string typical =
    "machine imap.example.org\n"
    "    login alice\n"
    "    password secret\n"
    "\n"
    "machine imap.example.org login bob password hunter2\n"
    "machine pop.example.net login alice@example.net password s3cr3t\n"
    "\n"
    "default login anonymous password guest@example.org\n";

}  // namespace

class NetrcTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NetrcTest);
    CPPUNIT_TEST(testMachineLoginPassword);
    CPPUNIT_TEST(testHostIsComparedWithoutCase);
    CPPUNIT_TEST(testLoginSelectsAmongEntriesForOneHost);
    CPPUNIT_TEST(testDefaultOnlyWhenNoMachineMatches);
    CPPUNIT_TEST(testNoEntryWithoutDefault);
    CPPUNIT_TEST(testAccountAndUnknownWordsAreSkipped);
    CPPUNIT_TEST(testMacroDefinitionIsSkippedToTheEmptyLine);
    CPPUNIT_TEST(testQuotedTokensWithEscapes);
    CPPUNIT_TEST(testCommentLines);
    CPPUNIT_TEST(testIndentedCommentIsIgnored);
    CPPUNIT_TEST(testWindowsLineEndsAndCommas);
    CPPUNIT_TEST(testKeywordsInAnyCaseAndEscapesInQuotes);
    CPPUNIT_TEST(testAPasswordWithoutALoginIsAnyUsers);
    CPPUNIT_TEST(testValuesBeforeAnyMachineBelongToNobody);
    CPPUNIT_TEST(testMissingValueNamesTheLine);
    CPPUNIT_TEST(testUnterminatedQuoteNamesTheLine);
    CPPUNIT_TEST(testMissingFileIsNothing);
    CPPUNIT_TEST(testReadableByOthersWithPasswordIsRefused);
    CPPUNIT_TEST(testReadableByOthersWithoutPasswordIsFine);
    CPPUNIT_TEST(testPrivateFileIsRead);
    CPPUNIT_TEST(testParseErrorInFileNamesThePath);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMachineLoginPassword() {
        const auto entries = parseNetrc(typical);
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("imap.example.org"), entries[0].machine);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), entries[0].login);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), entries[0].password);
        CPPUNIT_ASSERT(!entries[0].isDefault);
        CPPUNIT_ASSERT(entries[3].isDefault);
        CPPUNIT_ASSERT_EQUAL(std::string(""), entries[3].machine);
        CPPUNIT_ASSERT_EQUAL(std::string("anonymous"), entries[3].login);

        const auto entry = findNetrcEntry(entries, "pop.example.net");
        CPPUNIT_ASSERT(entry);
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.net"), entry->login);
        CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t"), entry->password);
    }

    void testHostIsComparedWithoutCase() {
        CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t"), passwordFor(typical, "POP.Example.NET"));
    }

    void testLoginSelectsAmongEntriesForOneHost() {
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), passwordFor(typical, "imap.example.org"));  // the first
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), passwordFor(typical, "imap.example.org", "alice"));
        CPPUNIT_ASSERT_EQUAL(std::string("hunter2"), passwordFor(typical, "imap.example.org", "bob"));
    }

    void testDefaultOnlyWhenNoMachineMatches() {
        CPPUNIT_ASSERT_EQUAL(std::string("guest@example.org"), passwordFor(typical, "ftp.example.com"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest@example.org"), passwordFor(typical, "ftp.example.com", "anonymous"));
        CPPUNIT_ASSERT_EQUAL(std::string("<none>"), passwordFor(typical, "ftp.example.com", "carol"));
        // A default written first does not shadow the machine entries after it.
        CPPUNIT_ASSERT_EQUAL(std::string("secret"),
                             passwordFor("default login x password y\nmachine h login alice password secret\n", "h"));
    }

    void testNoEntryWithoutDefault() {
        CPPUNIT_ASSERT_EQUAL(std::string("<none>"),
                             passwordFor("machine imap.example.org login a password b\n", "imap.example.com"));
        CPPUNIT_ASSERT_EQUAL(std::string("<none>"), passwordFor("", "imap.example.org"));
        // The host is matched whole, not as a suffix or prefix.
        CPPUNIT_ASSERT_EQUAL(std::string("<none>"),
                             passwordFor("machine example.org login a password b\n", "imap.example.org"));
    }

    void testAccountAndUnknownWordsAreSkipped() {
        const auto entries = parseNetrc("machine h login alice account acct1 port 993 password secret\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), entries[0].login);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), entries[0].password);
    }

    void testMacroDefinitionIsSkippedToTheEmptyLine() {
        // The macro body is ftp commands up to the first empty line; nothing
        // in it is an entry.
        const auto entries = parseNetrc(
            "machine ftp.example.org login anonymous password me@example.org\n"
            "macdef init\n"
            "cd /pub\n"
            "machine backup.example.org login root password hunter2\n"
            "binary\n"
            "\n"
            "machine imap.example.org login alice password secret\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ftp.example.org"), entries[0].machine);
        CPPUNIT_ASSERT_EQUAL(std::string("me@example.org"), entries[0].password);
        CPPUNIT_ASSERT_EQUAL(std::string("imap.example.org"), entries[1].machine);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), entries[1].password);
        CPPUNIT_ASSERT(!findNetrcEntry(entries, "backup.example.org"));
    }

    void testQuotedTokensWithEscapes() {
        const auto entries = parseNetrc(
            "machine h login \"alice smith\" password \"pa ss\\\"wo\\\\rd#1\"\n"
            "machine \"g\" login \"\" password \"\"\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice smith"), entries[0].login);
        CPPUNIT_ASSERT_EQUAL(std::string("pa ss\"wo\\rd#1"), entries[0].password);
        CPPUNIT_ASSERT_EQUAL(std::string("g"), entries[1].machine);
        CPPUNIT_ASSERT_EQUAL(std::string(""), entries[1].login);
    }

    void testCommentLines() {
        const auto entries = parseNetrc(
            "# mail accounts\n"
            "machine imap.example.org login alice password secret\n"
            "#machine old.example.org login alice password old\n"
            "# password leaked\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), entries[0].password);
    }

    void testIndentedCommentIsIgnored() {
        // curl takes a line whose first word starts with '#' as a comment,
        // indented or not; netrc files are commonly indented.
        const auto entries = parseNetrc(
            "machine imap.example.org\n"
            "    login alice\n"
            "    password secret\n"
            "    # password used to be hunter2\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), entries[0].login);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), entries[0].password);
    }

    void testWindowsLineEndsAndCommas() {
        // As curl reads it: a comma is part of a word, so a password may hold one.
        const auto entries = parseNetrc("machine h login alice password se,cret\r\nmachine g\tlogin bob\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("se,cret"), entries[0].password);
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), entries[1].login);
    }

    void testKeywordsInAnyCaseAndEscapesInQuotes() {
        const auto entries = parseNetrc("MACHINE h LOGIN alice PASSWORD \"a\\tb\\\"c\"\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), entries[0].login);
        CPPUNIT_ASSERT_EQUAL(std::string("a\tb\"c"), entries[0].password);
    }

    void testAPasswordWithoutALoginIsAnyUsers() {
        const auto entries = parseNetrc("machine h password p\n");
        const auto entry = findNetrcEntry(entries, "h", "alice");
        CPPUNIT_ASSERT(entry);
        CPPUNIT_ASSERT_EQUAL(std::string("p"), entry->password);
    }

    void testValuesBeforeAnyMachineBelongToNobody() {
        const auto entries = parseNetrc("login stray password stray\nmachine h login alice\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, entries.size());
        CPPUNIT_ASSERT_EQUAL(std::string(""), entries[0].password);
    }

    void testMissingValueNamesTheLine() {
        CPPUNIT_ASSERT_EQUAL(std::string("line 3: 'password' without a value"),
                             parseErrorOf("machine h\nlogin alice\npassword\n\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 1: 'machine' without a value"), parseErrorOf("machine"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: 'login' without a value"), parseErrorOf("# c\nlogin"));
    }

    void testUnterminatedQuoteNamesTheLine() {
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: unterminated quote"),
                             parseErrorOf("machine h login alice\npassword \"secret\n"));
    }

    void testMissingFileIsNothing() {
        TempDir dir;
        CPPUNIT_ASSERT(!readNetrcFile(dir.path() + "/.netrc"));
    }

    void testReadableByOthersWithPasswordIsRefused() {
        TempDir dir;
        const std::string path = dir.write(".netrc", "machine imap.example.org login alice password secret\n");
        ::chmod(path.c_str(), 0644);
        const std::string error = readErrorOf(path);
        CPPUNIT_ASSERT_MESSAGE(error, error.rfind(path + ": ", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("chmod 600 " + path) != std::string::npos);
        ::chmod(path.c_str(), 0640);  // the group alone is too many
        CPPUNIT_ASSERT(readErrorOf(path).find("chmod 600") != std::string::npos);
    }

    void testReadableByOthersWithoutPasswordIsFine() {
        TempDir dir;
        const std::string path = dir.write(".netrc", "machine imap.example.org login alice\n");
        ::chmod(path.c_str(), 0644);
        const auto entries = readNetrcFile(path);
        CPPUNIT_ASSERT(entries);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), (*entries)[0].login);
    }

    void testPrivateFileIsRead() {
        TempDir dir;
        const std::string path = dir.write(".netrc", typical);
        ::chmod(path.c_str(), 0600);
        const auto entries = readNetrcFile(path);
        CPPUNIT_ASSERT(entries);
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, entries->size());
        CPPUNIT_ASSERT_EQUAL(std::string("hunter2"), findNetrcEntry(*entries, "imap.example.org", "bob")->password);
        ::chmod(path.c_str(), 0400);
        CPPUNIT_ASSERT(readNetrcFile(path));
    }

    void testParseErrorInFileNamesThePath() {
        TempDir dir;
        const std::string path = dir.write(".netrc", "machine imap.example.org\nlogin\n");
        ::chmod(path.c_str(), 0600);
        CPPUNIT_ASSERT_EQUAL(path + ": line 2: 'login' without a value", readErrorOf(path));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NetrcTest);
