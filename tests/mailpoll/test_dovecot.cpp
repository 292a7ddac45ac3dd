// mailpoll against a real dovecot: every protocol and TLS mode, what counts
// as new, that nothing on the server changes, IDLE latency, and accounts
// that fail beside ones that work.
#include "dovecot_fixture.h"
#include "netns.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

#include <chrono>
#include <thread>

using namespace wirekit::test;

namespace {

const std::string mailpoll = WIREKIT_MAILPOLL;

struct Mode {
    const char* protocol;
    const char* tls;
};
const Mode allModes[] = {{"imap", "none"}, {"imap", "starttls"}, {"imap", "tls"},
                         {"pop3", "none"}, {"pop3", "starttls"}, {"pop3", "tls"}};

unsigned short portFor(const DovecotServer& server, const Mode& mode) {
    const bool imap = std::string(mode.protocol) == "imap";
    if (std::string(mode.tls) == "tls") return imap ? server.imapsPort() : server.pop3sPort();
    return imap ? server.imapPort() : server.pop3Port();
}

std::vector<std::string> accountFlags(const DovecotServer& server, const Mode& mode) {
    return {"--protocol",
            mode.protocol,
            "-H",
            "localhost",
            "-P",
            std::to_string(portFor(server, mode)),
            "--tls",
            mode.tls,
            "-u",
            DovecotServer::user,
            "--password-file",
            server.passwordFile(),
            "--cacert",
            server.certificate(),
            "-t",
            "10"};
}

RunResult check(const std::vector<std::string>& flags, const std::string& stateDir,
                const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {mailpoll, "--once", "-s", stateDir};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, 60);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

bool dovecotHere() { return requirePrerequisite(DovecotServer::available(), "dovecot (make deps installs it)"); }

}  // namespace

class MailpollDovecotTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailpollDovecotTest);
    CPPUNIT_TEST(testEveryModeReportsUnseenThenOnlyWhatArrived);
    CPPUNIT_TEST(testServerIsLeftAsItWas);
    CPPUNIT_TEST(testJsonLinesCarryTheDocumentedKeys);
    CPPUNIT_TEST(testUntrustedCertificateIsRefused);
    CPPUNIT_TEST(testFailingAccountsDoNotStopTheOthers);
    CPPUNIT_TEST(testNetrcAndPasswordCommand);
    CPPUNIT_TEST(testConfigFileWithSeveralMailboxesAndExecHook);
    CPPUNIT_TEST(testIdleReportsDeliveryWithinASecond);
    CPPUNIT_TEST(testPollingModeReportsNewMailOnce);
    CPPUNIT_TEST(testIdleReconnectsAtOnceWhenTheNetworkChanges);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryModeReportsUnseenThenOnlyWhatArrived() {
        if (!dovecotHere()) return;
        DovecotServer server(2, 1);
        TempDir state;
        for (const auto& mode : allModes) {
            const std::string label = std::string(mode.protocol) + "/" + mode.tls;
            const std::string dir = state.path() + "/" + label;
            const auto first = check(accountFlags(server, mode), dir);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + first.err, 0, first.status);
            // IMAP: the two unseen; POP3 has no \Seen, so all three count on the first check.
            const bool imap = std::string(mode.protocol) == "imap";
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + first.out, std::size_t{imap ? 2u : 3u},
                                         count(first.out, "  Sender "));
            CPPUNIT_ASSERT_MESSAGE(label, first.out.find("Sender 2  Message 2\n") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, imap, first.out.find("Message 1\n") == std::string::npos);

            const auto quiet = check(accountFlags(server, mode), dir);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + quiet.err, 1, quiet.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::string(), quiet.out);

            server.deliver("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@example.org>", "=?UTF-8?B?R3LDvMOfZQ==?= " + label);
            const auto second = check(accountFlags(server, mode), dir);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + second.err, 0, second.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + second.out, std::size_t{1}, count(second.out, "\n") - 1);
            CPPUNIT_ASSERT_MESSAGE(label + ": " + second.out,
                                   second.out.find("Jürgen Müller  Grüße " + label + "\n") != std::string::npos);
            const auto third = check(accountFlags(server, mode), dir);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + third.out, 1, third.status);
        }
    }

    void testServerIsLeftAsItWas() {
        if (!dovecotHere()) return;
        DovecotServer server(3, 2);
        const auto before = server.flags();
        CPPUNIT_ASSERT_EQUAL(std::size_t{5}, before.size());
        TempDir state;
        for (const auto& mode : allModes) {
            const auto result = check(accountFlags(server, mode), state.path() + "/" + mode.protocol + mode.tls);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        }
        // Same messages, same flags: nothing marked \Seen, deleted or moved to another folder.
        CPPUNIT_ASSERT(before == server.flags());
        // And dovecot's own accounting agrees: nothing deleted, expunged or retrieved whole.
        const std::string log = server.log();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, count(log, "deleted=0 expunged=0 trashed=0"), count(log, "imap(alice)"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(log, count(log, "retr=0/0, del=0/"), count(log, "pop3(alice)"));
        CPPUNIT_ASSERT(count(log, "imap(alice)") >= 3 && count(log, "pop3(alice)") >= 3);
    }

    void testJsonLinesCarryTheDocumentedKeys() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir state;
        const auto imap = check(accountFlags(server, allModes[2]), state.path() + "/imap", {"--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(imap.err, 0, imap.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"type\":\"message\",\"account\":\"alice@localhost\",\"mailbox\":\"INBOX\",\"uid\":\"1\","
                        "\"from\":\"Sender 1 <s1@example.org>\",\"subject\":\"Message 1\","
                        "\"date\":\"2026-11-25T08:01:00Z\"}\n"
                        "{\"type\":\"summary\",\"account\":\"alice@localhost\",\"total\":1,\"unseen\":1,\"new\":1}\n"),
            imap.out);
        const auto pop3 = check(accountFlags(server, allModes[5]), state.path() + "/pop3", {"--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(pop3.err, 0, pop3.status);
        CPPUNIT_ASSERT_MESSAGE(pop3.out, pop3.out.find("\"uid\":\"000000016") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(pop3.out,
                               pop3.out.find("{\"type\":\"summary\",\"account\":\"alice@localhost\","
                                             "\"total\":1,\"unseen\":null,\"new\":1}\n") != std::string::npos);
    }

    void testUntrustedCertificateIsRefused() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir state;
        for (const auto& mode : {allModes[1], allModes[2], allModes[4], allModes[5]}) {
            auto flags = accountFlags(server, mode);
            flags.resize(flags.size() - 4);  // no --cacert: the system store does not know this certificate
            flags.insert(flags.end(), {"-t", "10"});
            const auto result = check(flags, state.path() + "/" + mode.protocol + mode.tls);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.out, 2, result.status);
            CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("certificate") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::string(), result.out);
        }
        // The right CA but the wrong name: a certificate for localhost is not one for 127.0.0.2.
        auto flags = accountFlags(server, allModes[2]);
        flags[3] = "127.0.0.2";
        const auto result = check(flags, state.path() + "/name");
        CPPUNIT_ASSERT_EQUAL(2, result.status);
    }

    void testFailingAccountsDoNotStopTheOthers() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir dir;
        const unsigned short closed = freePort(false);
        const std::string config =
            dir.write("config", "cacert = " + server.certificate() +
                                    "\ntimeout = 10\n"
                                    "[good]\nhost = localhost\nport = " +
                                    std::to_string(server.imapsPort()) +
                                    "\nuser = alice\n"
                                    "password-file = " +
                                    server.passwordFile() +
                                    "\n"
                                    "[wrongpass]\nhost = localhost\nport = " +
                                    std::to_string(server.imapsPort()) +
                                    "\nuser = bob\n"
                                    "password-command = echo nothunter2\n"
                                    "[refused]\nprotocol = pop3\ntls = none\nhost = 127.0.0.1\nport = " +
                                    std::to_string(closed) + "\nuser = alice\npassword-command = echo x\n");
        const auto result = run({mailpoll, "--once", "-f", config, "-s", dir.path() + "/state"}, 60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 2, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find("good  2026-11-25 ") == 0);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find("mailpoll: wrongpass: localhost:" + std::to_string(server.imapsPort()) +
                                               ": LOGIN refused: ") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("mailpoll: refused: 127.0.0.1:" + std::to_string(closed) +
                                                           ": connection refused") != std::string::npos);
        // The password never appears in what a user or a log sees.
        CPPUNIT_ASSERT(result.err.find("nothunter2") == std::string::npos);
        // The failed accounts' state is not written; the good one's is.
        struct stat info {};
        CPPUNIT_ASSERT(stat((dir.path() + "/state/good.state").c_str(), &info) == 0);
        CPPUNIT_ASSERT_EQUAL(0600u, static_cast<unsigned>(info.st_mode & 0777));
        CPPUNIT_ASSERT(stat((dir.path() + "/state/wrongpass.state").c_str(), &info) != 0);
    }

    void testNetrcAndPasswordCommand() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir home;
        const std::string netrc = home.write(".netrc", "machine localhost login alice password secret\n");
        chmod(netrc.c_str(), 0600);
        ProcessOptions options;
        options.extraEnv = {"HOME=" + home.path(), "XDG_STATE_HOME=" + home.path() + "/state"};
        const std::vector<std::string> base = {
            mailpoll, "--once", "-H",       "localhost",         "-P", std::to_string(server.imapsPort()),
            "-u",     "alice",  "--cacert", server.certificate()};
        const auto viaNetrc = run(base, 60, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(viaNetrc.err, 0, viaNetrc.status);
        chmod(netrc.c_str(), 0644);
        const auto exposed = run(base, 60, options);
        CPPUNIT_ASSERT_EQUAL(2, exposed.status);
        CPPUNIT_ASSERT_MESSAGE(exposed.err, exposed.err.find("chmod 600") != std::string::npos);

        auto withCommand = base;
        withCommand.insert(withCommand.end(), {"--password-command", "printf 'secret\\n'", "-s", home.path() + "/s2"});
        const auto viaCommand = run(withCommand, 60, options);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(viaCommand.err, 0, viaCommand.status);
        auto failing = base;
        failing.insert(failing.end(), {"--password-command", "exit 3", "-s", home.path() + "/s3"});
        const auto failed = run(failing, 60, options);
        CPPUNIT_ASSERT_EQUAL(2, failed.status);
        CPPUNIT_ASSERT_MESSAGE(failed.err,
                               failed.err.find("password command failed (exit status 3)") != std::string::npos);
    }

    void testConfigFileWithSeveralMailboxesAndExecHook() {
        if (!dovecotHere()) return;
        DovecotServer server(2, 0);
        TempDir dir;
        const std::string config =
            dir.write("config", "[work]\nhost = localhost\nport = " + std::to_string(server.imapPort()) +
                                    "\ntls = starttls\ncacert = " + server.certificate() +
                                    "\nuser = alice\npassword-file = " + server.passwordFile() + "\nmailbox = INBOX\n");
        const std::string hook =
            "echo \"$MAILPOLL_ACCOUNT $MAILPOLL_MAILBOX $MAILPOLL_COUNT $MAILPOLL_FROM|"
            "$MAILPOLL_SUBJECT\" > " +
            dir.path() + "/hook.out";
        const auto result = run({mailpoll, "--once", "-f", config, "-s", dir.path() + "/state", "-e", hook, "-v"}, 60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("work INBOX 2 Sender 2 <s2@example.org>|Message 2\n"),
                             readFile(dir.path() + "/hook.out"));
        CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find("work: 2 new, 2 unseen, 2 messages\n") != std::string::npos);
        // A mailbox that does not exist is that account's error, named.
        const std::string bad = dir.write("bad", readFile(config) + "mailbox = Nonexistent\n");
        const auto missing = run({mailpoll, "--once", "-f", bad, "-s", dir.path() + "/state2"}, 60);
        CPPUNIT_ASSERT_EQUAL(2, missing.status);
        CPPUNIT_ASSERT_MESSAGE(missing.err, missing.err.find("STATUS refused") != std::string::npos);
    }

    void testIdleReportsDeliveryWithinASecond() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir state;
        std::vector<std::string> argv = {mailpoll, "--idle", "--json", "-s", state.path()};
        const auto flags = accountFlags(server, allModes[2]);
        argv.insert(argv.end(), flags.begin(), flags.end());
        Process watcher(argv);
        const auto waitFor = [&](const std::string& text, double seconds) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
            while (std::chrono::steady_clock::now() < deadline) {
                if (watcher.standardOutput().find(text) != std::string::npos) return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            return false;
        };
        CPPUNIT_ASSERT_MESSAGE(watcher.standardError(), waitFor("\"new\":1}", 10));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // in IDLE now
        for (int i = 0; i < 3; ++i) {
            const std::string subject = "pushed " + std::to_string(i);
            const auto delivered = std::chrono::steady_clock::now();
            server.deliver("Pusher <p@example.org>", subject);
            CPPUNIT_ASSERT_MESSAGE(watcher.standardError(), waitFor("\"subject\":\"" + subject + "\"", 5));
            const double latency = std::chrono::duration<double>(std::chrono::steady_clock::now() - delivered).count();
            CPPUNIT_ASSERT_MESSAGE("latency " + std::to_string(latency) + " s", latency < 1.0);
        }
        CPPUNIT_ASSERT_EQUAL(0, watcher.stop(5));
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, count(watcher.standardOutput(), "\"type\":\"message\""));
    }

    void testPollingModeReportsNewMailOnce() {
        if (!dovecotHere()) return;
        DovecotServer server(1, 0);
        TempDir state;
        std::vector<std::string> argv = {mailpoll, "-I", "1", "-s", state.path()};
        const auto flags = accountFlags(server, allModes[3]);
        argv.insert(argv.end(), flags.begin(), flags.end());
        Process poller(argv);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        server.deliver("Later <l@example.org>", "arrived while polling");
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        CPPUNIT_ASSERT_EQUAL(0, poller.stop(5));
        const std::string out = poller.standardOutput();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(out, std::size_t{1}, count(out, "arrived while polling"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(out, std::size_t{1}, count(out, "Message 1"));
    }

    void testIdleReconnectsAtOnceWhenTheNetworkChanges() {
        if (!dovecotHere()) return;
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        // dovecot in one namespace, mailpoll in the other, across the veth pair.
        DovecotServer server(1, 0, net.target, NetnsPair::targetAddress);
        TempDir state;
        Process watcher(net.inNamespace(
            net.scanner, {mailpoll, "--idle", "-v", "--json", "-H", NetnsPair::targetAddress, "-P",
                          std::to_string(server.imapsPort()), "-u", DovecotServer::user, "--password-file",
                          server.passwordFile(), "--cacert", server.certificate(), "-s", state.path()}));
        const auto waitFor = [](const std::function<std::string()>& text, const std::string& what, double seconds) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
            while (std::chrono::steady_clock::now() < deadline) {
                if (text().find(what) != std::string::npos) return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            return false;
        };
        const auto out = [&] { return watcher.standardOutput(); };
        const auto err = [&] { return watcher.standardError(); };
        CPPUNIT_ASSERT_MESSAGE(err(), waitFor(out, "\"new\":1}", 10));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        // A new address on the scanner's side, as when a laptop joins another network.
        const auto added = run(net.inNamespace(net.scanner, {"ip", "addr", "add", "198.18.0.77/32", "dev", "lo"}));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(added.err, 0, added.status);
        CPPUNIT_ASSERT_MESSAGE(err(), waitFor(err, "network changed, reconnecting", 2));
        // Reconnected: IDLE still reports new mail, once.
        server.deliver("After <a@example.org>", "after the move");
        CPPUNIT_ASSERT_MESSAGE(out() + err(), waitFor(out, "after the move", 5));
        // One change, one reconnect; the message reported once.
        CPPUNIT_ASSERT_EQUAL(0, watcher.stop(5));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(err(), std::size_t{1}, count(err(), "network changed"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, count(out(), "after the move"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailpollDovecotTest);
