// bwmeter's command line as a user meets it: help, version, usage errors,
// errors that name what failed, and a man page documenting every option.
#include "manpage.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::test;

namespace {
const std::string bwmeter = WIREKIT_BWMETER;
const std::string manPage = std::string(WIREKIT_SOURCE_DIR) + "/man/bwmeter.1";
}  // namespace

class BwmeterCliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(BwmeterCliTest);
    CPPUNIT_TEST(testHelpAndVersion);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST(testUnknownInterfaceNamesTheOnesThereAre);
    CPPUNIT_TEST(testReportWithoutDatabase);
    CPPUNIT_TEST(testLivePipedPrintsLinesAndSummary);
    CPPUNIT_TEST(testLeanBinaryMapsNoPocoAndHandsReportsOver);
    CPPUNIT_TEST(testManPageIsLintClean);
    CPPUNIT_TEST(testManPageDocumentsEveryOptionInHelp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHelpAndVersion() {
        const auto help = run({bwmeter, "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT(help.err.empty());
        CPPUNIT_ASSERT(help.out.rfind("usage: bwmeter ", 0) == 0);
        CPPUNIT_ASSERT(help.out.find("bwmeter record ") != std::string::npos);
        const auto version = run({bwmeter, "-V"});
        CPPUNIT_ASSERT_EQUAL(std::string("bwmeter (wirekit) " WIREKIT_VERSION "\n"), version.out);
    }

    void testUsageErrors() {
        const struct {
            std::vector<std::string> args;
            std::string message;
        } cases[] = {
            {{"frobnicate"}, "unknown command 'frobnicate': must be record, sample, report, graph or metrics"},
            {{"-I", "0"}, "invalid interval '0': at least 100ms"},
            {{"-I", "soon"}, "invalid interval 'soon': use seconds, or 500ms, 5m, 1h"},
            {{"--json", "--csv"}, "--json and --csv exclude each other"},
            {{"report", "--from", "2026-13-01"}, "invalid date '2026-13-01': use YYYY-MM-DD or YYYY-MM"},
            {{"report", "--ascii"}, "--ascii does not apply to report"},
            {{"--db", "x.db"}, "--db does not apply to live mode"},
            {{"graph", "--svg", "a.svg", "--hours", "--days"},
             "--svg draws one chart: give one of --hours, --days, --months, --profile"},
            {{"report", "extra"}, "unexpected argument 'extra'"},
            {{"--bogus"}, "unknown option '--bogus'"},
        };
        for (const auto& c : cases) {
            std::vector<std::string> argv = {bwmeter};
            argv.insert(argv.end(), c.args.begin(), c.args.end());
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message + ": " + result.err, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(
                std::string("bwmeter: " + c.message + "\nbwmeter: try 'bwmeter --help' for more information\n"),
                result.err);
        }
    }

    void testUnknownInterfaceNamesTheOnesThereAre() {
        const auto result = run({bwmeter, "-i", "nosuch0", "-n", "1"});
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.rfind("bwmeter: no interface matches 'nosuch0' (there are: ", 0) == 0);
        CPPUNIT_ASSERT(result.err.find("lo") != std::string::npos);
    }

    void testReportWithoutDatabase() {
        TempDir dir;
        const auto result = run({bwmeter, "report", "--db", dir.path() + "/none.db"});
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("bwmeter: " + dir.path() +
                                         "/none.db: no database here yet (bwmeter record or bwmeter sample makes "
                                         "it)\n"),
                             result.err);
    }

    void testLivePipedPrintsLinesAndSummary() {
        const auto result = run({bwmeter, "-i", "lo", "-I", "0.2", "-n", "2"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT(result.out.rfind("TIME      IFACE", 0) == 0);    // a header, then appended lines
        CPPUNIT_ASSERT(result.out.find("\x1b[") == std::string::npos);  // no cursor movement into a pipe
        CPPUNIT_ASSERT(result.out.find("\nsession: ") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find("DOWNLOADED") != std::string::npos);
    }

    void testLeanBinaryMapsNoPocoAndHandsReportsOver() {
        // What a router runs all day loads SQLite and libc, not POCO.
        const auto needed = run({"ldd", bwmeter});
        CPPUNIT_ASSERT_EQUAL(0, needed.status);
        CPPUNIT_ASSERT(needed.out.find("libsqlite3") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(needed.out, needed.out.find("Poco") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(needed.out, needed.out.find("libstdc++") == std::string::npos);
        // JSON needs POCO: bwmeter-report answers in bwmeter's place, under its name.
        const auto json = run({bwmeter, "-i", "lo", "-I", "0.1", "-n", "1", "--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(json.err, 0, json.status);
        CPPUNIT_ASSERT(json.out.rfind("{\"type\":\"sample\",\"iface\":\"lo\",", 0) == 0);
        const auto bad = run({bwmeter, "report", "--db", "/nonexistent/x.db"});
        CPPUNIT_ASSERT(bad.err.rfind("bwmeter: /nonexistent/x.db: ", 0) == 0);
    }

    void testManPageIsLintClean() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const auto result = run({"mandoc", "-Tlint", "-Wwarning", manPage});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.out + result.err, 0, result.status);
    }

    void testManPageDocumentsEveryOptionInHelp() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(manPage);
        const auto help = run({bwmeter, "--help"}).out;
        for (const auto& option : optionsIn(help))
            CPPUNIT_ASSERT_MESSAGE(option + " is in --help but not in " + manPage, documents(page, option));
        for (const char* section : {"EXIT STATUS", "EXAMPLES", "JSON OUTPUT", "FILES"})
            CPPUNIT_ASSERT_MESSAGE(section, page.find(section) != std::string::npos);
        CPPUNIT_ASSERT(page.find("crontab") != std::string::npos);
        CPPUNIT_ASSERT(page.find("systemd") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BwmeterCliTest);
