// RFC 868: four big-endian bytes of seconds since 1900, in any era.
#include "rfc868.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::timed;

class Rfc868Test : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Rfc868Test);
    CPPUNIT_TEST(testKnownInstantsEncodeToKnownBytes);
    CPPUNIT_TEST(testWrongSizesDecodeToNothing);
    CPPUNIT_TEST(testDecodeAcrossTheBoundary);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKnownInstantsEncodeToKnownBytes() {
        const auto epoch = rfc868::encode(0);  // RFC 868's own example: 2,208,988,800 for 1970
        CPPUNIT_ASSERT((epoch == std::array<std::uint8_t, 4>{0x83, 0xAA, 0x7E, 0x80}));
        const auto boundary = rfc868::encode(2085978496);
        CPPUNIT_ASSERT((boundary == std::array<std::uint8_t, 4>{0, 0, 0, 0}));
        const auto after = rfc868::encode(2085978496 + 258);
        CPPUNIT_ASSERT((after == std::array<std::uint8_t, 4>{0, 0, 1, 2}));
    }

    void testWrongSizesDecodeToNothing() {
        const std::uint8_t bytes[8] = {0x83, 0xAA, 0x7E, 0x80, 0, 0, 0, 0};
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 3, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 5, 0).has_value());
        CPPUNIT_ASSERT(!rfc868::decode(bytes, 0, 0).has_value());
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, *rfc868::decode(bytes, 4, 1795651200));
    }

    void testDecodeAcrossTheBoundary() {
        const std::uint8_t wrapped[4] = {0, 0, 1, 2};
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2085978496 + 258}, *rfc868::decode(wrapped, 4, 1795651200));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{2085978496 + 258}, *rfc868::decode(wrapped, 4, 2085978496 - 10));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Rfc868Test);
