// The one catch in main: usage errors exit 2 with a hint, failures exit 1.
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "cli/usage_error.h"
#include "stderr_capture.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace wirekit;

class MainGuardTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MainGuardTest);
    CPPUNIT_TEST(testUsageErrorExitsTwoWithHint);
    CPPUNIT_TEST(testFailureExitsOne);
    CPPUNIT_TEST(testStatusPassesThrough);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { diag::setProgramName("timed"); }

    void testUsageErrorExitsTwoWithHint() {
        StderrCapture capture;
        const int status = cli::guardedMain([]() -> int { throw cli::UsageError("no server given"); });
        CPPUNIT_ASSERT_EQUAL(2, status);
        CPPUNIT_ASSERT_EQUAL(std::string("timed: no server given\ntimed: try 'timed --help' for more information\n"),
                             capture.text());
    }

    void testFailureExitsOne() {
        StderrCapture capture;
        const int status =
            cli::guardedMain([]() -> int { throw std::runtime_error("127.0.0.1:37/tcp: address already in use"); });
        CPPUNIT_ASSERT_EQUAL(1, status);
        CPPUNIT_ASSERT_EQUAL(std::string("timed: 127.0.0.1:37/tcp: address already in use\n"), capture.text());
    }

    void testStatusPassesThrough() {
        CPPUNIT_ASSERT_EQUAL(0, cli::guardedMain([] { return 0; }));
        CPPUNIT_ASSERT_EQUAL(1, cli::guardedMain([] { return 1; }));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MainGuardTest);
