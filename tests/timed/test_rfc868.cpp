// RFC 868: four big-endian bytes of seconds since 1900, in any era.
#include "rfc868.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::timed;

namespace {
using Bytes = std::array<std::uint8_t, 4>;
constexpr std::int64_t eraBoundary = 2085978496;  // 2036-02-07T06:28:16Z
constexpr std::int64_t year2026 = 1795564800;     // 2026-11-25T00:00:00Z
constexpr std::int64_t january2036 = 2082758400;  // 2036-01-01T00:00:00Z
constexpr std::int64_t march2036 = 2087942400;    // 2036-03-01T00:00:00Z
}  // namespace

class Rfc868Test : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Rfc868Test);
    CPPUNIT_TEST(testKnownInstantsEncodeToKnownBytes);
    CPPUNIT_TEST(testKnownBytesDecodeToKnownInstants);
    CPPUNIT_TEST(testWrongSizesDecodeToNothing);
    CPPUNIT_TEST(testDecodeAcrossTheBoundary);
    CPPUNIT_TEST(testPivotAfterTheBoundaryReadsATimeBeforeIt);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKnownInstantsEncodeToKnownBytes() {
        // RFC 868's own example: 2,208,988,800 for 1970-01-01.
        CPPUNIT_ASSERT((rfc868::encode(0) == Bytes{0x83, 0xAA, 0x7E, 0x80}));
        CPPUNIT_ASSERT((rfc868::encode(year2026) == Bytes{0xEE, 0xB0, 0xA3, 0x80}));
        CPPUNIT_ASSERT((rfc868::encode(eraBoundary - 1) == Bytes{0xFF, 0xFF, 0xFF, 0xFF}));
        CPPUNIT_ASSERT((rfc868::encode(eraBoundary) == Bytes{0, 0, 0, 0}));
        CPPUNIT_ASSERT((rfc868::encode(eraBoundary + 258) == Bytes{0, 0, 1, 2}));
        CPPUNIT_ASSERT((rfc868::encode(march2036) == Bytes{0x00, 0x1D, 0xF7, 0x80}));
    }

    void testKnownBytesDecodeToKnownInstants() {
        const std::uint8_t epoch[4] = {0x83, 0xAA, 0x7E, 0x80};
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, *rfc868::decode(epoch, 4, year2026));
        const std::uint8_t in2026[4] = {0xEE, 0xB0, 0xA3, 0x80};
        CPPUNIT_ASSERT_EQUAL(year2026, *rfc868::decode(in2026, 4, year2026 + 3600));
        for (std::int64_t t : {std::int64_t{0}, year2026, eraBoundary - 1, eraBoundary, std::int64_t{4294967296}}) {
            const auto bytes = rfc868::encode(t);
            CPPUNIT_ASSERT_EQUAL(t, *rfc868::decode(bytes.data(), bytes.size(), t - 86400));
        }
    }

    void testWrongSizesDecodeToNothing() {
        const std::uint8_t bytes[8] = {0x83, 0xAA, 0x7E, 0x80, 0, 0, 0, 0};
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 3, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 5, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 8, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 0, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(nullptr, 4, 0).has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, *rfc868::decode(bytes, 4, 1795651200));
    }

    void testDecodeAcrossTheBoundary() {
        const std::uint8_t wrapped[4] = {0, 0, 1, 2};
        CPPUNIT_ASSERT_EQUAL(eraBoundary + 258, *rfc868::decode(wrapped, 4, 1795651200));
        CPPUNIT_ASSERT_EQUAL(eraBoundary + 258, *rfc868::decode(wrapped, 4, eraBoundary - 10));
        const auto march = rfc868::encode(march2036);
        CPPUNIT_ASSERT_EQUAL(march2036, *rfc868::decode(march.data(), march.size(), january2036));
    }

    void testPivotAfterTheBoundaryReadsATimeBeforeIt() {
        const std::uint8_t lastSecondOfEra0[4] = {0xFF, 0xFF, 0xFF, 0xFF};
        CPPUNIT_ASSERT_EQUAL(eraBoundary - 1, *rfc868::decode(lastSecondOfEra0, 4, eraBoundary + 10));
        const auto january = rfc868::encode(january2036);
        CPPUNIT_ASSERT_EQUAL(january2036, *rfc868::decode(january.data(), january.size(), march2036));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Rfc868Test);
