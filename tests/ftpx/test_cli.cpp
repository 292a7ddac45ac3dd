// ftpx's command line as a user meets it: help, version, usage errors with
// exit 2, netrc and password rules checked before any connection, the exit
// status of a refused connection, and a man page that documents every option
// and interactive command.
#include "manpage.h"
#include "prerequisite.h"
#include "process.h"

#include <poll.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <regex>
#include <sstream>

using namespace wirekit::test;

namespace {

const std::string ftpx = WIREKIT_FTPX;
const std::string manPage = std::string(WIREKIT_SOURCE_DIR) + "/man/ftpx.1";
const std::string hint = "ftpx: try 'ftpx --help' for more information\n";

/// The usage lines of the contract, which the man page's SYNOPSIS repeats.
const std::vector<std::string> usageLines = {
    "ftpx [options] get URL [LOCAL]",
    "ftpx [options] put LOCAL URL",
    "ftpx [options] ls [-l] URL",
    "ftpx [options] cat|mkdir|rm|rmdir URL",
    "ftpx [options] mv URL NEWPATH",
    "ftpx [options] mirror [-R] [--delete] [--dry-run] [-j N] SOURCE DEST",
    "ftpx [options] [-b FILE] [HOST | URL]",
};

/// Every interactive command of the contract, aliases included.
const std::vector<std::string> interactiveCommands = {
    "open",  "user",  "cd", "cdup",   "pwd",    "lcd", "lpwd",   "ls",    "dir", "get",  "put",  "mget", "mput",
    "mkdir", "rmdir", "rm", "delete", "rename", "mv",  "mirror", "close", "bye", "quit", "exit", "help",
};

/// Runs ftpx in `home` with a clean login environment: HOME there, no NETRC
/// and no FTPX_PASSWORD inherited from whoever runs the tests, no
/// controlling terminal (setsid), so that a password prompt can never wait
/// on a developer's tty, and `input` on standard input.
RunResult runFtpx(const std::vector<std::string>& args, const std::string& home,
                  const std::vector<std::string>& extraEnv = {}, const std::string& input = "") {
    // The shell redirects standard input itself: ProcessOptions::standardInput
    // removes its file before the child gets to open it, and the child then
    // reads the test runner's standard input instead.
    const std::string inputFile = home + "/.standard-input";
    {
        std::ofstream file(inputFile, std::ios::binary | std::ios::trunc);
        file << input;
    }
    // env(1) sets `extraEnv` after unsetting, so a test may set NETRC or FTPX_PASSWORD itself.
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$@\" <\"$0\"", inputFile,     "env", "-u",
                                     "NETRC",   "-u", "FTPX_PASSWORD",       "HOME=" + home};
    argv.insert(argv.end(), extraEnv.begin(), extraEnv.end());
    argv.insert(argv.end(), {"setsid", "-w", ftpx});
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.workingDirectory = home;
    return run(argv, 30, options);
}

/// Collapses runs of blanks to one space and drops the spaces around '|', so
/// that "cat | mkdir" as mandoc sets it compares equal to "cat|mkdir".
std::string normalised(const std::string& line) {
    std::string words = std::regex_replace(line, std::regex(R"(\s+)"), " ");
    words = std::regex_replace(words, std::regex(R"( ?\| ?)"), "|");
    return std::regex_replace(words, std::regex(R"(^ | $)"), "");
}

/// The text of section `name` of a rendered page, without its heading.
std::string sectionOf(const std::string& page, const std::string& name) {
    const auto begin = page.find("\n" + name + "\n");
    if (begin == std::string::npos) return "";
    const auto start = begin + name.size() + 2;
    static const std::regex heading(R"(\n[A-Z][A-Z ]+\n)");
    std::smatch next;
    const std::string rest = page.substr(start);
    return std::regex_search(rest, next, heading) ? rest.substr(0, next.position(0)) : rest;
}

}  // namespace

class FtpxCliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FtpxCliTest);
    CPPUNIT_TEST(testHelpAndVersion);
    CPPUNIT_TEST(testHelpShowsTheContractUsage);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST(testBadUrlHidesItsPassword);
    CPPUNIT_TEST(testConnectionRefusedExitsOne);
    CPPUNIT_TEST(testUrlPasswordNeverInStderr);
    CPPUNIT_TEST(testInsecureNetrcIsRefusedBeforeConnecting);
    CPPUNIT_TEST(testNoPasswordAndNoTerminal);
    CPPUNIT_TEST(testInterruptedPasswordPromptGivesTheEchoBack);
    CPPUNIT_TEST(testBatchStopsAtTheFirstFailure);
    CPPUNIT_TEST(testInteractiveHelpKnowsEveryCommand);
    CPPUNIT_TEST(testManPageIsLintClean);
    CPPUNIT_TEST(testManPageSynopsisIsTheUsage);
    CPPUNIT_TEST(testManPageDocumentsEveryOptionInHelp);
    CPPUNIT_TEST(testManPageDocumentsEveryInteractiveCommand);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHelpAndVersion() {
        const auto help = run({ftpx, "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT_EQUAL(std::string(), help.err);
        CPPUNIT_ASSERT(help.out.rfind("usage: ftpx ", 0) == 0);
        const auto shortHelp = run({ftpx, "-h"});
        CPPUNIT_ASSERT_EQUAL(0, shortHelp.status);
        CPPUNIT_ASSERT_EQUAL(help.out, shortHelp.out);
        for (const auto& flag : {"-V", "--version"}) {
            const auto version = run({ftpx, flag});
            CPPUNIT_ASSERT_EQUAL(0, version.status);
            CPPUNIT_ASSERT_EQUAL(std::string(), version.err);
            CPPUNIT_ASSERT_EQUAL(std::string("ftpx (wirekit) " WIREKIT_VERSION "\n"), version.out);
        }
    }

    void testHelpShowsTheContractUsage() {
        std::istringstream help(run({ftpx, "--help"}).out);
        std::string line;
        for (const auto& expected : usageLines) {
            CPPUNIT_ASSERT(std::getline(help, line));
            CPPUNIT_ASSERT_EQUAL(normalised(expected),
                                 normalised(std::regex_replace(line, std::regex("^usage: "), "")));
        }
    }

    void testUsageErrors() {
        // Hosts are loopback literals, so that a check that came too late
        // would meet a closed port rather than send a DNS query.
        const std::string closed = "ftp://127.0.0.1:" + std::to_string(freePort()) + "/";
        const struct {
            std::vector<std::string> args;
            std::string message;
        } cases[] = {
            {{"--bogus"}, "unknown option '--bogus'"},
            {{"-x", "ls", closed}, "unknown option '-x'"},
            {{"ls", closed, "--bogus"}, "unknown option '--bogus'"},  // after the command word too
            {{"-u"}, "option '-u' needs an argument"},
            {{"get"}, "missing operand: usage: ftpx get URL [LOCAL]"},
            {{"put", "x"}, "missing operand: usage: ftpx put LOCAL URL"},
            {{"ls"}, "missing operand: usage: ftpx ls URL"},
            {{"mv", closed + "a"}, "missing operand: usage: ftpx mv URL NEWPATH"},
            {{"mirror", closed}, "missing operand: usage: ftpx mirror SOURCE DEST"},
            {{"get", closed + "a", "b", "c"}, "too many operands: usage: ftpx get URL [LOCAL]"},
            {{"frob", closed, "x"}, "unknown command 'frob'"},
            {{"get", "http://127.0.0.1/"}, "invalid URL 'http://127.0.0.1/': unknown scheme 'http' (ftp or ftps)"},
            {{"get", "ftp://127.0.0.1:99999/"},
             "invalid URL 'ftp://127.0.0.1:99999/': bad port: not a number from 1 to 65535"},
            {{"ls", "ftp:///x"}, "invalid URL 'ftp:///x': empty host"},
            {{"--retries", "x", "ls", closed}, "invalid --retries: retries 'x': must be a number in 0..100"},
            {{"-j", "0", "mirror", closed, "d"}, "invalid -j: connections '0': must be in 1..16"},
            {{"-j", "17", "mirror", closed, "d"}, "invalid -j: connections '17': must be in 1..16"},
            {{"--timeout", "-1", "ls", closed}, "invalid --timeout: timeout '-1': must be a number of seconds"},
            {{"--tls-max", "1.1", "ls", closed}, "invalid --tls-max '1.1': 1.2 or 1.3"},
        };
        TempDir home;
        for (const auto& c : cases) {
            const auto result = runFtpx(c.args, home.path());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message + ": " + result.err, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(std::string("ftpx: " + c.message + "\n" + hint), result.err);
            CPPUNIT_ASSERT_EQUAL(std::string(), result.out);
        }
    }

    void testBadUrlHidesItsPassword() {
        TempDir home;
        const auto result = runFtpx({"get", "ftp://alice:s3cret@127.0.0.1:99999/x"}, home.path());
        CPPUNIT_ASSERT_EQUAL(2, result.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "ftpx: invalid URL 'ftp://alice:***@127.0.0.1:99999/x': bad port: not a number from 1 to 65535\n" +
                hint),
            result.err);
    }

    void testConnectionRefusedExitsOne() {
        TempDir home;
        const std::string port = std::to_string(freePort());
        const auto result = runFtpx({"--retries", "0", "ls", "ftp://127.0.0.1:" + port + "/"}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 1, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ftpx: 127.0.0.1:" + port + ": connection refused\n"), result.err);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.out);

        // The interactive session takes ftp(1)'s "HOST PORT", and a bare IPv6 address.
        const auto hostPort = runFtpx({"--retries", "0", "127.0.0.1", port}, home.path(), {}, "bye\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(hostPort.err, 1, hostPort.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ftpx: 127.0.0.1:" + port + ": connection refused\n"), hostPort.err);
        const auto bare = runFtpx({"--retries", "0", "::1", port}, home.path(), {}, "bye\n");
        CPPUNIT_ASSERT_MESSAGE(bare.err, bare.err.find("ftpx: [::1]:" + port + ": ") == 0);
    }

    void testUrlPasswordNeverInStderr() {
        // One retry and -v: the warning before the retry and the verbose
        // narration are two more places a careless URL could leak.
        TempDir home;
        const std::string endpoint = "127.0.0.1:" + std::to_string(freePort());
        const auto result =
            runFtpx({"-v", "--retries", "1", "get", "ftp://alice:s3cret@" + endpoint + "/x"}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 1, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find("ftpx: " + endpoint + ": connection refused\n") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("s3cret") == std::string::npos);
        CPPUNIT_ASSERT(result.out.find("s3cret") == std::string::npos);
    }

    void testInsecureNetrcIsRefusedBeforeConnecting() {
        TempDir home;
        const std::string url = "ftp://127.0.0.1:" + std::to_string(freePort()) + "/";
        const std::string netrc = home.write(".netrc", "machine 127.0.0.1 login bob password hunter2\n");
        const std::string other = home.write("other-netrc", "machine 127.0.0.1 login bob password hunter2\n");
        const struct {
            std::string file;
            mode_t mode;
            std::vector<std::string> args;
            std::vector<std::string> env;
        } cases[] = {
            {netrc, 0644, {"--retries", "0", "ls", url}, {}},
            {netrc, 0640, {"--retries", "0", "get", url + "x"}, {}},
            {other, 0604, {"--retries", "0", "ls", url}, {"NETRC=" + other}},
            {other, 0644, {"--retries", "0", "--netrc-file", other, "ls", url}, {}},
            {netrc, 0644, {"--retries", "0", "-b", "/dev/null", url}, {}},
        };
        for (const auto& c : cases) {
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(c.file.c_str(), c.mode));
            const auto result = runFtpx(c.args, home.path(), c.env);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 2, result.status);
            CPPUNIT_ASSERT_MESSAGE(result.err, result.err.rfind("ftpx: " + c.file + ": ", 0) == 0);
            CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("connection refused") == std::string::npos);
            CPPUNIT_ASSERT(result.err.find("hunter2") == std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::string(), result.out);
            CPPUNIT_ASSERT_EQUAL(0, ::chmod(c.file.c_str(), 0600));
        }
        // The same files, private, are read and the connection is tried.
        const auto result = runFtpx({"--retries", "0", "--netrc-file", other, "ls", url}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 1, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("connection refused") != std::string::npos);
    }

    void testInterruptedPasswordPromptGivesTheEchoBack() {
        // ^C while the password is typed: ftpx ends as ^C ends it, and the
        // terminal echoes again (else the user's shell is left typing blind).
        int terminal = -1;
        const pid_t child = ::forkpty(&terminal, nullptr, nullptr, nullptr);
        CPPUNIT_ASSERT(child >= 0);
        if (child == 0) {
            ::setenv("FTPX_PASSWORD", "", 1);
            ::execl(ftpx.c_str(), ftpx.c_str(), "-u", "alice", "cat", "ftp://127.0.0.1:1/x", nullptr);
            ::_exit(127);
        }
        std::string seen;
        for (int i = 0; i < 50 && seen.find("Password for alice@127.0.0.1: ") == std::string::npos; ++i) {
            pollfd ready{terminal, POLLIN, 0};
            if (::poll(&ready, 1, 100) > 0) {
                char buffer[256];
                const ssize_t got = ::read(terminal, buffer, sizeof buffer);
                if (got > 0) seen.append(buffer, static_cast<std::size_t>(got));
            }
        }
        CPPUNIT_ASSERT_MESSAGE(seen, seen.find("Password for alice@127.0.0.1: ") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(ssize_t{3}, ::write(terminal, "ab\x03", 3));
        int status = 0;
        for (int i = 0; i < 50 && ::waitpid(child, &status, WNOHANG) == 0; ++i) ::usleep(100000);
        struct termios after {};
        const bool read = ::tcgetattr(terminal, &after) == 0;
        ::close(terminal);
        CPPUNIT_ASSERT_MESSAGE("ftpx did not end on ^C", WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
        CPPUNIT_ASSERT(read);
        CPPUNIT_ASSERT_MESSAGE("echo left off", (after.c_lflag & ECHO) != 0);
    }

    void testNoPasswordAndNoTerminal() {
        TempDir home;
        const std::string url = "ftp://127.0.0.1:" + std::to_string(freePort()) + "/";
        const auto result = runFtpx({"--retries", "0", "-u", "alice", "ls", url}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 2, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.rfind("ftpx: no password for alice at 127.0.0.1", 0) == 0);
        CPPUNIT_ASSERT(result.err.find("connection refused") == std::string::npos);
        // With FTPX_PASSWORD the login is complete and the connection is tried.
        const auto withPassword =
            runFtpx({"--retries", "0", "-u", "alice", "ls", url}, home.path(), {"FTPX_PASSWORD=s3cret"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(withPassword.err, 1, withPassword.status);
        CPPUNIT_ASSERT(withPassword.err.find("connection refused") != std::string::npos);
        CPPUNIT_ASSERT(withPassword.err.find("s3cret") == std::string::npos);
        // A password PASS cannot carry is refused before connecting, naming its source.
        const auto broken =
            runFtpx({"--retries", "0", "-u", "alice", "ls", url}, home.path(), {"FTPX_PASSWORD=s3\rcret"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(broken.err, 2, broken.status);
        CPPUNIT_ASSERT_MESSAGE(broken.err,
                               broken.err.find("the password from FTPX_PASSWORD holds CR") != std::string::npos);
        CPPUNIT_ASSERT(broken.err.find("connection refused") == std::string::npos);
    }

    void testBatchStopsAtTheFirstFailure() {
        // pwd fails without a connection; lpwd prints the local directory.
        TempDir home;
        const std::string stop = home.write("stop.ftpx", "pwd\nlpwd\n");
        const auto stopped = runFtpx({"-b", stop}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stopped.err, 1, stopped.status);
        CPPUNIT_ASSERT_MESSAGE(stopped.out, stopped.out.find(home.path()) == std::string::npos);
        CPPUNIT_ASSERT(!stopped.err.empty());

        const std::string dash = home.write("dash.ftpx", "-pwd\nlpwd\n");
        const auto goesOn = runFtpx({"-b", dash}, home.path());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(goesOn.err, 0, goesOn.status);
        CPPUNIT_ASSERT_MESSAGE(goesOn.out, goesOn.out.find(home.path()) != std::string::npos);

        // On standard input an error does not end the session, but the exit status says one happened.
        const auto session = runFtpx({}, home.path(), {}, "pwd\nlpwd\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(session.err, 1, session.status);
        CPPUNIT_ASSERT_MESSAGE(session.out, session.out.find(home.path()) != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(session.out, session.out.find("ftpx>") == std::string::npos);  // not a terminal
        const auto clean = runFtpx({}, home.path(), {}, "lpwd\nbye\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(clean.err, 0, clean.status);

        // "-b -" reads standard input; blanks may come before the '-'; a
        // tolerated line that does not parse fails nothing; an empty quoted
        // word is no command; lcd ~ is the home directory.
        const auto fromStdin = runFtpx({"-b", "-"}, home.path(), {}, "  -pwd\n-get 'unclosed\n\"\"\nlcd ~\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(fromStdin.err, 0, fromStdin.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(fromStdin.err, "Local directory: " + home.path() + "\n", fromStdin.out);
    }

    void testInteractiveHelpKnowsEveryCommand() {
        TempDir home;
        std::string script;
        for (const auto& command : interactiveCommands) script += "help " + command + "\n";
        const auto result = runFtpx({}, home.path(), {}, script);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.err);
        const auto unknown = runFtpx({}, home.path(), {}, "help frob\n");
        CPPUNIT_ASSERT_EQUAL(1, unknown.status);
    }

    void testManPageIsLintClean() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const auto lint = run({"mandoc", "-Tlint", "-W", "warning", manPage});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(lint.out + lint.err, std::string(), lint.out + lint.err);
    }

    void testManPageSynopsisIsTheUsage() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        // One SYNOPSIS entry per usage line; a wrapped entry continues on
        // lines indented deeper than the five blanks that start one.
        std::istringstream synopsis(sectionOf(renderedManPage(manPage), "SYNOPSIS"));
        std::vector<std::string> entries;
        for (std::string line; std::getline(synopsis, line);) {
            if (normalised(line).empty()) continue;
            if (line.rfind("     ftpx ", 0) == 0 || entries.empty())
                entries.push_back(line);
            else
                entries.back() += " " + line;
        }
        CPPUNIT_ASSERT_EQUAL(usageLines.size(), entries.size());
        for (size_t i = 0; i < entries.size(); ++i)
            CPPUNIT_ASSERT_EQUAL(normalised(usageLines[i]), normalised(entries[i]));
    }

    void testManPageDocumentsEveryOptionInHelp() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(manPage);
        for (const auto& section :
             {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "INTERACTIVE COMMANDS", "URLS", "AUTHENTICATION", "TLS",
              "MIRRORING", "JSON OUTPUT", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO", "STANDARDS"})
            CPPUNIT_ASSERT_MESSAGE(section, page.find("\n" + std::string(section) + "\n") != std::string::npos);
        const std::string options = sectionOf(page, "OPTIONS");
        const auto listed = optionsIn(run({ftpx, "--help"}).out);
        for (const auto& known : {"-4", "-V", "--tls-required", "--netrc-file"})  // the help was read at all
            CPPUNIT_ASSERT_MESSAGE(known, listed.count(known) == 1);
        for (const auto& option : listed)
            CPPUNIT_ASSERT_MESSAGE(option + " is not in OPTIONS of ftpx.1", documents(options, option));
        for (const auto& variable : {"FTPX_PASSWORD", "HOME", "NETRC"})
            CPPUNIT_ASSERT_MESSAGE(variable, documents(sectionOf(page, "ENVIRONMENT"), variable));
    }

    void testManPageDocumentsEveryInteractiveCommand() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string commands = sectionOf(renderedManPage(manPage), "INTERACTIVE COMMANDS");
        for (const auto& command : interactiveCommands)
            CPPUNIT_ASSERT_MESSAGE(command + " is not in INTERACTIVE COMMANDS of ftpx.1", documents(commands, command));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FtpxCliTest);
