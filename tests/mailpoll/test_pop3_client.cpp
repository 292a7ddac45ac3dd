// The POP3 client against a scripted dovecot (and Gmail where it differs):
// reply and UIDL parsing, CAPA with SASL mechanisms, STLS without injection,
// USER/PASS and AUTH, UIDL and pipelined TOP, bounds on what a server may
// send, and that no flow ever sends RETR, DELE or RSET.
#include "fake_connection.h"
#include "mail_errors.h"
#include "pop3_client.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace wirekit::mailpoll;
using wirekit::mailpoll::test::FakeConnection;

namespace {

const std::string greeting = "+OK Dovecot (Debian) ready.\r\n";
const std::string dovecotCapa =
    "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN "
    "XOAUTH2\r\n."
    "\r\n";
const std::string capaWithoutPipelining = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nUSER\r\nSASL PLAIN\r\n.\r\n";

std::string headersOf(int n) {
    return "Return-Path: <alice@example.org>\r\n"
           "Delivered-To: bob@example.org\r\n"
           "Date: Mon, 07 Apr 2025 09:1" +
           std::to_string(n) +
           ":02 +0200\r\n"
           "From: Alice Liddell <alice@example.org>\r\n"
           "Subject: Message " +
           std::to_string(n) +
           "\r\n"
           "Message-ID: <" +
           std::to_string(n) + "@example.org>\r\n\r\n";
}
std::string topReply(int n) { return "+OK\r\n" + headersOf(n) + ".\r\n"; }

std::string joined(const std::vector<std::string>& items) {
    std::ostringstream out;
    for (const auto& item : items) out << "[" << item << "]";
    return out.str();
}

bool malformedUidl(const std::string& line) {
    try {
        parseUidlLine(line);
    } catch (const ProtocolError&) {
        return true;
    }
    return false;
}

bool malformedReply(const std::string& line) {
    try {
        parsePop3Reply(line);
    } catch (const ProtocolError&) {
        return true;
    }
    return false;
}

}  // namespace

