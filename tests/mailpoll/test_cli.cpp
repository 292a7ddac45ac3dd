// mailpoll's command line as a user meets it: help, version, usage and
// configuration errors with exit 2, and man pages that document every option.
#include "manpage.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::test;

namespace {
const std::string mailpoll = WIREKIT_MAILPOLL;
const std::string manPage = std::string(WIREKIT_SOURCE_DIR) + "/man/mailpoll.1";
const std::string configPage = std::string(WIREKIT_SOURCE_DIR) + "/man/mailpoll.conf.5";
}  // namespace

class MailpollCliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailpollCliTest);
    CPPUNIT_TEST(testHelpAndVersion);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST(testConfigErrorsNameFileAndLine);
    CPPUNIT_TEST(testMissingConfigFile);
    CPPUNIT_TEST(testManPagesAreLintClean);
    CPPUNIT_TEST(testManPageDocumentsEveryOptionInHelp);
    CPPUNIT_TEST(testConfigPageDocumentsEveryKey);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHelpAndVersion() {
        const auto help = run({mailpoll, "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT(help.err.empty());
        CPPUNIT_ASSERT(help.out.rfind("usage: mailpoll ", 0) == 0);
        const auto version = run({mailpoll, "-V"});
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll (wirekit) " WIREKIT_VERSION "\n"), version.out);
    }

    void testUsageErrors() {
        const struct {
            std::vector<std::string> args;
            std::string message;
        } cases[] = {
            {{"--bogus"}, "unknown option '--bogus'"},
            {{"-u", "alice"}, "account flags need --host"},
            {{"-H", "h"}, "the account has no user"},
            {{"-H", "h", "-u", "a", "--tls", "ssl"}, "--tls: invalid tls 'ssl': must be tls, starttls or none"},
            {{"-H", "h", "-u", "a", "-P", "99999"}, "-P: invalid port '99999': must be 1..65535"},
            {{"-H", "h", "-u", "a", "--protocol", "smtp"}, "--protocol: invalid protocol 'smtp': must be imap or pop3"},
            {{"-H", "h", "-u", "a", "--protocol", "pop3", "-m", "Lists"},
             "the account: POP3 has one mailbox and no IDLE"},
            {{"-H", "h", "-u", "a", "-I", "soon"},
             "invalid interval 'soon': use seconds, or a number with s, m or h (at most a week)"},
            {{"-H", "h", "-u", "a", "extra"}, "unexpected operand 'extra' with --host"},
            {{"--daemon", "--once"}, "--daemon and --once exclude each other"},
            {{"--pid-file", "x"}, "--pid-file needs --daemon"},
        };
        for (const auto& c : cases) {
            std::vector<std::string> argv = {mailpoll};
            argv.insert(argv.end(), c.args.begin(), c.args.end());
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message + ": " + result.err, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(
                std::string("mailpoll: " + c.message + "\nmailpoll: try 'mailpoll --help' for more information\n"),
                result.err);
        }
    }

    void testConfigErrorsNameFileAndLine() {
        TempDir dir;
        const struct {
            std::string text;
            std::string message;
        } cases[] = {
            {"[a]\nhost = h\nuser = u\ncolour = blue\n", ":4: unknown key 'colour'"},
            {"[a]\nhost = h\nuser = u\ntls = maybe\n", ":4: invalid tls 'maybe': must be tls, starttls or none"},
            {"[a]\nhost = h\n", ":1: account 'a' has no user"},
            {"[a]\nhost = h\nuser = u\n[a]\nhost = h\nuser = u\n", ":4: account 'a' is defined twice"},
            {"mailbox = INBOX\n[a]\nhost = h\nuser = u\n", ":1: mailbox belongs in an account's section"},
            {"host = h\n", ": no accounts ([name] sections)"},
            {"[a]\nhost h\n", ":2: expected 'key = value'"},
        };
        for (const auto& c : cases) {
            const std::string path = dir.write("config", c.text);
            const auto result = run({mailpoll, "--once", "-f", path, "-s", dir.path()});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(std::string("mailpoll: " + path + c.message +
                                             "\nmailpoll: try 'mailpoll --help' for more information\n"),
                                 result.err);
        }
        const std::string path = dir.write("config", "[a]\nhost = h\nuser = u\n");
        const auto unknown = run({mailpoll, "--once", "-f", path, "nosuch"});
        CPPUNIT_ASSERT_EQUAL(2, unknown.status);
        CPPUNIT_ASSERT(unknown.err.find("no account 'nosuch' in " + path) != std::string::npos);
    }

    void testMissingConfigFile() {
        TempDir dir;
        const auto result = run({mailpoll, "--once", "-f", dir.path() + "/none"});
        CPPUNIT_ASSERT_EQUAL(2, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll: " + dir.path() + "/none: No such file or directory\n"), result.err);
    }

    void testManPagesAreLintClean() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        for (const auto& page : {manPage, configPage}) {
            const auto lint = run({"mandoc", "-Tlint", "-W", "warning", page});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(lint.out + lint.err, std::string(), lint.out + lint.err);
        }
    }

    void testManPageDocumentsEveryOptionInHelp() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(manPage);
        for (const auto& section : {"EXIT STATUS", "EXAMPLES", "SEE ALSO"})
            CPPUNIT_ASSERT_MESSAGE(section, page.find(section) != std::string::npos);
        for (const auto& option : optionsIn(run({mailpoll, "--help"}).out))
            CPPUNIT_ASSERT_MESSAGE(option + " is not in mailpoll.1", documents(page, option));
    }

    void testConfigPageDocumentsEveryKey() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(configPage);
        for (const auto& key : {"protocol", "host", "port", "tls", "user", "password-file", "password-command",
                                "passwordeval", "netrc", "auth", "cacert", "mailbox", "interval", "timeout", "idle"})
            CPPUNIT_ASSERT_MESSAGE(std::string(key) + " is not in mailpoll.conf.5", documents(page, key));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailpollCliTest);
