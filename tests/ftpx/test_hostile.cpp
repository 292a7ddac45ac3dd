// ftpx against FTP servers that lie, stall, flood or send hostile names: each
// case must end in a clear error within the timeout (or, for what can be
// survived, a correct result), with nothing left under a final name, nothing
// written outside the target directory and no password sent where TLS failed.
#include "control_channel.h"
#include "ftp_errors.h"
#include "hostile_ftp_server.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

using namespace wirekit::test;
using Session = HostileFtpServer::Session;
using Command = HostileFtpServer::Command;

namespace {

const std::string ftpx = WIREKIT_FTPX;

/// Every run passes --timeout 2: a failure must come within it, with some
/// slack for starting the process on a loaded machine.
constexpr double timeoutSeconds = 2;
constexpr double failureLimitSeconds = timeoutSeconds + 1.5;

/// Control bytes as \xNN, so that a message about hostile output cannot
/// itself clear the terminal of whoever reads the test log.
std::string shown(const std::string& text) {
    std::string result;
    for (const unsigned char c : text) {
        if ((c < ' ' && c != '\n') || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            result += escaped;
        } else {
            result += static_cast<char>(c);
        }
    }
    return result;
}

struct Outcome {
    RunResult result;
    double seconds = 0;
    std::string describe() const {
        return "exit " + std::to_string(result.status) + " after " + std::to_string(seconds) +
               " s; stderr: " + shown(result.err) + "; stdout: " + shown(result.out.substr(0, 2000));
    }
};

/// Runs `ftpx --timeout 2 ARGS` in `home`, which is also its HOME, so that
/// no ~/.netrc of whoever runs the tests takes part.
Outcome runFtpx(const std::string& home, const std::vector<std::string>& args, const std::string& user = "") {
    std::vector<std::string> argv = {ftpx, "--timeout", "2"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.workingDirectory = home;
    options.extraEnv = {"HOME=" + home};
    options.runAsUser = user;
    const auto start = std::chrono::steady_clock::now();
    Outcome outcome;
    outcome.result = run(argv, 30, options);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

std::string hostPort(const HostileFtpServer& server) { return "127.0.0.1:" + std::to_string(server.port()); }
std::string url(const HostileFtpServer& server, const std::string& path) {
    return "ftp://" + hostPort(server) + "/" + path;
}

/// The interactive shell on `server`'s root, fed `script` on its standard
/// input, with --timeout 2, --retries 0 and `extra` options, in `home`.
struct ShellRun {
    RunResult result;
    std::string context;  ///< what a failed assertion shows: exit, output, the server's log
};
ShellRun runShell(const HostileFtpServer& server, const std::string& home, const std::string& script,
                  const std::vector<std::string>& extra = {}) {
    ProcessOptions options;
    options.workingDirectory = home;
    options.extraEnv = {"HOME=" + home};
    options.standardInput = script;
    std::vector<std::string> argv = {ftpx, "--timeout", "2", "--retries", "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(url(server, ""));
    ShellRun shell;
    shell.result = run(argv, 30, options);
    shell.context = "exit " + std::to_string(shell.result.status) + "; stdout: " + shell.result.out +
                    "; stderr: " + shell.result.err + "\ncommands:\n" + server.transcript();
    return shell;
}

/// The first `verb` of the run is turned away with `reply`, later ones are
/// served: a transient failure that a retry gets past. A 421 closes the
/// control connection, as RFC 959 says; other replies drop the data
/// connection the command would have used.
void refuseFirst(HostileFtpServer& server, const std::string& verb, const std::string& reply) {
    auto seen = std::make_shared<std::atomic<int>>(0);
    server.onCommand([seen, verb, reply](Session& session, const Command& command) {
        if (command.verb != verb || ++*seen > 1) return false;
        const bool closing = reply.rfind("421", 0) == 0;
        if (!closing) session.closeData();
        session.reply(reply);
        if (closing) session.close();
        return true;
    });
}

/// For a hook: the first `verb` of the run is carried out, then its answer
/// is lost with the connection (the server closes without sending it). True
/// when the hook took the command.
bool carryOutFirstAndLoseTheAnswer(std::atomic<int>& seen, const std::string& verb, Session& session,
                                   const Command& command) {
    if (command.verb != verb || ++seen > 1) return false;
    session.discardReplies();
    session.standard(command);
    session.close();
    return true;
}

/// Every RETR gets the first `sent` bytes of `content`, the data connection
/// closed, then `finalReply`: a transfer cut short, however the server words
/// its end.
void cutEveryRetr(HostileFtpServer& server, const std::string& content, std::size_t sent,
                  const std::string& finalReply) {
    server.onCommand([content, sent, finalReply](Session& session, const Command& command) {
        if (command.verb != "RETR") return false;
        session.reply("150 Opening BINARY mode data connection for data.bin (" + std::to_string(content.size()) +
                      " bytes).");
        session.sendData(content.substr(0, sent));
        session.closeData();
        session.reply(finalReply);
        return true;
    });
}

bool exists(const std::string& path) {
    struct stat status {};
    return ::lstat(path.c_str(), &status) == 0;
}

/// Deterministic bytes of every value, NUL and CR LF included, so that an
/// ASCII-mode transfer or a truncation shows.
std::string payload(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(random() & 0xff);
    return bytes;
}

/// Every path under `directory`, relative to it, sorted; symlinks are listed, not followed.
std::vector<std::string> treeOf(const std::string& directory) {
    std::vector<std::string> paths;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(directory, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
        paths.push_back(std::filesystem::relative(it->path(), directory).string());
    std::sort(paths.begin(), paths.end());
    return paths;
}

/// A listing's data: each line and CRLF.
std::string lines(const std::vector<std::string>& each) {
    std::string text;
    for (const auto& line : each) text += line + "\r\n";
    return text;
}

/// The names in `directory` itself, sorted.
std::vector<std::string> namesIn(const std::string& directory) {
    std::vector<std::string> names;
    std::error_code error;
    for (auto it = std::filesystem::directory_iterator(directory, error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error))
        names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + shown(name);
    return "[" + text + "]";
}

/// Whether one line of `text` starts with `prefix` and holds `phrase` after it.
bool hasLine(const std::string& text, const std::string& prefix, const std::string& phrase) {
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        if (line.rfind(prefix, 0) == 0 && line.find(phrase, prefix.size()) != std::string::npos) return true;
        start = end + 1;
    }
    return false;
}

/// Exit 1 within the time limit, with a diagnostic line "PREFIX...PHRASE..."
/// ("ftpx: 127.0.0.1:PORT: " and what went wrong).
void assertFailureMessage(const Outcome& outcome, const std::string& prefix, const std::string& phrase) {
    CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 1, outcome.result.status);
    CPPUNIT_ASSERT_MESSAGE(
        "expected a line \"" + shown(prefix) + "...\" holding \"" + shown(phrase) + "\"; " + outcome.describe(),
        hasLine(outcome.result.err, prefix, phrase));
}

void assertPrompt(const Outcome& outcome, const HostileFtpServer& server) {
    CPPUNIT_ASSERT_MESSAGE("not within --timeout: " + outcome.describe() + "\ncommands:\n" + shown(server.transcript()),
                           outcome.seconds < failureLimitSeconds);
}

void assertFailure(const Outcome& outcome, const std::string& prefix, const std::string& phrase) {
    assertFailureMessage(outcome, prefix, phrase);
    CPPUNIT_ASSERT_MESSAGE("not within --timeout: " + outcome.describe(), outcome.seconds < failureLimitSeconds);
}

/// Whether any command line the client sent holds `text`.
bool sentAnywhere(const HostileFtpServer& server, const std::string& text) {
    for (const auto& command : server.commands())
        if (command.line.find(text) != std::string::npos) return true;
    return false;
}

/// The user the mirror tests run ftpx as: with root's rights a hostile name
/// such as "/etc/passwd" that slipped through would overwrite the real one.
std::string unprivilegedUser() { return ::geteuid() == 0 && ::getpwnam("nobody") ? "nobody" : ""; }

void giveTo(const std::string& user, const std::vector<std::string>& paths) {
    if (user.empty()) return;
    const passwd* entry = ::getpwnam(user.c_str());
    for (const auto& path : paths)
        CPPUNIT_ASSERT_EQUAL_MESSAGE("chown " + path, 0, ::chown(path.c_str(), entry->pw_uid, entry->pw_gid));
}

/// A local layout for a mirror: TMP/parent/{keep.txt,target/} and TMP/outside/,
/// where hostile names would land if they escaped the target.
struct MirrorLayout {
    TempDir root;
    std::string parent = root.path() + "/parent";
    std::string target = parent + "/target";
    std::string outside = root.path() + "/outside";
    std::string user = unprivilegedUser();
    MirrorLayout() {
        std::filesystem::create_directories(target);
        std::filesystem::create_directories(outside);
        root.write("parent/keep.txt", "keep\n");
        giveTo(user, {root.path(), parent, target, outside});
    }
};

/// What a user checks after a mirror from a server whose listings hold
/// hostile names next to good.txt and sub/inner.txt: the good part arrived,
/// nothing else was written anywhere, no hostile name was fetched, and the
/// refusals were reported without raw control bytes.
void assertOnlyTheGoodTreeMirrored(const Outcome& outcome, const MirrorLayout& layout, const HostileFtpServer& server,
                                   const std::string& passwdBefore, const std::vector<std::string>& reportedNames) {
    const std::string context = outcome.describe() + "\ncommands:\n" + shown(server.transcript());
    // Refusing names is a warning, not a usage error or a crash.
    CPPUNIT_ASSERT_MESSAGE(context, outcome.result.status == 0 || outcome.result.status == 1);
    const std::vector<std::string> expected = {"good.txt", "sub", "sub/inner.txt"};
    CPPUNIT_ASSERT_EQUAL_MESSAGE(context, joined(expected), joined(treeOf(layout.target)));
    CPPUNIT_ASSERT_EQUAL(std::string("good\n"), readFile(layout.target + "/good.txt"));
    CPPUNIT_ASSERT_EQUAL(std::string("inner\n"), readFile(layout.target + "/sub/inner.txt"));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(context, joined({"keep.txt", "target"}), joined(namesIn(layout.parent)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(context, joined({}), joined(treeOf(layout.outside)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(context, joined({"outside", "parent"}), joined(namesIn(layout.root.path())));
    CPPUNIT_ASSERT_MESSAGE(context, passwdBefore == readFile("/etc/passwd"));
    CPPUNIT_ASSERT_MESSAGE(context, !exists("/etc/passwd.part"));
    // Each good file fetched once, nothing else asked for.
    std::multiset<std::string> fetched;
    for (const auto& command : server.commands("RETR"))
        fetched.insert(command.argument.substr(command.argument.rfind('/') + 1));
    CPPUNIT_ASSERT_MESSAGE(context, (fetched == std::multiset<std::string>{"good.txt", "inner.txt"}));
    for (const auto& name : reportedNames)
        CPPUNIT_ASSERT_MESSAGE("no warning naming \"" + shown(name) + "\"; " + context,
                               outcome.result.err.find(name) != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("raw ESC on stderr: " + context, outcome.result.err.find('\x1b') == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("raw ESC on stdout: " + context, outcome.result.out.find('\x1b') == std::string::npos);
    CPPUNIT_ASSERT_MESSAGE("raw CR on stderr: " + context, outcome.result.err.find('\r') == std::string::npos);
}

}  // namespace

class FtpxHostileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FtpxHostileTest);
    CPPUNIT_TEST(testOrdinaryServerDownloads);
    CPPUNIT_TEST(testPasvAddressOfAnotherHostIsIgnored);
    CPPUNIT_TEST(testGreetingThatNeverComes);
    CPPUNIT_TEST(testImplicitTlsHandshakeThatNeverComes);
    CPPUNIT_TEST(testOverlongReplyLine);
    CPPUNIT_TEST(testEndlessMultiLineReply);
    CPPUNIT_TEST(testMalformedReplyCodes);
    CPPUNIT_TEST(testRetrAnsweredWithoutTransfer);
    CPPUNIT_TEST(testPreliminaryReplyNeverFollowed);
    CPPUNIT_TEST(testStallMidTransferKeepsPartThenResumes);
    CPPUNIT_TEST(testDataConnectionClosedEarly);
    CPPUNIT_TEST(testTrickleLongerThanTheTimeoutCompletes);
    CPPUNIT_TEST(testDiskFullOnStorIsNotRetried);
    CPPUNIT_TEST(testDiskFullStopsMirrorUpload);
    CPPUNIT_TEST(testLocalDiskFullStopsMirrorDownload);
    CPPUNIT_TEST(testTransient450OnRetrIsRetried);
    CPPUNIT_TEST(testTransient421OnRetrReconnects);
    CPPUNIT_TEST(testRetryBeforeTheTransferStartsNeverResumesAStalePart);
    CPPUNIT_TEST(testRetryBeforeTheTransferStartsNeverResumesAStaleUpload);
    CPPUNIT_TEST(testCatIsNotSentTwiceByARetry);
    CPPUNIT_TEST(testSymlinkedPartIsNotFollowed);
    CPPUNIT_TEST(testRefusedListLeavesTheShellWhereItWas);
    CPPUNIT_TEST(testActiveDataFromAnotherHostRenewsTheSession);
    CPPUNIT_TEST(testLateReplyIsNotTakenForTheNextCommands);
    CPPUNIT_TEST(testChangeWhoseAnswerWasLostIsNotRefusedByItsRetry);
    CPPUNIT_TEST(testProbeThatCannotComeBackRenewsTheSession);
    CPPUNIT_TEST(testCommandIntoAClosedConnectionIsNotSent);
    CPPUNIT_TEST(testLostAnswerWithoutProofStaysAnError);
    CPPUNIT_TEST(testPreliminaryReplyToAPlainCommandRenewsTheSession);
    CPPUNIT_TEST(testLatePwdAtLoginIsNotTakenForTheCommand);
    CPPUNIT_TEST(testMirrorRefusesHostileMlsdNames);
    CPPUNIT_TEST(testMirrorRefusesHostileListNames);
    CPPUNIT_TEST(testEscapeSequencesInRepliesAreEscaped);
    CPPUNIT_TEST(testTlsRequiredRefusedNeverSendsThePassword);
    CPPUNIT_TEST(testCleartextAfterAuthTlsNeverSendsThePassword);
    CPPUNIT_TEST(testStalledDataHandshakeFailsWithinTwoTimeouts);
    CPPUNIT_TEST(testDataConnectionCertificateForAnotherNameRefused);
    CPPUNIT_TEST(testTlsStallMidTransferKeepsEveryByteInPart);
    CPPUNIT_TEST(testTlsDataCutWithoutCloseNotifyIsNotComplete);
    CPPUNIT_TEST(testMgetTakesOnlyPlainNamesAndGoesOnAfterAFailure);
    CPPUNIT_TEST(testInterruptEndsTheTransferNotTheSession);
    CPPUNIT_TEST(testMdeleteAndLocalCommands);
    CPPUNIT_TEST(testMirrorTakesTheConnectionsTheServerAllows);
    CPPUNIT_TEST(testRepeatedUniqueFactsDeleteNothing);
    CPPUNIT_TEST(testResumeCheckWithAServerThatIgnoresRest);
    CPPUNIT_TEST_SUITE_END();

public:
    /// The control case: without hooks the server is an ordinary one, so a
    /// failure in the cases below is the hook's doing, not the harness's.
    void testOrdinaryServerDownloads() {
        HostileFtpServer server;
        const std::string content = payload(300000, 1);
        server.addFile("/pub/data.bin", content);
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"get", url(server, "pub/data.bin"), home.path() + "/data.bin"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), content == readFile(home.path() + "/data.bin"));
        CPPUNIT_ASSERT(!exists(home.path() + "/data.bin.part"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.transcript(), std::size_t{1}, server.count("RETR"));
    }

    void testPasvAddressOfAnotherHostIsIgnored() {
        // Listeners on 127.0.0.2 at each port offered: had ftpx connected where
        // the reply points, they would count it (and nothing leaves loopback).
        std::mutex decoysMutex;
        std::vector<std::unique_ptr<CountingListener>> decoys;
        HostileFtpServer server;
        const std::string content = payload(200000, 2);
        server.addFile("/data.bin", content);
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb == "EPSV") {
                session.reply("500 EPSV not understood.");
                return true;
            }
            if (command.verb != "PASV") return false;
            const unsigned short port = session.openPassive();
            try {
                std::lock_guard<std::mutex> lock(decoysMutex);
                decoys.push_back(std::make_unique<CountingListener>("127.0.0.2", port));
            } catch (const std::exception&) {
                // No decoy then: a connection to 127.0.0.2 is refused and the download fails instead.
            }
            session.reply(HostileFtpServer::pasvReply("127.0.0.2", port));
            return true;
        });
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"-v", "get", url(server, "data.bin"), home.path() + "/data.bin"});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, content == readFile(home.path() + "/data.bin"));
        CPPUNIT_ASSERT_MESSAGE(context, server.count("PASV") >= 1);
        // -v says the offered address was not used.
        CPPUNIT_ASSERT_MESSAGE(context, outcome.result.err.find("127.0.0.2") != std::string::npos);
        std::lock_guard<std::mutex> lock(decoysMutex);
        for (const auto& decoy : decoys) CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, decoy->connections());
    }

    void testGreetingThatNeverComes() {
        HostileFtpServer server;
        server.onGreeting([](Session& session) { session.stall(20); });
        TempDir home;
        const auto outcome =
            runFtpx(home.path(), {"--retries", "0", "get", "ftp://alice:secret@" + hostPort(server) + "/a.txt"});
        assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "timed out");
        // The timeout held, rather than an immediate give-up.
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.seconds >= timeoutSeconds * 0.75);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server.transcript(), std::size_t{0}, server.count("PASS"));
        CPPUNIT_ASSERT(!exists(home.path() + "/a.txt"));
    }

    void testImplicitTlsHandshakeThatNeverComes() {
        // ftps:// starts with the handshake, before any reply has set a
        // timeout: a server that accepts and stays silent must still fail
        // within the timeout, not hang.
        HostileFtpServer server;
        server.onGreeting([](Session& session) { session.stall(20); });
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "ls", "ftps://" + hostPort(server) + "/"});
        assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "TLS handshake timed out");
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.seconds >= timeoutSeconds * 0.75);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.seconds < timeoutSeconds * 2);
    }

    void testOverlongReplyLine() {
        HostileFtpServer server;
        server.onGreeting([](Session& session) {
            session.sendRaw("220 " + std::string(100 * 1024, 'a'));  // 100 KiB, no CRLF
            session.stall(20);
        });
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "ls", url(server, "")});
        assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "reply line longer than");
        CPPUNIT_ASSERT_EQUAL(std::string(), outcome.result.out);
    }

    void testEndlessMultiLineReply() {
        HostileFtpServer server;
        server.onGreeting([](Session& session) {
            std::string chunk;
            for (int i = 0; i < 1000; ++i) chunk += "220-and there is more\r\n";
            // Up to 256 MiB, until ftpx hangs up; it must give up long before.
            for (int i = 0; i < 12000 && session.sendRaw(chunk); ++i) {
            }
            session.stall(20);
        });
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "ls", url(server, "")});
        assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "reply");
        // Stopped by a bound on the reply, not by the silence timeout: the server never fell silent.
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find("timed out") == std::string::npos);
    }

    void testMalformedReplyCodes() {
        // Not a code; two digits; four digits; a code followed by neither ' ', '-' nor the line's end.
        for (const std::string greeting : {"abc\r\n", "99 x\r\n", "2000 ok\r\n", "220\x01 hi\r\n"}) {
            HostileFtpServer server;
            server.onGreeting([greeting](Session& session) {
                session.sendRaw(greeting);
                session.stall(20);
            });
            TempDir home;
            const auto outcome = runFtpx(home.path(), {"--retries", "0", "ls", url(server, "")});
            assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "malformed reply");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(shown(greeting), std::size_t{0}, server.count("PASS"));
        }
    }

    void testRetrAnsweredWithoutTransfer() {
        // A transfer starts with 1yz: 299 is no code RFC 959 defines, 250 one
        // that claims success with no data connection at all; and 550 after
        // SIZE worked (a file without read permission on vsftpd) must be
        // reported as the server put it, not as a broken data connection.
        for (const std::string answer :
             {"299 Whatever you say.", "550 Permission denied.", "250 Requested file action okay, completed."}) {
            HostileFtpServer server;
            server.addFile("/data.bin", payload(5000, 3));
            server.onCommand([answer](Session& session, const Command& command) {
                if (command.verb != "RETR") return false;
                session.closeData();  // as a server that means it: no transfer will come
                session.reply(answer);
                return true;
            });
            TempDir home;
            const auto outcome =
                runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), home.path() + "/data.bin"});
            assertFailure(outcome, "ftpx: ", answer.substr(0, 4));
            CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(home.path() + "/data.bin"));
        }
    }

    void testPreliminaryReplyNeverFollowed() {
        // 150, then neither data nor 226: the data connection stays silent.
        HostileFtpServer server;
        server.addFile("/data.bin", payload(5000, 4));
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "RETR") return false;
            session.reply("150 Opening BINARY mode data connection for data.bin (5000 bytes).");
            session.stall(20);
            return true;
        });
        TempDir home;
        const auto outcome =
            runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), home.path() + "/data.bin"});
        assertFailureMessage(outcome, "ftpx: ", "timed out");
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(home.path() + "/data.bin"));
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.seconds >= timeoutSeconds * 0.75);
        assertPrompt(outcome, server);
    }

    void testStallMidTransferKeepsPartThenResumes() {
        const std::string content = payload(200000, 5);
        const std::size_t sentBeforeStall = 50000;
        std::atomic<bool> hostile{true};
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb != "RETR" || !hostile) return false;
            session.reply("150 Opening BINARY mode data connection for data.bin (200000 bytes).");
            session.sendData(content.substr(0, sentBeforeStall));
            session.stall(20);  // data connection and control connection held open, silent
            return true;
        });
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        const auto stalled = runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), local});
        // The time is checked last, so that the partial file and the resume are checked regardless.
        assertFailureMessage(stalled, "ftpx: ", "timed out");
        CPPUNIT_ASSERT_MESSAGE(stalled.describe(), !exists(local));
        CPPUNIT_ASSERT_MESSAGE(stalled.describe(), exists(local + ".part"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stalled.describe(), sentBeforeStall, readFile(local + ".part").size());
        CPPUNIT_ASSERT(content.substr(0, sentBeforeStall) == readFile(local + ".part"));

        hostile = false;
        const auto resumed = runFtpx(home.path(), {"-c", "get", url(server, "data.bin"), local});
        const std::string context = resumed.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, resumed.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, content == readFile(local));
        CPPUNIT_ASSERT_MESSAGE(context, !exists(local + ".part"));
        const auto rests = server.commands("REST");
        CPPUNIT_ASSERT_MESSAGE(context, !rests.empty());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::to_string(sentBeforeStall), rests.back().argument);
        assertPrompt(stalled, server);
    }

    void testDataConnectionClosedEarly() {
        // 1000 of the 4000 bytes SIZE announced, then a cheerful 226.
        const std::string content = payload(4000, 6);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        cutEveryRetr(server, content, 1000, "226 Transfer complete.");
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), local});
        assertFailure(outcome, "ftpx: ", "data.bin");
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(local));
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), content.substr(0, 1000) == readFile(local + ".part"));
    }

    void testTrickleLongerThanTheTimeoutCompletes() {
        // Plain downloads wait for a low-water mark of data before reading;
        // a server slower than that, 500 bytes every 100 ms for one and a
        // half times the timeout, must still be read, not taken for a stall. Both the
        // splice path (a file) and the read path (cat to stdout).
        const std::string content = payload(30 * 500, 8);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb != "RETR") return false;
            session.reply("150 Opening BINARY mode data connection for data.bin (15000 bytes).");
            for (std::size_t at = 0; at < content.size(); at += 500) {
                if (!session.sendData(content.substr(at, 500))) return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            session.closeData();
            session.reply("226 Transfer complete.");
            return true;
        });
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        const auto toFile = runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), local});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(toFile.describe(), 0, toFile.result.status);
        CPPUNIT_ASSERT_MESSAGE(toFile.describe(), content == readFile(local));
        CPPUNIT_ASSERT_MESSAGE(toFile.describe(), toFile.seconds >= timeoutSeconds * 1.2);
        const auto toStdout = runFtpx(home.path(), {"--retries", "0", "cat", url(server, "data.bin")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(toStdout.describe(), 0, toStdout.result.status);
        CPPUNIT_ASSERT_MESSAGE(toStdout.describe(), content == toStdout.result.out);
    }

    void testDiskFullOnStorIsNotRetried() {
        HostileFtpServer server;
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "STOR" && command.verb != "APPE") return false;
            session.closeData();
            session.reply("452 Insufficient storage space on server.");
            return true;
        });
        TempDir home;
        const std::string local = home.write("big.bin", payload(100000, 7));
        // Default retries (3): a full disk must not use them.
        const auto outcome = runFtpx(home.path(), {"put", local, url(server, "big.bin")});
        assertFailure(outcome, "ftpx: ", "452");
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{1}, server.count("STOR") + server.count("APPE"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 1, server.connections());
    }

    void testDiskFullStopsMirrorUpload() {
        // 552 after the data of the first file: the next files cannot fit either.
        HostileFtpServer server;
        server.addDirectory("/up");
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "STOR" && command.verb != "APPE") return false;
            session.reply("150 Ok to send data.");
            session.receiveData(5);
            session.closeData();
            session.reply("552 Requested file action aborted. Exceeded storage allocation.");
            return true;
        });
        TempDir home;
        for (const char* name : {"a.bin", "b.bin", "c.bin"}) {
            std::filesystem::create_directories(home.path() + "/local");
            home.write(std::string("local/") + name, payload(30000, 8));
        }
        const auto outcome = runFtpx(home.path(), {"mirror", "-R", home.path() + "/local", url(server, "up/")});
        assertFailure(outcome, "ftpx: ", "552");
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{1}, server.count("STOR") + server.count("APPE"));
    }

    void testLocalDiskFullStopsMirrorDownload() {
        // A 1 MiB tmpfs, in a mount namespace of ftpx's own, holds the first
        // of three 700 KiB files and not the second: the third is not tried.
        if (!requirePrerequisite(::geteuid() == 0 && isExecutable("/usr/bin/unshare"),
                                 "root and /usr/bin/unshare (a tmpfs in a private mount namespace)"))
            return;
        HostileFtpServer server;
        for (const char* name : {"a.bin", "b.bin", "c.bin"})
            server.addFile(std::string("/pub/") + name, payload(700 << 10, 12));
        TempDir home;
        const std::string target = home.path() + "/small";
        std::filesystem::create_directories(target);
        ProcessOptions options;
        options.workingDirectory = home.path();
        options.extraEnv = {"HOME=" + home.path()};
        const auto result =
            run({"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                 "mount -t tmpfs -o size=1m wirekit-full \"$1\" && exec \"$2\" --timeout 2 mirror \"$3\" \"$1\"", "sh",
                 target, ftpx, url(server, "pub/")},
                30, options);
        const std::string context =
            "exit " + std::to_string(result.status) + "; stderr: " + result.err + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 1, result.status);
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find(std::strerror(ENOSPC)) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("RETR"));
    }

    void testTransient450OnRetrIsRetried() {
        const std::string content = payload(100000, 9);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        refuseFirst(server, "RETR", "450 Requested file action not taken. File busy.");
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        const auto outcome = runFtpx(home.path(), {"--retries", "2", "get", url(server, "data.bin"), local});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, content == readFile(local));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("RETR"));
        CPPUNIT_ASSERT_MESSAGE(context, outcome.seconds < 15);
    }

    void testTransient421OnRetrReconnects() {
        const std::string content = payload(100000, 10);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        refuseFirst(server, "RETR", "421 Service not available, closing control connection.");
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        const auto outcome = runFtpx(home.path(), {"--retries", "2", "get", url(server, "data.bin"), local});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, content == readFile(local));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("RETR"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 2, server.connections());
        CPPUNIT_ASSERT_MESSAGE(context, outcome.seconds < 15);
    }

    void testRetryBeforeTheTransferStartsNeverResumesAStalePart() {
        // A .part of another version is here and no -c was given; the first
        // connection is turned away before RETR. The retry must start afresh,
        // not splice the old bytes to the new.
        const std::string content = payload(100000, 11);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        refuseFirst(server, "SIZE", "421 Too many connections, try again later.");
        TempDir home;
        const std::string local = home.path() + "/data.bin";
        home.write("data.bin.part", payload(50000, 12));
        const auto outcome = runFtpx(home.path(), {"--retries", "2", "get", url(server, "data.bin"), local});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, content == readFile(local));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{0}, server.count("REST"));
    }

    void testRetryBeforeTheTransferStartsNeverResumesAStaleUpload() {
        // The server holds an older, shorter copy; the first STOR is refused
        // with a transient 450. The retry must replace the copy, not append.
        const std::string content = payload(3000, 13);
        HostileFtpServer server;
        server.addFile("/up.bin", payload(1000, 14));
        refuseFirst(server, "STOR", "450 Requested file action not taken. File busy.");
        TempDir home;
        home.write("up.bin", content);
        const auto outcome =
            runFtpx(home.path(), {"--retries", "2", "put", home.path() + "/up.bin", url(server, "up.bin")});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, server.file("/up.bin") == content);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{0}, server.count("APPE") + server.count("REST"));
    }

    void testCatIsNotSentTwiceByARetry() {
        // Half the file, then 426: standard output cannot take it back, so a
        // retry from the start would print the first half twice.
        const std::string content = payload(4000, 15);
        HostileFtpServer server;
        server.addFile("/data.bin", content);
        cutEveryRetr(server, content, 2000, "426 Connection closed; transfer aborted.");
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "2", "cat", url(server, "data.bin")});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_MESSAGE(context, outcome.result.status != 0);
        CPPUNIT_ASSERT_MESSAGE(context, outcome.result.out == content.substr(0, 2000));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{1}, server.count("RETR"));
    }

    void testSymlinkedPartIsNotFollowed() {
        // NAME.part planted as a link to a file elsewhere: writing through it
        // would overwrite that file with the server's data.
        HostileFtpServer server;
        server.addFile("/data.bin", payload(4000, 16));
        TempDir home;
        home.write("victim", "keep me");
        const std::string local = home.path() + "/data.bin";
        CPPUNIT_ASSERT_EQUAL(0, ::symlink((home.path() + "/victim").c_str(), (local + ".part").c_str()));
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "get", url(server, "data.bin"), local});
        assertFailure(outcome, "ftpx: ", "symbolic link");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), std::string("keep me"), readFile(home.path() + "/victim"));
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(local));
    }

    void testRefusedListLeavesTheShellWhereItWas() {
        // Without MLST, "ls sub" enters sub to LIST it; when LIST is refused
        // the shell must be back in / before the next relative name.
        HostileFtpServer server;
        server.setFeatures({"EPSV", "PASV", "SIZE", "MDTM", "REST STREAM"});
        server.addDirectory("/sub");
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb != "LIST" || session.currentDirectory() != "/sub") return false;
            session.reply("550 Permission denied.");
            return true;
        });
        TempDir home;
        home.write("f.txt", "here\n");
        const auto shell = runShell(server, home.path(), "ls sub\nput f.txt\nbye\n");
        const RunResult& result = shell.result;
        const std::string& context = shell.context;
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find("550") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, server.file("/f.txt") == std::string("here\n"));
        CPPUNIT_ASSERT_MESSAGE(context, !server.file("/sub/f.txt"));
    }

    void testActiveDataFromAnotherHostRenewsTheSession() {
        // With --active the data connection must come from the server ftpx
        // talks to. One from 127.0.0.2 is refused after the server said 150,
        // so its 226 is still on the way: the shell's next command must not
        // read it as its own answer.
        HostileFtpServer server;
        server.addFile("/f.txt", "genuine\n");
        std::atomic<int> clientPort{0};
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb == "EPRT") {
                // |1|127.0.0.1|PORT|
                const auto end = command.argument.rfind('|');
                const auto start = command.argument.rfind('|', end - 1);
                clientPort = std::stoi(command.argument.substr(start + 1, end - start - 1));
                session.reply("200 EPRT command successful.");
                return true;
            }
            if (command.verb != "RETR" || session.number() != 1) return false;
            session.reply("150 Opening BINARY mode data connection.");
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            ::inet_pton(AF_INET, "127.0.0.2", &address.sin_addr);
            if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
                ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
                address.sin_port = htons(static_cast<unsigned short>(clientPort.load()));
                if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
                    (void)::send(fd, "spoofed\n", 8, MSG_NOSIGNAL);
            }
            ::close(fd);
            session.reply("226 Transfer complete.");
            return true;
        });
        TempDir home;
        const auto shell = runShell(server, home.path(), "get f.txt\npwd\nbye\n", {"--active"});
        const RunResult& result = shell.result;
        const std::string& context = shell.context;
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find("data connection from 127.0.0.2 refused") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, !exists(home.path() + "/f.txt"));
        CPPUNIT_ASSERT_MESSAGE(context, result.out.find("Remote directory: /") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find("226") == std::string::npos);
    }

    void testLateReplyIsNotTakenForTheNextCommands() {
        // The first MKD is answered after the timeout: the shell's next
        // command must go over a new connection, not take that late answer
        // for its own.
        HostileFtpServer server;
        auto seen = std::make_shared<std::atomic<int>>(0);
        server.onCommand([seen](Session& session, const Command& command) {
            if (command.verb != "MKD" || ++*seen > 1) return false;
            session.stall(timeoutSeconds + 0.6);
            session.reply("257 \"/a\" created");
            return true;
        });
        TempDir home;
        const auto shell = runShell(server, home.path(), "mkdir a\nmkdir b\nbye\n");
        const RunResult& result = shell.result;
        const std::string& context = shell.context;
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find("timed out") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, server.hasDirectory("/b"));
    }

    void testChangeWhoseAnswerWasLostIsNotRefusedByItsRetry() {
        // The server makes the change, then the connection drops before its
        // answer: the retry finds the directory made or the file gone, which
        // is what the user asked for, not a failure.
        struct Case {
            std::vector<std::string> args;
            std::string verb;    ///< whose answer is lost
            std::string resent;  ///< the command the retry is refused
            std::function<bool(const HostileFtpServer&)> done;
        };
        const std::vector<Case> cases = {
            {{"mkdir", "new"}, "MKD", "MKD", [](const HostileFtpServer& s) { return s.hasDirectory("/new"); }},
            {{"rm", "old.txt"}, "DELE", "DELE", [](const HostileFtpServer& s) { return !s.file("/old.txt"); }},
            {{"rmdir", "empty"}, "RMD", "RMD", [](const HostileFtpServer& s) { return !s.hasDirectory("/empty"); }},
            {{"mv", "from.txt", "to.txt"},
             "RNTO",
             "RNFR",
             [](const HostileFtpServer& s) { return !s.file("/from.txt") && s.file("/to.txt") == std::string("x"); }},
        };
        for (const auto& c : cases) {
            HostileFtpServer server;
            server.addFile("/old.txt", "x");
            server.addFile("/from.txt", "x");
            server.addDirectory("/empty");
            const std::string verb = c.verb;
            auto seen = std::make_shared<std::atomic<int>>(0);
            server.onCommand([seen, verb](Session& session, const Command& command) {
                return carryOutFirstAndLoseTheAnswer(*seen, verb, session, command);
            });
            TempDir home;
            std::vector<std::string> args = {"--retries", "1", c.args[0], url(server, c.args[1])};
            if (c.args.size() > 2) args.push_back(c.args[2]);
            const auto outcome = runFtpx(home.path(), args);
            const std::string context = c.args[0] + ": " + outcome.describe() + "\ncommands:\n" + server.transcript();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count(c.resent));
            CPPUNIT_ASSERT_MESSAGE(context, c.done(server));
        }
        // A refusal that is not the earlier attempt's doing stays an error:
        // the first attempt was answered (421, nothing done), so the retry's
        // 550 for a file that never was is the user's to see.
        HostileFtpServer server;
        refuseFirst(server, "DELE", "421 Timeout.");
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "1", "rm", url(server, "typo.txt")});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("DELE"));
        assertFailureMessage(outcome, "ftpx: ", "550");
    }

    void testProbeThatCannotComeBackRenewsTheSession() {
        // The retried MKD's look at the server enters new/ and is refused the
        // way back: the shell's next relative name must not land in new/.
        HostileFtpServer server;
        auto seen = std::make_shared<std::atomic<int>>(0);
        server.onCommand([seen](Session& session, const Command& command) {
            if (command.verb == "CWD" && command.argument == "/" && session.number() == 2) {
                session.reply("550 Failed to change directory.");
                return true;
            }
            return carryOutFirstAndLoseTheAnswer(*seen, "MKD", session, command);
        });
        TempDir home;
        home.write("f.txt", "here\n");
        const auto shell = runShell(server, home.path(), "mkdir new\nput f.txt\nbye\n", {"--retries", "1"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shell.context, 0, shell.result.status);
        CPPUNIT_ASSERT_MESSAGE(shell.context, server.file("/f.txt") == std::string("here\n"));
        CPPUNIT_ASSERT_MESSAGE(shell.context, !server.file("/new/f.txt"));
    }

    void testCommandIntoAClosedConnectionIsNotSent() {
        // A server that closed an idle session without a 421: the next
        // command is known not to have reached it, so a retried rm cannot
        // take the retry's 550 for its own success.
        HostileFtpServer server;
        server.onGreeting([](Session& session) {
            session.reply("220 closing at once");
            session.close();
        });
        wirekit::ftpx::ControlChannel channel({"127.0.0.1", server.port(), timeoutSeconds, 0});
        CPPUNIT_ASSERT_EQUAL(220, channel.readReply().code);
        // The server's FIN follows its 220 at once; 200 ms is time enough.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        CPPUNIT_ASSERT_THROW(channel.send("DELE typo.txt"), wirekit::ftpx::NotSentError);
        CPPUNIT_ASSERT(channel.broken());
        CPPUNIT_ASSERT_THROW(channel.send("NOOP"), wirekit::ftpx::NotSentError);
    }

    void testLostAnswerWithoutProofStaysAnError() {
        // The DELE's answer was lost, but SIZE cannot say whether the file is
        // gone (502): the retry's 550 is reported, not taken for success.
        {
            HostileFtpServer server;
            server.addFile("/old.txt", "x");
            auto seen = std::make_shared<std::atomic<int>>(0);
            server.onCommand([seen](Session& session, const Command& command) {
                if (command.verb == "SIZE") {
                    session.reply("502 SIZE not implemented for you.");
                    return true;
                }
                return carryOutFirstAndLoseTheAnswer(*seen, "DELE", session, command);
            });
            TempDir home;
            const auto outcome = runFtpx(home.path(), {"--retries", "1", "rm", url(server, "old.txt")});
            const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("DELE"));
            assertFailureMessage(outcome, "ftpx: ", "550");
        }
        // RNFR changes nothing: its lost answer cannot have moved a.txt, so
        // the retry's 550 (a.txt was never there; b.txt was) is an error.
        {
            HostileFtpServer server;
            server.addFile("/b.txt", "x");
            auto seen = std::make_shared<std::atomic<int>>(0);
            server.onCommand([seen](Session& session, const Command& command) {
                if (command.verb != "RNFR" || ++*seen > 1) return false;
                session.stall(timeoutSeconds + 0.6);
                session.close();
                return true;
            });
            TempDir home;
            const auto outcome = runFtpx(home.path(), {"--retries", "1", "mv", url(server, "a.txt"), "b.txt"});
            const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, server.count("RNFR"));
            assertFailureMessage(outcome, "ftpx: ", "550");
        }
    }

    void testPreliminaryReplyToAPlainCommandRenewsTheSession() {
        // 150 then 257 to MKD: the 257 must not answer the next command.
        HostileFtpServer server;
        auto seen = std::make_shared<std::atomic<int>>(0);
        server.onCommand([seen](Session& session, const Command& command) {
            if (command.verb != "MKD" || ++*seen > 1) return false;
            session.reply("150 Working on it.");
            session.standard(command);
            return true;
        });
        TempDir home;
        const auto shell = runShell(server, home.path(), "mkdir a\nmkdir b\nbye\n");
        const std::string& context = shell.context;
        const auto made = server.commands("MKD");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{2}, made.size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::string("b"), made[1].argument);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 2, made[1].session);
    }

    void testLatePwdAtLoginIsNotTakenForTheCommand() {
        // ftpx asks PWD after the login; its late answer must not be read as
        // MKD's. The retry's new session makes the directory.
        HostileFtpServer server;
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "PWD" || session.number() != 1) return false;
            session.stall(timeoutSeconds + 0.6);
            session.reply("257 \"/\" is the current directory");
            return true;
        });
        TempDir home;
        const auto outcome = runFtpx(home.path(), {"--retries", "1", "mkdir", url(server, "new")});
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(context, server.hasDirectory("/new"));
    }

    void testMirrorRefusesHostileMlsdNames() {
        MirrorLayout layout;
        const std::string facts = "type=file;size=4;modify=20240102030405;UNIX.mode=0644; ";
        const std::string listing = lines({
            "type=cdir;modify=20240102030405; /pub",
            "type=pdir;modify=20240102030405; /",
            "type=file;size=5;modify=20240102030405;UNIX.mode=0644; good.txt",
            "type=dir;modify=20240102030405;UNIX.mode=0755; sub",
            facts + "../evil",
            facts + "a/b",
            facts + "/etc/passwd",
            facts + layout.outside + "/abs.txt",
            facts + "cr\rname",
            facts + "esc\x1b[2Jname",
            // A newline inside a name splits its line: the head is one more
            // name to check (here it climbs out), the tail a line to skip.
            facts + "../nl\nname.txt",
            "type=dir;modify=20240102030405; .",
            "type=dir;modify=20240102030405; ..",
            "type=OS.unix=slink:/etc;modify=20240102030405; etc",
            "type=OS.unix=slink:../../x;modify=20240102030405; up",
        });
        HostileFtpServer server;
        server.addFile("/pub/good.txt", "good\n");
        server.addFile("/pub/sub/inner.txt", "inner\n");
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb != "MLSD" || session.resolve(command.argument) != "/pub") return false;
            session.sendTransfer(listing);
            return true;
        });
        const std::string passwd = readFile("/etc/passwd");
        const auto outcome = runFtpx(layout.root.path(), {"mirror", url(server, "pub/"), layout.target}, layout.user);
        assertOnlyTheGoodTreeMirrored(outcome, layout, server, passwd,
                                      {"../evil", "a/b", "/etc/passwd", layout.outside + "/abs.txt"});
    }

    void testMirrorRefusesHostileListNames() {
        MirrorLayout layout;
        const std::string file = "-rw-r--r--    1 ftp      ftp             4 Jan 02  2024 ";
        // UNIX style at the top, DOS (IIS) style below, each with hostile names.
        const std::string unixListing = lines({
            "total 12",
            "drwxr-xr-x    3 ftp      ftp          4096 Jan 02  2024 .",
            "drwxr-xr-x    3 ftp      ftp          4096 Jan 02  2024 ..",
            "-rw-r--r--    1 ftp      ftp             5 Jan 02  2024 good.txt",
            "drwxr-xr-x    2 ftp      ftp          4096 Jan 02  2024 sub",
            file + "../evil",
            file + "a/b",
            file + "/etc/passwd",
            file + layout.outside + "/abs.txt",
            file + "esc\x1b[2Jname",
            "lrwxrwxrwx    1 ftp      ftp             4 Jan 02  2024 etc -> /etc",
            "lrwxrwxrwx    1 ftp      ftp             7 Jan 02  2024 up -> ../../x",
            "this line is garbage, no listing at all",
        });
        const std::string dosListing = lines({
            "01-02-24  03:04AM       <DIR>          ..",
            "01-02-24  03:04AM                    6 inner.txt",
            "01-02-24  03:04AM                    4 ../dosevil",
            "01-02-2024  15:04                    4 /etc/passwd",
        });
        HostileFtpServer server;
        server.setFeatures({"EPSV", "PASV", "SIZE", "MDTM", "REST STREAM"});  // no MLST: LIST it is
        server.addFile("/pub/good.txt", "good\n");
        server.addFile("/pub/sub/inner.txt", "inner\n");
        server.onCommand([&](Session& session, const Command& command) {
            if (command.verb != "LIST") return false;
            const std::string path = session.listingPath(command.argument);
            if (path != "/pub" && path != "/pub/sub") return false;
            session.sendTransfer(path == "/pub" ? unixListing : dosListing);
            return true;
        });
        const std::string passwd = readFile("/etc/passwd");
        const auto outcome = runFtpx(layout.root.path(), {"mirror", url(server, "pub/"), layout.target}, layout.user);
        assertOnlyTheGoodTreeMirrored(
            outcome, layout, server, passwd,
            {"../evil", "a/b", "/etc/passwd", layout.outside + "/abs.txt", "../dosevil", "this line is garbage"});
    }

    void testEscapeSequencesInRepliesAreEscaped() {
        // ESC [ 2 J clears the screen; ESC ] 0 ; ... BEL retitles the terminal.
        HostileFtpServer server;
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "RETR" && command.verb != "SIZE" && command.verb != "MDTM") return false;
            session.closeData();
            session.reply("550 \x1b[2J\x1b]0;owned\x07No such file.");
            return true;
        });
        TempDir home;
        const auto outcome =
            runFtpx(home.path(), {"--retries", "0", "get", url(server, "missing.bin"), home.path() + "/missing.bin"});
        assertFailure(outcome, "ftpx: ", "550 ");
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find('\x1b') == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find('\x07') == std::string::npos);
        // Escaped, not dropped: the user still sees what the server said.
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find("[2J") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find("No such file.") != std::string::npos);
    }

    void testTlsRequiredRefusedNeverSendsThePassword() {
        HostileFtpServer server;  // answers AUTH TLS with "500 AUTH not understood."
        TempDir home;
        const auto outcome = runFtpx(
            home.path(), {"--tls-required", "--retries", "0", "ls", "ftp://alice:secret@" + hostPort(server) + "/"});
        assertFailure(outcome, "ftpx: " + hostPort(server) + ": ", "server refused AUTH TLS: 500");
        const std::string context = outcome.describe() + "\ncommands:\n" + server.transcript();
        CPPUNIT_ASSERT_MESSAGE(context, server.count("AUTH") == 1);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{0}, server.count("PASS"));
        CPPUNIT_ASSERT_MESSAGE(context, !sentAnywhere(server, "secret"));
        CPPUNIT_ASSERT_MESSAGE(context, outcome.result.err.find("secret") == std::string::npos);
    }

    void testCleartextAfterAuthTlsNeverSendsThePassword() {
        // After 234 a server that goes on in cleartext: either in answer to
        // the ClientHello, or already injected behind the 234 itself.
        const auto answerHelloInCleartext = [](Session& session) {
            session.reply("234 Proceed with negotiation.");
            session.readRaw(1.0);  // the ClientHello
            session.reply("230 Login successful, no TLS needed.");
            session.stall(20);
        };
        const auto injectBehind234 = [](Session& session) {
            session.sendRaw("234 Proceed with negotiation.\r\n230 Login successful.\r\n");
            session.stall(20);
        };
        for (const auto& [name, script] : std::vector<std::pair<std::string, std::function<void(Session&)>>>{
                 {"answer to ClientHello", answerHelloInCleartext}, {"injected behind 234", injectBehind234}}) {
            for (const std::string tlsOption : {"--tls-required", "--tls"}) {
                HostileFtpServer server;
                server.onCommand([script](Session& session, const Command& command) {
                    if (command.verb != "AUTH") return false;
                    script(session);
                    return true;
                });
                TempDir home;
                const auto outcome = runFtpx(
                    home.path(), {tlsOption, "--retries", "0", "ls", "ftp://alice:secret@" + hostPort(server) + "/"});
                const std::string context =
                    name + " " + tlsOption + ": " + outcome.describe() + "\ncommands:\n" + shown(server.transcript());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 1, outcome.result.status);
                CPPUNIT_ASSERT_MESSAGE(context, outcome.seconds < failureLimitSeconds);
                CPPUNIT_ASSERT_MESSAGE(context, outcome.result.err.find("ftpx: " + hostPort(server) + ": ") == 0);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::size_t{0}, server.count("PASS"));
                CPPUNIT_ASSERT_MESSAGE(context, !sentAnywhere(server, "secret"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::string(), outcome.result.out);
            }
        }
    }

    /// A self-signed certificate and its key for NAME in DIR, as NAME.pem and NAME.key.
    static void makeCertificate(const std::string& dir, const std::string& name, const std::string& altNames) {
        const auto made =
            run({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-subj", "/CN=" + name, "-addext", "subjectAltName=" + altNames, "-keyout",
                 dir + "/" + name + ".key", "-out", dir + "/" + name + ".pem", "-days", "2"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(made.err, 0, made.status);
    }

    static std::unique_ptr<Process> startHostileTlsServer(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv{"/usr/bin/python3",
                                      std::string(WIREKIT_SOURCE_DIR) + "/tests/ftpx/hostile_tls_ftp.py"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        auto server = std::make_unique<Process>(argv);
        // It serves one connection: a probe would take it, so wait for its word.
        CPPUNIT_ASSERT_MESSAGE(server->standardError(), server->waitForError("ready", 10));
        return server;
    }

    /// One `ftpx --tls -k get` of data.bin into HOME/data.bin from
    /// tests/ftpx/hostile_tls_ftp.py in `mode`, with a certificate for
    /// localhost; nothing when python3 or openssl is missing.
    struct HostileTlsGet {
        Outcome outcome;
        std::string target;
        std::string where;  ///< "127.0.0.1:PORT: ", as ftpx's messages name the server
    };
    static std::optional<HostileTlsGet> getFromHostileTls(const TempDir& home, const std::string& mode, int retries) {
        if (!requirePrerequisite(isExecutable("/usr/bin/python3") && isExecutable("/usr/bin/openssl"),
                                 "/usr/bin/python3 and /usr/bin/openssl"))
            return std::nullopt;
        makeCertificate(home.path(), "localhost", "DNS:localhost");
        const unsigned short port = freePort(false);
        const auto server = startHostileTlsServer(
            {mode, std::to_string(port), home.path() + "/localhost.pem", home.path() + "/localhost.key"});
        HostileTlsGet get;
        get.target = home.path() + "/data.bin";
        get.where = "127.0.0.1:" + std::to_string(port) + ": ";
        get.outcome = runFtpx(home.path(), {"--retries", std::to_string(retries), "--tls", "-k", "get",
                                            "ftp://127.0.0.1:" + std::to_string(port) + "/data.bin", get.target});
        return get;
    }

    void testStalledDataHandshakeFailsWithinTwoTimeouts() {
        // A server that logs in over TLS, then accepts the data connection
        // and never answers its handshake.
        TempDir home;
        const auto get = getFromHostileTls(home, "stall", 0);
        if (!get) return;
        assertFailureMessage(get->outcome, "ftpx: " + get->where, "TLS handshake timed out");
        // The handshake's read waits the timeout once, its poll once more.
        CPPUNIT_ASSERT_MESSAGE(get->outcome.describe(), get->outcome.seconds < 2 * 2 + 1.5);
        CPPUNIT_ASSERT_MESSAGE("a file was left: " + get->outcome.describe(),
                               !exists(get->target) && !exists(get->target + ".part"));
    }

    void testTlsStallMidTransferKeepsEveryByteInPart() {
        // ftpx gathers TLS records before it writes them: what it holds when
        // the server falls silent must still reach the .part, whole.
        TempDir home;
        const auto get = getFromHostileTls(home, "stall-after-data", 0);
        if (!get) return;
        const Outcome& outcome = get->outcome;
        assertFailureMessage(outcome, "ftpx: " + get->where, "timed out");
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(get->target) && exists(get->target + ".part"));
        std::string expected(300000, '\0');
        for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<char>(i % 251);
        const std::string part = readFile(get->target + ".part");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), expected.size(), part.size());
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), expected == part);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.seconds < failureLimitSeconds);
    }

    void testTlsDataCutWithoutCloseNotifyIsNotComplete() {
        // No SIZE to hold the length against: only TLS's close_notify tells a
        // complete file from one whose connection was cut. One retry: the
        // server takes one connection only, so the retry fails, but it is
        // tried, as after any broken connection.
        TempDir home;
        const auto get = getFromHostileTls(home, "truncated", 1);
        if (!get) return;
        const Outcome& outcome = get->outcome;
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(),
                               hasLine(outcome.result.err, "ftpx: warning: " + get->where,
                                       "data connection: connection closed without TLS close_notify; the data may be "
                                       "cut short; retrying"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 1, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), !exists(get->target) && exists(get->target + ".part"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), std::size_t{100000}, readFile(get->target + ".part").size());
    }

    void testDataConnectionCertificateForAnotherNameRefused() {
        // The control connection shows a certificate for 127.0.0.1; the data
        // connection, not resumed, one just as trusted but for another name.
        if (!requirePrerequisite(isExecutable("/usr/bin/python3") && isExecutable("/usr/bin/openssl"),
                                 "/usr/bin/python3 and /usr/bin/openssl"))
            return;
        TempDir home;
        makeCertificate(home.path(), "localhost", "IP:127.0.0.1");
        makeCertificate(home.path(), "elsewhere.example", "DNS:elsewhere.example");
        std::ofstream(home.path() + "/trusted.pem")
            << readFile(home.path() + "/localhost.pem") << readFile(home.path() + "/elsewhere.example.pem");
        const unsigned short port = freePort(false);
        const auto server = startHostileTlsServer(
            {"other-certificate", std::to_string(port), home.path() + "/localhost.pem", home.path() + "/localhost.key",
             home.path() + "/elsewhere.example.pem", home.path() + "/elsewhere.example.key"});
        const std::string target = home.path() + "/data.bin";
        const auto outcome =
            runFtpx(home.path(), {"--retries", "0", "--tls", "--cacert", home.path() + "/trusted.pem", "get",
                                  "ftp://127.0.0.1:" + std::to_string(port) + "/data.bin", target});
        assertFailureMessage(outcome, "ftpx: 127.0.0.1:" + std::to_string(port) + ": ",
                             "data connection: TLS certificate is not for 127.0.0.1");
        CPPUNIT_ASSERT_MESSAGE("a file was left: " + outcome.describe(), !exists(target) && !exists(target + ".part"));
    }

    void testMgetTakesOnlyPlainNamesAndGoesOnAfterAFailure() {
        // The server names the files mget writes: '-' must be a file, not
        // standard output; '../evil.txt' and a name holding a terminal escape
        // are refused; '*' skips dotfiles, as in sh(1); a file the server
        // refuses is reported and the others still come.
        TempDir outer;
        const std::string home = outer.path() + "/home";
        ::mkdir(home.c_str(), 0700);
        HostileFtpServer server;
        for (const char* name : {"/-", "/a.txt", "/b.txt", "/c.txt", "/.dot.txt", "/sub/d.txt"})
            server.addFile(name, std::string(name + 1) + " content\n");
        server.setFeatures({"SIZE", "MDTM", "REST STREAM"});  // LIST, as vsftpd
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb == "RETR" && command.argument == "b.txt") {
                session.reply("550 Permission denied.");
                return true;
            }
            if (command.verb != "LIST" || session.listingPath(command.argument) != "/") return false;
            std::string listing;
            for (const std::string name :
                 {"-", "a.txt", "b.txt", "c.txt", ".dot.txt", "../evil.txt", "\x1b]0;owned\x07.txt"})
                listing += "-rw-r--r--    1 0        0              14 Jan 02  2024 " + name + "\r\n";
            listing += "drwxr-xr-x    2 0        0            4096 Jan 02  2024 sub\r\n";
            session.sendTransfer(listing);
            return true;
        });
        const auto shell = runShell(server, home, "mget *.txt -\nmget sub/*.txt sub/d.txt\nbye\n");
        const RunResult& result = shell.result;
        const std::string& context = shell.context;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, 1, result.status);
        for (const char* name : {"a.txt", "c.txt"})
            CPPUNIT_ASSERT_MESSAGE(context + name, readFile(home + "/" + name) == std::string(name) + " content\n");
        CPPUNIT_ASSERT_MESSAGE(context, readFile(home + "/d.txt") == "sub/d.txt content\n");
        CPPUNIT_ASSERT_MESSAGE(context, readFile(home + "/-") == "- content\n");
        CPPUNIT_ASSERT_MESSAGE(context, result.out.find("- content") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, !std::filesystem::exists(home + "/b.txt"));
        CPPUNIT_ASSERT_MESSAGE(context, !std::filesystem::exists(home + "/.dot.txt"));
        CPPUNIT_ASSERT_MESSAGE(context, !std::filesystem::exists(outer.path() + "/evil.txt"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            context, std::ptrdiff_t{4},
            std::distance(std::filesystem::directory_iterator(home), std::filesystem::directory_iterator()));
        CPPUNIT_ASSERT_MESSAGE(context,
                               result.err.find("mget: refusing '\\x1b]0;owned\\x07.txt'") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find('\x1b') == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(context, result.err.find("mget: 1 of 4 files failed") != std::string::npos);
        // sub/d.txt twice, fetched once.
        const auto commands = server.commands();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(context, std::ptrdiff_t{1},
                                     std::count_if(commands.begin(), commands.end(), [](const Command& command) {
                                         return command.verb == "RETR" && command.argument == "sub/d.txt";
                                     }));
    }

    void testResumeCheckWithAServerThatIgnoresRest() {
        // An upload mirror reads back the end of a shorter remote copy
        // before it continues it. A server that answers REST 350 and then
        // sends from byte 0 sends it whole: its end still decides, and the
        // genuine partial upload is continued, not restarted.
        std::string whole(100000, '\0');
        for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = static_cast<char>('a' + i % 23);
        HostileFtpServer server;
        server.setFeatures({"MLST type*;size*;modify*;", "SIZE", "MDTM", "REST STREAM"});
        server.addFile("/up/big.bin", whole.substr(0, 30000));
        server.onCommand([&server](Session& session, const Command& command) {
            if (command.verb != "RETR") return false;
            session.sendTransfer(*server.file("/up/big.bin"));
            return true;
        });
        TempDir home;
        std::filesystem::create_directories(home.path() + "/tree");
        home.write("tree/big.bin", whole);
        const struct timespec old[2] = {{1672531200, 0}, {1672531200, 0}};  // 2023-01-01, before the copy
        ::utimensat(AT_FDCWD, (home.path() + "/tree/big.bin").c_str(), old, 0);
        const auto outcome = runFtpx(
            home.path(), {"--retries", "0", "--json", "mirror", "-R", home.path() + "/tree", url(server, "up/")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 0, outcome.result.status);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), server.file("/up/big.bin") == whole);
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.out.find("\"resumed\":1") != std::string::npos);
    }

    void testRepeatedUniqueFactsDeleteNothing() {
        // A server whose unique fact is the same for distinct directories
        // (an st_ino of 0): the second is not entered, and --delete must
        // leave alone what the destination holds in it.
        HostileFtpServer server;
        server.setFeatures({"MLST type*;size*;modify*;unique*;", "SIZE", "MDTM", "REST STREAM"});
        server.addFile("/d1/f1", "one\n");
        server.addFile("/d2/f2", "two\n");
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "MLSD" || session.listingPath(command.argument) != "/") return false;
            session.sendTransfer(
                "type=dir;unique=0;modify=20240102000000; d1\r\n"
                "type=dir;unique=0;modify=20240102000000; d2\r\n");
            return true;
        });
        TempDir home;
        const std::string copy = home.path() + "/copy";
        std::filesystem::create_directories(copy + "/d2");
        home.write("copy/d2/f2", "two\n");
        const auto outcome = runFtpx(home.path(), {"--retries", "0", "mirror", "--delete", url(server, ""), copy});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 0, outcome.result.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), std::string("two\n"), readFile(copy + "/d2/f2"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), std::string("one\n"), readFile(copy + "/d1/f1"));
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(),
                               outcome.result.err.find("d2: the same directory") != std::string::npos);
    }

    void testMirrorTakesTheConnectionsTheServerAllows() {
        // Two control connections at a time, as vsftpd's max_per_ip=2: a
        // mirror -j 4 makes do with two, every file copied, exit 0.
        HostileFtpServer server;
        for (int i = 0; i < 8; ++i) server.addFile("/t/f" + std::to_string(i), "file " + std::to_string(i) + "\n");
        server.onGreeting([](Session& session) {
            if (session.number() > 2) {
                session.reply("421 There are too many connections from your internet address.");
                session.close();
                return;
            }
            session.reply("220 hostile FTP server ready");
        });
        TempDir home;
        const auto outcome =
            runFtpx(home.path(), {"--retries", "0", "-j", "4", "mirror", url(server, "t/"), home.path() + "/copy"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), 0, outcome.result.status);
        for (int i = 0; i < 8; ++i)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(outcome.describe(), "file " + std::to_string(i) + "\n",
                                         readFile(home.path() + "/copy/f" + std::to_string(i)));
        CPPUNIT_ASSERT_MESSAGE(outcome.describe(), outcome.result.err.find("going on with fewer") != std::string::npos);
    }

    void testMdeleteAndLocalCommands() {
        HostileFtpServer server;
        for (const char* name : {"/a.log", "/b.log", "/keep.txt"}) server.addFile(name, "x\n");
        TempDir home;
        home.write("here.txt", "local\n");
        const auto shell =
            runShell(server, home.path(), "mdelete *.log\n!echo from sh; exit 0\nlls here.txt\nbinary\nbye\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shell.context, 0, shell.result.status);
        CPPUNIT_ASSERT_MESSAGE(shell.context, !server.file("/a.log") && !server.file("/b.log"));
        CPPUNIT_ASSERT_MESSAGE(shell.context, server.file("/keep.txt"));
        CPPUNIT_ASSERT_MESSAGE(shell.context, shell.result.out.find("from sh\nhere.txt\n") != std::string::npos);
        // The command runs with SIGPIPE as a shell gives it (ftpx ignores
        // and POCO blocks it): "yes | head" ends.
        const auto piped = runShell(server, home.path(), "!yes | head -1\nbye\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(piped.context, 0, piped.result.status);
        CPPUNIT_ASSERT_MESSAGE(piped.context, piped.result.err.find("Broken pipe") == std::string::npos);
        const auto failing = runShell(server, home.path(), "!exit 3\nascii\nbye\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(failing.context, 1, failing.result.status);
        CPPUNIT_ASSERT_MESSAGE(failing.context, failing.result.err.find("exit status 3") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(failing.context, failing.result.err.find("binary") != std::string::npos);
    }

    void testInterruptEndsTheTransferNotTheSession() {
        // ^C at the prompt drops the line; ^C in a transfer that stalls ends
        // it at once (not after the 20 s timeout) and keeps the .part; the
        // session goes on, as ftp(1)'s does.
        TempDir home;
        HostileFtpServer server;
        server.addFile("/slow.bin", std::string(4096, 's'));
        server.onCommand([](Session& session, const Command& command) {
            if (command.verb != "RETR") return false;
            session.reply("150 Opening BINARY mode data connection.");
            session.sendData(std::string(4096, 's'));
            session.stall(30);
            return true;
        });
        int terminal = -1;
        const pid_t child = ::forkpty(&terminal, nullptr, nullptr, nullptr);
        CPPUNIT_ASSERT(child >= 0);
        if (child == 0) {
            if (::chdir(home.path().c_str()) != 0) ::_exit(126);
            ::setenv("HOME", home.path().c_str(), 1);
            const std::string target = url(server, "");
            ::execl(ftpx.c_str(), ftpx.c_str(), "--timeout", "20", "--retries", "0", target.c_str(), nullptr);
            ::_exit(127);
        }
        std::string seen;
        const auto readUntil = [&](const std::string& text, double seconds) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
            while (seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
                pollfd ready{terminal, POLLIN, 0};
                if (::poll(&ready, 1, 50) <= 0) continue;
                char buffer[4096];
                const ssize_t got = ::read(terminal, buffer, sizeof buffer);
                if (got <= 0) break;
                seen.append(buffer, static_cast<std::size_t>(got));
            }
            return seen.find(text) != std::string::npos;
        };
        const auto type = [&](const std::string& keys) {
            CPPUNIT_ASSERT_EQUAL(static_cast<ssize_t>(keys.size()), ::write(terminal, keys.data(), keys.size()));
        };
        CPPUNIT_ASSERT_MESSAGE(seen, readUntil("ftpx> ", 10));
        type("half a line");
        readUntil("half a line", 2);
        type("\x03");
        // The terminal flushes what was typed ahead of a ^C: wait for the prompt.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        type("pwd\r");
        CPPUNIT_ASSERT_MESSAGE(seen, readUntil("Remote directory: /", 5));
        CPPUNIT_ASSERT_MESSAGE(seen, seen.find("half a linepwd") == std::string::npos);
        type("get slow.bin\r");
        const std::string part = home.path() + "/slow.bin.part";
        const auto partSize = [&] {
            struct stat info {};
            return ::stat(part.c_str(), &info) == 0 ? info.st_size : -1;
        };
        for (int i = 0; i < 100 && partSize() != 4096; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto interrupted = std::chrono::steady_clock::now();
        type("\x03");
        CPPUNIT_ASSERT_MESSAGE(seen, readUntil("get: interrupted", 5));
        CPPUNIT_ASSERT_MESSAGE(seen, std::chrono::steady_clock::now() - interrupted < std::chrono::seconds(5));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(seen, std::string(4096, 's'), readFile(part));
        seen.clear();
        type("pwd\r");
        CPPUNIT_ASSERT_MESSAGE(seen, readUntil("Remote directory: /", 5));
        type("bye\r");
        int status = -1;
        for (int i = 0; i < 100 && ::waitpid(child, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ::close(terminal);
        CPPUNIT_ASSERT_MESSAGE(seen, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FtpxHostileTest);