class Pop3ClientTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Pop3ClientTest);
    CPPUNIT_TEST(testRepliesOkAndErr);
    CPPUNIT_TEST(testAnythingElseIsNotAReply);
    CPPUNIT_TEST(testUidlLines);
    CPPUNIT_TEST(testMalformedUidlLinesAreRefused);
    CPPUNIT_TEST(testGreeting);
    CPPUNIT_TEST(testGreetingErrIsRefused);
    CPPUNIT_TEST(testGreetingFromAnotherProtocolIsAProtocolError);
    CPPUNIT_TEST(testCapaListsSaslMechanismsOneByOne);
    CPPUNIT_TEST(testGmailCapaKeepsFirstWords);
    CPPUNIT_TEST(testServerWithoutCapaHasNoCapabilities);
    CPPUNIT_TEST(testStlsNotOfferedIsRefusedWithoutSendingIt);
    CPPUNIT_TEST(testStlsStartsTlsAndAsksCapaAgain);
    CPPUNIT_TEST(testBytesAfterStlsOkAreRejectedAsInjection);
    CPPUNIT_TEST(testUserAndPass);
    CPPUNIT_TEST(testWrongPasswordIsRefusedWithTheServersText);
    CPPUNIT_TEST(testLineBreakInPasswordIsRefusedBeforeSending);
    CPPUNIT_TEST(testXoauth2ErrorChallengeIsAnsweredWithAnEmptyLine);
    CPPUNIT_TEST(testStat);
    CPPUNIT_TEST(testMalformedStatIsAProtocolError);
    CPPUNIT_TEST(testUidlListing);
    CPPUNIT_TEST(testMalformedLineInUidlListingIsAProtocolError);
    CPPUNIT_TEST(testTopIsPipelinedWhenTheServerOffersPipelining);
    CPPUNIT_TEST(testTopGoesOneAtATimeWithoutPipelining);
    CPPUNIT_TEST(testPipelinedTopIsSentInBoundedWindows);
    CPPUNIT_TEST(testTopUndoesDotStuffing);
    CPPUNIT_TEST(testRepliesByteByByte);
    CPPUNIT_TEST(testListingOverTheLimitIsAProtocolError);
    CPPUNIT_TEST(testLineOverTheLimitIsAProtocolError);
    CPPUNIT_TEST(testServerClosingMidListingIsAProtocolError);
    CPPUNIT_TEST(testQuitToleratesAClosedConnection);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { server_ = std::make_unique<FakeConnection>(); }

    /// Every test: nothing that retrieves (and may mark read) or deletes mail.
    void tearDown() override {
        for (const auto& line : server_->sentLines()) {
            std::string verb = line.substr(0, line.find(' '));
            for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            for (const char* forbidden : {"RETR", "DELE", "RSET"})
                CPPUNIT_ASSERT_MESSAGE("client sent " + line, verb != forbidden);
        }
        server_.reset();
    }

    void testRepliesOkAndErr() {
        const auto ok = parsePop3Reply("+OK Dovecot (Debian) ready.");
        CPPUNIT_ASSERT(ok.ok);
        CPPUNIT_ASSERT_EQUAL(std::string("Dovecot (Debian) ready."), ok.text);
        const auto bare = parsePop3Reply("+OK");
        CPPUNIT_ASSERT(bare.ok);
        CPPUNIT_ASSERT_EQUAL(std::string(""), bare.text);
        const auto error = parsePop3Reply("-ERR [AUTH] Authentication failed.");
        CPPUNIT_ASSERT(!error.ok);
        CPPUNIT_ASSERT_EQUAL(std::string("[AUTH] Authentication failed."), error.text);
        CPPUNIT_ASSERT(!parsePop3Reply("-ERR").ok);
    }

    void testAnythingElseIsNotAReply() {
        CPPUNIT_ASSERT(malformedReply(""));
        CPPUNIT_ASSERT(malformedReply("OK"));
        CPPUNIT_ASSERT(malformedReply("+ eyJzdGF0dXMiOiI0MDAifQ=="));
        CPPUNIT_ASSERT(malformedReply("* OK [CAPABILITY IMAP4rev1] Dovecot (Debian) ready."));
        CPPUNIT_ASSERT(malformedReply("+ok lowercase"));
        CPPUNIT_ASSERT(malformedReply(" +OK"));
    }

    void testUidlLines() {
        const auto entry = parseUidlLine("1 000000016b06a475");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, entry.first);
        CPPUNIT_ASSERT_EQUAL(std::string("000000016b06a475"), entry.second);
        const std::string longest(70, '~');
        CPPUNIT_ASSERT_EQUAL(longest, parseUidlLine("4294967295 " + longest).second);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4294967295u}, parseUidlLine("4294967295 " + longest).first);
        CPPUNIT_ASSERT_EQUAL(std::string("GmailId18f0c0a1b2c3d4e5"),
                             parseUidlLine("12 GmailId18f0c0a1b2c3d4e5").second);
    }

    void testMalformedUidlLinesAreRefused() {
        CPPUNIT_ASSERT(malformedUidl("1"));                          // no uid
        CPPUNIT_ASSERT(malformedUidl("1 "));                         // empty uid
        CPPUNIT_ASSERT(malformedUidl("0 000000016b06a475"));         // message 0
        CPPUNIT_ASSERT(malformedUidl("1 0000 0001"));                // space in the uid
        CPPUNIT_ASSERT(malformedUidl("1 " + std::string(71, 'a')));  // over 70 characters
        CPPUNIT_ASSERT(malformedUidl("1 abc\x1b[2J"));               // control character
        CPPUNIT_ASSERT(malformedUidl("1 caf\xc3\xa9"));              // 8-bit
        CPPUNIT_ASSERT(malformedUidl(" abc"));                       // no number
        CPPUNIT_ASSERT(malformedUidl("x abc"));
        CPPUNIT_ASSERT(malformedUidl("1abc"));
        CPPUNIT_ASSERT(malformedUidl("4294967296 abc"));  // over 32 bits
        CPPUNIT_ASSERT(malformedUidl("99999999999999999999 abc"));
        CPPUNIT_ASSERT(malformedUidl(""));
    }

    void testGreeting() {
        server().serve(greeting);
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(server().sends().empty());
        CPPUNIT_ASSERT(!server().unread());
    }

    void testGreetingErrIsRefused() {
        server().serve("-ERR [SYS/TEMP] Maximum number of connections from user+IP exceeded\r\n");
        Pop3Client client(server());
        try {
            client.readGreeting();
            CPPUNIT_FAIL("an -ERR greeting was accepted");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("Maximum number") != std::string::npos);
        }
    }

    void testGreetingFromAnotherProtocolIsAProtocolError() {
        server().serve(
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot "
            "(Debian) ready.\r\n");
        Pop3Client client(server());
        CPPUNIT_ASSERT_THROW(client.readGreeting(), ProtocolError);
    }

    void testCapaListsSaslMechanismsOneByOne() {
        server().serve(greeting).reply(dovecotCapa);
        Pop3Client client(server());
        client.readGreeting();
        const std::set<std::string> expected = {"CAPA", "TOP",  "UIDL", "RESP-CODES", "PIPELINING",  "AUTH-RESP-CODE",
                                                "STLS", "USER", "SASL", "SASL=PLAIN", "SASL=XOAUTH2"};
        CPPUNIT_ASSERT(client.capabilities() == expected);
        CPPUNIT_ASSERT(client.capabilities() == expected);  // asked once
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n]"), joined(server().sends()));
    }

    void testGmailCapaKeepsFirstWords() {
        server()
            .serve("+OK Gpop ready for requests from 192.0.2.7 a1mb12345\r\n")
            .reply(
                "+OK Capability list follows\r\nUSER\r\nRESP-CODES\r\nEXPIRE 0\r\nLOGIN-DELAY 300\r\nTOP\r\nUIDL\r\n"
                "X-GOOGLE-RICO\r\nSASL PLAIN XOAUTH2 OAUTHBEARER\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        const auto& capabilities = client.capabilities();
        CPPUNIT_ASSERT(capabilities.count("EXPIRE"));
        CPPUNIT_ASSERT(capabilities.count("LOGIN-DELAY"));
        CPPUNIT_ASSERT(capabilities.count("SASL=OAUTHBEARER"));
        CPPUNIT_ASSERT(!capabilities.count("PIPELINING"));
        CPPUNIT_ASSERT(!capabilities.count("0"));
    }

    void testServerWithoutCapaHasNoCapabilities() {
        server().serve("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n").reply("-ERR Unknown command\r\n");
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.capabilities().empty());
        CPPUNIT_ASSERT(client.capabilities().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n]"), joined(server().sends()));
    }

    void testStlsNotOfferedIsRefusedWithoutSendingIt() {
        server().serve(greeting).reply(capaWithoutPipelining);
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.startTls(), CommandRefused);
        CPPUNIT_ASSERT_EQUAL(0, server().tlsStarts);
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n]"), joined(server().sends()));
    }

    void testStlsStartsTlsAndAsksCapaAgain() {
        server()
            .serve(greeting)
            .reply(dovecotCapa)
            .reply("+OK Begin TLS negotiation now.\r\n")
            .reply(
                "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\nSASL "
                "PLAIN\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        client.startTls();
        CPPUNIT_ASSERT_EQUAL(1, server().tlsStarts);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, server().sendsBeforeTls);
        CPPUNIT_ASSERT(!client.capabilities().count("STLS"));
        CPPUNIT_ASSERT(!client.capabilities().count("SASL=XOAUTH2"));
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n][STLS\r\n][CAPA\r\n]"), joined(server().sends()));
    }

    void testBytesAfterStlsOkAreRejectedAsInjection() {
        server().serve(greeting).reply(dovecotCapa).reply("+OK Begin TLS negotiation now.\r\n+OK Logged in.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.startTls(), ProtocolError);
        CPPUNIT_ASSERT_EQUAL(0, server().tlsStarts);
    }

    void testUserAndPass() {
        server().serve(greeting).reply("+OK\r\n").reply("+OK Logged in.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        client.login("alice", "sec ret");
        CPPUNIT_ASSERT_EQUAL(std::string("[USER alice\r\n][PASS sec ret\r\n]"), joined(server().sends()));
    }

    void testWrongPasswordIsRefusedWithTheServersText() {
        server().serve(greeting).reply("+OK\r\n").reply("-ERR [AUTH] Authentication failed.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        try {
            client.login("alice", "wrong");
            CPPUNIT_FAIL("a refused PASS passed");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("PASS refused: [AUTH] Authentication failed."), std::string(e.what()));
        }
    }

    void testLineBreakInPasswordIsRefusedBeforeSending() {
        server().serve(greeting);
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.login("alice", "secret\r\nDELE 1"), CommandRefused);
        CPPUNIT_ASSERT_THROW(client.login("alice", "secret\nDELE 1"), CommandRefused);
        CPPUNIT_ASSERT_THROW(client.login("alice\rDELE 1", "secret"), CommandRefused);
        CPPUNIT_ASSERT_THROW(client.login("alice", std::string("sec\0ret", 7)), CommandRefused);
        CPPUNIT_ASSERT(server().sends().empty());
    }

    void testXoauth2ErrorChallengeIsAnsweredWithAnEmptyLine() {
        server()
            .serve("+OK Gpop ready for requests from 192.0.2.7 a1mb12345\r\n")
            .reply("+ eyJzdGF0dXMiOiI0MDAifQ==\r\n")
            .reply("-ERR [AUTH] Invalid credentials.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        try {
            client.authenticate("XOAUTH2", "dXNlcj1hbGljZUBnbWFpbC5jb20BYXV0aD1CZWFyZXIgeWEyOS5hMEFmQl90b2tlbgEB");
            CPPUNIT_FAIL("a refused AUTH passed");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("AUTH XOAUTH2 refused: [AUTH] Invalid credentials."),
                                 std::string(e.what()));
        }
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "[AUTH XOAUTH2 dXNlcj1hbGljZUBnbWFpbC5jb20BYXV0aD1CZWFyZXIgeWEyOS5hMEFmQl90b2tlbgEB\r\n][\r\n]"),
            joined(server().sends()));
    }

    void testStat() {
        server().serve(greeting).reply("+OK 3 468\r\n").reply("+OK 1 8589934592\r\n");
        Pop3Client client(server());
        client.readGreeting();
        const auto stat = client.stat();
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, stat.messages);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{468}, stat.bytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{8589934592ull}, client.stat().bytes);  // an 8 GiB maildrop
        CPPUNIT_ASSERT_EQUAL(std::string("[STAT\r\n][STAT\r\n]"), joined(server().sends()));
    }

    void testMalformedStatIsAProtocolError() {
        for (const char* reply : {"+OK\r\n", "+OK three 468\r\n", "+OK 3\r\n", "+OK 4294967296 1\r\n"}) {
            FakeConnection connection;
            connection.serve(greeting).reply(reply);
            Pop3Client client(connection);
            client.readGreeting();
            CPPUNIT_ASSERT_THROW_MESSAGE(reply, client.stat(), ProtocolError);
        }
        server().serve(greeting).reply("-ERR [IN-USE] Mailbox locked\r\n");
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.stat(), CommandRefused);
    }

    void testUidlListing() {
        server().serve(greeting).reply(
            "+OK\r\n1 000000016b06a475\r\n2 000000026b06a475\r\n3 000000036b06a475\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        const auto listing = client.uidl();
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, listing.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, listing[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("000000016b06a475"), listing[0].second);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, listing[2].first);
        CPPUNIT_ASSERT_EQUAL(std::string("000000036b06a475"), listing[2].second);
        CPPUNIT_ASSERT_EQUAL(std::string("[UIDL\r\n]"), joined(server().sends()));

        FakeConnection empty;
        empty.serve(greeting).reply("+OK\r\n.\r\n");
        Pop3Client emptyClient(empty);
        emptyClient.readGreeting();
        CPPUNIT_ASSERT(emptyClient.uidl().empty());
    }

    void testMalformedLineInUidlListingIsAProtocolError() {
        server().serve(greeting).reply("+OK\r\n1 000000016b06a475\r\n2\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.uidl(), ProtocolError);
    }

    void testTopIsPipelinedWhenTheServerOffersPipelining() {
        server().serve(greeting).reply(dovecotCapa).reply(topReply(1)).serve(topReply(2)).serve(topReply(3));
        Pop3Client client(server());
        client.readGreeting();
        const auto blocks = client.headers({1, 2, 3});
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, blocks.size());
        CPPUNIT_ASSERT_EQUAL(headersOf(1), blocks[0]);
        CPPUNIT_ASSERT_EQUAL(headersOf(3), blocks[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n][TOP 1 0\r\nTOP 2 0\r\nTOP 3 0\r\n]"), joined(server().sends()));
    }

    void testTopGoesOneAtATimeWithoutPipelining() {
        // Each reply is released only after the next send: a client that
        // sent ahead would see the second reply never come.
        server().serve(greeting).reply(capaWithoutPipelining).reply(topReply(1)).reply(topReply(2)).reply(topReply(3));
        Pop3Client client(server());
        client.readGreeting();
        const auto blocks = client.headers({1, 2, 3});
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, blocks.size());
        CPPUNIT_ASSERT_EQUAL(headersOf(2), blocks[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("[CAPA\r\n][TOP 1 0\r\n][TOP 2 0\r\n][TOP 3 0\r\n]"),
                             joined(server().sends()));
    }

    void testPipelinedTopIsSentInBoundedWindows() {
        // 40 commands are not written in one go: the server's replies could
        // fill both socket buffers while we still send.
        server().serve(greeting).reply(dovecotCapa).reply(topReply(1));
        for (int n = 2; n <= 32; ++n) server().serve(topReply(n));
        server().reply(topReply(33));
        for (int n = 34; n <= 40; ++n) server().serve(topReply(n));
        std::vector<std::uint32_t> numbers;
        for (std::uint32_t n = 1; n <= 40; ++n) numbers.push_back(n);
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_EQUAL(std::size_t{40}, client.headers(numbers).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, server().sends().size());
        CPPUNIT_ASSERT_EQUAL(std::string("TOP 33 0\r\n"), server().sends()[2].substr(0, 10));
        CPPUNIT_ASSERT_EQUAL(std::size_t{41}, server().sentLines().size());
    }

    void testTopUndoesDotStuffing() {
        server()
            .serve(greeting)
            .reply(capaWithoutPipelining)
            .reply("+OK\r\nSubject: x\r\n..hidden\r\n...\r\n..\r\n\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        const auto blocks = client.headers({7});
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, blocks.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Subject: x\r\n.hidden\r\n..\r\n.\r\n\r\n"), blocks[0]);
    }

    void testRepliesByteByByte() {
        server().maxChunk = 1;
        server()
            .serve(greeting)
            .reply("+OK 3 468\r\n")
            .reply("+OK\r\n1 000000016b06a475\r\n2 000000026b06a475\r\n.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, client.stat().messages);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, client.uidl().size());
    }

    void testListingOverTheLimitIsAProtocolError() {
        std::string listing = "+OK\r\n";
        for (int n = 1; n <= 10; ++n) listing += std::to_string(n) + " 000000016b06a475\r\n";
        server().serve(greeting).reply(listing + ".\r\n");
        Pop3Client client(server(), Pop3Limits{1024, 100});
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.uidl(), ProtocolError);
    }

    void testLineOverTheLimitIsAProtocolError() {
        server().serve("+OK " + std::string(200, 'x') + "\r\n");
        Pop3Client client(server(), Pop3Limits{100, 1024});
        CPPUNIT_ASSERT_THROW(client.readGreeting(), ProtocolError);

        // Without a line end at all: refused once past the limit, not buffered forever.
        FakeConnection endless;
        endless.maxChunk = 64;
        endless.serve("+OK " + std::string(1000, 'x'));
        Pop3Client endlessClient(endless, Pop3Limits{100, 1024});
        CPPUNIT_ASSERT_THROW(endlessClient.readGreeting(), ProtocolError);
        CPPUNIT_ASSERT(endless.receives < 5);
    }

    void testServerClosingMidListingIsAProtocolError() {
        server().serve(greeting).reply("+OK\r\n1 000000016b06a475\r\n").close();
        Pop3Client client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.uidl(), ProtocolError);
    }

    void testQuitToleratesAClosedConnection() {
        server().serve(greeting).reply("+OK Logging out.\r\n");
        Pop3Client client(server());
        client.readGreeting();
        client.quit();
        CPPUNIT_ASSERT_EQUAL(std::string("[QUIT\r\n]"), joined(server().sends()));

        FakeConnection closing;
        closing.serve(greeting).closeOnReply();
        Pop3Client closingClient(closing);
        closingClient.readGreeting();
        closingClient.quit();
    }

private:
    FakeConnection& server() { return *server_; }
    std::unique_ptr<FakeConnection> server_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(Pop3ClientTest);
