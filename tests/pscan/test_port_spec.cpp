// Port specs: what nmap users type, and errors that point at the bad part.
#include "cli/usage_error.h"
#include "port_spec.h"
#include "usage_error_of.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::pscan;

namespace {
std::string refusal(const std::string& text) { return test::usageErrorOf(parsePortSpec, text); }
}  // namespace

class PortSpecTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PortSpecTest);
    CPPUNIT_TEST(testListsAndRanges);
    CPPUNIT_TEST(testAllPorts);
    CPPUNIT_TEST(testOpenEndedRanges);
    CPPUNIT_TEST(testErrorsPointAtTheBadPart);
    CPPUNIT_TEST_SUITE_END();

public:
    void testListsAndRanges() {
        const auto ports = parsePortSpec("80,22,1000-1002,22");
        CPPUNIT_ASSERT((ports == std::vector<std::uint16_t>{22, 80, 1000, 1001, 1002}));
    }

    void testAllPorts() {
        const auto ports = parsePortSpec("-");
        CPPUNIT_ASSERT_EQUAL(std::size_t{65535}, ports.size());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{1}, ports.front());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{65535}, ports.back());
    }

    void testOpenEndedRanges() {
        CPPUNIT_ASSERT_EQUAL(std::size_t{1024}, parsePortSpec("-1024").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{6}, parsePortSpec("65530-").size());
    }

    void testErrorsPointAtTheBadPart() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '22,8x0': bad part '8x0'"), refusal("22,8x0"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '0': bad part '0'"), refusal("0"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '70000': bad part '70000'"), refusal("70000"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '90-80': backwards range '90-80'"), refusal("90-80"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '22,,80': empty part ''"), refusal("22,,80"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port spec '': empty"), refusal(""));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PortSpecTest);
