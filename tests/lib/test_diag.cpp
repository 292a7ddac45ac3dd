// Diagnostics: "prog: message" on stderr, verbosity, errno texts.
#include "cli/diag.h"
#include "stderr_capture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cerrno>

using namespace wirekit;

class DiagTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DiagTest);
    CPPUNIT_TEST(testErrorAndWarningLines);
    CPPUNIT_TEST(testProgramNameIsTheBasename);
    CPPUNIT_TEST(testVerbosityFilters);
    CPPUNIT_TEST(testErrnoText);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override { diag::setVerbosity(diag::Level::notice); }

    void testErrorAndWarningLines() {
        diag::setProgramName("timed");
        StderrCapture capture;
        diag::error("example.org:37: connection refused");
        diag::warning("clock stepped");
        CPPUNIT_ASSERT_EQUAL(std::string("timed: example.org:37: connection refused\ntimed: warning: clock stepped\n"),
                             capture.text());
    }

    void testProgramNameIsTheBasename() {
        diag::setProgramName("/usr/local/sbin/pscan");
        CPPUNIT_ASSERT_EQUAL(std::string("pscan"), diag::programName());
    }

    void testVerbosityFilters() {
        diag::setProgramName("t");
        StderrCapture capture;
        diag::info("hidden");
        diag::debug("hidden too");
        diag::notice("shown");
        diag::setVerbosity(diag::Level::debug);
        diag::debug("now shown");
        CPPUNIT_ASSERT_EQUAL(std::string("t: shown\nt: now shown\n"), capture.text());
        CPPUNIT_ASSERT(diag::enabled(diag::Level::debug));
        diag::setVerbosity(diag::Level::error);
        CPPUNIT_ASSERT(!diag::enabled(diag::Level::warning));
    }

    void testErrnoText() {
        CPPUNIT_ASSERT_EQUAL(std::string("no such file or directory"), diag::errnoText(ENOENT));
        CPPUNIT_ASSERT_EQUAL(std::string("connection refused"), diag::errnoText(ECONNREFUSED));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DiagTest);
