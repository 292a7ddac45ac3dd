// The server's answer to one SNTP datagram: who gets one, and what it says.
#include "measurement.h"
#include "sntp_responder.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

using namespace wirekit;
using namespace wirekit::timed;

namespace {

constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z

/// A client request: `firstByte` (LI, VN, mode), poll 7, transmit A8 A9 .. AF.
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
    clock.rootDelay = 0.5;
    clock.rootDispersion = 0.25;
    clock.referenceId = referenceIdFromText("LOCL");
    clock.referenceTime = sys::WallTime{1795564800, 0};
    return clock;
}

NtpPacket replyTo(const std::array<std::uint8_t, 48>& bytes, const sys::WallTime& received,
                  const sys::WallTime& transmit, const ServerClockState& clock) {
    const auto answer = answerSntp(bytes.data(), bytes.size(), received, transmit, clock);
    CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
    return *NtpPacket::decode(answer.reply.data(), answer.reply.size());
}

SntpVerdict verdictFor(std::uint8_t firstByte, std::size_t size = 48) {
    const auto bytes = request(firstByte);
    return answerSntp(bytes.data(), size, {}, {}, localClock()).verdict;
}

}  // namespace

class SntpResponderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SntpResponderTest);
    CPPUNIT_TEST(testClientRequestGetsServerReply);
    CPPUNIT_TEST(testOriginIsTheRequestTransmitTime);
    CPPUNIT_TEST(testVersionIsEchoed);
    CPPUNIT_TEST(testLeapIndicatorComesFromTheClock);
    CPPUNIT_TEST(testZeroReferenceTimeStaysZero);
    CPPUNIT_TEST(testRequestWithExtensionFieldsIsAnswered);
    CPPUNIT_TEST(testShortRequestGetsNothing);
    CPPUNIT_TEST(testBadVersionsGetNothing);
    CPPUNIT_TEST(testOtherModesGetNothing);
    CPPUNIT_TEST(testTimesAfter2036);
    CPPUNIT_TEST(testOurClientAcceptsTheReply);
    CPPUNIT_TEST_SUITE_END();

