// Per-source token buckets: bursts, refill, sources kept apart, fixed memory.
#include "rate_limiter.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdio>
#include <string>

using namespace wirekit;
using namespace wirekit::timed;

namespace {
net::SocketAddress from(const std::string& address, std::uint16_t port = 1234) {
    return net::SocketAddress::fromLiteral(address, port);
}
}  // namespace

class RateLimiterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RateLimiterTest);
    CPPUNIT_TEST(testZeroRateNeverLimits);
    CPPUNIT_TEST(testBurstThenRefusal);
    CPPUNIT_TEST(testRefillOverTime);
    CPPUNIT_TEST(testOneTokenReturnsAfterExactlyOneOverRate);
    CPPUNIT_TEST(testSourcesAreIndependent);
    CPPUNIT_TEST(testPortsOfOneAddressShareABucket);
    CPPUNIT_TEST(testIpv6SlashSixtyFourSharesABucket);
    CPPUNIT_TEST(testIpv4AndIpv6WithTheSameBytesAreApart);
    CPPUNIT_TEST(testCollidingSourceTakesTheSlotOver);
    CPPUNIT_TEST(testManySourcesFitTheFixedTable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testZeroRateNeverLimits() {
        RateLimiter limiter(0, 0, 16, 1);
        for (int i = 0; i < 10000; ++i) CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT(limiter.allow(from("2001:db8::1"), 5.0));
    }

    void testBurstThenRefusal() {
        RateLimiter limiter(10, 20, 4096, 42);
        for (int i = 0; i < 20; ++i) CPPUNIT_ASSERT_MESSAGE(std::to_string(i), limiter.allow(from("192.0.2.1"), 100.0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 100.0));
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

    void testOneTokenReturnsAfterExactlyOneOverRate() {
        // 4 per second: a token every 0.25 s (times chosen exact in binary).
        RateLimiter limiter(4, 1, 4096, 3);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.9"), 10.0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.9"), 10.0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.9"), 10.125));  // half a token
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.9"), 10.25));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.9"), 10.25));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.9"), 10.5));
    }

    void testSourcesAreIndependent() {
        RateLimiter limiter(1, 1, 4096, 7);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.2"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.2"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8::1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 0));  // still empty after others came
    }

    void testPortsOfOneAddressShareABucket() {
        RateLimiter limiter(1, 2, 4096, 7);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1", 1000), 0));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1", 2000), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1", 3000), 0));
    }

    void testIpv6SlashSixtyFourSharesABucket() {
        RateLimiter limiter(1, 1, 4096, 7);
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8:0:1::1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("2001:db8:0:1::ffff"), 0));                // same /64
        CPPUNIT_ASSERT(!limiter.allow(from("2001:db8:0:1:abcd:ef01:2345:6789"), 0));  // same /64
        CPPUNIT_ASSERT(limiter.allow(from("2001:db8:0:2::1"), 0));                    // another /64
        CPPUNIT_ASSERT(limiter.allow(from("2001:db9:0:1::1"), 0));                    // another /64
    }

    void testIpv4AndIpv6WithTheSameBytesAreApart() {
        RateLimiter limiter(1, 1, 4096, 11);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("c000:201::"), 0));  // begins with the bytes C0 00 02 01
    }

    void testCollidingSourceTakesTheSlotOver() {
        // One slot: every source collides, and each newcomer starts with a full bucket.
        RateLimiter limiter(1, 1, 1, 5);
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.2"), 0));
        CPPUNIT_ASSERT(!limiter.allow(from("192.0.2.2"), 0));
        CPPUNIT_ASSERT(limiter.allow(from("192.0.2.1"), 0));
        RateLimiter noSlots(1, 1, 0, 5);  // asked for none: still works, with one
        CPPUNIT_ASSERT(noSlots.allow(from("192.0.2.1"), 0));
        CPPUNIT_ASSERT(!noSlots.allow(from("192.0.2.1"), 0));
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
        for (int i = 0; i < 20000; ++i) {
            char address[64];
            std::snprintf(address, sizeof address, "2001:db8:%x:%x::1", i >> 16, i & 0xFFFF);
            CPPUNIT_ASSERT_NO_THROW(limiter.allow(from(address), 1.0));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RateLimiterTest);
