// Signals through a signalfd: delivered as events, mask restored after.
#include "sys/signals.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::sys;

class SignalsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SignalsTest);
    CPPUNIT_TEST(testRaisedSignalArrivesOnTheChannel);
    CPPUNIT_TEST(testMaskIsRestored);
    CPPUNIT_TEST(testTerminationSignals);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRaisedSignalArrivesOnTheChannel() {
        SignalChannel channel{SIGUSR1, SIGUSR2};
        CPPUNIT_ASSERT(!channel.next().has_value());
        ::raise(SIGUSR1);
        const auto got = channel.next();
        CPPUNIT_ASSERT(got.has_value());
        CPPUNIT_ASSERT_EQUAL(SIGUSR1, *got);
        CPPUNIT_ASSERT(!channel.next().has_value());
    }

    void testMaskIsRestored() {
        {
            SignalChannel channel{SIGUSR2};
            sigset_t current;
            sigprocmask(SIG_SETMASK, nullptr, &current);
            CPPUNIT_ASSERT(sigismember(&current, SIGUSR2));
        }
        sigset_t after;
        sigprocmask(SIG_SETMASK, nullptr, &after);
        CPPUNIT_ASSERT(!sigismember(&after, SIGUSR2));
    }

    void testTerminationSignals() {
        CPPUNIT_ASSERT(isTerminationSignal(SIGTERM));
        CPPUNIT_ASSERT(isTerminationSignal(SIGINT));
        CPPUNIT_ASSERT(isTerminationSignal(SIGHUP));
        CPPUNIT_ASSERT(!isTerminationSignal(SIGUSR1));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalsTest);