public:
    void testClientRequestGetsServerReply() {
        const auto bytes = request(0x23);
        const sys::WallTime received{1795564800, 250000000}, sent{1795564800, 250100000};
        const auto answer = answerSntp(bytes.data(), bytes.size(), received, sent, localClock());
        CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
        CPPUNIT_ASSERT_EQUAL(0x24, static_cast<int>(answer.reply[0]));  // LI 0, VN 4, mode 4
        const auto reply = *NtpPacket::decode(answer.reply.data(), answer.reply.size());
        CPPUNIT_ASSERT(reply.mode == NtpMode::server);
        CPPUNIT_ASSERT_EQUAL(4, static_cast<int>(reply.version));
        CPPUNIT_ASSERT(reply.leap == LeapIndicator::none);
        CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(reply.stratum));
        CPPUNIT_ASSERT_EQUAL(7, static_cast<int>(reply.poll));
        CPPUNIT_ASSERT_EQUAL(-24, static_cast<int>(reply.precision));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x8000}, reply.rootDelay);        // 0.5 s in 16.16
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4000}, reply.rootDispersion);   // 0.25 s in 16.16
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4C4F434C}, reply.referenceId);  // "LOCL"
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795564800u + 2208988800u}, reply.receiveTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x40000000u}, reply.receiveTime.fraction);  // 0.25 s
        CPPUNIT_ASSERT(reply.receiveTime == NtpTimestamp::fromWallTime(received));
        CPPUNIT_ASSERT(reply.transmitTime == NtpTimestamp::fromWallTime(sent));
        CPPUNIT_ASSERT(reply.referenceTime == (NtpTimestamp{1795564800u + 2208988800u, 0}));
    }

    void testOriginIsTheRequestTransmitTime() {
        const auto bytes = request(0x23);
        const auto reply = replyTo(bytes, {}, {}, localClock());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xC8C9CACB}, reply.originTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xCCCDCECF}, reply.originTime.fraction);
    }

    void testVersionIsEchoed() {
        for (int version = 1; version <= 4; ++version) {
            const auto bytes = request(static_cast<std::uint8_t>(version << 3 | 3));
            const auto answer = answerSntp(bytes.data(), bytes.size(), {1795564800, 0}, {1795564800, 0}, localClock());
            CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
            CPPUNIT_ASSERT_EQUAL(version << 3 | 4, static_cast<int>(answer.reply[0]));
            CPPUNIT_ASSERT_EQUAL(7, static_cast<int>(answer.reply[2]));                              // poll
            CPPUNIT_ASSERT(std::equal(bytes.begin() + 40, bytes.end(), answer.reply.begin() + 24));  // origin
        }
    }

    void testLeapIndicatorComesFromTheClock() {
        auto clock = localClock();
        clock.leap = LeapIndicator::insert;
        CPPUNIT_ASSERT(replyTo(request(0x23), {}, {}, clock).leap == LeapIndicator::insert);
        clock.leap = LeapIndicator::unsynchronised;
        clock.stratum = 0;
        clock.referenceId = referenceIdFromText("INIT");
        const auto bytes = request(0x23);
        const auto answer = answerSntp(bytes.data(), bytes.size(), {}, {}, clock);
        CPPUNIT_ASSERT_EQUAL(0xE4, static_cast<int>(answer.reply[0]));
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(answer.reply[1]));
        CPPUNIT_ASSERT_EQUAL(std::string("INIT"), std::string(answer.reply.begin() + 12, answer.reply.begin() + 16));
    }

    void testZeroReferenceTimeStaysZero() {
        auto clock = localClock();
        clock.referenceTime = sys::WallTime{};
        CPPUNIT_ASSERT(replyTo(request(0x23), {1795564800, 0}, {1795564800, 0}, clock).referenceTime.isZero());
    }

    void testRequestWithExtensionFieldsIsAnswered() {
        std::array<std::uint8_t, 68> bytes{};
        const auto header = request(0x23);
        std::copy(header.begin(), header.end(), bytes.begin());
        std::fill(bytes.begin() + 48, bytes.end(), 0xEE);  // a key id and MAC we do not check
        const auto answer = answerSntp(bytes.data(), bytes.size(), {}, {}, localClock());
        CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
        CPPUNIT_ASSERT(std::equal(bytes.begin() + 40, bytes.begin() + 48, answer.reply.begin() + 24));
    }

    void testShortRequestGetsNothing() {
        CPPUNIT_ASSERT(verdictFor(0x23, 47) == SntpVerdict::tooShort);
        CPPUNIT_ASSERT(verdictFor(0x23, 1) == SntpVerdict::tooShort);
        CPPUNIT_ASSERT(verdictFor(0x23, 0) == SntpVerdict::tooShort);
        CPPUNIT_ASSERT(answerSntp(nullptr, 48, {}, {}, localClock()).verdict == SntpVerdict::tooShort);
    }

    void testBadVersionsGetNothing() {
        CPPUNIT_ASSERT(verdictFor(0 << 3 | 3) == SntpVerdict::badVersion);
        CPPUNIT_ASSERT(verdictFor(5 << 3 | 3) == SntpVerdict::badVersion);
        CPPUNIT_ASSERT(verdictFor(6 << 3 | 3) == SntpVerdict::badVersion);
        CPPUNIT_ASSERT(verdictFor(7 << 3 | 3) == SntpVerdict::badVersion);
    }

    void testOtherModesGetNothing() {
        for (int mode : {0, 1, 2, 4, 5, 6, 7}) {
            CPPUNIT_ASSERT_MESSAGE("mode " + std::to_string(mode),
                                   verdictFor(static_cast<std::uint8_t>(4 << 3 | mode)) == SntpVerdict::notClientMode);
            CPPUNIT_ASSERT_MESSAGE("v3 mode " + std::to_string(mode),
                                   verdictFor(static_cast<std::uint8_t>(3 << 3 | mode)) == SntpVerdict::notClientMode);
        }
    }

    void testTimesAfter2036() {
        const sys::WallTime in2040{2208988800, 500000000};
        auto clock = localClock();
        clock.referenceTime = sys::WallTime{eraBoundary + 1, 0};
        const auto reply = replyTo(request(0x23), in2040, in2040, clock);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u - 2085978496u}, reply.transmitTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u - 2085978496u}, reply.receiveTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x80000000u}, reply.transmitTime.fraction);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, reply.referenceTime.seconds);
        CPPUNIT_ASSERT_EQUAL(in2040.seconds, reply.transmitTime.toWallTime(2200000000).seconds);
        CPPUNIT_ASSERT_EQUAL(in2040.seconds, reply.transmitTime.toWallTime(1795564800).seconds);
    }

    void testOurClientAcceptsTheReply() {
        // A client 3 s behind the server; 1 ms each way; the server holds it 0.5 ms.
        const sys::WallTime t1{1795564800, 100000000};
        const SntpExchange exchange(t1, 0x5A);
        const sys::WallTime t2{t1.seconds + 3, 101000000}, t3{t1.seconds + 3, 101500000}, t4{t1.seconds, 102500000};
        const auto answer = answerSntp(exchange.request().data(), 48, t2, t3, localClock());
        CPPUNIT_ASSERT(answer.verdict == SntpVerdict::reply);
        CPPUNIT_ASSERT(exchange.answers(answer.reply.data(), answer.reply.size()));
        const auto m = exchange.interpret(answer.reply.data(), answer.reply.size(), t4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3.0, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.002, m.delay, 1e-6);
        CPPUNIT_ASSERT_EQUAL(10, m.stratum);
        CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), m.referenceId);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SntpResponderTest);
