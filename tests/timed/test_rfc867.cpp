// RFC 867 daytime lines: ours, ctime's, xinetd's and RFC 5322's, and garbage.
#include "rfc867.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::timed;

namespace {
constexpr std::int64_t year2026 = 1795564800;     // 2026-11-25T00:00:00Z
constexpr std::int64_t leapDay2028 = 1835395200;  // 2028-02-29T00:00:00Z
constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z

bool refused(const std::string& line) { return !rfc867::parse(line).has_value(); }
}  // namespace

class Rfc867Test : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Rfc867Test);
    CPPUNIT_TEST(testFormatOfKnownInstants);
    CPPUNIT_TEST(testFormatAfter2036);
    CPPUNIT_TEST(testOwnFormatParsesBack);
    CPPUNIT_TEST(testCtimeLayoutHasNoZone);
    CPPUNIT_TEST(testCtimeLayoutWithSpacePaddedDay);
    CPPUNIT_TEST(testXinetdLayout);
    CPPUNIT_TEST(testRfc5322LayoutWithOffset);
    CPPUNIT_TEST(testLinesEndingInCrlfParse);
    CPPUNIT_TEST(testGarbageEmptyAndOverlongAreRefused);
    CPPUNIT_TEST(testOutOfRangeFieldsAreRefused);
    CPPUNIT_TEST(testImpossibleCalendarDatesAreRefused);
    CPPUNIT_TEST(testZoneOffsetWithSixtyOrMoreMinutesIsRefused);
    CPPUNIT_TEST(testToUnixSecondsAppliesTheOffset);
    CPPUNIT_TEST(testCivilDaysOfKnownDates);
    CPPUNIT_TEST(testCivilDaysRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFormatOfKnownInstants() {
        CPPUNIT_ASSERT_EQUAL(std::string("Thursday, January 1, 1970 00:00:00-UTC\r\n"), rfc867::format(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Wednesday, November 25, 2026 01:52:55-UTC\r\n"),
                             rfc867::format(year2026 + 1 * 3600 + 52 * 60 + 55));
        CPPUNIT_ASSERT_EQUAL(std::string("Tuesday, February 29, 2028 12:34:56-UTC\r\n"),
                             rfc867::format(leapDay2028 + 12 * 3600 + 34 * 60 + 56));
        CPPUNIT_ASSERT_EQUAL(std::string("Wednesday, March 1, 2028 00:00:00-UTC\r\n"),
                             rfc867::format(leapDay2028 + 86400));
        CPPUNIT_ASSERT_EQUAL(std::string("Wednesday, December 31, 1969 23:59:59-UTC\r\n"), rfc867::format(-1));
    }

    void testFormatAfter2036() {
        CPPUNIT_ASSERT_EQUAL(std::string("Thursday, February 7, 2036 06:28:16-UTC\r\n"), rfc867::format(eraBoundary));
        CPPUNIT_ASSERT_EQUAL(std::string("Thursday, February 7, 2036 06:28:15-UTC\r\n"),
                             rfc867::format(eraBoundary - 1));
        CPPUNIT_ASSERT_EQUAL(std::string("Sunday, January 1, 2040 00:00:00-UTC\r\n"), rfc867::format(2208988800));
        CPPUNIT_ASSERT_EQUAL(std::string("Friday, January 1, 2100 00:00:00-UTC\r\n"), rfc867::format(4102444800));
        CPPUNIT_ASSERT_EQUAL(std::string("Sunday, February 7, 2106 06:28:16-UTC\r\n"), rfc867::format(4294967296));
    }

    void testOwnFormatParsesBack() {
        const auto parsed = rfc867::parse("Wednesday, November 25, 2026 01:52:55-UTC\r\n");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(2026, parsed->year);
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT_EQUAL(25, parsed->day);
        CPPUNIT_ASSERT_EQUAL(1, parsed->hour);
        CPPUNIT_ASSERT_EQUAL(52, parsed->minute);
        CPPUNIT_ASSERT_EQUAL(55, parsed->second);
        CPPUNIT_ASSERT(parsed->utcOffsetSeconds == 0);
        for (std::int64_t t : {std::int64_t{0}, year2026, year2026 + 86399, leapDay2028, eraBoundary - 1, eraBoundary,
                               std::int64_t{2208988800}, std::int64_t{4102444800}}) {
            const auto back = rfc867::parse(rfc867::format(t));
            CPPUNIT_ASSERT_MESSAGE(rfc867::format(t), back.has_value());
            CPPUNIT_ASSERT_EQUAL(t, *rfc867::toUnixSeconds(*back));
        }
    }

    void testCtimeLayoutHasNoZone() {
        const auto parsed = rfc867::parse("Wed Nov 25 01:52:55 2026");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT(!parsed->utcOffsetSeconds.has_value());
        CPPUNIT_ASSERT(!rfc867::toUnixSeconds(*parsed).has_value());
        CPPUNIT_ASSERT_EQUAL(2026, parsed->year);
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT_EQUAL(25, parsed->day);
        CPPUNIT_ASSERT_EQUAL(1, parsed->hour);
        CPPUNIT_ASSERT_EQUAL(52, parsed->minute);
        CPPUNIT_ASSERT_EQUAL(55, parsed->second);
        const auto zoned = rfc867::parse("Wed Nov 25 01:52:55 2026 UTC");
        CPPUNIT_ASSERT(zoned && zoned->utcOffsetSeconds == 0);
        CPPUNIT_ASSERT_EQUAL(year2026 + 1 * 3600 + 52 * 60 + 55, *rfc867::toUnixSeconds(*zoned));
    }

    void testCtimeLayoutWithSpacePaddedDay() {
        // ctime(3) pads a one-digit day with a space: "Thu Nov  5".
        const auto parsed = rfc867::parse("Thu Nov  5 01:52:55 2026\r\n");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(5, parsed->day);
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT_EQUAL(2026, parsed->year);
    }

    void testXinetdLayout() {
        // What xinetd's internal daytime service sends.
        const auto parsed = rfc867::parse("25 NOV 2026 01:52:55 UTC");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT(parsed->utcOffsetSeconds == 0);
        CPPUNIT_ASSERT_EQUAL(year2026 + 1 * 3600 + 52 * 60 + 55, *rfc867::toUnixSeconds(*parsed));
    }

    void testRfc5322LayoutWithOffset() {
        const auto parsed = rfc867::parse("Wed, 25 Nov 2026 01:52:55 +0100");
        CPPUNIT_ASSERT(parsed.has_value());
        CPPUNIT_ASSERT_EQUAL(25, parsed->day);
        CPPUNIT_ASSERT_EQUAL(11, parsed->month);
        CPPUNIT_ASSERT_EQUAL(2026, parsed->year);
        CPPUNIT_ASSERT_EQUAL(3600, *parsed->utcOffsetSeconds);
        CPPUNIT_ASSERT_EQUAL(year2026 + 52 * 60 + 55, *rfc867::toUnixSeconds(*parsed));
        const auto west = rfc867::parse("Wed, 25 Nov 2026 01:52:55 -0330");
        CPPUNIT_ASSERT(west.has_value());
        CPPUNIT_ASSERT_EQUAL(-(3 * 3600 + 30 * 60), *west->utcOffsetSeconds);
        CPPUNIT_ASSERT_EQUAL(year2026 + 5 * 3600 + 22 * 60 + 55, *rfc867::toUnixSeconds(*west));
        const auto gmt = rfc867::parse("Wed, 25 Nov 2026 01:52:55 GMT");
        CPPUNIT_ASSERT(gmt && gmt->utcOffsetSeconds == 0);
    }

    void testLinesEndingInCrlfParse() {
        const std::int64_t expected = year2026 + 1 * 3600 + 52 * 60 + 55;
        for (const char* line :
             {"Wednesday, November 25, 2026 01:52:55-UTC\r\n", "Wed, 25 Nov 2026 01:52:55 +0000\r\n",
              "25 NOV 2026 01:52:55 UTC\r\n", "Wed Nov 25 01:52:55 2026 UTC\r\n", "Wed Nov 25 01:52:55 2026 UTC\n"}) {
            const auto parsed = rfc867::parse(line);
            CPPUNIT_ASSERT_MESSAGE(line, parsed.has_value());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(line, expected, *rfc867::toUnixSeconds(*parsed));
        }
        CPPUNIT_ASSERT(rfc867::parse(std::string("Wed Nov 25 01:52:55 2026\r\n\0", 27)).has_value());
    }

    void testGarbageEmptyAndOverlongAreRefused() {
        for (const char* line : {"", "\r\n", "It is about teatime", "Wed Foo 25 01:52:55 2026",
                                 "25 NOV 2026 01:52:55 MARS", "Wed Nov 25 01:52:55 2026 trailing junk",
                                 "Wed, 25 Nov 2026 01:52:55", "Wed Nov 25 01:52 2026", "1795564800"})
            CPPUNIT_ASSERT_MESSAGE(line, refused(line));
        CPPUNIT_ASSERT(refused(std::string(1000, '7')));
        // A well-formed line made longer than 200 characters by zero padding.
        CPPUNIT_ASSERT(refused("Wed Nov " + std::string(200, '0') + "25 01:52:55 2026"));
    }

    void testOutOfRangeFieldsAreRefused() {
        for (const char* line :
             {"Wed, 25 13 2026 01:52:55 +0000",  // month 13, numeric
              "Wed Nov 25 24:00:00 2026", "Wed Nov 25 01:60:00 2026", "Wed Nov 25 01:52:61 2026",
              "Wed Nov 0 01:52:55 2026", "Wednesday, November 32, 2026 01:52:55-UTC", "Wed, 25 Nov 2026 24:00:00 +0000",
              "25 NOV 2026 -1:52:55 UTC", "Wed Nov 25 01:52:55 1899"})
            CPPUNIT_ASSERT_MESSAGE(line, refused(line));
        CPPUNIT_ASSERT(!refused("Wed Nov 25 23:59:59 2026"));  // the largest valid fields still parse
    }

    void testImpossibleCalendarDatesAreRefused() {
        // "a field is out of range": day 30 does not exist in February, nor 31 in April.
        CPPUNIT_ASSERT(!refused("Tuesday, February 29, 2028 00:00:00-UTC"));
        CPPUNIT_ASSERT_MESSAGE("February 30", refused("Monday, February 30, 2026 01:52:55-UTC"));
        CPPUNIT_ASSERT_MESSAGE("April 31", refused("Fri Apr 31 01:52:55 2026"));
        CPPUNIT_ASSERT_MESSAGE("February 29 of a common year", refused("Sun, 29 Feb 2026 01:52:55 +0000"));
    }

    void testZoneOffsetWithSixtyOrMoreMinutesIsRefused() {
        // RFC 5322 section 3.3: the zone's last two digits are minutes, 00 to 59.
        CPPUNIT_ASSERT(!refused("Wed, 25 Nov 2026 01:52:55 +0559"));
        CPPUNIT_ASSERT_MESSAGE("+0160", refused("Wed, 25 Nov 2026 01:52:55 +0160"));
        CPPUNIT_ASSERT_MESSAGE("+9999", refused("Wed, 25 Nov 2026 01:52:55 +9999"));
    }

    void testToUnixSecondsAppliesTheOffset() {
        rfc867::Daytime daytime;
        daytime.year = 2026;
        daytime.month = 11;
        daytime.day = 25;
        daytime.hour = 1;
        daytime.minute = 52;
        daytime.second = 55;
        CPPUNIT_ASSERT(!rfc867::toUnixSeconds(daytime).has_value());
        daytime.utcOffsetSeconds = 0;
        CPPUNIT_ASSERT_EQUAL(year2026 + 6775, *rfc867::toUnixSeconds(daytime));
        daytime.utcOffsetSeconds = 2 * 3600;  // 01:52:55+02:00 is 23:52:55 the day before
        CPPUNIT_ASSERT_EQUAL(year2026 - 7 * 60 - 5, *rfc867::toUnixSeconds(daytime));
        daytime.utcOffsetSeconds = -(9 * 3600 + 30 * 60);
        CPPUNIT_ASSERT_EQUAL(year2026 + 6775 + 34200, *rfc867::toUnixSeconds(daytime));
    }

    void testCivilDaysOfKnownDates() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, rfc867::daysFromCivil(1970, 1, 1));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{-1}, rfc867::daysFromCivil(1969, 12, 31));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{-25567}, rfc867::daysFromCivil(1900, 1, 1));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{-719468}, rfc867::daysFromCivil(0, 3, 1));
        CPPUNIT_ASSERT_EQUAL(year2026 / 86400, rfc867::daysFromCivil(2026, 11, 25));
        CPPUNIT_ASSERT_EQUAL(leapDay2028 / 86400, rfc867::daysFromCivil(2028, 2, 29));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{49710}, rfc867::daysFromCivil(2106, 2, 7));
        const auto dayBefore = rfc867::civilFromDays(-1);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1969}, dayBefore.year);
        CPPUNIT_ASSERT_EQUAL(12, dayBefore.month);
        CPPUNIT_ASSERT_EQUAL(31, dayBefore.day);
        const auto leapDay = rfc867::civilFromDays(leapDay2028 / 86400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2028}, leapDay.year);
        CPPUNIT_ASSERT_EQUAL(2, leapDay.month);
        CPPUNIT_ASSERT_EQUAL(29, leapDay.day);
    }

    void testCivilDaysRoundTrip() {
        for (std::int64_t day = -800000; day <= 800000; day += 997) {
            const auto date = rfc867::civilFromDays(day);
            CPPUNIT_ASSERT_EQUAL(day, rfc867::daysFromCivil(static_cast<int>(date.year), date.month, date.day));
        }
        // Every day from 1890 to 2110: consecutive days are consecutive dates.
        auto previous = rfc867::civilFromDays(-29220);
        for (std::int64_t day = -29219; day <= 50000; ++day) {
            const auto date = rfc867::civilFromDays(day);
            CPPUNIT_ASSERT_EQUAL(day, rfc867::daysFromCivil(static_cast<int>(date.year), date.month, date.day));
            const bool nextDay =
                date.year == previous.year && date.month == previous.month && date.day == previous.day + 1;
            const bool nextMonth =
                date.day == 1 && ((date.year == previous.year && date.month == previous.month + 1) ||
                                  (date.year == previous.year + 1 && date.month == 1 && previous.month == 12));
            CPPUNIT_ASSERT(nextDay || nextMonth);
            previous = date;
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Rfc867Test);
