// mailpoll.conf: a whole file as a user writes it, every key, defaults
// before the first section, and errors that name the file and line.
#include "account.h"
#include "cli/usage_error.h"
#include "config.h"
#include "usage_error_of.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace wirekit;
using namespace wirekit::mailpoll;

namespace {

const std::string fullFile =
    "# mailpoll configuration\n"
    "; keys before the first section are defaults for every account\n"
    "interval = 10m\n"
    "timeout = 45s\n"
    "tls = starttls\n"
    "\n"
    "[work]\n"
    "protocol = imap\n"
    "host = imap.example.org\n"
    "port = 1993\n"
    "tls = tls\n"
    "user = alice\n"
    "password-command = pass show mail/work\n"
    "auth = plain\n"
    "cacert = /etc/ssl/certs/work-ca.pem\n"
    "mailbox = INBOX\n"
    "   mailbox   =   Lists/wirekit dev   \n"
    "mailbox = Entw\xc3\xbcrfe\n"
    "idle = yes\n"
    "\n"
    "[home]\n"
    "  # indented comment\n"
    "protocol = pop3\n"
    "host = pop.example.net\n"
    "user = alice@example.net\n"
    "password-file = /home/alice/.config/mailpoll/home.pass\n"
    "interval = 1h\n"
    "\n"
    "[gmail]\n"
    "host = imap.gmail.com\n"
    "user = alice@gmail.com\n"
    "auth = xoauth2\n"
    "passwordeval = oama access alice@gmail.com\n"
    "tls = tls\n"
    "\n"
    "[ lab ]\n"
    "host = 192.0.2.10\n"
    "user = bob\n"
    "tls = none\n"
    "netrc = yes\n"
    "auth = login\n"
    "idle = off\n"
    "timeout = 300\n";

std::string refusal(const std::string& text) {
    return test::usageErrorOf(parseConfig, text, std::string("mailpoll.conf"));
}

std::string durationRefusal(const std::string& text) {
    return test::usageErrorOf(parseDuration, text, std::string("interval"));
}

std::string keyRefusal(const std::string& key, const std::string& value) {
    Account account;
    return test::usageErrorOf(setAccountKey, account, key, value);
}

Account accountWith(Protocol protocol, TlsMode tls, std::uint16_t port = 0) {
    Account account;
    account.protocol = protocol;
    account.tls = tls;
    account.port = port;
    return account;
}

}  // namespace

class ConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConfigTest);
    CPPUNIT_TEST(testFullFileGivesEveryAccountItsKeysAndTheDefaults);
    CPPUNIT_TEST(testRepeatedMailboxKeepsEveryOneInOrder);
    CPPUNIT_TEST(testPasswordSources);
    CPPUNIT_TEST(testValueMayHoldEqualsSigns);
    CPPUNIT_TEST(testWindowsLineEndsAndMissingFinalNewline);
    CPPUNIT_TEST(testUnknownKeyNamesFileAndLine);
    CPPUNIT_TEST(testBadValuesNameFileAndLine);
    CPPUNIT_TEST(testDuplicateAccount);
    CPPUNIT_TEST(testMissingHostOrUserPointsAtTheSection);
    CPPUNIT_TEST(testMailboxInDefaultsIsRefused);
    CPPUNIT_TEST(testPop3WithIdleOrMailboxesIsRefused);
    CPPUNIT_TEST(testFileWithoutSectionsIsRefused);
    CPPUNIT_TEST(testMalformedLines);
    CPPUNIT_TEST(testKeyErrorsSayWhatIsAccepted);
    CPPUNIT_TEST(testValidateAccountFromTheCommandLine);
    CPPUNIT_TEST(testDurations);
    CPPUNIT_TEST(testBadDurations);
    CPPUNIT_TEST(testEffectivePortDefaults);
    CPPUNIT_TEST(testEffectiveMailboxesDefaultToInbox);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFullFileGivesEveryAccountItsKeysAndTheDefaults() {
        const auto accounts = parseConfig(fullFile, "mailpoll.conf");
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, accounts.size());

        const Account& work = accounts[0];
        CPPUNIT_ASSERT_EQUAL(std::string("work"), work.name);
        CPPUNIT_ASSERT(work.protocol == Protocol::imap);
        CPPUNIT_ASSERT_EQUAL(std::string("imap.example.org"), work.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{1993}, work.port);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{1993}, work.effectivePort());
        CPPUNIT_ASSERT(work.tls == TlsMode::tls);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), work.user);
        CPPUNIT_ASSERT(work.auth == AuthMethod::plain);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/ssl/certs/work-ca.pem"), work.caFile);
        CPPUNIT_ASSERT(work.idle);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(600.0, work.intervalSeconds, 1e-9);  // from the defaults
        CPPUNIT_ASSERT_DOUBLES_EQUAL(45.0, work.timeoutSeconds, 1e-9);

        const Account& home = accounts[1];
        CPPUNIT_ASSERT_EQUAL(std::string("home"), home.name);
        CPPUNIT_ASSERT(home.protocol == Protocol::pop3);
        CPPUNIT_ASSERT(home.tls == TlsMode::starttls);  // from the defaults
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{110}, home.effectivePort());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3600.0, home.intervalSeconds, 1e-9);
        CPPUNIT_ASSERT(!home.idle);
        CPPUNIT_ASSERT(home.mailboxes.empty());

        const Account& gmail = accounts[2];
        CPPUNIT_ASSERT(gmail.auth == AuthMethod::xoauth2);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{993}, gmail.effectivePort());

        const Account& lab = accounts[3];
        CPPUNIT_ASSERT_EQUAL(std::string("lab"), lab.name);  // "[ lab ]" trimmed
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), lab.host);
        CPPUNIT_ASSERT(lab.tls == TlsMode::none);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{143}, lab.effectivePort());
        CPPUNIT_ASSERT(lab.auth == AuthMethod::login);
        CPPUNIT_ASSERT(!lab.idle);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(300.0, lab.timeoutSeconds, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(600.0, lab.intervalSeconds, 1e-9);
    }

    void testRepeatedMailboxKeepsEveryOneInOrder() {
        const auto accounts = parseConfig(fullFile, "mailpoll.conf");
        const std::vector<std::string> expected = {"INBOX", "Lists/wirekit dev", "Entw\xc3\xbcrfe"};
        CPPUNIT_ASSERT(accounts[0].mailboxes == expected);
        CPPUNIT_ASSERT(accounts[0].effectiveMailboxes() == expected);
    }

    void testPasswordSources() {
        const auto accounts = parseConfig(fullFile, "mailpoll.conf");
        CPPUNIT_ASSERT(accounts[0].password.kind == PasswordSource::Kind::command);
        CPPUNIT_ASSERT_EQUAL(std::string("pass show mail/work"), accounts[0].password.value);
        CPPUNIT_ASSERT(accounts[1].password.kind == PasswordSource::Kind::file);
        CPPUNIT_ASSERT_EQUAL(std::string("/home/alice/.config/mailpoll/home.pass"), accounts[1].password.value);
        CPPUNIT_ASSERT(accounts[2].password.kind == PasswordSource::Kind::command);  // passwordeval, as msmtp spells it
        CPPUNIT_ASSERT_EQUAL(std::string("oama access alice@gmail.com"), accounts[2].password.value);
        CPPUNIT_ASSERT(accounts[3].password.kind == PasswordSource::Kind::netrc);

        // netrc = yes after another source goes back to ~/.netrc.
        const auto back = parseConfig("[a]\nhost = h\nuser = u\npassword-file = /p\nnetrc = yes\n", "c");
        CPPUNIT_ASSERT(back[0].password.kind == PasswordSource::Kind::netrc);
    }

    void testValueMayHoldEqualsSigns() {
        const auto accounts =
            parseConfig("[a]\nhost = h\nuser = u\npassword-command = gpg -d --passphrase-fd=3 a=b.gpg\n", "c");
        CPPUNIT_ASSERT_EQUAL(std::string("gpg -d --passphrase-fd=3 a=b.gpg"), accounts[0].password.value);
    }

    void testWindowsLineEndsAndMissingFinalNewline() {
        const auto accounts = parseConfig("[work]\r\nhost = imap.example.org\r\nuser = alice\r\nidle = yes", "c");
        CPPUNIT_ASSERT_EQUAL(std::string("imap.example.org"), accounts[0].host);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), accounts[0].user);
        CPPUNIT_ASSERT(accounts[0].idle);
    }

    void testUnknownKeyNamesFileAndLine() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:4: unknown key 'hots'"),
                             refusal("[work]\nhost = imap.example.org\nuser = alice\nhots = x\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: unknown key 'Host'"), refusal("\nHost = x\n[a]\n"));
    }

    void testBadValuesNameFileAndLine() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:3: invalid port '99999': must be 1..65535"),
                             refusal("[work]\nhost = h\nport = 99999\nuser = u\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:1: invalid interval '5 minutes': use seconds, or a number "
                                         "with s, m or h (at most a week)"),
                             refusal("interval = 5 minutes\n[a]\nhost = h\nuser = u\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: invalid tls 'ssl': must be tls, starttls or none"),
                             refusal("[a]\ntls = ssl\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: invalid idle 'maybe': must be yes or no"),
                             refusal("[a]\nidle = maybe\n"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("mailpoll.conf:2: invalid host 'imap example.org': not a host name or address"),
            refusal("[a]\nhost = imap example.org\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: invalid user '': empty"), refusal("[a]\nuser =\n"));
    }

    void testDuplicateAccount() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:5: account 'work' is defined twice"),
                             refusal("[work]\nhost = h\nuser = u\n\n[work]\nhost = h2\nuser = u\n"));
    }

    void testMissingHostOrUserPointsAtTheSection() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: account 'work' has no host"),
                             refusal("# work mail\n[work]\nuser = alice\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:4: account 'b' has no user"),
                             refusal("[a]\nhost = h\nuser = u\n[b]\nhost = h\n"));
    }

    void testMailboxInDefaultsIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: mailbox belongs in an account's section"),
                             refusal("interval = 5m\nmailbox = INBOX\n[a]\nhost = h\nuser = u\n"));
    }

    void testPop3WithIdleOrMailboxesIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: account 'home': POP3 has one mailbox and no IDLE"),
                             refusal("idle = yes\n[home]\nprotocol = pop3\nhost = h\nuser = u\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:1: account 'home': POP3 has one mailbox and no IDLE"),
                             refusal("[home]\nprotocol = pop3\nhost = h\nuser = u\nmailbox = Sent\n"));
    }

    void testFileWithoutSectionsIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf: no accounts ([name] sections)"),
                             refusal("# nothing yet\ninterval = 5m\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf: no accounts ([name] sections)"), refusal(""));
    }

    void testMalformedLines() {
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:1: a section is [name]"), refusal("[work\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:3: a section is [name]"), refusal("\n\n[]\n"));
        CPPUNIT_ASSERT_EQUAL(std::string("mailpoll.conf:2: expected 'key = value'"),
                             refusal("[a]\nhost imap.example.org\n"));
    }

    void testKeyErrorsSayWhatIsAccepted() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid protocol 'smtp': must be imap or pop3"),
                             keyRefusal("protocol", "smtp"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '0': must be 1..65535"), keyRefusal("port", "0"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '143x': must be 1..65535"), keyRefusal("port", "143x"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '': must be 1..65535"), keyRefusal("port", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid auth 'cram-md5': must be auto, login, plain, xoauth2 or oauthbearer"),
                             keyRefusal("auth", "cram-md5"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid host 'a/b': not a host name or address"), keyRefusal("host", "a/b"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid mailbox '': empty"), keyRefusal("mailbox", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid netrc 'sure': must be yes or no"), keyRefusal("netrc", "sure"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), keyRefusal("port", "65535"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), keyRefusal("auth", "oauthbearer"));
    }

    void testValidateAccountFromTheCommandLine() {
        Account account;
        CPPUNIT_ASSERT_EQUAL(std::string("the account has no host"), test::usageErrorOf(validateAccount, account));
        account.host = "imap.example.org";
        CPPUNIT_ASSERT_EQUAL(std::string("the account has no user"), test::usageErrorOf(validateAccount, account));
        account.user = "alice";
        CPPUNIT_ASSERT_EQUAL(std::string(""), test::usageErrorOf(validateAccount, account));
    }

    void testDurations() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(300.0, parseDuration("300", "interval"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(45.0, parseDuration("45s", "interval"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(300.0, parseDuration("5m", "interval"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3600.0, parseDuration("1h", "interval"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(5400.0, parseDuration("1.5h", "interval"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, parseDuration("0.5", "timeout"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(604800.0, parseDuration("168h", "interval"), 1e-9);  // a week, the most
    }

    void testBadDurations() {
        const std::string why = "': use seconds, or a number with s, m or h (at most a week)";
        CPPUNIT_ASSERT_EQUAL("invalid interval '5x" + why, durationRefusal("5x"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '0" + why, durationRefusal("0"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '" + why, durationRefusal(""));
        CPPUNIT_ASSERT_EQUAL("invalid interval '-5" + why, durationRefusal("-5"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '169h" + why, durationRefusal("169h"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '1..5m" + why, durationRefusal("1..5m"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '5 m" + why, durationRefusal("5 m"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '1e3" + why, durationRefusal("1e3"));
        CPPUNIT_ASSERT_EQUAL("invalid interval 'm" + why, durationRefusal("m"));
        CPPUNIT_ASSERT_EQUAL("invalid interval '7d" + why, durationRefusal("7d"));
        CPPUNIT_ASSERT_EQUAL("invalid interval 'inf" + why, durationRefusal("inf"));
    }

    void testEffectivePortDefaults() {
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{993}, accountWith(Protocol::imap, TlsMode::tls).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{143}, accountWith(Protocol::imap, TlsMode::starttls).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{143}, accountWith(Protocol::imap, TlsMode::none).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{995}, accountWith(Protocol::pop3, TlsMode::tls).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{110}, accountWith(Protocol::pop3, TlsMode::starttls).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{110}, accountWith(Protocol::pop3, TlsMode::none).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{10143}, accountWith(Protocol::imap, TlsMode::tls, 10143).effectivePort());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{10995}, accountWith(Protocol::pop3, TlsMode::none, 10995).effectivePort());
    }

    void testEffectiveMailboxesDefaultToInbox() {
        CPPUNIT_ASSERT((Account{}.effectiveMailboxes() == std::vector<std::string>{"INBOX"}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigTest);
