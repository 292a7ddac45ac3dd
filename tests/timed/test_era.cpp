// Era arithmetic: 32-bit seconds since 1900 on both sides of 2036.
#include "era.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::timed;

namespace {
constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z, NTP era 1 begins
constexpr std::int64_t year2026 = 1795564800;     // 2026-11-25T00:00:00Z
constexpr std::int64_t january2036 = 2082758400;  // 2036-01-01T00:00:00Z
constexpr std::int64_t march2036 = 2087942400;    // 2036-03-01T00:00:00Z
constexpr std::int64_t y2038 = 2147483647;        // 2038-01-19T03:14:07Z, the last 32-bit time_t second
constexpr std::int64_t year2100 = 4102444800;     // 2100-01-01T00:00:00Z
constexpr std::int64_t y2106 = 4294967296;        // 2106-02-07T06:28:16Z, unsigned 32-bit Unix time rolls over
constexpr std::int64_t sixtyYears = 60LL * 365 * 86400;
}  // namespace

class EraTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EraTest);
    CPPUNIT_TEST(testUnixEpochIsTheKnownOffset);
    CPPUNIT_TEST(testBoundaryWrapsToZero);
    CPPUNIT_TEST(testKnownInstantsHaveKnownWireValues);
    CPPUNIT_TEST(testRoundTripsFrom1970To2106);
    CPPUNIT_TEST(testPivotSixtyYearsAwayStillFindsTheEra);
    CPPUNIT_TEST(testPivotBeforeBoundaryReadsValueAfterIt);
    CPPUNIT_TEST(testPivotAfterBoundaryReadsValueBeforeIt);
    CPPUNIT_TEST(testSameWireValueIn1970And2106IsToldApartByThePivot);
    CPPUNIT_TEST(testDecodedTimeIsAlwaysWithinHalfAnEraOfThePivot);
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
        CPPUNIT_ASSERT_EQUAL(eraBoundary, fromEraSeconds(0, eraBoundary - 1000));
        CPPUNIT_ASSERT_EQUAL(eraBoundary - 1, fromEraSeconds(0xFFFFFFFFu, eraBoundary + 1000));
        CPPUNIT_ASSERT_EQUAL(eraBoundary + 1, fromEraSeconds(1, eraBoundary - 1));
    }

    void testKnownInstantsHaveKnownWireValues() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4004553600u}, toEraSeconds(year2026));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{61505151u}, toEraSeconds(y2038));  // wrapped: era 1
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{61505152u}, toEraSeconds(y2038 + 1));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2016466304u}, toEraSeconds(year2100));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988799u}, toEraSeconds(y2106 - 1));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, toEraSeconds(-secondsFrom1900To1970 + 1));  // 1900-01-01T00:00:01Z
    }

    void testRoundTripsFrom1970To2106() {
        for (std::int64_t t : {std::int64_t{0}, year2026, eraBoundary - 1, eraBoundary, eraBoundary + 1, y2038,
                               y2038 + 1, year2100, y2106 - 1, y2106}) {
            const std::string at = std::to_string(t);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, t, fromEraSeconds(toEraSeconds(t), t));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, t, fromEraSeconds(toEraSeconds(t), t + 1000));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, t, fromEraSeconds(toEraSeconds(t), t - 1000));
        }
    }

    void testPivotSixtyYearsAwayStillFindsTheEra() {
        for (std::int64_t t :
             {std::int64_t{0}, year2026, eraBoundary - 1, eraBoundary, eraBoundary + 1, y2038, year2100, y2106}) {
            const std::string at = std::to_string(t);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, t, fromEraSeconds(toEraSeconds(t), t + sixtyYears));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, t, fromEraSeconds(toEraSeconds(t), t - sixtyYears));
        }
    }

    void testPivotBeforeBoundaryReadsValueAfterIt() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1963904u}, toEraSeconds(march2036));  // small: it wrapped
        CPPUNIT_ASSERT_EQUAL(march2036, fromEraSeconds(toEraSeconds(march2036), january2036));
        CPPUNIT_ASSERT_EQUAL(march2036, fromEraSeconds(toEraSeconds(march2036), year2026));
    }

    void testPivotAfterBoundaryReadsValueBeforeIt() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4291747200u}, toEraSeconds(january2036));  // large: not yet wrapped
        CPPUNIT_ASSERT_EQUAL(january2036, fromEraSeconds(toEraSeconds(january2036), march2036));
        CPPUNIT_ASSERT_EQUAL(january2036, fromEraSeconds(toEraSeconds(january2036), year2100));
    }

    void testSameWireValueIn1970And2106IsToldApartByThePivot() {
        CPPUNIT_ASSERT_EQUAL(toEraSeconds(0), toEraSeconds(y2106));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, fromEraSeconds(2208988800u, year2026));
        CPPUNIT_ASSERT_EQUAL(y2106, fromEraSeconds(2208988800u, year2100));
    }

    void testDecodedTimeIsAlwaysWithinHalfAnEraOfThePivot() {
        const std::int64_t halfEra = std::int64_t{1} << 31;
        for (std::int64_t pivot : {std::int64_t{0}, year2026, eraBoundary, year2100, y2106}) {
            for (std::uint32_t wire : {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0x83AA7E80u, 0xFFFFFFFFu}) {
                const std::int64_t t = fromEraSeconds(wire, pivot);
                CPPUNIT_ASSERT_EQUAL(wire, toEraSeconds(t));
                CPPUNIT_ASSERT(t - pivot >= -halfEra && t - pivot < halfEra);
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EraTest);
