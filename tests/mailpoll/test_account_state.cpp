// What survives between checks: the state file's text form both ways, its
// refusal of files it did not write, and the store on disk (private modes,
// atomic replacement, account names that cannot escape the directory).
#include "account_state.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace wirekit::mailpoll;
using wirekit::test::TempDir;

namespace {

std::string parseErrorOf(const std::string& text) {
    try {
        parseAccountState(text);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

unsigned modeOf(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return 01000000;  // no such file: matches no mode
    return info.st_mode & 07777;
}

bool exists(const std::string& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

std::string directoryOf(const std::string& path) { return path.substr(0, path.rfind('/')); }

AccountState imapState() {
    AccountState state;
    state.mailboxes["INBOX"] = {1795597429, 4};
    state.mailboxes["Lists/wirekit dev"] = {7, 120};
    return state;
}

}  // namespace

class AccountStateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AccountStateTest);
    CPPUNIT_TEST(testTextFormOfImapState);
    CPPUNIT_TEST(testMailboxNamesRoundTrip);
    CPPUNIT_TEST(testPop3UidsRoundTrip);
    CPPUNIT_TEST(testCheckedPop3MaildropWithoutMessagesIsNotNeverChecked);
    CPPUNIT_TEST(testFileOfAnotherProgramOrNewerVersionIsRefused);
    CPPUNIT_TEST(testTruncatedFileIsRefused);
    CPPUNIT_TEST(testBadNumbersAndEscapesAreRefusedWithTheLine);
    CPPUNIT_TEST(testSaveThenLoad);
    CPPUNIT_TEST(testStateFileIsPrivateAndDirectoriesAreCreatedPrivate);
    CPPUNIT_TEST(testNeverCheckedAccountLoadsAsNothing);
    CPPUNIT_TEST(testSaveReplacesTheOldStateAndLeavesNoTemporaryFile);
    CPPUNIT_TEST(testFailedSaveThrowsAndKeepsTheOldFile);
    CPPUNIT_TEST(testSaveIntoAFileInsteadOfADirectoryThrows);
    CPPUNIT_TEST(testCorruptFileThrowsNamingThePath);
    CPPUNIT_TEST(testAccountNamesStayInsideTheDirectory);
    CPPUNIT_TEST(testDistinctAccountNamesGetDistinctFiles);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTextFormOfImapState() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll-state 1\n"
                                         "imap 1795597429 4 INBOX\n"
                                         "imap 7 120 Lists/wirekit%20dev\n"),
                             formatAccountState(imapState()));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll-state 1\n"), formatAccountState(AccountState{}));
    }

    void testMailboxNamesRoundTrip() {
        AccountState state;
        state.mailboxes["My Folder"] = {1, 2};
        state.mailboxes["100% done"] = {3, 4};
        state.mailboxes["Entw\xc3\xbcrfe"] = {5, 6};
        state.mailboxes["\xe5\x8f\xb0\xe5\x8c\x97"] = {7, 8};
        state.mailboxes["tab\tand\nnewline"] = {9, 10};
        state.mailboxes[""] = {11, 12};
        state.mailboxes["%41"] = {4294967295u, 4294967295u};
        const std::string text = formatAccountState(state);
        // One line per mailbox, whatever its name holds.
        CPPUNIT_ASSERT_EQUAL(std::size_t{8}, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
        CPPUNIT_ASSERT(parseAccountState(text) == state);
        CPPUNIT_ASSERT(text.find("imap 3 4 100%25%20done\n") != std::string::npos);
    }

    void testPop3UidsRoundTrip() {
        AccountState state;
        state.pop3Uids = std::set<std::string>{"000000016b06a475", "000000026b06a475", "GmailId18f0c0a1b2c3d4e5"};
        const std::string text = formatAccountState(state);
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll-state 1\npop3-checked\npop3 000000016b06a475\npop3 "
                                         "000000026b06a475\npop3 GmailId18f0c0a1b2c3d4e5\n"),
                             text);
        const auto parsed = parseAccountState(text);
        CPPUNIT_ASSERT(parsed == state);
        CPPUNIT_ASSERT(parsed.mailboxes.empty());
    }

    void testCheckedPop3MaildropWithoutMessagesIsNotNeverChecked() {
        // Checked once while empty: the next check's messages are new. Never
        // checked: all of them are (first check). The two must not merge.
        AccountState checked;
        checked.pop3Uids = std::set<std::string>{};
        const auto parsed = parseAccountState(formatAccountState(checked));
        CPPUNIT_ASSERT(parsed.pop3Uids.has_value());
        CPPUNIT_ASSERT(parsed.pop3Uids->empty());
        CPPUNIT_ASSERT(!parseAccountState(formatAccountState(imapState())).pop3Uids.has_value());
    }

    void testFileOfAnotherProgramOrNewerVersionIsRefused() {
        const std::string notOurs = "not a mailpoll state file (or a newer one)";
        CPPUNIT_ASSERT_EQUAL(notOurs, parseErrorOf("mailpoll-state 2\nimap 1 2 INBOX\n"));
        CPPUNIT_ASSERT_EQUAL(notOurs, parseErrorOf("000000016b06a475\n000000026b06a475\n"));
        CPPUNIT_ASSERT_EQUAL(notOurs, parseErrorOf("mailpoll-state 1 \n"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty state file"), parseErrorOf(""));
    }

    void testTruncatedFileIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: truncated"), parseErrorOf("mailpoll-state 1\nimap 1795597429 4 INB"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 1: truncated"), parseErrorOf("mailpoll-state 1"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 4: truncated"),
                             parseErrorOf("mailpoll-state 1\npop3-checked\npop3 a\npop3 b"));
    }

    void testBadNumbersAndEscapesAreRefusedWithTheLine() {
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad number"), parseErrorOf("mailpoll-state 1\nimap x 4 INBOX\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 3: bad number"),
                             parseErrorOf("mailpoll-state 1\nimap 1 2 A\nimap 4294967296 4 INBOX\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad number"), parseErrorOf("mailpoll-state 1\nimap 1 -4 INBOX\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad number"), parseErrorOf("mailpoll-state 1\nimap 1  INBOX\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad imap line"), parseErrorOf("mailpoll-state 1\nimap 1 4\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad escape"), parseErrorOf("mailpoll-state 1\nimap 1 4 IN%2\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: bad escape"), parseErrorOf("mailpoll-state 1\nimap 1 4 IN%zzBOX\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: unknown entry 'smtp'"), parseErrorOf("mailpoll-state 1\nsmtp x\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("line 2: unknown entry 'pop3'"), parseErrorOf("mailpoll-state 1\npop3\n"));
    }

    void testSaveThenLoad() {
        TempDir dir;
        const StateStore store(dir.path() + "/mailpoll");
        AccountState state = imapState();
        store.save("work", state);
        CPPUNIT_ASSERT(store.load("work") == state);
        AccountState pop3;
        pop3.pop3Uids = std::set<std::string>{"000000016b06a475"};
        store.save("home", pop3);
        CPPUNIT_ASSERT(store.load("home") == pop3);
        CPPUNIT_ASSERT(store.load("work") == state);
    }

    void testStateFileIsPrivateAndDirectoriesAreCreatedPrivate() {
        TempDir dir;
        const std::string directory = dir.path() + "/state/mailpoll";
        const StateStore store(directory);
        store.save("work", imapState());
        CPPUNIT_ASSERT_EQUAL(0600u, modeOf(store.pathOf("work")));
        CPPUNIT_ASSERT_EQUAL(0700u, modeOf(directory));
        CPPUNIT_ASSERT_EQUAL(0700u, modeOf(dir.path() + "/state"));
        CPPUNIT_ASSERT_EQUAL(directory, directoryOf(store.pathOf("work")));
    }

    void testNeverCheckedAccountLoadsAsNothing() {
        TempDir dir;
        CPPUNIT_ASSERT(!StateStore(dir.path() + "/missing/mailpoll").load("work"));
        const StateStore store(dir.path());
        store.save("home", imapState());
        CPPUNIT_ASSERT(!store.load("work"));
    }

    void testSaveReplacesTheOldStateAndLeavesNoTemporaryFile() {
        TempDir dir;
        const StateStore store(dir.path());
        store.save("work", imapState());
        AccountState later = imapState();
        later.mailboxes["INBOX"].uidNext = 9;
        store.save("work", later);
        CPPUNIT_ASSERT(store.load("work") == later);
        const std::string path = store.pathOf("work");
        CPPUNIT_ASSERT(!exists(path + ".tmp"));
        CPPUNIT_ASSERT_EQUAL(formatAccountState(later), wirekit::test::readFile(path));
    }

    void testFailedSaveThrowsAndKeepsTheOldFile() {
        TempDir dir;
        const StateStore store(dir.path());
        store.save("work", imapState());
        const std::string path = store.pathOf("work");
        // The temporary file's name is taken by a directory: writing fails
        // (as root too, which a read-only directory would not stop).
        CPPUNIT_ASSERT_EQUAL(0, ::mkdir((path + ".tmp").c_str(), 0700));
        AccountState later = imapState();
        later.mailboxes["INBOX"].uidNext = 9;
        CPPUNIT_ASSERT_THROW(store.save("work", later), std::runtime_error);
        CPPUNIT_ASSERT(store.load("work") == imapState());
        ::rmdir((path + ".tmp").c_str());
    }

    void testSaveIntoAFileInsteadOfADirectoryThrows() {
        TempDir dir;
        const std::string notADirectory = dir.write("state", "I am a file\n");
        CPPUNIT_ASSERT_THROW(StateStore(notADirectory).save("work", imapState()), std::runtime_error);
        CPPUNIT_ASSERT_THROW(StateStore(notADirectory + "/mailpoll").save("work", imapState()), std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(std::string("I am a file\n"), wirekit::test::readFile(notADirectory));
    }

    void testCorruptFileThrowsNamingThePath() {
        TempDir dir;
        const StateStore store(dir.path());
        const std::string path = store.pathOf("work");
        { std::ofstream(path) << "mailpoll-state 1\nimap 1795597429 4 INB"; }
        try {
            store.load("work");
            CPPUNIT_FAIL("a truncated state file loaded");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL(path + ": line 2: truncated", std::string(e.what()));
        }
    }

    void testAccountNamesStayInsideTheDirectory() {
        TempDir dir;
        const std::string directory = dir.path() + "/state";
        const StateStore store(directory);
        for (const std::string name :
             {"a/b", "../../escaped", "..", ".", "", ".hidden", "work/../../x", "/etc/passwd"}) {
            const std::string path = store.pathOf(name);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, directory, directoryOf(path));
            const std::string file = path.substr(directory.size() + 1);
            CPPUNIT_ASSERT_MESSAGE(name + " -> " + file, file != "." && file != ".." && file.rfind("..", 0) != 0);
            store.save(name, imapState());
            CPPUNIT_ASSERT_MESSAGE(name, store.load(name) == imapState());
        }
        CPPUNIT_ASSERT(!exists(dir.path() + "/escaped"));
        CPPUNIT_ASSERT(!exists(dir.path() + "/escaped.state"));
        CPPUNIT_ASSERT(!exists(dir.path() + "/x.state"));
        CPPUNIT_ASSERT(!exists(dir.path() + "/state/a"));
    }

    void testDistinctAccountNamesGetDistinctFiles() {
        const StateStore store("/var/lib/nowhere");
        CPPUNIT_ASSERT(store.pathOf("a/b") != store.pathOf("a%2Fb"));
        CPPUNIT_ASSERT(store.pathOf("a b") != store.pathOf("a_b"));
        CPPUNIT_ASSERT(store.pathOf("work") != store.pathOf("Work"));
        CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/nowhere/alice@example.org.state"),
                             store.pathOf("alice@example.org"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountStateTest);
