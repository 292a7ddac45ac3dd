// What the server advertises about its clock, from the kernel's status.
#include "kernel_clock.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::timed;

class KernelClockTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(KernelClockTest);
    CPPUNIT_TEST(testSynchronisedClockClaimsTheConfiguredStratum);
    CPPUNIT_TEST(testUnsynchronisedClockTellsClientsToDiscard);
    CPPUNIT_TEST(testLocalStratumServesAnUnsynchronisedClock);
    CPPUNIT_TEST(testReadingTheKernelChangesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSynchronisedClockClaimsTheConfiguredStratum() {
        KernelClockStatus status;
        status.synchronised = true;
        status.pendingLeap = LeapIndicator::insert;
        status.maxErrorSeconds = 0.030;
        ClockPolicy policy;
        policy.stratum = 3;
        const auto state = advertisedClockState(status, policy, sys::WallTime{1795564800, 5}, -22);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::insert);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::string("KERN"), referenceIdText(state.referenceId));
        CPPUNIT_ASSERT_EQUAL(-22, static_cast<int>(state.precision));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.030, state.rootDispersion, 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800}, state.referenceTime.seconds);
    }

    void testUnsynchronisedClockTellsClientsToDiscard() {
        const auto state = advertisedClockState(KernelClockStatus{}, ClockPolicy{}, sys::WallTime{1795564800, 0}, -20);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::unsynchronised);
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::string("INIT"), referenceIdText(state.referenceId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, state.referenceTime.seconds);
    }

    void testLocalStratumServesAnUnsynchronisedClock() {
        ClockPolicy policy;
        policy.localStratum = 10;
        const auto state = advertisedClockState(KernelClockStatus{}, policy, sys::WallTime{1795564800, 0}, -20);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::none);
        CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), referenceIdText(state.referenceId));
    }

    void testReadingTheKernelChangesNothing() {
        const auto first = readKernelClockStatus();
        const auto second = readKernelClockStatus();
        CPPUNIT_ASSERT_EQUAL(first.synchronised, second.synchronised);
        const int precision = measureClockPrecision();
        CPPUNIT_ASSERT(precision >= -30 && precision <= 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KernelClockTest);
