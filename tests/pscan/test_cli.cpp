// pscan's command line as a user meets it: help, version, usage errors that
// point at the bad part, and a man page documenting every option.
#include "manpage.h"
#include "prerequisite.h"
#include "process.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <set>

using namespace wirekit::test;

namespace {
const std::string pscan = WIREKIT_PSCAN;
const std::string manPage = std::string(WIREKIT_SOURCE_DIR) + "/man/pscan.1";
}  // namespace

class PscanCliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PscanCliTest);
    CPPUNIT_TEST(testHelpAndVersion);
    CPPUNIT_TEST(testUsageErrors);
    CPPUNIT_TEST(testTopPortsScansTheMostCommonOnes);
    CPPUNIT_TEST(testLargeScansNeedYes);
    CPPUNIT_TEST(testInputList);
    CPPUNIT_TEST(testManPageIsLintClean);
    CPPUNIT_TEST(testManPageDocumentsEveryOptionInHelp);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHelpAndVersion() {
        const auto help = run({pscan, "--help"});
        CPPUNIT_ASSERT_EQUAL(0, help.status);
        CPPUNIT_ASSERT(help.out.rfind("usage: pscan ", 0) == 0);
        CPPUNIT_ASSERT(help.out.find("Scan only hosts you are allowed to scan.") != std::string::npos);
        const auto version = run({pscan, "-V"});
        CPPUNIT_ASSERT_EQUAL(std::string("pscan (wirekit) " WIREKIT_VERSION "\n"), version.out);
    }

    void testUsageErrors() {
        const struct {
            std::vector<std::string> args;
            std::string message;
        } cases[] = {
            {{}, "no target given"},
            {{"-p", "22,8x0", "198.18.0.2"}, "invalid port spec '22,8x0': bad part '8x0'"},
            {{"198.18.0.0/33"}, "invalid target '198.18.0.0/33': bad prefix length"},
            {{"-sX", "198.18.0.2"}, "invalid scan type '-sX': use -sS, -sT or -sU"},
            {{"--shard", "4/3", "198.18.0.2"}, "invalid shard '4': must be in 1..3"},
            {{"--shard", "2", "198.18.0.2"}, "invalid shard '2': must be I/N, as 1/4"},
            {{"-n", "localhost"}, "invalid target 'localhost': a name, and -n forbids lookups"},
            {{"--exclude", "198.18.0.2", "198.18.0.2"}, "every target is excluded: nothing to scan"},
            {{"--bogus", "198.18.0.2"}, "unknown option '--bogus'"},
            {{"-iL", "/nonexistent/list"}, "/nonexistent/list: cannot read the target list"},
            {{"-p", "22", "--top-ports", "10", "198.18.0.2"},
             "-p and --top-ports (or -F) choose ports two ways: give one"},
            {{"--top-ports", "0", "198.18.0.2"}, "invalid port count '0': must be in 1..65535"},
            {{"--resume", "pscan.resume", "-p", "22"},
             "--resume continues a saved scan as it was: give it alone (or with -q, -v)"},
        };
        for (const auto& c : cases) {
            std::vector<std::string> argv = {pscan};
            argv.insert(argv.end(), c.args.begin(), c.args.end());
            const auto result = run(argv);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.message + ": " + result.err, 2, result.status);
            CPPUNIT_ASSERT_EQUAL(
                std::string("pscan: " + c.message + "\npscan: try 'pscan --help' for more information\n"), result.err);
        }
    }

    void testLargeScansNeedYes() {
        const auto result = run({pscan, "-p", "1", "198.18.0.0/15"});
        CPPUNIT_ASSERT_EQUAL(2, result.status);
        CPPUNIT_ASSERT(result.err.find("that is 131072 addresses; add --yes to scan more than 65,536") !=
                       std::string::npos);
    }

    void testTopPortsScansTheMostCommonOnes() {
        const auto result = run({pscan, "-sT", "--top-ports", "3", "--all", "--json", "127.0.0.1"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        std::set<std::string> ports;
        for (const char* port : {"80", "443", "22"})
            if (result.out.find("\"port\":" + std::string(port) + ",") != std::string::npos) ports.insert(port);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.out, std::size_t{3}, ports.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{3},
                             static_cast<std::size_t>(std::count(result.out.begin(), result.out.end(), '\n')));
    }

    void testInputList() {
        TempDir dir;
        const auto list = dir.write("targets", "# loopback only\n127.0.0.1\n");
        const auto result = run({pscan, "-p", "1", "-iL", list, "--all", "--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT(result.out.find("\"addr\":\"127.0.0.1\",\"port\":1,") != std::string::npos);
    }

    void testManPageIsLintClean() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const auto result = run({"mandoc", "-Tlint", "-Wwarning", manPage});
        CPPUNIT_ASSERT_EQUAL(std::string(), result.out + result.err);
        CPPUNIT_ASSERT_EQUAL(0, result.status);
    }

    void testManPageDocumentsEveryOptionInHelp() {
        if (!requirePrerequisite(isExecutable("/usr/bin/mandoc"), "mandoc")) return;
        const std::string page = renderedManPage(manPage);
        for (const char* section : {"SYNOPSIS", "EXIT STATUS", "EXAMPLES", "JSON OUTPUT"})
            CPPUNIT_ASSERT_MESSAGE(section, page.find(section) != std::string::npos);
        const auto options = optionsIn(run({pscan, "--help"}).out, true);
        CPPUNIT_ASSERT(options.count("-iL") == 1 && options.count("--shard") == 1);
        for (const auto& option : options)
            CPPUNIT_ASSERT_MESSAGE(option + " is in --help but not in " + manPage, documents(page, option));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PscanCliTest);
