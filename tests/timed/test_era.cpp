// Era arithmetic: 32-bit seconds since 1900 on both sides of 2036.
#include "era.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::timed;

namespace {
constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z, NTP era 1 begins
constexpr std::int64_t year2026 = 1795564800;     // 2026-11-25T00:00:00Z
}  // namespace

class EraTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EraTest);
    CPPUNIT_TEST(testUnixEpochIsTheKnownOffset);
    CPPUNIT_TEST(testBoundaryWrapsToZero);
    CPPUNIT_TEST(testRoundTripsAcrossTheBoundary);
    CPPUNIT_TEST(testPivotBeforeBoundaryReadsValueAfterIt);
    CPPUNIT_TEST(testPivotAfterBoundaryReadsValueBeforeIt);
    CPPUNIT_TEST(testYears2038And2106);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUnixEpochIsTheKnownOffset() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u}, toEraSeconds(0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, fromEraSeconds(2208988800u, year2026));
    }

    void testBoundaryWrapsToZero() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, toEraSeconds(eraBoundary));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xFFFFFFFFu}, toEraSeconds(eraBoundary - 1));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, toEraSeconds(eraBoundary + 1));
    }

    void testRoundTripsAcrossTheBoundary() {
        for (std::int64_t t : {std::int64_t{0}, year2026, eraBoundary - 1, eraBoundary, eraBoundary + 1,
                               std::int64_t{2147483647}, std::int64_t{4102444800}}) {
            CPPUNIT_ASSERT_EQUAL(t, fromEraSeconds(toEraSeconds(t), t));
            CPPUNIT_ASSERT_EQUAL(t, fromEraSeconds(toEraSeconds(t), t + 60LL * 365 * 86400));
            CPPUNIT_ASSERT_EQUAL(t, fromEraSeconds(toEraSeconds(t), t - 60LL * 365 * 86400));
        }
    }

    void testPivotBeforeBoundaryReadsValueAfterIt() {
        const std::int64_t march2036 = 2087942400;             // 2036-03-01T00:00:00Z
        const std::int64_t january2036 = 2082758400;           // 2036-01-01T00:00:00Z
        CPPUNIT_ASSERT(toEraSeconds(march2036) < 100000000u);  // small: it wrapped
        CPPUNIT_ASSERT_EQUAL(march2036, fromEraSeconds(toEraSeconds(march2036), january2036));
        CPPUNIT_ASSERT_EQUAL(march2036, fromEraSeconds(toEraSeconds(march2036), year2026));
    }

    void testPivotAfterBoundaryReadsValueBeforeIt() {
        const std::int64_t january2036 = 2082758400;
        const std::int64_t march2036 = 2087942400;
        CPPUNIT_ASSERT_EQUAL(january2036, fromEraSeconds(toEraSeconds(january2036), march2036));
    }

    void testYears2038And2106() {
        const std::int64_t y2038 = 2147483648LL;  // one past the 32-bit time_t limit
        const std::int64_t y2106 = 4294967296LL;  // the unsigned 32-bit Unix limit
        CPPUNIT_ASSERT_EQUAL(y2038, fromEraSeconds(toEraSeconds(y2038), year2026));
        CPPUNIT_ASSERT_EQUAL(y2106, fromEraSeconds(toEraSeconds(y2106), y2106 - 1000));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EraTest);
