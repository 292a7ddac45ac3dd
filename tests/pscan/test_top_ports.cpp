// --top-ports: wirekit's own ranking, complete and without repeats.
#include "top_ports.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace wirekit::pscan;

class TopPortsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TopPortsTest);
    CPPUNIT_TEST(testMostCommonComeFirst);
    CPPUNIT_TEST(testEveryCountIsExactAndUnique);
    CPPUNIT_TEST(testAllPortsAtTheEnd);
    CPPUNIT_TEST(testShorterListsArePrefixes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMostCommonComeFirst() {
        const auto tcp = topPorts(PortProtocol::tcp, 10);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{80}, tcp.at(0));
        CPPUNIT_ASSERT((std::set<std::uint16_t>(tcp.begin(), tcp.end()).count(22) == 1));
        const auto udp = topPorts(PortProtocol::udp, 3);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{53}, udp.at(0));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{123}, udp.at(1));
    }

    void testEveryCountIsExactAndUnique() {
        for (auto protocol : {PortProtocol::tcp, PortProtocol::udp}) {
            for (std::size_t count : {1u, 100u, 1000u, 5000u}) {
                const auto ports = topPorts(protocol, count);
                CPPUNIT_ASSERT_EQUAL(count, ports.size());
                const std::set<std::uint16_t> unique(ports.begin(), ports.end());
                CPPUNIT_ASSERT_EQUAL(count, unique.size());
                CPPUNIT_ASSERT(unique.count(0) == 0);
            }
        }
    }

    void testAllPortsAtTheEnd() {
        const auto all = topPorts(PortProtocol::tcp, 65535);
        const std::set<std::uint16_t> unique(all.begin(), all.end());
        CPPUNIT_ASSERT_EQUAL(std::size_t{65535}, unique.size());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{1}, *unique.begin());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{65535}, *unique.rbegin());
    }

    void testShorterListsArePrefixes() {
        const auto thousand = topPorts(PortProtocol::tcp, 1000);
        const auto hundred = topPorts(PortProtocol::tcp, 100);
        CPPUNIT_ASSERT(std::equal(hundred.begin(), hundred.end(), thousand.begin()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TopPortsTest);
