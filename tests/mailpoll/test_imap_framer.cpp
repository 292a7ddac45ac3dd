// The IMAP framer: whole responses out of a byte stream however the network
// cuts it, literals taken byte for byte, and hostile lengths refused before
// anything is buffered.
#include "imap_framer.h"
#include "mail_errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace wirekit::mailpoll;

namespace {

const std::string greeting =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] "
    "Dovecot (Debian) ready.";

const std::string headers =
    "Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n"
    "From: Alice <alice@example.org>\r\n"
    "Subject: {5} and\r\n\r\n";

std::string literal(const std::string& text) { return "{" + std::to_string(text.size()) + "}\r\n" + text; }

std::vector<std::string> drain(ImapFramer& framer) {
    std::vector<std::string> responses;
    while (auto response = framer.next()) responses.push_back(*response);
    return responses;
}

bool refuses(ImapFramer& framer) {
    try {
        framer.next();
    } catch (const ProtocolError&) {
        return true;
    }
    return false;
}

}  // namespace

class ImapFramerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImapFramerTest);
    CPPUNIT_TEST(testWholeLineIsOneResponseWithoutItsCrlf);
    CPPUNIT_TEST(testNothingUntilTheLineEnds);
    CPPUNIT_TEST(testResponseFedByteByByte);
    CPPUNIT_TEST(testSeveralResponsesInOneFeed);
    CPPUNIT_TEST(testLiteralIsKeptByteForByteWithTheLinesAroundIt);
    CPPUNIT_TEST(testLiteralHoldingCrlfAndBraceTextIsNotRescanned);
    CPPUNIT_TEST(testFetchWithLiteralFedByteByByte);
    CPPUNIT_TEST(testNonSynchronizingLiteralPlus);
    CPPUNIT_TEST(testSeveralLiteralsInOneResponse);
    CPPUNIT_TEST(testBareLineFeedEndsALine);
    CPPUNIT_TEST(testEmptyLiteral);
    CPPUNIT_TEST(testBraceTextThatIsNotALiteralEndsTheResponse);
    CPPUNIT_TEST(testOverlongLineWithoutNewlineIsRefused);
    CPPUNIT_TEST(testOverlongLineWithNewlineIsRefused);
    CPPUNIT_TEST(testLineAtTheLimitIsAccepted);
    CPPUNIT_TEST(testLiteralOverTheLimitIsRefusedAtOnce);
    CPPUNIT_TEST(testLiteralAnnouncedAsFourGigabytesIsRefusedBeforeBuffering);
    CPPUNIT_TEST(testLiteralLengthBeyondSixtyFourBitsIsRefused);
    CPPUNIT_TEST(testResponseOverTheTotalLimitIsRefused);
    CPPUNIT_TEST(testPendingCountsWhatFollowsAResponse);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWholeLineIsOneResponseWithoutItsCrlf() {
        ImapFramer framer;
        framer.feed(greeting + "\r\n");
        CPPUNIT_ASSERT_EQUAL(greeting, *framer.next());
        CPPUNIT_ASSERT(!framer.next());
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, framer.pending());
    }

    void testNothingUntilTheLineEnds() {
        ImapFramer framer;
        framer.feed("* 3 EXISTS");
        CPPUNIT_ASSERT(!framer.next());
        framer.feed("\r");
        CPPUNIT_ASSERT(!framer.next());
        framer.feed("\n");
        CPPUNIT_ASSERT_EQUAL(std::string("* 3 EXISTS"), *framer.next());
    }

    void testResponseFedByteByByte() {
        ImapFramer framer;
        const std::string wire = greeting + "\r\n";
        std::vector<std::string> responses;
        for (const char c : wire) {
            framer.feed(std::string(1, c));
            if (auto response = framer.next()) responses.push_back(*response);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, responses.size());
        CPPUNIT_ASSERT_EQUAL(greeting, responses[0]);
    }

    void testSeveralResponsesInOneFeed() {
        ImapFramer framer;
        framer.feed(
            "* OK [UIDVALIDITY 1795597429] UIDs valid\r\n* 3 EXISTS\r\n* 0 RECENT\r\n"
            "m1 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r\n");
        const auto responses = drain(framer);
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, responses.size());
        CPPUNIT_ASSERT_EQUAL(std::string("* OK [UIDVALIDITY 1795597429] UIDs valid"), responses[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("* 3 EXISTS"), responses[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("* 0 RECENT"), responses[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("m1 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs)."), responses[3]);
    }

    void testLiteralIsKeptByteForByteWithTheLinesAroundIt() {
        ImapFramer framer;
        const std::string fetch = "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (DATE FROM SUBJECT)] " + literal(headers) + ")";
        framer.feed(fetch + "\r\nm5 OK Fetch completed (0.001 + 0.000 secs).\r\n");
        const auto responses = drain(framer);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, responses.size());
        CPPUNIT_ASSERT_EQUAL(fetch, responses[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("m5 OK Fetch completed (0.001 + 0.000 secs)."), responses[1]);
    }

    void testLiteralHoldingCrlfAndBraceTextIsNotRescanned() {
        // The literal's own lines end in "{5}" and "{999999999}": they are
        // data, not announcements, and must not stall or break the framer.
        const std::string data = "line one {5}\r\nline two {999999999}\r\n";
        ImapFramer framer;
        framer.feed("* 2 FETCH (UID 7 BODY[TEXT] " + literal(data) + ")\r\n* 4 EXISTS\r\n");
        const auto responses = drain(framer);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, responses.size());
        CPPUNIT_ASSERT_EQUAL("* 2 FETCH (UID 7 BODY[TEXT] " + literal(data) + ")", responses[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("* 4 EXISTS"), responses[1]);
    }

    void testFetchWithLiteralFedByteByByte() {
        const std::string fetch = "* 1 FETCH (UID 1 BODY[HEADER.FIELDS (DATE FROM SUBJECT)] " + literal(headers) + ")";
        const std::string wire = fetch + "\r\n* 2 FETCH (FLAGS (\\Seen))\r\n";
        ImapFramer framer;
        std::vector<std::string> responses;
        for (const char c : wire) {
            framer.feed(std::string(1, c));
            while (auto response = framer.next()) responses.push_back(*response);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, responses.size());
        CPPUNIT_ASSERT_EQUAL(fetch, responses[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("* 2 FETCH (FLAGS (\\Seen))"), responses[1]);
    }

    void testNonSynchronizingLiteralPlus() {
        ImapFramer framer;
        framer.feed("* LIST () \"/\" {11+}\r\nLists\r\nfoo)\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("* LIST () \"/\" {11+}\r\nLists\r\nfoo)"), *framer.next());
    }

    void testSeveralLiteralsInOneResponse() {
        ImapFramer framer;
        const std::string response = "* 3 FETCH (UID 9 BODY[HEADER.FIELDS (SUBJECT)] " + literal("Subject: a\r\n\r\n") +
                                     " BODY[HEADER.FIELDS (FROM)] " + literal("From: b\r\n\r\n") + ")";
        framer.feed(response + "\r\n");
        CPPUNIT_ASSERT_EQUAL(response, *framer.next());
        CPPUNIT_ASSERT(!framer.next());
    }

    void testBareLineFeedEndsALine() {
        ImapFramer framer;
        framer.feed("* 3 EXISTS\n* 1 FETCH (UID 3 BODY[] {3}\nab\n)\nm1 OK done\n");
        const auto responses = drain(framer);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, responses.size());
        CPPUNIT_ASSERT_EQUAL(std::string("* 3 EXISTS"), responses[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("* 1 FETCH (UID 3 BODY[] {3}\nab\n)"), responses[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("m1 OK done"), responses[2]);
    }

    void testEmptyLiteral() {
        ImapFramer framer;
        framer.feed("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (DATE)] {0}\r\n)\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (DATE)] {0}\r\n)"), *framer.next());
    }

    void testBraceTextThatIsNotALiteralEndsTheResponse() {
        ImapFramer framer;
        framer.feed("* OK {abc}\r\n* OK {}\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("* OK {abc}"), *framer.next());
        CPPUNIT_ASSERT_EQUAL(std::string("* OK {}"), *framer.next());
    }

    void testOverlongLineWithoutNewlineIsRefused() {
        ImapFramer framer(ImapLimits{64, 1024, 4096});
        framer.feed("* OK " + std::string(100, 'x'));
        CPPUNIT_ASSERT(refuses(framer));
    }

    void testOverlongLineWithNewlineIsRefused() {
        ImapFramer framer(ImapLimits{64, 1024, 4096});
        framer.feed("* OK " + std::string(100, 'x') + "\r\n");
        CPPUNIT_ASSERT(refuses(framer));
    }

    void testLineAtTheLimitIsAccepted() {
        ImapFramer framer(ImapLimits{64, 1024, 4096});
        const std::string line = "* OK " + std::string(57, 'x');  // 62 bytes, 64 with CRLF
        framer.feed(line + "\r\n");
        CPPUNIT_ASSERT_EQUAL(line, *framer.next());
    }

    void testLiteralOverTheLimitIsRefusedAtOnce() {
        ImapFramer framer(ImapLimits{1024, 100, 4096});
        framer.feed("* 1 FETCH (UID 1 BODY[] {101}\r\n");
        CPPUNIT_ASSERT(refuses(framer));
        ImapFramer atLimit(ImapLimits{1024, 100, 4096});
        atLimit.feed("* 1 FETCH (UID 1 BODY[] {100}\r\n");
        CPPUNIT_ASSERT(!atLimit.next());  // waits for the 100 bytes
    }

    void testLiteralAnnouncedAsFourGigabytesIsRefusedBeforeBuffering() {
        // Only the announcement has arrived: the framer must refuse it now,
        // not wait for four gigabytes to be fed.
        ImapFramer framer;
        framer.feed("* 1 FETCH (UID 1 BODY[] {4294967295}\r\n");
        CPPUNIT_ASSERT_THROW(framer.next(), ProtocolError);
    }

    void testLiteralLengthBeyondSixtyFourBitsIsRefused() {
        // 10^20 wraps a 64-bit counter to a small number if not checked.
        ImapFramer framer;
        framer.feed("* 1 FETCH (UID 1 BODY[] {99999999999999999999}\r\nab)\r\n");
        CPPUNIT_ASSERT_THROW(framer.next(), ProtocolError);
        ImapFramer plus;
        plus.feed("* 1 FETCH (UID 1 BODY[] {18446744073709551617+}\r\nab)\r\n");
        CPPUNIT_ASSERT_THROW(plus.next(), ProtocolError);
    }

    void testResponseOverTheTotalLimitIsRefused() {
        // Each literal is under its limit, together they are over the response's.
        ImapFramer framer(ImapLimits{1024, 100, 250});
        const std::string part = literal(std::string(90, 'a'));
        framer.feed("* 1 FETCH (A " + part + " B " + part + " C " + part + ")\r\n");
        CPPUNIT_ASSERT(refuses(framer));
    }

    void testPendingCountsWhatFollowsAResponse() {
        ImapFramer framer;
        framer.feed("m1 OK Begin TLS negotiation now.\r\n* OK injected\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("m1 OK Begin TLS negotiation now."), *framer.next());
        CPPUNIT_ASSERT_EQUAL(std::string("* OK injected\r\n").size(), framer.pending());
        CPPUNIT_ASSERT_EQUAL(std::string("* OK injected"), *framer.next());
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, framer.pending());
        framer.feed("* 4 EXI");
        CPPUNIT_ASSERT(!framer.next());
        CPPUNIT_ASSERT_EQUAL(std::size_t{7}, framer.pending());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapFramerTest);
