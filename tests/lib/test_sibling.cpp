// Finding a companion binary in a build tree and in an installed tree.
#include "sys/sibling.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace wirekit::sys;

class SiblingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SiblingTest);
    CPPUNIT_TEST(testBesideThenLibexec);
    CPPUNIT_TEST(testMissingSiblingIsNamed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBesideThenLibexec() {
        const auto candidates = siblingCandidates("/usr/local/bin/bwmeter", "bwmeter-report");
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, candidates.size());
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/local/bin/bwmeter-report"), candidates[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/local/bin/../libexec/wirekit/bwmeter-report"), candidates[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("./x"), siblingCandidates("timed", "x")[0]);
    }

    void testMissingSiblingIsNamed() {
        try {
            execSibling("no-such-sibling-here", {"--help"});
            CPPUNIT_FAIL("returned");
        } catch (const std::runtime_error& e) {
            const std::string message = e.what();
            CPPUNIT_ASSERT(message.rfind("cannot run no-such-sibling-here (", 0) == 0);
            CPPUNIT_ASSERT(message.find("libexec/wirekit/no-such-sibling-here): no such file or directory") !=
                           std::string::npos);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SiblingTest);
