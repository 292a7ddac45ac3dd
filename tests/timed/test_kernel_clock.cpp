// What the server advertises about its clock, from the kernel's status.
#include "kernel_clock.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit;
using namespace wirekit::timed;

namespace {
const sys::WallTime now{1795564800, 123456789};  // 2026-11-25T00:00:00.123456789Z

KernelClockStatus synchronised(LeapIndicator pendingLeap, double maxErrorSeconds) {
    KernelClockStatus status;
    status.synchronised = true;
    status.pendingLeap = pendingLeap;
    status.maxErrorSeconds = maxErrorSeconds;
    return status;
}
}  // namespace

class KernelClockTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(KernelClockTest);
    CPPUNIT_TEST(testSynchronisedClockClaimsTheConfiguredStratum);
    CPPUNIT_TEST(testSynchronisedClockPassesAPendingLeapOn);
    CPPUNIT_TEST(testDispersionStaysWithinNtpsSixteenSeconds);
    CPPUNIT_TEST(testUnsynchronisedClockTellsClientsToDiscard);
    CPPUNIT_TEST(testLocalStratumServesAnUnsynchronisedClock);
    CPPUNIT_TEST(testUnsynchronisedStateGoesOnTheWireAsLeap3Stratum0);
    CPPUNIT_TEST(testPrecisionIsAPlausibleLog2);
    CPPUNIT_TEST(testReadingTheKernelDoesNotThrow);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSynchronisedClockClaimsTheConfiguredStratum() {
        ClockPolicy policy;
        policy.stratum = 3;
        policy.localStratum = 10;  // ignored while the kernel is synchronised
        const auto state = advertisedClockState(synchronised(LeapIndicator::none, 0.030), policy, now, -22);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::none);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4B45524E}, state.referenceId);  // "KERN"
        CPPUNIT_ASSERT_EQUAL(std::string("KERN"), referenceIdText(state.referenceId));
        CPPUNIT_ASSERT_EQUAL(-22, static_cast<int>(state.precision));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.030, state.rootDispersion, 1e-12);
        CPPUNIT_ASSERT_EQUAL(now.seconds, state.referenceTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::int32_t{0}, state.referenceTime.nanoseconds);
        CPPUNIT_ASSERT_EQUAL(2, ClockPolicy{}.stratum);  // the default policy
    }

    void testSynchronisedClockPassesAPendingLeapOn() {
        const ClockPolicy policy;
        CPPUNIT_ASSERT(advertisedClockState(synchronised(LeapIndicator::insert, 0), policy, now, -20).leap ==
                       LeapIndicator::insert);
        CPPUNIT_ASSERT(advertisedClockState(synchronised(LeapIndicator::remove, 0), policy, now, -20).leap ==
                       LeapIndicator::remove);
        CPPUNIT_ASSERT_EQUAL(
            2,
            static_cast<int>(advertisedClockState(synchronised(LeapIndicator::insert, 0), policy, now, -20).stratum));
    }

    void testDispersionStaysWithinNtpsSixteenSeconds() {
        const ClockPolicy policy;
        CPPUNIT_ASSERT_DOUBLES_EQUAL(
            16.0, advertisedClockState(synchronised(LeapIndicator::none, 100), policy, now, -20).rootDispersion, 0.0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(
            0.0, advertisedClockState(synchronised(LeapIndicator::none, -1), policy, now, -20).rootDispersion, 0.0);
    }

    void testUnsynchronisedClockTellsClientsToDiscard() {
        KernelClockStatus status;  // unsynchronised
        status.pendingLeap = LeapIndicator::insert;
        const auto state = advertisedClockState(status, ClockPolicy{}, now, -20);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::unsynchronised);
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x494E4954}, state.referenceId);  // "INIT"
        CPPUNIT_ASSERT_EQUAL(-20, static_cast<int>(state.precision));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, state.referenceTime.seconds);
    }

    void testLocalStratumServesAnUnsynchronisedClock() {
        ClockPolicy policy;
        policy.localStratum = 10;
        const auto state = advertisedClockState(KernelClockStatus{}, policy, now, -18);
        CPPUNIT_ASSERT(state.leap == LeapIndicator::none);
        CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(state.stratum));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4C4F434C}, state.referenceId);  // "LOCL"
        CPPUNIT_ASSERT_EQUAL(-18, static_cast<int>(state.precision));
        CPPUNIT_ASSERT_EQUAL(now.seconds, state.referenceTime.seconds);
    }

    void testUnsynchronisedStateGoesOnTheWireAsLeap3Stratum0() {
        const auto state = advertisedClockState(KernelClockStatus{}, ClockPolicy{}, now, -20);
        std::array<std::uint8_t, 48> request{};
        request[0] = 0x23;
        const auto answer = answerSntp(request.data(), request.size(), now, now, state);
        CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
        CPPUNIT_ASSERT_EQUAL(0xE4, static_cast<int>(answer.reply[0]));
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(answer.reply[1]));
        CPPUNIT_ASSERT_EQUAL(std::string("INIT"), std::string(answer.reply.begin() + 12, answer.reply.begin() + 16));
    }

    void testPrecisionIsAPlausibleLog2() {
        for (int i = 0; i < 3; ++i) {
            const int precision = measureClockPrecision();
            CPPUNIT_ASSERT_MESSAGE(std::to_string(precision), precision >= -30 && precision <= 0);
        }
    }

    void testReadingTheKernelDoesNotThrow() {
        KernelClockStatus first, second;
        CPPUNIT_ASSERT_NO_THROW(first = readKernelClockStatus());
        CPPUNIT_ASSERT_NO_THROW(second = readKernelClockStatus());
        CPPUNIT_ASSERT_EQUAL(first.synchronised, second.synchronised);
        CPPUNIT_ASSERT(first.maxErrorSeconds >= 0);
        CPPUNIT_ASSERT(first.pendingLeap != LeapIndicator::unsynchronised);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KernelClockTest);
