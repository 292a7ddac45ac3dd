// The client's arithmetic and sanity checks: RFC 4330's offset and delay,
// whole-second protocols, and every reason to refuse an answer.
#include "measurement.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>

using namespace wirekit;
using namespace wirekit::timed;

namespace {

const sys::WallTime t1{1795564800, 0};

/// A reply to `exchange` with the server's receive and transmit times.
std::array<std::uint8_t, 48> replyTo(const SntpExchange& exchange, sys::WallTime t2, sys::WallTime t3,
                                     std::uint8_t first = 0x24, std::uint8_t stratum = 2,
                                     const char (&refid)[5] = "GPS\0") {
    const auto request = *NtpPacket::decode(exchange.request().data(), 48);
    NtpPacket reply;
    reply.leap = static_cast<LeapIndicator>(first >> 6);
    reply.version = (first >> 3) & 7;
    reply.mode = static_cast<NtpMode>(first & 7);
    reply.stratum = stratum;
    reply.referenceId = referenceIdFromText(refid);
    reply.originTime = request.transmitTime;
    reply.receiveTime = NtpTimestamp::fromWallTime(t2);
    reply.transmitTime = NtpTimestamp::fromWallTime(t3);
    return reply.encode();
}

std::string errorOf(const SntpExchange& exchange, const std::array<std::uint8_t, 48>& reply, std::size_t size = 48) {
    try {
        exchange.interpret(reply.data(), size, sys::WallTime{t1.seconds, 100000000});
    } catch (const ProtocolError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class MeasurementTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MeasurementTest);
    CPPUNIT_TEST(testRequestCarriesTheSendTimeAndNonce);
    CPPUNIT_TEST(testOffsetAndDelayFollowRfc4330);
    CPPUNIT_TEST(testEveryBadReplyIsRefusedWithItsReason);
    CPPUNIT_TEST(testAnswersMatchesOnlyItsOwnRequest);
    CPPUNIT_TEST(testServerTimeAfter2036);
    CPPUNIT_TEST(testTimeReplyTakesTheMiddleOfTheSecond);
    CPPUNIT_TEST(testTimeReplySanity);
    CPPUNIT_TEST(testDaytimeReplyWithAndWithoutZone);
    CPPUNIT_TEST(testBestIsTheLowestDelay);
    CPPUNIT_TEST(testIsoFormat);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRequestCarriesTheSendTimeAndNonce() {
        const SntpExchange exchange(sys::WallTime{t1.seconds, 500000000}, 0x1234ABu);
        const auto request = *NtpPacket::decode(exchange.request().data(), 48);
        CPPUNIT_ASSERT_EQUAL(0x23, static_cast<int>(exchange.request()[0]));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x800000ABu}, request.transmitTime.fraction);
        CPPUNIT_ASSERT_EQUAL(t1.seconds, request.transmitTime.toWallTime(t1.seconds).seconds);
    }

    void testOffsetAndDelayFollowRfc4330() {
        // Local clock 2 s behind; 40 ms each way; the server holds the request 10 ms.
        const SntpExchange exchange(t1, 0);
        const sys::WallTime t2{t1.seconds + 2, 40000000}, t3{t1.seconds + 2, 50000000};
        const sys::WallTime t4{t1.seconds, 90000000};
        const auto m = exchange.interpret(replyTo(exchange, t2, t3).data(), 48, t4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(2.0, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.080, m.delay, 1e-6);
        CPPUNIT_ASSERT_EQUAL(2, m.stratum);
        CPPUNIT_ASSERT_EQUAL(0, m.leap);
        CPPUNIT_ASSERT_EQUAL(std::string("GPS"), m.referenceId);
        CPPUNIT_ASSERT_EQUAL(t1.seconds + 2, m.serverTime.seconds);
        CPPUNIT_ASSERT(std::abs(m.serverTime.nanoseconds - 90000000) < 1000);
    }

    void testEveryBadReplyIsRefusedWithItsReason() {
        const SntpExchange exchange(t1, 0);
        const sys::WallTime t2{t1.seconds, 1000}, t3{t1.seconds, 2000};
        CPPUNIT_ASSERT_EQUAL(std::string("short reply (47 bytes, SNTP needs 48)"),
                             errorOf(exchange, replyTo(exchange, t2, t3), 47));
        CPPUNIT_ASSERT_EQUAL(std::string("not a server reply (mode 3)"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x23)));
        CPPUNIT_ASSERT_EQUAL(std::string("server sent kiss-of-death RATE"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0xE4, 0, "RATE")));
        CPPUNIT_ASSERT_EQUAL(std::string("server clock is not synchronised (leap 3, stratum 2)"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0xE4, 2)));
        CPPUNIT_ASSERT_EQUAL(std::string("server clock is not synchronised (leap 3, stratum 16)"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x24, 16)));
        CPPUNIT_ASSERT_EQUAL(std::string("server sent a zero transmit time"),
                             errorOf(exchange, replyTo(exchange, t2, sys::WallTime{-2208988800LL, 0})));
        auto forged = replyTo(exchange, t2, t3);
        forged[31] ^= 1;
        CPPUNIT_ASSERT_EQUAL(std::string("reply does not answer our request (origin mismatch)"),
                             errorOf(exchange, forged));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of unknown NTP version 0"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x04)));
    }

    void testAnswersMatchesOnlyItsOwnRequest() {
        const SntpExchange first(t1, 1), second(t1, 2);
        const auto reply = replyTo(first, t1, t1);
        CPPUNIT_ASSERT(first.answers(reply.data(), 48));
        CPPUNIT_ASSERT(!second.answers(reply.data(), 48));
        CPPUNIT_ASSERT(!first.answers(reply.data(), 20));
    }

    void testServerTimeAfter2036() {
        const sys::WallTime local{2085978496 - 5, 0};  // five seconds before the NTP era rolls over
        const SntpExchange exchange(local, 0);
        const sys::WallTime server{2085978496 + 5, 0};
        const auto m = exchange.interpret(replyTo(exchange, server, server).data(), 48, local);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.0, m.offset, 1e-6);
        CPPUNIT_ASSERT_EQUAL(std::string("2036-02-07T06:28:21.000000Z"), formatIsoUtc(m.serverTime));
    }

    void testTimeReplyTakesTheMiddleOfTheSecond() {
        const std::uint8_t reply[4] = {0xEE, 0xB0, 0xA3, 0x80};  // 1795564800 + 2208988800
        const sys::WallTime sent{1795564800, 100000000}, received{1795564800, 300000000};
        const auto m = interpretTimeReply(reply, 4, sent, received);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800}, m.serverTime.seconds);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5 - 0.2, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.2, m.delay, 1e-6);
    }

    void testTimeReplySanity() {
        const std::uint8_t zero[4] = {0, 0, 0, 0};
        const std::uint8_t five[5] = {1, 2, 3, 4, 5};
        auto reason = [](const std::uint8_t* bytes, std::size_t size) {
            try {
                interpretTimeReply(bytes, size, t1, t1);
            } catch (const ProtocolError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        CPPUNIT_ASSERT_EQUAL(std::string("server sent time zero"), reason(zero, 4));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of 5 bytes, RFC 868 sends 4"), reason(five, 5));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of 2 bytes, RFC 868 sends 4"), reason(five, 2));
    }

    void testDaytimeReplyWithAndWithoutZone() {
        const sys::WallTime now{1795564800 + 60, 0};
        const auto utc = interpretDaytimeReply("25 NOV 2026 00:01:00 UTC\r\n", now, now, 3600);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, utc.offset, 1e-6);
        // No zone: read in the client's zone (here UTC+1), so 01:01 local is 00:01 UTC.
        const auto local = interpretDaytimeReply("Wed Nov 25 01:01:00 2026\r\n", now, now, 3600);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, local.offset, 1e-6);
        try {
            interpretDaytimeReply("\x01 garbage\r\n", now, now, 0);
            CPPUNIT_FAIL("garbage accepted");
        } catch (const ProtocolError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("unreadable daytime reply '. garbage'"), std::string(e.what()));
        }
    }

    void testBestIsTheLowestDelay() {
        std::vector<ServerAnswer> answers(3);
        answers[0].error = "no answer";
        answers[1].measurement = Measurement{};
        answers[1].measurement->delay = 0.020;
        answers[2].measurement = Measurement{};
        answers[2].measurement->delay = 0.005;
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, *chooseBest(answers));
        answers.pop_back();
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, *chooseBest(answers));
        answers.pop_back();
        CPPUNIT_ASSERT(!chooseBest(answers).has_value());
    }

    void testIsoFormat() {
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00.000000Z"), formatIsoUtc({0, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-25T02:05:26.632628Z"), formatIsoUtc({1795564800 + 7526, 632628999}));
        CPPUNIT_ASSERT_EQUAL(std::string("1969-12-31T23:59:59.500000Z"), formatIsoUtc({-1, 500000000}));
        CPPUNIT_ASSERT_EQUAL(std::string("2040-01-01T00:00:00.000000Z"), formatIsoUtc({2208988800, 0}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MeasurementTest);
