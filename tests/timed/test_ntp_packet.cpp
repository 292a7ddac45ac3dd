// The NTP header: every field encoded where RFC 5905 puts it, and back.
#include "ntp_packet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <string>

using namespace wirekit;
using namespace wirekit::timed;

namespace {

NtpPacket everyFieldSet() {
    NtpPacket packet;
    packet.leap = LeapIndicator::insert;
    packet.version = 3;
    packet.mode = NtpMode::server;
    packet.stratum = 2;
    packet.poll = -6;
    packet.precision = -23;
    packet.rootDelay = 0x00010203;
    packet.rootDispersion = 0x04050607;
    packet.referenceId = 0xC0000201;
    packet.referenceTime = {0x11111111, 0x22222222};
    packet.originTime = {0x33333333, 0x44444444};
    packet.receiveTime = {0x55555555, 0x66666666};
    packet.transmitTime = {0x77777777, 0x88888888};
    return packet;
}

std::uint32_t u32At(const std::array<std::uint8_t, ntpHeaderSize>& bytes, std::size_t offset) {
    return static_cast<std::uint32_t>(bytes[offset]) << 24 | static_cast<std::uint32_t>(bytes[offset + 1]) << 16 |
           static_cast<std::uint32_t>(bytes[offset + 2]) << 8 | bytes[offset + 3];
}

}  // namespace

class NtpPacketTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NtpPacketTest);
    CPPUNIT_TEST(testFirstByteLayout);
    CPPUNIT_TEST(testEveryFieldIsWhereRfc5905PutsIt);
    CPPUNIT_TEST(testEveryFieldRoundTrips);
    CPPUNIT_TEST(testEveryLeapVersionAndModeRoundTrips);
    CPPUNIT_TEST(testShortInputDecodesToNothing);
    CPPUNIT_TEST(testExtensionBytesAreIgnored);
    CPPUNIT_TEST(testHalfASecondIsFractionTopBit);
    CPPUNIT_TEST(testTimestampKeepsNanosecondPrecision);
    CPPUNIT_TEST(testTimestampAfter2036UsesThePivot);
    CPPUNIT_TEST(testShortFormat);
    CPPUNIT_TEST(testReferenceIdText);
    CPPUNIT_TEST(testReferenceIdFromText);
    CPPUNIT_TEST(testReferenceIdForDisplay);
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
        packet.leap = LeapIndicator::remove;
        packet.version = 1;
        packet.mode = NtpMode::privateUse;
        CPPUNIT_ASSERT_EQUAL(0x8F, static_cast<int>(packet.encode()[0]));
    }

    void testEveryFieldIsWhereRfc5905PutsIt() {
        const auto bytes = everyFieldSet().encode();
        CPPUNIT_ASSERT_EQUAL(0x40 | 3 << 3 | 4, static_cast<int>(bytes[0]));
        CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(bytes[1]));
        CPPUNIT_ASSERT_EQUAL(0xFA, static_cast<int>(bytes[2]));  // poll -6
        CPPUNIT_ASSERT_EQUAL(0xE9, static_cast<int>(bytes[3]));  // precision -23
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00010203}, u32At(bytes, 4));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x04050607}, u32At(bytes, 8));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xC0000201}, u32At(bytes, 12));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x11111111}, u32At(bytes, 16));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x22222222}, u32At(bytes, 20));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x33333333}, u32At(bytes, 24));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x44444444}, u32At(bytes, 28));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x55555555}, u32At(bytes, 32));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x66666666}, u32At(bytes, 36));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x77777777}, u32At(bytes, 40));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x88888888}, u32At(bytes, 44));
    }

    void testEveryFieldRoundTrips() {
        const NtpPacket packet = everyFieldSet();
        const auto bytes = packet.encode();
        const auto decoded = NtpPacket::decode(bytes.data(), bytes.size());
        CPPUNIT_ASSERT(decoded.has_value());
        CPPUNIT_ASSERT(decoded->leap == LeapIndicator::insert);
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(decoded->version));
        CPPUNIT_ASSERT(decoded->mode == NtpMode::server);
        CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(decoded->stratum));
        CPPUNIT_ASSERT_EQUAL(-6, static_cast<int>(decoded->poll));
        CPPUNIT_ASSERT_EQUAL(-23, static_cast<int>(decoded->precision));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00010203}, decoded->rootDelay);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x04050607}, decoded->rootDispersion);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xC0000201}, decoded->referenceId);
        CPPUNIT_ASSERT(decoded->referenceTime == packet.referenceTime);
        CPPUNIT_ASSERT(decoded->originTime == packet.originTime);
        CPPUNIT_ASSERT(decoded->receiveTime == packet.receiveTime);
        CPPUNIT_ASSERT(decoded->transmitTime == packet.transmitTime);
        CPPUNIT_ASSERT(decoded->encode() == bytes);
    }

    void testEveryLeapVersionAndModeRoundTrips() {
        for (int first = 0; first < 256; ++first) {
            std::uint8_t bytes[ntpHeaderSize] = {static_cast<std::uint8_t>(first)};
            const auto decoded = NtpPacket::decode(bytes, sizeof bytes);
            CPPUNIT_ASSERT(decoded.has_value());
            CPPUNIT_ASSERT_EQUAL(first >> 6, static_cast<int>(decoded->leap));
            CPPUNIT_ASSERT_EQUAL(first >> 3 & 7, static_cast<int>(decoded->version));
            CPPUNIT_ASSERT_EQUAL(first & 7, static_cast<int>(decoded->mode));
            CPPUNIT_ASSERT_EQUAL(first, static_cast<int>(decoded->encode()[0]));
        }
    }

    void testShortInputDecodesToNothing() {
        const std::uint8_t bytes[48] = {0x23};
        CPPUNIT_ASSERT(!NtpPacket::decode(bytes, 47).has_value());
        CPPUNIT_ASSERT(!NtpPacket::decode(bytes, 1).has_value());
        CPPUNIT_ASSERT(!NtpPacket::decode(bytes, 0).has_value());
        CPPUNIT_ASSERT(!NtpPacket::decode(nullptr, 48).has_value());
        CPPUNIT_ASSERT(NtpPacket::decode(bytes, 48).has_value());
    }

    void testExtensionBytesAreIgnored() {
        std::uint8_t bytes[68] = {0x24, 3};
        bytes[47] = 0x42;
        for (int i = 48; i < 68; ++i) bytes[i] = 0xFF;
        const auto decoded = NtpPacket::decode(bytes, sizeof bytes);
        CPPUNIT_ASSERT(decoded.has_value());
        CPPUNIT_ASSERT_EQUAL(3, static_cast<int>(decoded->stratum));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, decoded->transmitTime.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x42}, decoded->transmitTime.fraction);
        const auto header = NtpPacket::decode(bytes, 48);
        CPPUNIT_ASSERT(header->encode() == decoded->encode());
    }

    void testHalfASecondIsFractionTopBit() {
        const auto half = NtpTimestamp::fromWallTime(sys::WallTime{0, 500000000});
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x80000000u}, half.fraction);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u}, half.seconds);
        const auto back = NtpTimestamp{2208988800u, 0x80000000u}.toWallTime(0);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, back.seconds);
        CPPUNIT_ASSERT_EQUAL(std::int32_t{500000000}, back.nanoseconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x40000000u}, NtpTimestamp::fromWallTime({0, 250000000}).fraction);
        CPPUNIT_ASSERT_EQUAL(std::int32_t{999999999},
                             (NtpTimestamp{2208988800u, 0xFFFFFFFFu}.toWallTime(0).nanoseconds));
        CPPUNIT_ASSERT(NtpTimestamp::fromWallTime({0, 0}).fraction == 0);
        CPPUNIT_ASSERT(NtpTimestamp{}.isZero());
        CPPUNIT_ASSERT(!(NtpTimestamp{0, 1}.isZero()));
    }

    void testTimestampKeepsNanosecondPrecision() {
        for (std::int32_t nanos : {0, 1, 2, 999, 1000, 123456789, 500000001, 999999998, 999999999}) {
            const sys::WallTime time{1795651200, nanos};
            const auto back = NtpTimestamp::fromWallTime(time).toWallTime(time.seconds);
            const std::string at = std::to_string(nanos);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(at, time.seconds, back.seconds);
            CPPUNIT_ASSERT_MESSAGE(at, back.nanoseconds <= nanos && nanos - back.nanoseconds <= 1);
        }
    }

    void testTimestampAfter2036UsesThePivot() {
        const sys::WallTime in2040{2208988800, 250000000};
        const auto ts = NtpTimestamp::fromWallTime(in2040);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2208988800u - 2085978496u}, ts.seconds);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x40000000u}, ts.fraction);
        CPPUNIT_ASSERT_EQUAL(in2040.seconds, ts.toWallTime(2085978496).seconds);
        CPPUNIT_ASSERT_EQUAL(in2040.seconds, ts.toWallTime(1795564800).seconds);
        CPPUNIT_ASSERT_EQUAL(std::int32_t{250000000}, ts.toWallTime(1795564800).nanoseconds);
    }

    void testShortFormat() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00010000}, toNtpShort(1.0));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00008000}, toNtpShort(0.5));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00004000}, toNtpShort(0.25));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00100000}, toNtpShort(16.0));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x00000001}, toNtpShort(1.0 / 65536));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, toNtpShort(0));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, toNtpShort(-3));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, toNtpShort(std::nan("")));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0xFFFFFFFFu}, toNtpShort(1e6));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.5, fromNtpShort(0x00018000), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, fromNtpShort(0), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(65535.0 + 65535.0 / 65536, fromNtpShort(0xFFFFFFFFu), 1e-9);
        for (double seconds : {0.001, 0.03125, 0.25, 1.0, 7.75, 100.5})
            CPPUNIT_ASSERT_DOUBLES_EQUAL(seconds, fromNtpShort(toNtpShort(seconds)), 1.0 / 65536);
    }

    void testReferenceIdText() {
        CPPUNIT_ASSERT_EQUAL(std::string("RATE"), referenceIdText(0x52415445));
        CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), referenceIdText(referenceIdFromText("LOCL")));
        CPPUNIT_ASSERT_EQUAL(std::string("GPS"), referenceIdText(0x47505300));
        CPPUNIT_ASSERT_EQUAL(std::string("..A."), referenceIdText(0x01FF4102));
        CPPUNIT_ASSERT_EQUAL(std::string("R.TE"), referenceIdText(0x527F5445));  // DEL is unprintable
        CPPUNIT_ASSERT_EQUAL(std::string(""), referenceIdText(0));
    }

    void testReferenceIdFromText() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x4C4F434C}, referenceIdFromText("LOCL"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x52415445}, referenceIdFromText("RATE"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0x47505300}, referenceIdFromText("GPS\0"));
        NtpPacket packet;
        packet.referenceId = referenceIdFromText("KERN");
        const auto bytes = packet.encode();
        CPPUNIT_ASSERT_EQUAL(std::string("KERN"), std::string(bytes.begin() + 12, bytes.begin() + 16));
    }

    void testReferenceIdForDisplay() {
        // Stratum 2 and above name the upstream server by its IPv4 address.
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.1"), referenceIdForDisplay(0xC0000201, 2));
        CPPUNIT_ASSERT_EQUAL(std::string("10.1.2.3"), referenceIdForDisplay(0x0A010203, 15));
        // Local clocks keep their names; stratum 1 is always a name.
        CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), referenceIdForDisplay(referenceIdFromText("LOCL"), 10));
        CPPUNIT_ASSERT_EQUAL(std::string("GPS"), referenceIdForDisplay(0x47505300, 1));
        CPPUNIT_ASSERT_EQUAL(std::string("GPS"), referenceIdForDisplay(0x47505300, 2));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NtpPacketTest);
