// RFC 867 daytime lines: ours, ctime's, xinetd's and RFC 5322's, and garbage.
#include "rfc867.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::timed;

class Rfc867Test : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Rfc867Test);
    CPPUNIT_TEST(testFormatOfKnownInstants);
    CPPUNIT_TEST(testOwnFormatParsesBack);
    CPPUNIT_TEST(testCtimeLayoutHasNoZone);
    CPPUNIT_TEST(testXinetdLayout);
    CPPUNIT_TEST(testRfc5322LayoutWithOffset);
    CPPUNIT_TEST(testGarbageAndOutOfRangeAreRefused);
    CPPUNIT_TEST(testCivilDaysRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFormatOfKnownInstants() {
        CPPUNIT_ASSERT_EQUAL(std::string("Thursday, January 1, 1970 00:00:00-UTC\r\n"), rfc867::format(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Tuesday, February 29, 2028 12:34:56-UTC\r\n"),
                             rfc867::format(1835395200 + 12 * 3600 + 34 * 60 + 56));
        // After the 2036 rollover of 32-bit NTP seconds: 2040-01-01 was a Sunday.
        CPPUNIT_ASSERT_EQUAL(std::string("Sunday, January 1, 2040 00:00:00-UTC\r\n"), rfc867::format(2208988800));
        CPPUNIT_ASSERT_EQUAL(std::string("Wednesday, December 31, 1969 23:59:59-UTC\r\n"), rfc867::format(-1));
    }

    void testOwnFormatParsesBack() {
        for (std::int64_t t :
             {std::int64_t{0}, std::int64_t{1795564800}, std::int64_t{2208988800}, std::int64_t{1835395200}}) {
            const auto parsed = rfc867::parse(rfc867::format(t));
            CPPUNIT_ASSERT(parsed.has_value());
            CPPUNIT_ASSERT_EQUAL(t, *rfc867::toUnixSeconds(*parsed));
        }
    }

    void testCtimeLayoutHasNoZone() {
        const auto parsed = rfc867::parse("Wed Nov 25 01:52:55 2026\r\n");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT(!parsed->utcOffsetSeconds.has_value());
        CPPUNIT_ASSERT(!rfc867::toUnixSeconds(*parsed).has_value());
        CPPUNIT_ASSERT_EQUAL(2026, parsed->year);
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT_EQUAL(1, parsed->hour);
        const auto zoned = rfc867::parse("Wed Nov 25 01:52:55 2026 UTC");
        CPPUNIT_ASSERT(zoned && zoned->utcOffsetSeconds == 0);
    }

    void testXinetdLayout() {
        // What xinetd's internal daytime service sends.
        const auto parsed = rfc867::parse("25 NOV 2026 02:25:43 UTC\r\n");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800 + 2 * 3600 + 25 * 60 + 43}, *rfc867::toUnixSeconds(*parsed));
    }

    void testRfc5322LayoutWithOffset() {
        const auto parsed = rfc867::parse("Wed, 25 Nov 2026 01:52:55 +0100");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(3600, *parsed->utcOffsetSeconds);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800 + 52 * 60 + 55}, *rfc867::toUnixSeconds(*parsed));
        const auto west = rfc867::parse("Wed, 25 Nov 2026 01:52:55 -0330");
        CPPUNIT_ASSERT(west && *west->utcOffsetSeconds == -(3 * 3600 + 30 * 60));
    }

    void testGarbageAndOutOfRangeAreRefused() {
        for (const char* line : {"", "\r\n", "It is about teatime", "Wed Nov 25 24:00:00 2026",
                                 "Wed Foo 25 01:52:55 2026", "25 NOV 2026 01:52:55 MARS",
                                 "Wednesday, November 32, 2026 01:52:55-UTC", "Wed Nov 25 01:52:55 2026 trailing junk"})
            CPPUNIT_ASSERT_MESSAGE(line, !rfc867::parse(line).has_value());
        CPPUNIT_ASSERT(!rfc867::parse(std::string(1000, '7')).has_value());
    }

    void testCivilDaysRoundTrip() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, rfc867::daysFromCivil(1970, 1, 1));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{-1}, rfc867::daysFromCivil(1969, 12, 31));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800 / 86400}, rfc867::daysFromCivil(2026, 11, 25));
        for (std::int64_t day = -800000; day <= 800000; day += 997) {
            const auto date = rfc867::civilFromDays(day);
            CPPUNIT_ASSERT_EQUAL(day, rfc867::daysFromCivil(static_cast<int>(date.year), date.month, date.day));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Rfc867Test);
