// Calendar arithmetic the listings rely on, checked against dates whose epoch
// seconds are known (date -u -d ... +%s).
#include "civil_time.h"

#include <cppunit/extensions/HelperMacros.h>

#include <random>

using namespace wirekit::ftpx;

class CivilTimeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CivilTimeTest);
    CPPUNIT_TEST(testKnownDates);
    CPPUNIT_TEST(testInvalidDatesAreRefused);
    CPPUNIT_TEST(testRoundTripOverFourCenturies);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKnownDates() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), *secondsSinceEpoch({1970, 1, 1, 0, 0, 0}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1795599000), *secondsSinceEpoch({2026, 11, 25, 9, 30, 0}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(775389534), *secondsSinceEpoch({1994, 7, 28, 9, 58, 54}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(951782400), *secondsSinceEpoch({2000, 2, 29, 0, 0, 0}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-86400), *secondsSinceEpoch({1969, 12, 31, 0, 0, 0}));
        // A leap second counts as :59 of its minute.
        CPPUNIT_ASSERT_EQUAL(*secondsSinceEpoch({2016, 12, 31, 23, 59, 59}),
                             *secondsSinceEpoch({2016, 12, 31, 23, 59, 60}));
    }

    void testInvalidDatesAreRefused() {
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 2, 29, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({1900, 2, 29, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 13, 1, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 4, 31, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 1, 0, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 1, 1, 24, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({2026, 1, 1, 0, 60, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({0, 1, 1, 0, 0, 0}));
        CPPUNIT_ASSERT(!secondsSinceEpoch({10000, 1, 1, 0, 0, 0}));
    }

    void testRoundTripOverFourCenturies() {
        std::mt19937_64 random(1970);
        for (int i = 0; i < 20000; ++i) {
            const std::int64_t seconds = static_cast<std::int64_t>(random() % (400ULL * 366 * 86400)) - 5000000000LL;
            const CivilTime civil = civilFromSeconds(seconds);
            CPPUNIT_ASSERT_EQUAL(seconds, *secondsSinceEpoch(civil));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CivilTimeTest);
