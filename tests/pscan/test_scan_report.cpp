// What users read: nmap-like tables with the rest counted, JSON Lines records.
#include "connect_scanner.h"
#include "nmap_formats.h"
#include "scan_report.h"
#include "udp_probe.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cerrno>
#include <sstream>

using namespace wirekit;
using namespace wirekit::pscan;

namespace {
PortResult result(const std::string& address, std::uint16_t port, PortState state, const char* reason) {
    PortResult r;
    r.target = net::SocketAddress::fromLiteral(address, port);
    r.state = state;
    r.reason = reason;
    if (state != PortState::filtered) r.rtt = 0.000123;
    return r;
}
std::string names(std::uint16_t port, const char*) { return port == 22 ? "ssh" : ""; }
}  // namespace

class ScanReportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ScanReportTest);
    CPPUNIT_TEST(testOpenPortsListedOthersCounted);
    CPPUNIT_TEST(testAllListsEverything);
    CPPUNIT_TEST(testHostsInAddressOrder);
    CPPUNIT_TEST(testJsonRecord);
    CPPUNIT_TEST(testConnectErrorsMapToNmapStates);
    CPPUNIT_TEST(testUdpStatesAndPayloads);
    CPPUNIT_TEST(testUdpReportSaysUdp);
    CPPUNIT_TEST(testPortRanges);
    CPPUNIT_TEST(testBanners);
    CPPUNIT_TEST(testNmapXml);
    CPPUNIT_TEST(testNmapGrepable);
    CPPUNIT_TEST_SUITE_END();

