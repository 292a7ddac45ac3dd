// Per-source token buckets: bursts, refill, sources kept apart, fixed memory.
#include "rate_limiter.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::timed;

namespace {
net::SocketAddress from(const std::string& address) { return net::SocketAddress::fromLiteral(address, 1234); }
}  // namespace

class RateLimiterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RateLimiterTest);
    CPPUNIT_TEST(testZeroRateNeverLimits);
    CPPUNIT_TEST(testBurstThenRefusal);
    CPPUNIT_TEST(testRefillOverTime);
    CPPUNIT_TEST(testSourcesAreIndependent);
    CPPUNIT_TEST(testIpv6SlashSixtyFourSharesABucket);
    CPPUNIT_TEST(testManySourcesFitTheFixedTable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testZeroRateNeverLimits() {
        RateLimiter limiter(0, 0, 16, 1);
        for (int i = 0; i < 10000; ++i) CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
    }

    void testBurstThenRefusal() {
        RateLimiter limiter(10, 20, 4096, 42);
        for (int i = 0; i < 20; ++i) CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 100.0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 100.0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 100.05));
    }

    void testRefillOverTime() {
        RateLimiter limiter(10, 20, 4096, 42);
        for (int i = 0; i < 20; ++i) limiter.allow(from("192.0.2.1"), 100.0);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 100.11));  // one token after 1/10 s
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 100.11));
        int allowed = 0;
        for (int i = 0; i < 100; ++i) allowed += limiter.allow(from("192.0.2.1"), 200.0);
        CPPUNIT_ASSERT_EQUAL(20, allowed);  // a long pause refills the burst, no more
    }

    void testSourcesAreIndependent() {
        RateLimiter limiter(1, 1, 4096, 7);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.2"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8::1"), 0));
    }

    void testIpv6SlashSixtyFourSharesABucket() {
        RateLimiter limiter(1, 1, 4096, 7);
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8:0:1::1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("2001:db8:0:1::ffff"), 0));  // same /64
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8:0:2::1"), 0));      // another /64
    }

    void testManySourcesFitTheFixedTable() {
        RateLimiter limiter(1, 1, 64, 9);
        int allowed = 0;
        for (int i = 0; i < 100000; ++i) {
            const std::string address = "10." + std::to_string(i >> 16 & 255) + "." + std::to_string(i >> 8 & 255) +
                                        "." + std::to_string(i & 255);
            allowed += limiter.allow(from(address), 0);
        }
        CPPUNIT_ASSERT_EQUAL(100000, allowed);  // each new source starts with its burst
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RateLimiterTest);
