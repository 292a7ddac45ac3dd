// The client's arithmetic and sanity checks: RFC 4330's offset and delay,
// whole-second protocols, and every reason to refuse an answer.
#include "measurement.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <string>

using namespace wirekit;
using namespace wirekit::timed;

namespace {

constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z
constexpr std::int64_t march2036 = 2087942400;    // 2036-03-01T00:00:00Z
const sys::WallTime t1{1795564800, 0};            // 2026-11-25T00:00:00Z

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

std::string timeReplyError(const std::uint8_t* bytes, std::size_t size) {
    try {
        interpretTimeReply(bytes, size, t1, t1);
    } catch (const ProtocolError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class MeasurementTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MeasurementTest);
    CPPUNIT_TEST(testRequestIsAVersion4ClientPacket);
    CPPUNIT_TEST(testRequestCarriesTheSendTimeAndNonce);
    CPPUNIT_TEST(testOffsetAndDelayFollowRfc4330);
    CPPUNIT_TEST(testNegativeOffsetWithAsymmetricTimes);
    CPPUNIT_TEST(testEveryBadReplyIsRefusedWithItsReason);
    CPPUNIT_TEST(testAnswersMatchesOnlyItsOwnRequest);
    CPPUNIT_TEST(testServerTimeAcrossTheBoundary);
    CPPUNIT_TEST(testServerTimeAfter2036WithAPivotIn2036);
    CPPUNIT_TEST(testTimeReplyTakesTheMiddleOfTheSecond);
    CPPUNIT_TEST(testTimeReplyAfter2036);
    CPPUNIT_TEST(testTimeReplySanity);
    CPPUNIT_TEST(testDaytimeReplyWithAndWithoutZone);
    CPPUNIT_TEST(testDaytimeReplyWithADelay);
    CPPUNIT_TEST(testUnreadableDaytimeReplyShowsTheLine);
    CPPUNIT_TEST(testBestIsTheLowestDelay);
    CPPUNIT_TEST(testNoSuccessMeansNoBest);
    CPPUNIT_TEST(testIsoFormat);
    CPPUNIT_TEST(testProtocolNamesAndPorts);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRequestIsAVersion4ClientPacket() {
        const SntpExchange exchange(sys::WallTime{t1.seconds, 123456789}, 0);
        const auto& bytes = exchange.request();
        CPPUNIT_ASSERT_EQUAL(std::size_t{48}, bytes.size());
        CPPUNIT_ASSERT_EQUAL(0x23, static_cast<int>(bytes[0]));  // LI 0, VN 4, mode 3
        for (std::size_t i = 1; i < 40; ++i)
            CPPUNIT_ASSERT_EQUAL_MESSAGE("byte " + std::to_string(i), 0, static_cast<int>(bytes[i]));
        const auto request = *NtpPacket::decode(bytes.data(), bytes.size());
        CPPUNIT_ASSERT(request.mode == NtpMode::client);
        CPPUNIT_ASSERT_EQUAL(4, static_cast<int>(request.version));
    }

    void testRequestCarriesTheSendTimeAndNonce() {
        const SntpExchange half(sys::WallTime{t1.seconds, 500000000}, 0x1234ABu);
        const auto request = *NtpPacket::decode(half.request().data(), 48);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x800000ABu}, request.transmitTime.fraction);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795564800u + 2208988800u}, request.transmitTime.seconds);

        const sys::WallTime sent{t1.seconds, 123456789};
        for (std::uint32_t nonce : {0u, 0x12u, 0xFFu, 0xFFFFFF12u}) {
            const SntpExchange exchange(sent, nonce);
            const auto transmit = NtpPacket::decode(exchange.request().data(), 48)->transmitTime;
            CPPUNIT_ASSERT_EQUAL(nonce & 0xFFu, transmit.fraction & 0xFFu);
            CPPUNIT_ASSERT_EQUAL(NtpTimestamp::fromWallTime(sent).fraction & 0xFFFFFF00u,
                                 transmit.fraction & 0xFFFFFF00u);
            const auto back = transmit.toWallTime(sent.seconds);
            CPPUNIT_ASSERT_EQUAL(sent.seconds, back.seconds);
            CPPUNIT_ASSERT(std::abs(back.nanoseconds - sent.nanoseconds) <= 60);  // 2^-24 s
        }
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

    void testNegativeOffsetWithAsymmetricTimes() {
        // t1 = .1, t2 = -4.7, t3 = -4.69, t4 = .5 (relative): the server is about 5 s behind.
        const sys::WallTime sent{t1.seconds, 100000000};
        const SntpExchange exchange(sent, 0xC3);
        const sys::WallTime t2{t1.seconds - 5, 300000000}, t3{t1.seconds - 5, 310000000};
        const sys::WallTime t4{t1.seconds, 500000000};
        const auto m = exchange.interpret(replyTo(exchange, t2, t3, 0x1C, 1, "PPS\0").data(), 48, t4);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(((-4.8) + (-5.19)) / 2, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.4 - 0.01, m.delay, 1e-6);
        CPPUNIT_ASSERT_EQUAL(1, m.stratum);
        CPPUNIT_ASSERT_EQUAL(std::string("PPS"), m.referenceId);
    }

    void testEveryBadReplyIsRefusedWithItsReason() {
        const SntpExchange exchange(t1, 0);
        const sys::WallTime t2{t1.seconds, 1000}, t3{t1.seconds, 2000};
        CPPUNIT_ASSERT_EQUAL(std::string(""), errorOf(exchange, replyTo(exchange, t2, t3)));  // the good one
        CPPUNIT_ASSERT_EQUAL(std::string("short reply (47 bytes, SNTP needs 48)"),
                             errorOf(exchange, replyTo(exchange, t2, t3), 47));
        CPPUNIT_ASSERT_EQUAL(std::string("not a server reply (mode 3)"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x23)));
        CPPUNIT_ASSERT_EQUAL(std::string("server sent kiss-of-death RATE"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0xE4, 0, "RATE")));
        CPPUNIT_ASSERT_EQUAL(std::string("server sent kiss-of-death DENY"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x24, 0, "DENY")));
        const auto leap3 = errorOf(exchange, replyTo(exchange, t2, t3, 0xE4, 2));
        CPPUNIT_ASSERT_MESSAGE(leap3, contains(leap3, "not synchronised"));
        const auto stratum16 = errorOf(exchange, replyTo(exchange, t2, t3, 0x24, 16));
        CPPUNIT_ASSERT_MESSAGE(stratum16, contains(stratum16, "not synchronised") && contains(stratum16, "stratum 16"));
        CPPUNIT_ASSERT_EQUAL(std::string("server sent a zero transmit time"),
                             errorOf(exchange, replyTo(exchange, t2, sys::WallTime{-2208988800LL, 0})));
        auto forged = replyTo(exchange, t2, t3);
        forged[31] ^= 1;
        const auto mismatch = errorOf(exchange, forged);
        CPPUNIT_ASSERT_MESSAGE(mismatch, contains(mismatch, "origin mismatch"));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of unknown NTP version 0"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x04)));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of unknown NTP version 5"),
                             errorOf(exchange, replyTo(exchange, t2, t3, 0x2C)));
    }

    void testAnswersMatchesOnlyItsOwnRequest() {
        const SntpExchange first(t1, 1), second(t1, 2);
        const auto reply = replyTo(first, t1, t1);
        CPPUNIT_ASSERT(first.answers(reply.data(), 48));
        CPPUNIT_ASSERT(!second.answers(reply.data(), 48));
        CPPUNIT_ASSERT(!first.answers(reply.data(), 47));
        CPPUNIT_ASSERT(!first.answers(first.request().data(), 48));  // our own request has a zero origin
    }

    void testServerTimeAcrossTheBoundary() {
        const sys::WallTime local{eraBoundary - 5, 0};  // five seconds before the NTP era rolls over
        const SntpExchange exchange(local, 0);
        const sys::WallTime server{eraBoundary + 5, 0};
        const auto m = exchange.interpret(replyTo(exchange, server, server).data(), 48, local);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.0, m.offset, 1e-6);
        CPPUNIT_ASSERT_EQUAL(std::string("2036-02-07T06:28:21.000000Z"), formatIsoUtc(m.serverTime));
    }

    void testServerTimeAfter2036WithAPivotIn2036() {
        const sys::WallTime sent{march2036, 0};
        const SntpExchange exchange(sent, 0x11);
        const sys::WallTime t2{march2036 + 3, 10000000}, t3{march2036 + 3, 20000000};
        const auto reply = replyTo(exchange, t2, t3);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1963907u}, NtpPacket::decode(reply.data(), 48)->transmitTime.seconds);
        const auto m = exchange.interpret(reply.data(), 48, sys::WallTime{march2036, 30000000});
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3.0, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.020, m.delay, 1e-6);
        CPPUNIT_ASSERT_EQUAL(march2036 + 3, m.serverTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::string("2036-03-01T00:00:03"), formatIsoUtc(m.serverTime).substr(0, 19));
    }

    void testTimeReplyTakesTheMiddleOfTheSecond() {
        const std::uint8_t reply[4] = {0xEE, 0xB0, 0xA3, 0x80};  // 1795564800 + 2208988800
        const sys::WallTime sent{1795564800, 100000000}, received{1795564800, 300000000};
        const auto m = interpretTimeReply(reply, 4, sent, received);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1795564800}, m.serverTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::int32_t{0}, m.serverTime.nanoseconds);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1795564800 + 0.5 - (1795564800 + 0.2), m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.2, m.delay, 1e-6);
        CPPUNIT_ASSERT_EQUAL(-1, m.stratum);
    }

    void testTimeReplyAfter2036() {
        const std::uint8_t reply[4] = {0, 0, 1, 2};  // 258 s into NTP era 1
        const sys::WallTime sent{eraBoundary + 250, 0}, received{eraBoundary + 250, 400000000};
        const auto m = interpretTimeReply(reply, 4, sent, received);
        CPPUNIT_ASSERT_EQUAL(eraBoundary + 258, m.serverTime.seconds);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(8.5 - 0.2, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.4, m.delay, 1e-6);
    }

    void testTimeReplySanity() {
        const std::uint8_t zero[4] = {0, 0, 0, 0};
        const std::uint8_t five[5] = {1, 2, 3, 4, 5};
        CPPUNIT_ASSERT_EQUAL(std::string("server sent time zero"), timeReplyError(zero, 4));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of 5 bytes, RFC 868 sends 4"), timeReplyError(five, 5));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of 2 bytes, RFC 868 sends 4"), timeReplyError(five, 2));
        CPPUNIT_ASSERT_EQUAL(std::string("reply of 0 bytes, RFC 868 sends 4"), timeReplyError(five, 0));
        CPPUNIT_ASSERT_EQUAL(std::string(""), timeReplyError(five, 4));
    }

    void testDaytimeReplyWithAndWithoutZone() {
        const sys::WallTime now{1795564800 + 60, 0};
        const auto utc = interpretDaytimeReply("25 NOV 2026 00:01:00 UTC\r\n", now, now, 3600);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, utc.offset, 1e-6);
        CPPUNIT_ASSERT_EQUAL(now.seconds, utc.serverTime.seconds);
        // No zone: read in the client's zone (here UTC+1), so 01:01 local is 00:01 UTC.
        const auto east = interpretDaytimeReply("Wed Nov 25 01:01:00 2026\r\n", now, now, 3600);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, east.offset, 1e-6);
        CPPUNIT_ASSERT_EQUAL(now.seconds, east.serverTime.seconds);
        // UTC-5: 19:01 the evening before is 00:01 UTC.
        const auto west = interpretDaytimeReply("Tue Nov 24 19:01:00 2026\r\n", now, now, -5 * 3600);
        CPPUNIT_ASSERT_EQUAL(now.seconds, west.serverTime.seconds);
        // A zone in the line wins over the local offset.
        const auto zoned = interpretDaytimeReply("Wed, 25 Nov 2026 02:01:00 +0200\r\n", now, now, -5 * 3600);
        CPPUNIT_ASSERT_EQUAL(now.seconds, zoned.serverTime.seconds);
    }

    void testDaytimeReplyWithADelay() {
        const sys::WallTime sent{1795564800 + 60, 0}, received{1795564800 + 60, 300000000};
        const auto m = interpretDaytimeReply("Wednesday, November 25, 2026 00:01:10-UTC\r\n", sent, received, 0);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.5 - 0.15, m.offset, 1e-6);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.3, m.delay, 1e-6);
    }

    void testUnreadableDaytimeReplyShowsTheLine() {
        const sys::WallTime now{1795564800, 0};
        for (const auto& [line, shown] : {std::pair<std::string, std::string>{"\x01 garbage\r\n", ". garbage"},
                                          {"It is teatime\r\n", "It is teatime"},
                                          {"", ""}}) {
            try {
                interpretDaytimeReply(line, now, now, 0);
                CPPUNIT_FAIL("accepted: " + shown);
            } catch (const ProtocolError& e) {
                CPPUNIT_ASSERT_EQUAL("unreadable daytime reply '" + shown + "'", std::string(e.what()));
            }
        }
    }

    void testBestIsTheLowestDelay() {
        std::vector<ServerAnswer> answers(4);
        answers[0].error = "no answer";
        answers[1].measurement = Measurement{};
        answers[1].measurement->delay = 0.020;
        answers[2].measurement = Measurement{};
        answers[2].measurement->delay = 0.005;
        answers[3].measurement = Measurement{};
        answers[3].measurement->delay = 0.010;
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, *chooseBest(answers));
        answers[2].measurement.reset();
        answers[2].error = "timed out";
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, *chooseBest(answers));
        answers.pop_back();
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, *chooseBest(answers));
    }

    void testNoSuccessMeansNoBest() {
        CPPUNIT_ASSERT(!chooseBest({}).has_value());
        std::vector<ServerAnswer> answers(2);
        answers[0].error = "no answer";
        answers[1].error = "server sent kiss-of-death RATE";
        CPPUNIT_ASSERT(!chooseBest(answers).has_value());
    }

    void testIsoFormat() {
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01T00:00:00.000000Z"), formatIsoUtc({0, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-25T02:05:26.632628Z"), formatIsoUtc({1795564800 + 7526, 632628999}));
        CPPUNIT_ASSERT_EQUAL(std::string("2028-02-29T23:59:59.999999Z"), formatIsoUtc({1835395200 + 86399, 999999999}));
        CPPUNIT_ASSERT_EQUAL(std::string("1969-12-31T23:59:59.500000Z"), formatIsoUtc({-1, 500000000}));
        CPPUNIT_ASSERT_EQUAL(std::string("1969-12-31T00:00:00.000000Z"), formatIsoUtc({-86400, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("1969-12-30T23:59:59.000000Z"), formatIsoUtc({-86401, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("1900-01-01T00:00:00.000000Z"), formatIsoUtc({-2208988800LL, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("2036-02-07T06:28:16.000000Z"), formatIsoUtc({eraBoundary, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("2040-01-01T00:00:00.000000Z"), formatIsoUtc({2208988800, 0}));
        CPPUNIT_ASSERT_EQUAL(std::string("2106-02-07T06:28:16.000001Z"), formatIsoUtc({4294967296, 1000}));
    }

    void testProtocolNamesAndPorts() {
        CPPUNIT_ASSERT_EQUAL(std::string("time"), std::string(protocolName(Protocol::time)));
        CPPUNIT_ASSERT_EQUAL(std::string("daytime"), std::string(protocolName(Protocol::daytime)));
        CPPUNIT_ASSERT_EQUAL(std::string("sntp"), std::string(protocolName(Protocol::sntp)));
        CPPUNIT_ASSERT_EQUAL(std::string("udp"), std::string(transportName(Transport::udp)));
        CPPUNIT_ASSERT_EQUAL(std::string("tcp"), std::string(transportName(Transport::tcp)));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{37}, defaultPort(Protocol::time));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{13}, defaultPort(Protocol::daytime));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{123}, defaultPort(Protocol::sntp));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MeasurementTest);
