// Human units both ways.
#include "units/human.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace wirekit::units;

class HumanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HumanTest);
    CPPUNIT_TEST(testBytes);
    CPPUNIT_TEST(testRates);
    CPPUNIT_TEST(testDurations);
    CPPUNIT_TEST(testSeconds);
    CPPUNIT_TEST(testParseDuration);
    CPPUNIT_TEST(testParseBytes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBytes() {
        CPPUNIT_ASSERT_EQUAL(std::string("0 B"), formatBytes(0));
        CPPUNIT_ASSERT_EQUAL(std::string("1023 B"), formatBytes(1023));
        CPPUNIT_ASSERT_EQUAL(std::string("1.0 KiB"), formatBytes(1024));
        CPPUNIT_ASSERT_EQUAL(std::string("1.5 KiB"), formatBytes(1536));
        CPPUNIT_ASSERT_EQUAL(std::string("1.0 MiB"), formatBytes(1024 * 1024 - 10));  // not "1024.0 KiB"
        CPPUNIT_ASSERT_EQUAL(std::string("4.0 GiB"), formatBytes(4ULL << 30));
        CPPUNIT_ASSERT_EQUAL(std::string("16.0 EiB"), formatBytes(~0ULL));
    }

    void testRates() {
        CPPUNIT_ASSERT_EQUAL(std::string("12.3 MiB/s"), formatRate(12.3 * 1024 * 1024));
        CPPUNIT_ASSERT_EQUAL(std::string("0 B/s"), formatRate(-5));
    }

    void testDurations() {
        CPPUNIT_ASSERT_EQUAL(std::string("45s"), formatDuration(45));
        CPPUNIT_ASSERT_EQUAL(std::string("3m05s"), formatDuration(185));
        CPPUNIT_ASSERT_EQUAL(std::string("2h00m07s"), formatDuration(7207));
        CPPUNIT_ASSERT_EQUAL(std::string("3d04h05m"), formatDuration(3 * 86400 + 4 * 3600 + 5 * 60 + 9));
        CPPUNIT_ASSERT_EQUAL(std::string("0s"), formatDuration(-3));
    }

    void testSeconds() {
        CPPUNIT_ASSERT_EQUAL(std::string("+1.234s"), formatSeconds(1.2341, true));
        CPPUNIT_ASSERT_EQUAL(std::string("-12.3ms"), formatSeconds(-0.0123, true));
        CPPUNIT_ASSERT_EQUAL(std::string("2.903ms"), formatSeconds(0.002903, false));
        CPPUNIT_ASSERT_EQUAL(std::string("-850us"), formatSeconds(-0.00085, true));
        CPPUNIT_ASSERT_EQUAL(std::string("-2.9us"), formatSeconds(-0.000002866, true));
        CPPUNIT_ASSERT_EQUAL(std::string("+3600s"), formatSeconds(3600, true));
    }

    void testParseDuration() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(90.0, parseDuration("90"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1.5, parseDuration("1.5s"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, parseDuration("500ms"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(300.0, parseDuration("5m"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(7200.0, parseDuration("2h"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(86400.0, parseDuration("1d"), 1e-9);
        for (const char* bad : {"", "soon", "5x", "-1", "m"})
            CPPUNIT_ASSERT_THROW(parseDuration(bad), std::invalid_argument);
    }

    void testParseBytes() {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1500}, parseBytes("1500"));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{10240}, parseBytes("10k"));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{10240}, parseBytes("10KiB"));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{2} << 20, parseBytes("2M"));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{3} << 29, parseBytes("1.5GiB"));
        for (const char* bad : {"", "lots", "5Q", "-1", "1e30"})
            CPPUNIT_ASSERT_THROW(parseBytes(bad), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HumanTest);
