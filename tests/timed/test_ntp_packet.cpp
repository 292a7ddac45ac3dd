// The NTP header: every field encoded where RFC 5905 puts it, and back.
#include "ntp_packet.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::timed;

class NtpPacketTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NtpPacketTest);
    CPPUNIT_TEST(testFirstByteLayout);
    CPPUNIT_TEST(testEveryFieldRoundTrips);
    CPPUNIT_TEST(testShortInputDecodesToNothing);
    CPPUNIT_TEST(testExtensionBytesAreIgnored);
    CPPUNIT_TEST(testTimestampFractions);
    CPPUNIT_TEST(testShortFormat);
    CPPUNIT_TEST(testReferenceIdText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFirstByteLayout() {
        NtpPacket packet;
        packet.leap = LeapIndicator::unsynchronised;
        packet.version = 4;
        packet.mode = NtpMode::server;
        CPPUNIT_ASSERT_EQUAL(0xE4, static_cast<int>(packet.encode()[0]));
        packet.leap = LeapIndicator::none;
        packet.mode = NtpMode::client;
        CPPUNIT_ASSERT_EQUAL(0x23, static_cast<int>(packet.encode()[0]));
    }

    void testEveryFieldRoundTrips() {
        NtpPacket packet;
        packet.leap = LeapIndicator::insert;
        packet.version = 3;
        packet.mode = NtpMode::server;
        packet.stratum = 2;
        packet.poll = 6;
        packet.precision = -23;
        packet.rootDelay = 0x00010203;
        packet.rootDispersion = 0x04050607;
        packet.referenceId = 0xC0000201;
        packet.referenceTime = {0x11111111, 0x22222222};
        packet.originTime = {0x33333333, 0x44444444};
        packet.receiveTime = {0x55555555, 0x66666666};
        packet.transmitTime = {0x77777777, 0x88888888};
        const auto bytes = packet.encode();
        CPPUNIT_ASSERT_EQUAL(0x40 | 3 << 3 | 4, static_cast<int>(bytes[0]));
        CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(bytes[1]));
        CPPUNIT_ASSERT_EQUAL(0xE9, static_cast<int>(bytes[3]));  // -23
        CPPUNIT_ASSERT_EQUAL(0xC0, static_cast<int>(bytes[12]));
        CPPUNIT_ASSERT_EQUAL(0x88, static_cast<int>(bytes[47]));
        const auto decoded = NtpPacket::decode(bytes.data(), bytes.size());
        CPPUNIT_ASSERT(decoded.has_value());
        CPPUNIT_ASSERT(decoded->leap == LeapIndicator::insert);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(decoded->version));
        CPPUNIT_ASSERT(decoded->mode == NtpMode::server);
        CPPUNIT_ASSERT_EQUAL(6, static_cast<int>(decoded->poll));
        CPPUNIT_ASSERT_EQUAL(-23, static_cast<int>(decoded->precision));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00010203}, decoded->rootDelay);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x04050607}, decoded->rootDispersion);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xC0000201}, decoded->referenceId);
        CPPUNIT_ASSERT(decoded->referenceTime == packet.referenceTime);
        CPPUNIT_ASSERT(decoded->originTime == packet.originTime);
        CPPUNIT_ASSERT(decoded->receiveTime == packet.receiveTime);
        CPPUNIT_ASSERT(decoded->transmitTime == packet.transmitTime);
    }

    void testShortInputDecodesToNothing() {
        const std::uint8_t bytes[48] = {0x23};
        CPPUNIT_ASSERT(!NtpPacket::decode(bytes, 47).has_value());
        CPPUNIT_ASSERT(!NtpPacket::decode(bytes, 0).has_value());
        CPPUNIT_ASSERT(!NtpPacket::decode(nullptr, 48).has_value());
        CPPUNIT_ASSERT(NtpPacket::decode(bytes, 48).has_value());
    }

    void testExtensionBytesAreIgnored() {
        std::uint8_t bytes[68] = {0x24, 3};
        for (int i = 48; i < 68; ++i) bytes[i] = 0xFF;
        const auto decoded = NtpPacket::decode(bytes, sizeof bytes);
        CPPUNIT_ASSERT(decoded.has_value());
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(decoded->stratum));
        CPPUNIT_ASSERT(decoded->transmitTime.isZero());
    }

    void testTimestampFractions() {
        const auto half = NtpTimestamp::fromWallTime(sys::WallTime{0, 500000000});
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x80000000u}, half.fraction);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u}, half.seconds);
        for (std::int32_t nanos : {0, 1, 999, 123456789, 999999999}) {
            const sys::WallTime time{1795651200, nanos};
            const auto back = NtpTimestamp::fromWallTime(time).toWallTime(time.seconds);
            CPPUNIT_ASSERT_EQUAL(time.seconds, back.seconds);
            CPPUNIT_ASSERT(back.nanoseconds <= nanos && nanos - back.nanoseconds <= 1);
        }
    }

    void testShortFormat() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00010000}, toNtpShort(1.0));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00008000}, toNtpShort(0.5));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, toNtpShort(-3));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xFFFFFFFFu}, toNtpShort(1e6));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.5, fromNtpShort(0x00018000), 1e-9);
    }

    void testReferenceIdText() {
        CPPUNIT_ASSERT_EQUAL(std::string("RATE"), referenceIdText(referenceIdFromText("RATE")));
        CPPUNIT_ASSERT_EQUAL(std::string("GPS"), referenceIdText(0x47505300));
        CPPUNIT_ASSERT_EQUAL(std::string("..A."), referenceIdText(0x01FF4102));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4C4F434C}, referenceIdFromText("LOCL"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NtpPacketTest);
