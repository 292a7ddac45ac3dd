// Target specs and target sets: CIDR, ranges, names, exclusions, indexing.
#include "cli/usage_error.h"
#include "target_spec.h"
#include "usage_error_of.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/socket.h>

using namespace wirekit;
using namespace wirekit::pscan;

namespace {
std::string refusal(const std::string& text) { return test::usageErrorOf(parseTargetSpec, text); }
TargetSet setOf(const std::string& text, const std::string& exclude = "") {
    std::vector<AddressRange> excluded;
    if (!exclude.empty()) excluded = parseTargetSpec(exclude).ranges;
    return TargetSet(parseTargetSpec(text).ranges, excluded);
}
}  // namespace

class TargetSpecTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TargetSpecTest);
    CPPUNIT_TEST(testSingleAddresses);
    CPPUNIT_TEST(testCidrBlocks);
    CPPUNIT_TEST(testRanges);
    CPPUNIT_TEST(testNamesAndLists);
    CPPUNIT_TEST(testErrorsPointAtTheBadPart);
    CPPUNIT_TEST(testExclusionsSplitRanges);
    CPPUNIT_TEST(testIndexingWalksEveryAddress);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSingleAddresses() {
        CPPUNIT_ASSERT_EQUAL(std::string("198.18.0.2:80"), setOf("198.18.0.2").at(0, 80).toString());
        CPPUNIT_ASSERT_EQUAL(std::string("[fd00:5718::2]:22"), setOf("fd00:5718::2").at(0, 22).toString());
    }

    void testCidrBlocks() {
        const auto set = setOf("198.18.0.77/24");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{256}, set.size());
        CPPUNIT_ASSERT_EQUAL(std::string("198.18.0.0"), set.at(0, 1).host());
        CPPUNIT_ASSERT_EQUAL(std::string("198.18.0.255"), set.at(255, 1).host());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, setOf("198.18.0.1/32").size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{4294967296ULL}, setOf("0.0.0.0/0").size());
        const auto v6 = setOf("fd00:5718::/120");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{256}, v6.size());
        CPPUNIT_ASSERT_EQUAL(std::string("fd00:5718::ff"), v6.at(255, 1).host());
    }

    void testRanges() {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{40}, setOf("192.0.2.1-40").size());
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.40"), setOf("192.0.2.1-40").at(39, 1).host());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{258}, setOf("192.0.2.255-192.0.4.0").size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{3}, setOf("fd00::1-fd00::3").size());
    }

    void testNamesAndLists() {
        const auto spec = parseTargetSpec("localhost,198.18.0.1,host-1.example");
        CPPUNIT_ASSERT((spec.names == std::vector<std::string>{"localhost", "host-1.example"}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, spec.ranges.size());
    }

    void testErrorsPointAtTheBadPart() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '198.18.0.0/33': bad prefix length"),
                             refusal("198.18.0.0/33"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '198.18.0.300': not an address, range or name"),
                             refusal("198.18.0.300"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '192.0.2.9-3': backwards range"), refusal("192.0.2.9-3"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '192.0.2.1-x': bad range end"), refusal("192.0.2.1-x"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '192.0.2.1,bad_name': not an address, range or name in "
                                         "'bad_name'"),
                             refusal("192.0.2.1,bad_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '192.0.2.1-::1': range mixes IPv4 and IPv6"),
                             refusal("192.0.2.1-::1"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid target '': empty"), refusal(""));
    }

    void testExclusionsSplitRanges() {
        const auto set = setOf("198.18.0.0/24", "198.18.0.10-19");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{246}, set.size());
        CPPUNIT_ASSERT_EQUAL(std::string("198.18.0.9"), set.at(9, 1).host());
        CPPUNIT_ASSERT_EQUAL(std::string("198.18.0.20"), set.at(10, 1).host());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, setOf("198.18.0.1", "198.18.0.0/24").size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, setOf("198.18.0.1", "fd00::/64").size());  // other family
    }

    void testIndexingWalksEveryAddress() {
        const auto set = setOf("198.18.0.1-3,fd00::1-fd00::2");
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5}, set.size());
        const char* expected[] = {"198.18.0.1", "198.18.0.2", "198.18.0.3", "fd00::1", "fd00::2"};
        for (std::uint64_t i = 0; i < 5; ++i) CPPUNIT_ASSERT_EQUAL(std::string(expected[i]), set.at(i, 9).host());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TargetSpecTest);
