// 227 and 229 replies as vsftpd, ProFTPD, pure-ftpd, IIS and pyftpdlib word
// them, and the data address chosen against FTP bounce (RFC 2577).
#include "ftp_errors.h"
#include "passive_reply.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::ftpx;

namespace {

FtpReply replyOf(int code, const std::string& text) {
    FtpReply reply;
    reply.code = code;
    reply.lines.push_back(text);
    return reply;
}

std::string pasvError(const std::string& text, int code = 227) {
    try {
        parsePasvReply(replyOf(code, text));
    } catch (const ProtocolError& error) {
        return error.what();
    }
    return "";
}

std::string epsvError(const std::string& text, int code = 229) {
    try {
        parseEpsvReply(replyOf(code, text));
    } catch (const ProtocolError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

class PassiveReplyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PassiveReplyTest);
    CPPUNIT_TEST(testPasvAsServersWordIt);
    CPPUNIT_TEST(testPasvWithoutParentheses);
    CPPUNIT_TEST(testPasvRefusals);
    CPPUNIT_TEST(testEpsvAsServersWordIt);
    CPPUNIT_TEST(testEpsvWithOtherDelimiters);
    CPPUNIT_TEST(testEpsvRefusals);
    CPPUNIT_TEST(testPasvNamingTheControlPeerIsUsedAsIs);
    CPPUNIT_TEST(testPasvNamingAnotherHostIsIgnored);
    CPPUNIT_TEST(testMappedAndCanonicalAddressesCompareEqual);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPasvAsServersWordIt() {
        // vsftpd and ProFTPD
        auto address = parsePasvReply(replyOf(227, "Entering Passive Mode (192,0,2,10,195,149)."));
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), address.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(195 * 256 + 149), address.port);
        // pure-ftpd
        address = parsePasvReply(replyOf(227, "Entering Passive Mode (198,51,100,7,117,50)"));
        CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.7"), address.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(30002), address.port);
        // IIS and pyftpdlib
        address = parsePasvReply(replyOf(227, "Entering Passive Mode (10,0,0,5,4,1)."));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(1025), address.port);
        // Spaces after the commas.
        address = parsePasvReply(replyOf(227, "Entering Passive Mode (10, 0, 0, 5, 4, 1)"));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.5"), address.host);
    }

    void testPasvWithoutParentheses() {
        auto address = parsePasvReply(replyOf(227, "=192,0,2,10,19,137"));
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), address.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(5001), address.port);
        // Numbers in the text before the address are not mistaken for it.
        address = parsePasvReply(replyOf(227, "Entering Passive Mode 2026 192,0,2,10,19,137"));
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), address.host);
    }

    void testPasvRefusals() {
        CPPUNIT_ASSERT_EQUAL(std::string("PASV reply without an address and port: 227 Entering Passive Mode"),
                             pasvError("Entering Passive Mode"));
        CPPUNIT_ASSERT(!pasvError("Entering Passive Mode (192,0,2,10,195)").empty());
        CPPUNIT_ASSERT(!pasvError("Entering Passive Mode (192,0,2,256,195,149)").empty());
        CPPUNIT_ASSERT(!pasvError("Entering Passive Mode (192,0,2,10,1955,149)").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("PASV reply names port 0: 227 (192,0,2,10,0,0)"),
                             pasvError("(192,0,2,10,0,0)"));
        CPPUNIT_ASSERT_EQUAL(std::string("expected a 227 reply to PASV, got 502 Command not implemented."),
                             pasvError("Command not implemented.", 502));
    }

    void testEpsvAsServersWordIt() {
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(6446),
                             parseEpsvReply(replyOf(229, "Entering Extended Passive Mode (|||6446|)")));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(50012),
                             parseEpsvReply(replyOf(229, "Extended Passive mode OK (|||50012|)")));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(65535), parseEpsvReply(replyOf(229, "(|||65535|)")));
    }

    void testEpsvWithOtherDelimiters() {
        // RFC 2428 section 3: any printable ASCII character may delimit.
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(6446),
                             parseEpsvReply(replyOf(229, "Entering Extended Passive Mode (!!!6446!)")));
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2121), parseEpsvReply(replyOf(229, "ok (###2121#)")));
    }

    void testEpsvRefusals() {
        CPPUNIT_ASSERT_EQUAL(std::string("EPSV reply without a port: 229 Entering Extended Passive Mode"),
                             epsvError("Entering Extended Passive Mode"));
        CPPUNIT_ASSERT(!epsvError("(|||6446!)").empty());  // mixed delimiters
        CPPUNIT_ASSERT(!epsvError("(|||abc|)").empty());
        CPPUNIT_ASSERT(!epsvError("(||||)").empty());
        // An address in the network-address field is not the empty field RFC 2428 asks for.
        CPPUNIT_ASSERT(!epsvError("(|1|192.0.2.66|6446|)").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("EPSV reply names port 70000: 229 (|||70000|)"), epsvError("(|||70000|)"));
        CPPUNIT_ASSERT(!epsvError("(|||0|)").empty());
        CPPUNIT_ASSERT(epsvError("EPSV not understood", 500).find("expected a 229 reply") != std::string::npos);
    }

    void testPasvNamingTheControlPeerIsUsedAsIs() {
        const auto endpoint = choosePasvEndpoint(PasvAddress{"192.0.2.10", 5001}, "192.0.2.10");
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), endpoint.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(5001), endpoint.port);
        CPPUNIT_ASSERT(!endpoint.offeredAddressIgnored);
    }

    void testPasvNamingAnotherHostIsIgnored() {
        // A hostile server aims the data connection at a third host: we connect
        // to the server we are talking to, at the port it gave.
        auto endpoint = choosePasvEndpoint(PasvAddress{"203.0.113.99", 25}, "192.0.2.10");
        CPPUNIT_ASSERT_EQUAL(std::string("192.0.2.10"), endpoint.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(25), endpoint.port);
        CPPUNIT_ASSERT(endpoint.offeredAddressIgnored);
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.99"), endpoint.offeredHost);
        // A server behind NAT names its private address: ignored, and it works.
        endpoint = choosePasvEndpoint(PasvAddress{"10.0.0.5", 30000}, "198.51.100.7");
        CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.7"), endpoint.host);
        CPPUNIT_ASSERT(endpoint.offeredAddressIgnored);
        // PASV over an IPv6 control connection (pure-ftpd answers it): the IPv6 peer.
        endpoint = choosePasvEndpoint(PasvAddress{"0.0.0.0", 30000}, "2001:db8::1");
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::1"), endpoint.host);
        CPPUNIT_ASSERT(endpoint.offeredAddressIgnored);
    }

    void testMappedAndCanonicalAddressesCompareEqual() {
        CPPUNIT_ASSERT(sameHostAddress("192.0.2.10", "::ffff:192.0.2.10"));
        CPPUNIT_ASSERT(sameHostAddress("2001:DB8:0:0::1", "2001:db8::1"));
        CPPUNIT_ASSERT(!sameHostAddress("192.0.2.10", "192.0.2.11"));
        CPPUNIT_ASSERT(!choosePasvEndpoint(PasvAddress{"192.0.2.10", 5001}, "::ffff:192.0.2.10").offeredAddressIgnored);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PassiveReplyTest);
