// PORT and EPRT as RFC 959 and RFC 2428 write them.
#include "active_command.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>

using namespace wirekit::ftpx;

class ActiveCommandTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ActiveCommandTest);
    CPPUNIT_TEST(testPortSplitsThePortIntoTwoBytes);
    CPPUNIT_TEST(testPortTakesMappedAddressesAndRefusesIpv6);
    CPPUNIT_TEST(testEprtForBothFamilies);
    CPPUNIT_TEST(testEprtRefusesNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPortSplitsThePortIntoTwoBytes() {
        CPPUNIT_ASSERT_EQUAL(std::string("PORT 192,0,2,1,19,137"), portCommand("192.0.2.1", 5001));
        CPPUNIT_ASSERT_EQUAL(std::string("PORT 10,0,0,255,255,255"), portCommand("10.0.0.255", 65535));
        CPPUNIT_ASSERT_EQUAL(std::string("PORT 127,0,0,1,0,21"), portCommand("127.0.0.1", 21));
    }

    void testPortTakesMappedAddressesAndRefusesIpv6() {
        CPPUNIT_ASSERT_EQUAL(std::string("PORT 192,0,2,1,4,0"), portCommand("::ffff:192.0.2.1", 1024));
        CPPUNIT_ASSERT_THROW(portCommand("2001:db8::1", 1024), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(portCommand("ftp.example.org", 1024), std::invalid_argument);
    }

    void testEprtForBothFamilies() {
        // The examples of RFC 2428 section 2.
        CPPUNIT_ASSERT_EQUAL(std::string("EPRT |1|132.235.1.2|6275|"), eprtCommand("132.235.1.2", 6275));
        CPPUNIT_ASSERT_EQUAL(std::string("EPRT |2|1080::8:800:200c:417a|5282|"),
                             eprtCommand("1080::8:800:200C:417A", 5282));
        CPPUNIT_ASSERT_EQUAL(std::string("EPRT |1|192.0.2.1|5001|"), eprtCommand("::ffff:192.0.2.1", 5001));
        CPPUNIT_ASSERT_EQUAL(std::string("EPRT |2|fe80::1|5001|"), eprtCommand("fe80::1%eth0", 5001));
    }

    void testEprtRefusesNames() {
        CPPUNIT_ASSERT_THROW(eprtCommand("localhost", 5001), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(eprtCommand("", 5001), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ActiveCommandTest);
