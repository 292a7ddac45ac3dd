// Host, port and address text as users write it.
#include "cli/usage_error.h"
#include "net/endpoint.h"
#include "usage_error_of.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::net;

namespace {
std::string refusal(const std::string& text) { return test::usageErrorOf(parseHostPort, text); }
}  // namespace

class EndpointTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EndpointTest);
    CPPUNIT_TEST(testHostForms);
    CPPUNIT_TEST(testBadHostPorts);
    CPPUNIT_TEST(testPorts);
    CPPUNIT_TEST(testSocketAddress);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHostForms() {
        auto hp = parseHostPort("example.org");
        CPPUNIT_ASSERT_EQUAL(std::string("example.org"), hp.host);
        CPPUNIT_ASSERT(!hp.port);
        hp = parseHostPort("192.0.2.1:37");
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.1"), hp.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{37}, *hp.port);
        hp = parseHostPort("[2001:db8::1]:123");
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::1"), hp.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{123}, *hp.port);
        hp = parseHostPort("2001:db8::1");
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::1"), hp.host);
        CPPUNIT_ASSERT(!hp.port);
        hp = parseHostPort("[::1]");
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), hp.host);
    }

    void testBadHostPorts() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid address '[::1': unbalanced '['"), refusal("[::1"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '': must be a number in 1..65535"), refusal("host:"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '70000': must be in 1..65535"), refusal("host:70000"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid address ':80': no host before ':'"), refusal(":80"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid address '[::1]x': expected ':PORT' after ']'"), refusal("[::1]x"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty host name"), refusal(""));
    }

    void testPorts() {
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{0}, parsePort("0", true));
        CPPUNIT_ASSERT_THROW(parsePort("0", false), cli::UsageError);
        try {
            parsePort("99999", true, "time port");
            CPPUNIT_FAIL("accepted");
        } catch (const cli::UsageError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("invalid time port '99999': must be in 0..65535"), std::string(e.what()));
        }
    }

    void testSocketAddress() {
        auto v4 = SocketAddress::fromLiteral("192.0.2.1", 37);
        CPPUNIT_ASSERT_EQUAL(AF_INET, v4.family());
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.1:37"), v4.toString());
        v4.setPort(13);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{13}, v4.port());
        const auto v6 = SocketAddress::fromLiteral("2001:db8::1", 123);
        CPPUNIT_ASSERT_EQUAL(std::string("[2001:db8::1]:123"), v6.toString());
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::1"), v6.host());
        CPPUNIT_ASSERT_EQUAL(std::string("[::]:5"), SocketAddress::any(AF_INET6, 5).toString());
        CPPUNIT_ASSERT_EQUAL(std::string("0.0.0.0:5"), SocketAddress::any(AF_INET, 5).toString());
        CPPUNIT_ASSERT_THROW(SocketAddress::fromLiteral("localhost", 1), cli::UsageError);
        CPPUNIT_ASSERT_EQUAL(std::string("[fe80::1]:22"), formatHostPort("fe80::1", 22));
        CPPUNIT_ASSERT_EQUAL(std::string("host:22"), formatHostPort("host", 22));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EndpointTest);
