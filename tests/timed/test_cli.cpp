// timed's command line as a user meets it: help, version, usage errors with
// exit 2, and a man page that documents every option --help shows.
#include "manpage.h"
#include "prerequisite.h"
#include "support_timed.h"

#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>

using namespace wirekit::test;

namespace {

const std::string manPage = std::string(WIREKIT_SOURCE_DIR) + "/man/timed.8";

}  // namespace

class CliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CliTest);
    CPPUNIT_TEST(testHelpGoesToStdoutAndExitsZero);
    CPPUNIT_TEST(testVersion);
    CPPUNIT_TEST(testMissingCommandIsAUsageError);
    CPPUNIT_TEST(testUnknownCommandIsAUsageError);
    CPPUNIT_TEST(testBadOptionsAreUsageErrors);
    CPPUNIT_TEST(testManPageIsLintClean);
    CPPUNIT_TEST(testManPageDocumentsEveryOptionInHelp);
    CPPUNIT_TEST(testManPageSynopsisMatchesUsage);
    CPPUNIT_TEST(testInstalledTreeFindsItsServer);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHelpGoesToStdoutAndExitsZero() {
        for (const auto& argv : std::vector<std::vector<std::string>>{{timedBinary, "--help"},
                                                                      {timedBinary, "-h"},
                                                                      {timedBinary, "serve", "--help"},
                                                                      {timedBinary, "query", "--help"}}) {
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL(0, result.status);
            CPPUNIT_ASSERT_EQUAL(std::string(), result.err);
            CPPUNIT_ASSERT(result.out.rfind("usage: timed ", 0) == 0);
        }
    }

    void testVersion() {
        for (const auto& argv : std::vector<std::vector<std::string>>{
                 {timedBinary, "--version"}, {timedBinary, "serve", "-V"}, {timedBinary, "query", "--version"}}) {
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL(0, result.status);
            CPPUNIT_ASSERT_EQUAL(std::string("timed (wirekit) " WIREKIT_VERSION "\n"), result.out);
        }
    }

    void testMissingCommandIsAUsageError() {
        const auto result = run({timedBinary});
        CPPUNIT_ASSERT_EQUAL(2, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("timed: missing command: serve or query\n"
                                         "timed: try 'timed --help' for more information\n"),
                             result.err);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.out);
    }

    void testUnknownCommandIsAUsageError() {
        const auto result = run({timedBinary, "sync"});
        CPPUNIT_ASSERT_EQUAL(2, result.status);
        CPPUNIT_ASSERT(result.err.rfind("timed: unknown command 'sync': must be serve or query\n", 0) == 0);
    }

    void testBadOptionsAreUsageErrors() {
        const struct {
            std::vector<std::string> args;
            std::string message;
        } cases[] = {
            {{"query"}, "no server given"},
            {{"query", "-P", "ntp4", "h"}, "invalid protocol 'ntp4': must be time, daytime or sntp"},
            {{"query", "-o", "70000", "h"}, "invalid port '70000': must be in 1..65535"},
            {{"query", "-t", "h"}, "SNTP runs over UDP only; -t is for time and daytime"},
            {{"query", "-w", "soon", "h"}, "invalid timeout 'soon': must be a number of seconds"},
            {{"query", "--bogus", "h"}, "unknown option '--bogus'"},
            {{"query", "-x", "h"}, "unknown option '-x'"},
            {{"query", "-m", "5", "h"}, "--max-offset and --force go with --set"},
            {{"query", "h:"}, "invalid port '': must be a number in 1..65535"},
            {{"query", "[::1"}, "invalid address '[::1': unbalanced '['"},
            {{"serve", "--time-port", "99999"}, "invalid time port '99999': must be in 0..65535"},
            {{"serve", "--bind", "localhost"}, "invalid address 'localhost': not an IPv4 or IPv6 address"},
            {{"serve", "--user"}, "option '--user' needs an argument"},
            {{"serve", "--stratum", "16"}, "invalid stratum '16': must be in 1..15"},
            {{"serve", "--time-port", "0", "--daytime-port", "0", "--sntp-port", "0"},
             "every service is switched off: nothing to serve"},
            {{"serve", "extra"}, "unexpected argument 'extra'"},
        };
        for (const auto& c : cases) {
            std::vector<std::string> argv = {timedBinary};
            argv.insert(argv.end(), c.args.begin(), c.args.end());
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(
                std::string("timed: " + c.message + "\ntimed: try 'timed --help' for more information\n"), result.err);
        }
    }

    void testManPageIsLintClean() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const auto result = run({"mandoc", "-Tlint", "-Wwarning", manPage});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.out + result.err, 0, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.out + result.err);
    }

    void testManPageDocumentsEveryOptionInHelp() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(manPage);
        CPPUNIT_ASSERT(page.find("EXIT STATUS") != std::string::npos);
        CPPUNIT_ASSERT(page.find("EXAMPLES") != std::string::npos);
        size_t checked = 0;
        for (const auto& command : std::vector<std::vector<std::string>>{
                 {timedBinary, "--help"}, {timedBinary, "serve", "--help"}, {timedBinary, "query", "--help"}}) {
            for (const auto& option : optionsIn(run(command).out)) {
                ++checked;
                CPPUNIT_ASSERT_MESSAGE(option + " is in --help but not in " + manPage, documents(page, option));
            }
        }
        CPPUNIT_ASSERT_MESSAGE("the help texts list options", checked > 30);
    }

    void testManPageSynopsisMatchesUsage() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        // Each word of the usage lines appears in the SYNOPSIS, in order.
        const std::string page = renderedManPage(manPage);
        const auto begin = page.find("SYNOPSIS"), end = page.find("DESCRIPTION");
        CPPUNIT_ASSERT(begin != std::string::npos && end != std::string::npos);
        const std::string synopsis = page.substr(begin, end - begin);
        const std::string usage = run({timedBinary, "--help"}).out;
        const std::string usageLines = usage.substr(0, usage.find("\n\n"));
        const std::regex word(R"([^\s\[\]|]+)");
        size_t at = 0;
        for (auto it = std::sregex_iterator(usageLines.begin(), usageLines.end(), word); it != std::sregex_iterator();
             ++it) {
            const std::string token = it->str();
            if (token == "usage:") continue;
            const auto found = synopsis.find(token, at);
            CPPUNIT_ASSERT_MESSAGE("usage word '" + token + "' not in the SYNOPSIS in order",
                                   found != std::string::npos);
            at = found + token.size();
        }
    }

    void testInstalledTreeFindsItsServer() {
        TempDir stage;
        const auto install =
            run({WIREKIT_CMAKE, "--install", WIREKIT_BINARY_DIR, "--prefix", stage.path(), "--strip"}, 60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(install.out + install.err, 0, install.status);
        CPPUNIT_ASSERT(isExecutable(stage.path() + "/sbin/timed"));
        CPPUNIT_ASSERT(isExecutable(stage.path() + "/libexec/wirekit/timed-serve"));
        CPPUNIT_ASSERT(!readFile(stage.path() + "/share/man/man8/timed.8").empty());
        // `timed serve` executes the installed timed-serve, which answers --help.
        const auto help = run({stage.path() + "/sbin/timed", "serve", "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT(help.out.rfind("usage: timed serve", 0) == 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CliTest);
