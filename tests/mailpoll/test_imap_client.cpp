// The IMAP client against a scripted server: the exact commands it sends
// (dovecot, Gmail and Exchange answers as they come off the wire), what it
// makes of the answers, STARTTLS without injection, IDLE's ways of ending,
// and that no flow ever sends a command that changes the mailbox.
#include "fake_connection.h"
#include "imap_client.h"
#include "mail_errors.h"
#include "sasl.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace wirekit::mailpoll;
using wirekit::mailpoll::test::FakeConnection;

namespace {

const std::string dovecotGreeting =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] "
    "Dovecot (Debian) ready.\r\n";

/// What dovecot says to a successful LOGIN or AUTHENTICATE, after the tag.
const std::string dovecotLoggedIn =
    " OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS "
    "LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY "
    "MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE] Logged in\r\n";

const std::string gmailGreeting = "* OK Gimap ready for requests from 192.0.2.7 q8mb12345\r\n";
const std::string gmailCapability =
    "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 "
    "AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH\r\n";

/// A greeting with exactly these capabilities.
std::string greetingWith(const std::string& capabilities) {
    return "* OK [CAPABILITY " + capabilities + "] Dovecot (Debian) ready.\r\n";
}

const std::string firstHeaders =
    "Date: Mon, 07 Apr 2025 09:15:02 +0200\r\n"
    "From: Alice Liddell <alice@example.org>\r\n"
    "Subject: Lunch on Thursday?\r\n"
    "\r\n";
const std::string secondHeaders =
    "Date: Mon, 07 Apr 2025 10:01:44 +0000\r\n"
    "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.net>\r\n"
    "Subject: Re: {5} braces and\r\n CRLF inside {5}\r\n"
    "\r\n";

std::string literal(const std::string& text) { return "{" + std::to_string(text.size()) + "}\r\n" + text; }

/// An untagged FETCH of a message's header fields, as dovecot sends it.
std::string fetchResponse(std::uint32_t number, std::uint32_t uid, const std::string& headers) {
    return "* " + std::to_string(number) + " FETCH (UID " + std::to_string(uid) +
           " BODY[HEADER.FIELDS (DATE FROM SUBJECT)] " + literal(headers) + ")\r\n";
}

const std::string fetchCommand = " UID FETCH %s (UID BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])\r\n";
std::string fetchOf(const std::string& tag, const std::string& uidSet) {
    std::string command = fetchCommand;
    command.replace(command.find("%s"), 2, uidSet);
    return tag + command;
}

std::string nameOf(IdleEnd end) {
    switch (end) {
        case IdleEnd::changed: return "changed";
        case IdleEnd::timeout: return "timeout";
        case IdleEnd::interrupted: return "interrupted";
    }
    return "?";
}

std::string joined(const std::vector<std::string>& items) {
    std::ostringstream out;
    for (const auto& item : items) out << "[" << item << "]";
    return out.str();
}

/// The words of an IMAP command line after its tag, upper-cased ("UID", "FETCH", ...).
std::vector<std::string> commandWords(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    std::string word;
    in >> word;  // the tag
    while (in >> word) {
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        words.push_back(word);
    }
    return words;
}

bool never() { return false; }

}  // namespace

class ImapClientTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImapClientTest);
    CPPUNIT_TEST(testGreetingCapabilitiesAreUsedWithoutAsking);
    CPPUNIT_TEST(testGreetingWithoutCapabilitiesAsksOnce);
    CPPUNIT_TEST(testGreetingByteByByte);
    CPPUNIT_TEST(testGreetingByeIsAnError);
    CPPUNIT_TEST(testGreetingFromAnotherProtocolIsAnError);
    CPPUNIT_TEST(testPreauthGreetingMeansLoggedIn);
    CPPUNIT_TEST(testLoginQuotesUserAndPassword);
    CPPUNIT_TEST(testLoginEscapesQuotesAndBackslashes);
    CPPUNIT_TEST(testEightBitPasswordGoesAsLiteralPlusInOneSend);
    CPPUNIT_TEST(testEightBitPasswordWithoutLiteralPlusUsesAuthenticatePlain);
    CPPUNIT_TEST(testLoginWithoutCapabilityCodeAsksForCapabilitiesAgain);
    CPPUNIT_TEST(testRefusedLoginCarriesTheServersText);
    CPPUNIT_TEST(testLoginDisabledUsesAuthenticatePlainWithSaslIr);
    CPPUNIT_TEST(testAuthenticatePlainWithoutSaslIrWaitsForTheContinuation);
    CPPUNIT_TEST(testLoginDisabledWithoutPlainIsRefusedWithoutSending);
    CPPUNIT_TEST(testXoauth2ErrorChallengeIsAnsweredWithAnEmptyLine);
    CPPUNIT_TEST(testXoauth2WithoutSaslIrSendsTheResponseOnTheFirstContinuation);
    CPPUNIT_TEST(testStatusOfDovecotInbox);
    CPPUNIT_TEST(testStatusOfANonAsciiMailboxUsesModifiedUtf7);
    CPPUNIT_TEST(testStatusWithoutStatusResponseIsAProtocolError);
    CPPUNIT_TEST(testStatusOfAMissingMailboxIsRefused);
    CPPUNIT_TEST(testExamineCollectsUidValidityUidNextAndExists);
    CPPUNIT_TEST(testExamineOfAServerWithoutUidNext);
    CPPUNIT_TEST(testSearchUnseenReturnsSortedUids);
    CPPUNIT_TEST(testFetchHeadersReturnsBlocksByUidAndIgnoresFlagUpdates);
    CPPUNIT_TEST(testFetchHeadersDropsTheLastMessageThatStarRangeAlwaysNames);
    CPPUNIT_TEST(testFetchHeadersByteByByte);
    CPPUNIT_TEST(testUnsolicitedFlagFetchWithUidIsNotAMessage);
    CPPUNIT_TEST(testStartTlsNotOfferedIsRefusedAndNothingSent);
    CPPUNIT_TEST(testStartTlsStartsTlsAndForgetsCleartextCapabilities);
    CPPUNIT_TEST(testBytesAfterStartTlsOkAreRejectedAsInjection);
    CPPUNIT_TEST(testIdleReportsNewMailAndSendsDone);
    CPPUNIT_TEST(testIdleTimesOutSendsDoneAndIgnoresKeepalives);
    CPPUNIT_TEST(testInterruptedIdleReturnsWithoutDone);
    CPPUNIT_TEST(testIdleChangeArrivingWithTheContinuationIsSeenWithoutWaiting);
    CPPUNIT_TEST(testIdleRefusedIsCommandRefused);
    CPPUNIT_TEST(testTagMismatchIsAProtocolError);
    CPPUNIT_TEST(testServerClosingIsAProtocolError);
    CPPUNIT_TEST(testByeDuringACommandIsAProtocolError);
    CPPUNIT_TEST(testUnexpectedContinuationIsAProtocolError);
    CPPUNIT_TEST(testLogoutAcceptsByeAndClose);
    CPPUNIT_TEST(testWholeCheckSendsOnlyReadOnlyCommands);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { server_ = std::make_unique<FakeConnection>(); }

    /// Every test: the client never sent a command that changes a mailbox,
    /// and fetched only with BODY.PEEK (nothing marked \Seen).
    void tearDown() override {
        for (const auto& line : server_->sentLines()) {
            const auto words = commandWords(line);
            if (words.empty()) continue;
            const std::string verb = words[0] == "UID" && words.size() > 1 ? words[1] : words[0];
            for (const char* forbidden : {"SELECT", "STORE", "EXPUNGE", "COPY", "MOVE", "APPEND", "DELETE", "RENAME"})
                CPPUNIT_ASSERT_MESSAGE("client sent " + line, verb != forbidden);
            if (verb == "FETCH") {
                CPPUNIT_ASSERT_MESSAGE("client fetched without PEEK: " + line, line.find("BODY[") == std::string::npos);
                CPPUNIT_ASSERT_MESSAGE("client fetched RFC822: " + line, line.find("RFC822") == std::string::npos);
            }
        }
        server_.reset();
    }

    void testGreetingCapabilitiesAreUsedWithoutAsking() {
        server().serve(dovecotGreeting);
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(!client.loggedIn());
        CPPUNIT_ASSERT(client.hasCapability("IDLE"));
        CPPUNIT_ASSERT(client.hasCapability("AUTH=PLAIN"));
        CPPUNIT_ASSERT(client.hasCapability("LITERAL+"));
        CPPUNIT_ASSERT(!client.hasCapability("LOGINDISABLED"));
        CPPUNIT_ASSERT_EQUAL(std::size_t{10}, client.capabilities().size());
        CPPUNIT_ASSERT(server().sends().empty());
    }

    void testGreetingWithoutCapabilitiesAsksOnce() {
        server().serve(gmailGreeting).reply(gmailCapability + "m1 OK Thats all she wrote! q8mb12345\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.hasCapability("X-GM-EXT-1"));
        CPPUNIT_ASSERT(client.hasCapability("AUTH=XOAUTH2"));
        CPPUNIT_ASSERT(!client.hasCapability("STARTTLS"));
        CPPUNIT_ASSERT(client.hasCapability("IDLE"));
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 CAPABILITY\r\n]"), joined(server().sends()));
    }

    void testGreetingByteByByte() {
        server().maxChunk = 1;
        server().serve(dovecotGreeting);
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.hasCapability("STARTTLS"));
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(dovecotGreeting.size()), server().receives);
    }

    void testGreetingByeIsAnError() {
        server().serve(
            "* BYE [UNAVAILABLE] Maximum number of connections from user+IP exceeded "
            "(mail_max_userip_connections=10)\r\n");
        ImapClient client(server());
        try {
            client.readGreeting();
            CPPUNIT_FAIL("a BYE greeting was accepted");
        } catch (const ProtocolError& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(),
                                   std::string(e.what()).find("Maximum number of connections") != std::string::npos);
        }
        CPPUNIT_ASSERT(server().sends().empty());
    }

    void testGreetingFromAnotherProtocolIsAnError() {
        server().serve("+OK Dovecot (Debian) ready.\r\n");
        ImapClient pop3(server());
        CPPUNIT_ASSERT_THROW(pop3.readGreeting(), ProtocolError);

        FakeConnection smtp;
        smtp.serve("220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n");
        ImapClient smtpClient(smtp);
        CPPUNIT_ASSERT_THROW(smtpClient.readGreeting(), ProtocolError);

        FakeConnection tagged;
        tagged.serve("a1 OK hello\r\n");
        ImapClient taggedClient(tagged);
        CPPUNIT_ASSERT_THROW(taggedClient.readGreeting(), ProtocolError);
    }

    void testPreauthGreetingMeansLoggedIn() {
        server().serve("* PREAUTH [CAPABILITY IMAP4rev1 IDLE] Logged in as alice\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.loggedIn());
        CPPUNIT_ASSERT(client.hasCapability("IDLE"));
    }

    void testLoginQuotesUserAndPassword() {
        server().serve(dovecotGreeting).reply("m1" + dovecotLoggedIn);
        ImapClient client(server());
        client.readGreeting();
        client.login("alice", "secret");
        CPPUNIT_ASSERT(client.loggedIn());
        // The capabilities came with the OK: no CAPABILITY command.
        CPPUNIT_ASSERT(client.hasCapability("CONDSTORE"));
        CPPUNIT_ASSERT(!client.hasCapability("STARTTLS"));
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 LOGIN \"alice\" \"secret\"\r\n]"), joined(server().sends()));
    }

    void testLoginEscapesQuotesAndBackslashes() {
        server().serve(dovecotGreeting).reply("m1" + dovecotLoggedIn);
        ImapClient client(server());
        client.readGreeting();
        client.login("alice@example.org", "pa\"ss\\wo rd");
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 LOGIN \"alice@example.org\" \"pa\\\"ss\\\\wo rd\"\r\n]"),
                             joined(server().sends()));
    }

    void testEightBitPasswordGoesAsLiteralPlusInOneSend() {
        server().serve(dovecotGreeting).reply("m1" + dovecotLoggedIn);
        ImapClient client(server());
        client.readGreeting();
        client.login("alice",
                     "s\xc3\xa9"
                     "cret");
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 LOGIN \"alice\" {7+}\r\ns\xc3\xa9"
                                         "cret\r\n]"),
                             joined(server().sends()));
    }

    void testEightBitPasswordWithoutLiteralPlusUsesAuthenticatePlain() {
        server()
            .serve(greetingWith("IMAP4rev1 SASL-IR IDLE AUTH=PLAIN"))
            .reply("m1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.login("alice",
                     "s\xc3\xa9"
                     "cret");
        CPPUNIT_ASSERT(client.loggedIn());
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 AUTHENTICATE PLAIN AGFsaWNlAHPDqWNyZXQ=\r\n]"), joined(server().sends()));
    }

    void testLoginWithoutCapabilityCodeAsksForCapabilitiesAgain() {
        // Capabilities may change after login (RFC 3501 6.2.3): without a
        // code on the OK, what was said before login no longer counts.
        server()
            .serve(greetingWith("IMAP4rev1 LITERAL+ AUTH=PLAIN"))
            .reply("m1 OK LOGIN completed.\r\n")
            .reply("* CAPABILITY IMAP4rev1 IDLE UIDPLUS\r\nm2 OK CAPABILITY completed.\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.login("alice", "secret");
        CPPUNIT_ASSERT(client.hasCapability("IDLE"));
        CPPUNIT_ASSERT(!client.hasCapability("AUTH=PLAIN"));
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 LOGIN \"alice\" \"secret\"\r\n][m2 CAPABILITY\r\n]"),
                             joined(server().sends()));
    }

    void testRefusedLoginCarriesTheServersText() {
        server().serve(dovecotGreeting).reply("m1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        ImapClient client(server());
        client.readGreeting();
        try {
            client.login("alice", "wrong");
            CPPUNIT_FAIL("a refused LOGIN passed");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("LOGIN refused: Authentication failed."), std::string(e.what()));
        }
        CPPUNIT_ASSERT(!client.loggedIn());
    }

    void testLoginDisabledUsesAuthenticatePlainWithSaslIr() {
        server()
            .serve(greetingWith("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED "
                                "AUTH=PLAIN"))
            .reply("m1" + dovecotLoggedIn);
        ImapClient client(server());
        client.readGreeting();
        client.login("alice", "secret");
        CPPUNIT_ASSERT(client.loggedIn());
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n]"), joined(server().sends()));
    }

    void testAuthenticatePlainWithoutSaslIrWaitsForTheContinuation() {
        server()
            .serve(greetingWith("IMAP4rev1 LOGINDISABLED AUTH=PLAIN"))
            .reply("+ \r\n")
            .reply("m1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.login("alice", "secret");
        CPPUNIT_ASSERT(client.loggedIn());
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 AUTHENTICATE PLAIN\r\n][AGFsaWNlAHNlY3JldA==\r\n]"),
                             joined(server().sends()));
    }

    void testLoginDisabledWithoutPlainIsRefusedWithoutSending() {
        server().serve(greetingWith("IMAP4rev1 STARTTLS LOGINDISABLED AUTH=GSSAPI"));
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.login("alice", "secret"), CommandRefused);
        CPPUNIT_ASSERT(server().sends().empty());
    }

    void testXoauth2ErrorChallengeIsAnsweredWithAnEmptyLine() {
        server()
            .serve(gmailGreeting)
            .reply(gmailCapability + "m1 OK Thats all she wrote! q8mb12345\r\n")
            .reply("+ eyJzdGF0dXMiOiI0MDAifQ==\r\n")
            .reply("m2 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.hasCapability("AUTH=XOAUTH2"));
        const std::string initial =
            saslInitialResponse(AuthMethod::xoauth2, "alice@gmail.com", "ya29.a0AfB_token", "", 0);
        CPPUNIT_ASSERT_EQUAL(std::string("dXNlcj1hbGljZUBnbWFpbC5jb20BYXV0aD1CZWFyZXIgeWEyOS5hMEFmQl90b2tlbgEB"),
                             initial);
        try {
            client.authenticate("XOAUTH2", initial);
            CPPUNIT_FAIL("a refused AUTHENTICATE passed");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("AUTHENTICATE XOAUTH2 refused: Invalid credentials (Failure)"),
                                 std::string(e.what()));
        }
        CPPUNIT_ASSERT(!client.loggedIn());
        CPPUNIT_ASSERT_EQUAL("[m1 CAPABILITY\r\n][m2 AUTHENTICATE XOAUTH2 " + initial + "\r\n][\r\n]",
                             joined(server().sends()));
    }

    void testXoauth2WithoutSaslIrSendsTheResponseOnTheFirstContinuation() {
        server()
            .serve(greetingWith("IMAP4rev1 IDLE AUTH=XOAUTH2"))
            .reply("+ \r\n")
            .reply("+ eyJzdGF0dXMiOiI0MDAifQ==\r\n")
            .reply("m1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.authenticate("XOAUTH2", "dG9rZW4="), CommandRefused);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 AUTHENTICATE XOAUTH2\r\n][dG9rZW4=\r\n][\r\n]"),
                             joined(server().sends()));
    }

    void testStatusOfDovecotInbox() {
        server()
            .serve(dovecotGreeting)
            .reply(
                "* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1795597429 UNSEEN 3)\r\n"
                "m1 OK Status completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const MailboxStatus status = client.status("INBOX");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, status.messages);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, status.unseen);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4}, status.uidNext);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795597429}, status.uidValidity);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 STATUS \"INBOX\" (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)\r\n]"),
                             joined(server().sends()));
    }

    void testStatusOfANonAsciiMailboxUsesModifiedUtf7() {
        server()
            .serve(dovecotGreeting)
            .reply(
                "* STATUS \"Entw&APw-rfe\" (MESSAGES 1 UNSEEN 0 UIDNEXT 2 UIDVALIDITY 1795597430)\r\n"
                "m1 OK Status completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const MailboxStatus status = client.status("Entw\xc3\xbcrfe");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, status.messages);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795597430}, status.uidValidity);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 STATUS \"Entw&APw-rfe\" (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)\r\n]"),
                             joined(server().sends()));
    }

    void testStatusWithoutStatusResponseIsAProtocolError() {
        server().serve(dovecotGreeting).reply("m1 OK Status completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.status("INBOX"), ProtocolError);
    }

    void testStatusOfAMissingMailboxIsRefused() {
        server().serve(dovecotGreeting).reply("m1 NO [NONEXISTENT] Mailbox doesn't exist: Lists/wirekit\r\n");
        ImapClient client(server());
        client.readGreeting();
        try {
            client.status("Lists/wirekit");
            CPPUNIT_FAIL("STATUS of a missing mailbox passed");
        } catch (const CommandRefused& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("STATUS refused: Mailbox doesn't exist: Lists/wirekit"),
                                 std::string(e.what()));
        }
    }

    void testExamineCollectsUidValidityUidNextAndExists() {
        server()
            .serve(dovecotGreeting)
            .reply(
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n"
                "* 3 EXISTS\r\n"
                "* 0 RECENT\r\n"
                "* OK [UNSEEN 1] First unseen.\r\n"
                "* OK [UIDVALIDITY 1795597429] UIDs valid\r\n"
                "* OK [UIDNEXT 4] Predicted next UID\r\n"
                "* OK [HIGHESTMODSEQ 123] Highest\r\n"
                "m1 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const MailboxStatus examined = client.examine("INBOX");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, examined.messages);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4}, examined.uidNext);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795597429}, examined.uidValidity);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 EXAMINE \"INBOX\"\r\n]"), joined(server().sends()));
    }

    void testExamineOfAServerWithoutUidNext() {
        server()
            .serve(dovecotGreeting)
            .reply(
                "* 12 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 14] UIDVALIDITY value\r\n"
                "m1 OK [READ-ONLY] EXAMINE completed.\r\n");
        ImapClient client(server());
        client.readGreeting();
        const MailboxStatus examined = client.examine("INBOX");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{12}, examined.messages);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, examined.uidNext);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{14}, examined.uidValidity);
    }

    void testSearchUnseenReturnsSortedUids() {
        server()
            .serve(dovecotGreeting)
            .reply("* SEARCH 17 3 9\r\nm1 OK Search completed (0.001 + 0.000 secs).\r\n")
            .reply("* SEARCH\r\nm2 OK Search completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT((client.searchUnseen() == std::vector<std::uint32_t>{3, 9, 17}));
        CPPUNIT_ASSERT(client.searchUnseen().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 UID SEARCH UNSEEN\r\n][m2 UID SEARCH UNSEEN\r\n]"),
                             joined(server().sends()));
    }

    void testFetchHeadersReturnsBlocksByUidAndIgnoresFlagUpdates() {
        server()
            .serve(dovecotGreeting)
            .reply(fetchResponse(3, 5, secondHeaders) + "* 1 FETCH (FLAGS (\\Seen))\r\n" +
                   fetchResponse(2, 4, firstHeaders) + "m1 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const auto fetched = client.fetchHeaders("4:*", 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, fetched.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4}, fetched[0].uid);
        CPPUNIT_ASSERT_EQUAL(firstHeaders, fetched[0].headerBlock);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{5}, fetched[1].uid);
        CPPUNIT_ASSERT_EQUAL(secondHeaders, fetched[1].headerBlock);
        CPPUNIT_ASSERT_EQUAL("[" + fetchOf("m1", "4:*") + "]", joined(server().sends()));
    }

    void testFetchHeadersDropsTheLastMessageThatStarRangeAlwaysNames() {
        // "6:*" with UIDNEXT 6 names the last message (UID 5), which was reported before.
        server()
            .serve(dovecotGreeting)
            .reply(fetchResponse(3, 5, firstHeaders) + "m1 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT(client.fetchHeaders("6:*", 6).empty());
        CPPUNIT_ASSERT_EQUAL("[" + fetchOf("m1", "6:*") + "]", joined(server().sends()));
    }

    void testFetchHeadersByteByByte() {
        server().maxChunk = 1;
        server()
            .serve(dovecotGreeting)
            .reply(fetchResponse(1, 1, secondHeaders) + "m1 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const auto fetched = client.fetchHeaders("1,4,9:12", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, fetched.size());
        CPPUNIT_ASSERT_EQUAL(secondHeaders, fetched[0].headerBlock);
        CPPUNIT_ASSERT_EQUAL("[" + fetchOf("m1", "1,4,9:12") + "]", joined(server().sends()));
    }

    void testUnsolicitedFlagFetchWithUidIsNotAMessage() {
        // Another client marks message 4 \Seen while we fetch. During a UID
        // command dovecot includes the UID in such an unsolicited FETCH
        // (RFC 3501 6.4.8); it carries no header block and is not a message.
        server()
            .serve(dovecotGreeting)
            .reply(fetchResponse(2, 4, firstHeaders) + "* 2 FETCH (UID 4 FLAGS (\\Seen))\r\n" +
                   "m1 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        const auto fetched = client.fetchHeaders("4:*", 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, fetched.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4}, fetched[0].uid);
        CPPUNIT_ASSERT_EQUAL(firstHeaders, fetched[0].headerBlock);
    }

    void testStartTlsNotOfferedIsRefusedAndNothingSent() {
        server().serve(greetingWith("IMAP4rev1 SASL-IR ID ENABLE IDLE AUTH=PLAIN"));
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.startTls(), CommandRefused);
        CPPUNIT_ASSERT(server().sends().empty());
        CPPUNIT_ASSERT_EQUAL(0, server().tlsStarts);
    }

    void testStartTlsStartsTlsAndForgetsCleartextCapabilities() {
        server()
            .serve(dovecotGreeting)
            .reply("m1 OK Begin TLS negotiation now.\r\n")
            .reply(
                "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN\r\n"
                "m2 OK Pre-login capabilities listed, post-login capabilities have more.\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.startTls();
        CPPUNIT_ASSERT_EQUAL(1, server().tlsStarts);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, server().sendsBeforeTls);
        CPPUNIT_ASSERT(!client.hasCapability("STARTTLS"));
        CPPUNIT_ASSERT(client.hasCapability("AUTH=LOGIN"));
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 STARTTLS\r\n][m2 CAPABILITY\r\n]"), joined(server().sends()));
    }

    void testBytesAfterStartTlsOkAreRejectedAsInjection() {
        // CVE-2011-0411 class: a man in the middle appends cleartext that a
        // naive client would read as if it came over TLS.
        server()
            .serve(dovecotGreeting)
            .reply("m1 OK Begin TLS negotiation now.\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.startTls(), ProtocolError);
        CPPUNIT_ASSERT_EQUAL(0, server().tlsStarts);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 STARTTLS\r\n]"), joined(server().sends()));
    }

    void testIdleReportsNewMailAndSendsDone() {
        server()
            .serve(dovecotGreeting)
            .reply("+ idling\r\n")
            .serve("* 4 EXISTS\r\n")
            .reply("m1 OK Idle completed (0.001 + 12.345 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_EQUAL(std::string("changed"), nameOf(client.idle(1740, 1, never)));
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 IDLE\r\n][DONE\r\n]"), joined(server().sends()));
        CPPUNIT_ASSERT(!server().unread());
    }

    void testIdleTimesOutSendsDoneAndIgnoresKeepalives() {
        server()
            .serve(dovecotGreeting)
            .reply("+ idling\r\n")
            .serve("* OK Still here\r\n")
            .serve("* 2 FETCH (FLAGS (\\Seen))\r\n")
            .reply("m1 OK Idle completed (0.001 + 10.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_EQUAL(std::string("timeout"), nameOf(client.idle(10, 1, never)));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(10.0, server().waitedSeconds, 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 IDLE\r\n][DONE\r\n]"), joined(server().sends()));
    }

    void testInterruptedIdleReturnsWithoutDone() {
        server().serve(dovecotGreeting).reply("+ idling\r\n");
        ImapClient client(server());
        client.readGreeting();
        int asked = 0;
        const auto end = client.idle(1740, 5, [&] { return ++asked > 3; });
        CPPUNIT_ASSERT_EQUAL(std::string("interrupted"), nameOf(end));
        CPPUNIT_ASSERT_EQUAL(4, asked);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(15.0, server().waitedSeconds, 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 IDLE\r\n]"), joined(server().sends()));
    }

    void testIdleChangeArrivingWithTheContinuationIsSeenWithoutWaiting() {
        // The server writes "+ idling" and the pending EXISTS in one segment.
        // The EXISTS is already in the client's buffer: IDLE must see it at
        // once rather than wait on the socket for bytes that will not come.
        server()
            .serve(dovecotGreeting)
            .reply("+ idling\r\n* 4 EXISTS\r\n")
            .reply("m1 OK Idle completed (0.001 + 0.002 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        try {
            CPPUNIT_ASSERT_EQUAL(std::string("changed"), nameOf(client.idle(1740, 1, never)));
        } catch (const TimeoutError& e) {
            CPPUNIT_FAIL(std::string("IDLE waited on the socket with '* 4 EXISTS' already buffered: ") + e.what());
        }
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 IDLE\r\n][DONE\r\n]"), joined(server().sends()));
    }

    void testIdleRefusedIsCommandRefused() {
        server().serve(greetingWith("IMAP4rev1")).reply("m1 BAD Unknown command IDLE\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.idle(60, 1, never), CommandRefused);
    }

    void testTagMismatchIsAProtocolError() {
        server()
            .serve(dovecotGreeting)
            .reply(
                "* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1795597429 UNSEEN 3)\r\nm2 OK Status completed.\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.status("INBOX"), ProtocolError);

        FakeConnection idling;
        idling.serve(dovecotGreeting).reply("+ idling\r\n").serve("* 4 EXISTS\r\n").reply("m9 OK Idle completed.\r\n");
        ImapClient idleClient(idling);
        idleClient.readGreeting();
        CPPUNIT_ASSERT_THROW(idleClient.idle(60, 1, never), ProtocolError);
    }

    void testServerClosingIsAProtocolError() {
        server().serve(dovecotGreeting).closeOnReply();
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.status("INBOX"), ProtocolError);

        FakeConnection idling;
        idling.serve(dovecotGreeting).reply("+ idling\r\n").close();
        ImapClient idleClient(idling);
        idleClient.readGreeting();
        CPPUNIT_ASSERT_THROW(idleClient.idle(60, 1, never), ProtocolError);

        FakeConnection silent;
        silent.close();
        ImapClient greeter(silent);
        CPPUNIT_ASSERT_THROW(greeter.readGreeting(), ProtocolError);
    }

    void testByeDuringACommandIsAProtocolError() {
        server().serve(dovecotGreeting).reply("* BYE Disconnected for inactivity.\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.searchUnseen(), ProtocolError);
    }

    void testUnexpectedContinuationIsAProtocolError() {
        server().serve(dovecotGreeting).reply("+ go ahead\r\n");
        ImapClient client(server());
        client.readGreeting();
        CPPUNIT_ASSERT_THROW(client.examine("INBOX"), ProtocolError);
    }

    void testLogoutAcceptsByeAndClose() {
        server().serve(dovecotGreeting).reply("* BYE Logging out\r\nm1 OK Logout completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.logout();
        CPPUNIT_ASSERT_EQUAL(std::string("[m1 LOGOUT\r\n]"), joined(server().sends()));

        FakeConnection closing;
        closing.serve(dovecotGreeting).reply("* BYE Logging out\r\n").close();
        ImapClient closingClient(closing);
        closingClient.readGreeting();
        closingClient.logout();
    }

    void testWholeCheckSendsOnlyReadOnlyCommands() {
        server()
            .serve(dovecotGreeting)
            .reply("m1" + dovecotLoggedIn)
            .reply(
                "* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1795597429 UNSEEN 3)\r\n"
                "m2 OK Status completed (0.001 + 0.000 secs).\r\n")
            .reply(
                "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n* 3 EXISTS\r\n* 0 RECENT\r\n"
                "* OK [UIDVALIDITY 1795597429] UIDs valid\r\n* OK [UIDNEXT 4] Predicted next UID\r\n"
                "m3 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r\n")
            .reply("* SEARCH 1 2 3\r\nm4 OK Search completed (0.001 + 0.000 secs).\r\n")
            .reply(fetchResponse(1, 1, firstHeaders) + fetchResponse(2, 2, secondHeaders) +
                   fetchResponse(3, 3, firstHeaders) + "m5 OK Fetch completed (0.001 + 0.000 secs).\r\n")
            .reply("+ idling\r\n")
            .serve("* 4 EXISTS\r\n* 1 RECENT\r\n")
            .reply("m6 OK Idle completed (0.001 + 31.000 secs).\r\n")
            .reply(fetchResponse(4, 4, secondHeaders) + "m7 OK Fetch completed (0.001 + 0.000 secs).\r\n")
            .reply("* BYE Logging out\r\nm8 OK Logout completed (0.001 + 0.000 secs).\r\n");
        ImapClient client(server());
        client.readGreeting();
        client.login("alice", "secret");
        const auto status = client.status("INBOX");
        const auto examined = client.examine("INBOX");
        CPPUNIT_ASSERT_EQUAL(status.uidValidity, examined.uidValidity);
        const auto unseen = client.searchUnseen();
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, client.fetchHeaders(uidSetOf(unseen), 1).size());
        CPPUNIT_ASSERT_EQUAL(std::string("changed"), nameOf(client.idle(1740, 1, never)));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, client.fetchHeaders("4:*", 4).size());
        client.logout();
        const std::vector<std::string> expected = {
            "m1 LOGIN \"alice\" \"secret\"",
            "m2 STATUS \"INBOX\" (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)",
            "m3 EXAMINE \"INBOX\"",
            "m4 UID SEARCH UNSEEN",
            fetchOf("m5", "1:3").substr(0, fetchOf("m5", "1:3").size() - 2),
            "m6 IDLE",
            "DONE",
            fetchOf("m7", "4:*").substr(0, fetchOf("m7", "4:*").size() - 2),
            "m8 LOGOUT",
        };
        CPPUNIT_ASSERT_EQUAL(joined(expected), joined(server().sentLines()));
    }

private:
    FakeConnection& server() { return *server_; }
    std::unique_ptr<FakeConnection> server_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapClientTest);