public:
    void testOpenPortsListedOthersCounted() {
        ScanReport report(false);
        report.add(result("198.18.0.2", 8080, PortState::open, "syn-ack"));
        report.add(result("198.18.0.2", 22, PortState::open, "syn-ack"));
        report.add(result("198.18.0.2", 23, PortState::closed, "conn-refused"));
        report.add(result("198.18.0.2", 24, PortState::closed, "conn-refused"));
        report.add(result("198.18.0.2", 25, PortState::filtered, "no-response"));
        std::ostringstream out;
        report.writeText(out, names);
        CPPUNIT_ASSERT_EQUAL(
            std::string("pscan report for 198.18.0.2\n"
                        "Not shown: 2 closed tcp ports (conn-refused), 1 filtered tcp port (no-response)\n"
                        "PORT      STATE  SERVICE\n"
                        "22/tcp    open   ssh\n"
                        "8080/tcp  open\n"),
            out.str());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, report.count(PortState::open));
    }

    void testAllListsEverything() {
        ScanReport report(true);
        report.add(result("198.18.0.2", 23, PortState::closed, "conn-refused"));
        std::ostringstream out;
        report.writeText(out, names);
        CPPUNIT_ASSERT_EQUAL(std::string("pscan report for 198.18.0.2\nPORT    STATE   SERVICE\n23/tcp  closed\n"),
                             out.str());
    }

    void testHostsInAddressOrder() {
        ScanReport report(false);
        for (const char* address : {"fd00::1", "198.18.0.10", "198.18.0.9"})
            report.add(result(address, 1, PortState::closed, "conn-refused"));
        std::ostringstream out;
        report.writeText(out, names);
        const auto text = out.str();
        CPPUNIT_ASSERT(text.find("198.18.0.9\n") < text.find("198.18.0.10\n"));
        CPPUNIT_ASSERT(text.find("198.18.0.10\n") < text.find("fd00::1\n"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, report.hosts());
    }

    void testJsonRecord() {
        CPPUNIT_ASSERT_EQUAL(std::string("{\"addr\":\"198.18.0.2\",\"port\":22,\"proto\":\"tcp\",\"state\":\"open\","
                                         "\"reason\":\"syn-ack\",\"ttl\":null,\"rtt\":0.000123}\n"),
                             jsonRecord(result("198.18.0.2", 22, PortState::open, "syn-ack")));
        CPPUNIT_ASSERT(jsonRecord(result("fd00::2", 9, PortState::filtered, "no-response"))
                           .find("\"addr\":\"fd00::2\",\"port\":9,\"proto\":\"tcp\",\"state\":\"filtered\","
                                 "\"reason\":\"no-response\",\"ttl\":null,\"rtt\":null") != std::string::npos);
    }

    void testConnectErrorsMapToNmapStates() {
        CPPUNIT_ASSERT(classifyConnect(0)->first == PortState::open);
        CPPUNIT_ASSERT(classifyConnect(ECONNREFUSED)->first == PortState::closed);
        CPPUNIT_ASSERT_EQUAL(std::string("host-unreach"), std::string(classifyConnect(EHOSTUNREACH)->second));
        CPPUNIT_ASSERT(classifyConnect(ETIMEDOUT)->first == PortState::filtered);
        CPPUNIT_ASSERT(!classifyConnect(EMFILE).has_value());
    }

    void testUdpStatesAndPayloads() {
        const UdpProbe udp;
        CPPUNIT_ASSERT(udp.classify(0)->first == PortState::open);
        CPPUNIT_ASSERT_EQUAL(std::string("port-unreach"), std::string(udp.classify(ECONNREFUSED)->second));
        CPPUNIT_ASSERT(udp.classify(ECONNREFUSED)->first == PortState::closed);
        CPPUNIT_ASSERT(udp.silence() == PortState::openFiltered);
        // DNS: a standard query with one question (QDCOUNT 1) for the root, type NS, class IN.
        const auto dns = udpPayload(53);
        CPPUNIT_ASSERT_EQUAL(std::size_t{17}, dns.size());
        CPPUNIT_ASSERT_EQUAL(std::string("\x00\x01", 2), dns.substr(4, 2));
        CPPUNIT_ASSERT_EQUAL(std::string("\x00\x00\x02\x00\x01", 5), dns.substr(12));
        // NTP: 48 bytes, version 4, mode 3.
        const auto ntp = udpPayload(123);
        CPPUNIT_ASSERT_EQUAL(std::size_t{48}, ntp.size());
        CPPUNIT_ASSERT_EQUAL(0x23, static_cast<int>(ntp[0]));
        // SNMP: a BER SEQUENCE whose length covers the rest, community "public".
        const auto snmp = udpPayload(161);
        CPPUNIT_ASSERT_EQUAL(0x30, static_cast<int>(static_cast<unsigned char>(snmp[0])));
        CPPUNIT_ASSERT_EQUAL(snmp.size() - 2, static_cast<std::size_t>(snmp[1]));
        CPPUNIT_ASSERT(snmp.find("public") == 7);
        CPPUNIT_ASSERT(udpPayload(9999).empty());
    }

    void testUdpReportSaysUdp() {
        ScanReport report(false);
        auto r = result("198.18.0.2", 53, PortState::open, "udp-response");
        r.protocol = "udp";
        report.add(r);
        auto closed = result("198.18.0.2", 54, PortState::closed, "port-unreach");
        closed.protocol = "udp";
        report.add(closed);
        std::ostringstream out;
        report.writeText(out, names);
        CPPUNIT_ASSERT(out.str().find("Not shown: 1 closed udp port (port-unreach)") != std::string::npos);
        CPPUNIT_ASSERT(out.str().find("53/udp") != std::string::npos);
        CPPUNIT_ASSERT(jsonRecord(r).find("\"proto\":\"udp\"") != std::string::npos);
    }

    void testPortRanges() {
        CPPUNIT_ASSERT_EQUAL(std::string("1-3,5,7-8"), portRanges({1, 2, 3, 5, 7, 8}));
        CPPUNIT_ASSERT_EQUAL(std::string("22"), portRanges({22}));
        CPPUNIT_ASSERT_EQUAL(std::string(""), portRanges({}));
    }

    static ScanReport sampleReport() {
        ScanReport report(false);
        auto open = result("198.18.0.2", 22, PortState::open, "syn-ack");
        open.ttl = 64;
        open.mac = "02:00:00:00:00:02";
        report.add(open);
        report.add(result("198.18.0.2", 23, PortState::closed, "reset"));
        report.add(result("198.18.0.2", 24, PortState::closed, "reset"));
        return report;
    }

    static RunInfo sampleRun() {
        RunInfo run;
        run.args = "pscan -p 22-24 198.18.0.2 <&>";
        run.scanType = "syn";
        run.portSpec = "22-24";
        run.portCount = 3;
        run.start = run.end = 1795564800;
        run.elapsed = 0.25;
        return run;
    }

    void testNmapXml() {
        std::ostringstream out;
        writeNmapXml(out, sampleReport(), sampleRun(), names);
        const std::string xml = out.str();
        for (const char* expected :
             {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE nmaprun>", "scanner=\"pscan\"",
              "args=\"pscan -p 22-24 198.18.0.2 &lt;&amp;&gt;\"",
              "<scaninfo numservices=\"3\" protocol=\"tcp\" "
              "services=\"22-24\" type=\"syn\"/>",
              "<address addr=\"198.18.0.2\" addrtype=\"ipv4\"/>",
              "<address addr=\"02:00:00:00:00:02\" addrtype=\"mac\"/>", "<extraports count=\"2\" state=\"closed\">",
              "<extrareasons count=\"2\" reason=\"reset\"/>", "<port portid=\"22\" protocol=\"tcp\">",
              "<state reason=\"syn-ack\" reason_ttl=\"64\" state=\"open\"/>",
              "<service conf=\"3\" method=\"table\" name=\"ssh\"/>", "<hosts down=\"0\" total=\"1\" up=\"1\"/>",
              "</nmaprun>"})
            CPPUNIT_ASSERT_MESSAGE(std::string(expected) + "\n" + xml, xml.find(expected) != std::string::npos);
    }

    void testNmapGrepable() {
        std::ostringstream out;
        writeNmapGrepable(out, sampleReport(), sampleRun(), names);
        const std::string text = out.str();
        CPPUNIT_ASSERT(text.rfind("# pscan " WIREKIT_VERSION " scan initiated ", 0) == 0);
        CPPUNIT_ASSERT(text.find("Host: 198.18.0.2 ()\tStatus: Up\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("Host: 198.18.0.2 ()\tPorts: 22/open/tcp//ssh///\tIgnored State: closed (2)\n") !=
                       std::string::npos);
        CPPUNIT_ASSERT(text.find("-- 1 IP address (1 host up) scanned in 0.25 seconds\n") != std::string::npos);
    }

    void testBanners() {
        CPPUNIT_ASSERT_EQUAL(std::string("SSH-2.0-OpenSSH_9.2"), bannerLine("SSH-2.0-OpenSSH_9.2\r\nmore"));
        CPPUNIT_ASSERT_EQUAL(std::string("220 mail ESMTP ."), bannerLine(std::string("220 mail ESMTP \x01\n", 18)));
        CPPUNIT_ASSERT_EQUAL(std::size_t{80}, bannerLine(std::string(200, 'x')).size());
        auto r = result("198.18.0.2", 22, PortState::open, "syn-ack");
        r.banner = "SSH-2.0-x";
        CPPUNIT_ASSERT(jsonRecord(r, true).find(",\"banner\":\"SSH-2.0-x\"}") != std::string::npos);
        CPPUNIT_ASSERT(jsonRecord(r).find("banner") == std::string::npos);
        ScanReport report(false);
        report.add(r);
        std::ostringstream out;
        report.writeText(out, names, true);
        CPPUNIT_ASSERT(out.str().find("PORT    STATE  SERVICE  BANNER\n22/tcp  open   ssh      SSH-2.0-x\n") !=
                       std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScanReportTest);
