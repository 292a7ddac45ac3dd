// Name resolution at the edge: numeric hosts, localhost, clear failures.
#include "net/resolve.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sys/socket.h>

#include <stdexcept>

using namespace wirekit::net;

class ResolveTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResolveTest);
    CPPUNIT_TEST(testNumericHosts);
    CPPUNIT_TEST(testLocalhost);
    CPPUNIT_TEST(testFailureNamesTheHost);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNumericHosts() {
        const auto v4 = resolve("127.0.0.1", 37, SOCK_STREAM, 0, true);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:37"), v4.front().toString());
        const auto v6 = resolve("::1", 123, SOCK_DGRAM, 0, true);
        CPPUNIT_ASSERT_EQUAL(std::string("[::1]:123"), v6.front().toString());
    }

    void testLocalhost() {
        const auto found = resolve("localhost", 13, SOCK_STREAM, AF_INET);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1:13"), found.front().toString());
    }

    void testFailureNamesTheHost() {
        try {
            resolve("not-an-address", 1, SOCK_STREAM, 0, true);
            CPPUNIT_FAIL("resolved");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT(std::string(e.what()).rfind("not-an-address: ", 0) == 0);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResolveTest);
