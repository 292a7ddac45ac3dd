// The server's answer to one SNTP datagram: who gets one, and what it says.
#include "sntp_responder.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::timed;

namespace {

std::array<std::uint8_t, 48> request(std::uint8_t firstByte) {
    std::array<std::uint8_t, 48> bytes{};
    bytes[0] = firstByte;
    bytes[2] = 7;  // poll
    for (int i = 40; i < 48; ++i) bytes[i] = static_cast<std::uint8_t>(0xA0 + i);
    return bytes;
}

ServerClockState localClock() {
    ServerClockState clock;
    clock.leap = LeapIndicator::none;
    clock.stratum = 10;
    clock.precision = -24;
    clock.rootDispersion = 0.25;
    clock.referenceId = referenceIdFromText("LOCL");
    clock.referenceTime = sys::WallTime{1795564800, 0};
    return clock;
}

}  // namespace

class SntpResponderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SntpResponderTest);
    CPPUNIT_TEST(testClientRequestGetsServerReply);
    CPPUNIT_TEST(testVersionIsEchoed);
    CPPUNIT_TEST(testShortRequestGetsNothing);
    CPPUNIT_TEST(testBadVersionsGetNothing);
    CPPUNIT_TEST(testOtherModesGetNothing);
    CPPUNIT_TEST(testTimesAfter2036);
    CPPUNIT_TEST_SUITE_END();

public:
    void testClientRequestGetsServerReply() {
        const auto bytes = request(0x23);
        const sys::WallTime received{1795564800, 250000000}, sent{1795564800, 250100000};
        const auto answer = answerSntp(bytes.data(), bytes.size(), received, sent, localClock());
        CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
        const auto reply = *NtpPacket::decode(answer.reply.data(), answer.reply.size());
        CPPUNIT_ASSERT(reply.mode == NtpMode::server);
        CPPUNIT_ASSERT(reply.leap == LeapIndicator::none);
        CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(reply.stratum));
        CPPUNIT_ASSERT_EQUAL(7, static_cast<int>(reply.poll));
        CPPUNIT_ASSERT_EQUAL(-24, static_cast<int>(reply.precision));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4000}, reply.rootDispersion);  // 0.25 s in 16.16
        CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), referenceIdText(reply.referenceId));
        CPPUNIT_ASSERT(std::equal(bytes.begin() + 40, bytes.end(), answer.reply.begin() + 24));  // origin
        CPPUNIT_ASSERT(reply.receiveTime == NtpTimestamp::fromWallTime(received));
        CPPUNIT_ASSERT(reply.transmitTime == NtpTimestamp::fromWallTime(sent));
        CPPUNIT_ASSERT(reply.referenceTime == NtpTimestamp::fromWallTime(localClock().referenceTime));
    }

    void testVersionIsEchoed() {
        for (int version = 1; version <= 4; ++version) {
            const auto bytes = request(static_cast<std::uint8_t>(version << 3 | 3));
            const auto answer = answerSntp(bytes.data(), bytes.size(), {}, {}, localClock());
            CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
            CPPUNIT_ASSERT_EQUAL(version << 3 | 4, static_cast<int>(answer.reply[0]));
        }
    }

    void testShortRequestGetsNothing() {
        const auto bytes = request(0x23);
        CPPUNIT_ASSERT(answerSntp(bytes.data(), 47, {}, {}, localClock()).verdict == SntpVerdict::tooShort);
        CPPUNIT_ASSERT(answerSntp(bytes.data(), 0, {}, {}, localClock()).verdict == SntpVerdict::tooShort);
    }

    void testBadVersionsGetNothing() {
        for (std::uint8_t first : {std::uint8_t{0x03}, std::uint8_t{0x2B}, std::uint8_t{0x3B}}) {
            const auto bytes = request(first);
            CPPUNIT_ASSERT(answerSntp(bytes.data(), 48, {}, {}, localClock()).verdict == SntpVerdict::badVersion);
        }
    }

    void testOtherModesGetNothing() {
        for (int mode : {0, 1, 2, 4, 5, 6, 7}) {
            const auto bytes = request(static_cast<std::uint8_t>(4 << 3 | mode));
            CPPUNIT_ASSERT_MESSAGE(std::to_string(mode), answerSntp(bytes.data(), 48, {}, {}, localClock()).verdict ==
                                                             SntpVerdict::notClientMode);
        }
    }

    void testTimesAfter2036() {
        const auto bytes = request(0x23);
        const sys::WallTime in2040{2208988800, 0};
        const auto answer = answerSntp(bytes.data(), 48, in2040, in2040, localClock());
        const auto reply = *NtpPacket::decode(answer.reply.data(), answer.reply.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u - 2085978496u + 0u}, reply.transmitTime.seconds);
        CPPUNIT_ASSERT_EQUAL(in2040.seconds, reply.transmitTime.toWallTime(2200000000).seconds);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SntpResponderTest);
