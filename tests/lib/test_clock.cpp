// The clocks: the wall clock agrees with time(2), the monotonic one advances.
#include "sys/clock.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <ctime>

using namespace wirekit::sys;

class ClockTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClockTest);
    CPPUNIT_TEST(testWallClockAgreesWithTime);
    CPPUNIT_TEST(testMonotonicAdvances);
    CPPUNIT_TEST(testToDouble);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWallClockAgreesWithTime() {
        SystemWallClock clock;
        const auto now = clock.now();
        CPPUNIT_ASSERT(std::llabs(now.seconds - static_cast<long long>(::time(nullptr))) <= 1);
        CPPUNIT_ASSERT(now.nanoseconds >= 0 && now.nanoseconds < 1000000000);
    }

    void testMonotonicAdvances() {
        const double first = monotonicSeconds();
        timespec pause{0, 2000000};
        ::nanosleep(&pause, nullptr);
        const double second = monotonicSeconds();
        CPPUNIT_ASSERT(second - first >= 0.002);
    }

    void testToDouble() { CPPUNIT_ASSERT_DOUBLES_EQUAL(12.25, (WallTime{12, 250000000}.toDouble()), 1e-9); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClockTest);
