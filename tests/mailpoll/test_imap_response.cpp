// IMAP responses as values: what dovecot, Gmail and Exchange actually send,
// parsed to the grammar of RFC 3501 section 9; malformed input refused with
// ProtocolError; and the encodings the client puts on the wire (quoted
// strings, literals, modified UTF-7 mailbox names, UID sets).
#include "imap_client.h"
#include "imap_response.h"
#include "mail_errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::mailpoll;

namespace {

const std::string dovecotGreeting =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] "
    "Dovecot (Debian) ready.";

const std::string headers =
    "Date: Tue, 1 Jul 2003 10:52:37 +0200\r\n"
    "From: Alice <alice@example.org>\r\n"
    "Subject: Lunch?\r\n\r\n";

std::string literal(const std::string& text) { return "{" + std::to_string(text.size()) + "}\r\n" + text; }

ImapValue atom(const std::string& text) {
    ImapValue value;
    value.kind = ImapValue::Kind::atom;
    value.text = text;
    return value;
}

bool malformed(const std::string& text) {
    try {
        parseImapResponse(text);
    } catch (const ProtocolError&) {
        return true;
    }
    return false;
}

}  // namespace

class ImapResponseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImapResponseTest);
    CPPUNIT_TEST(testGreetingCarriesCapabilitiesInItsCode);
    CPPUNIT_TEST(testStatusResponseWithoutCode);
    CPPUNIT_TEST(testBracketsLaterInTheTextAreNotACode);
    CPPUNIT_TEST(testCodeWithANumber);
    CPPUNIT_TEST(testCodeWithAFlagList);
    CPPUNIT_TEST(testUnknownCodeFromAServerKeepsTheText);
    CPPUNIT_TEST(testTaggedResponses);
    CPPUNIT_TEST(testContinuationRequests);
    CPPUNIT_TEST(testMessageNumberResponses);
    CPPUNIT_TEST(testCapabilityResponseWithUnknownAtoms);
    CPPUNIT_TEST(testStatusResponseData);
    CPPUNIT_TEST(testFetchWithBodySectionAsOneAtomAndLiteral);
    CPPUNIT_TEST(testQuotedStringWithEscapes);
    CPPUNIT_TEST(testNilAndEmptyString);
    CPPUNIT_TEST(testNestedAndEmptyLists);
    CPPUNIT_TEST(testSearchResults);
    CPPUNIT_TEST(testAtomsCompareWithoutCase);
    CPPUNIT_TEST(testNumbersUpToTwoToTheThirtyTwoMinusOne);
    CPPUNIT_TEST(testMalformedResponsesAreProtocolErrors);
    CPPUNIT_TEST(testNestingDeeperThanThirtyTwoIsRefused);
    CPPUNIT_TEST(testImapStringQuotesPlainText);
    CPPUNIT_TEST(testImapStringUsesLiteralsForLineBreaksNulAndEightBit);
    CPPUNIT_TEST(testModifiedUtf7OfRfc3501Examples);
    CPPUNIT_TEST(testModifiedUtf7OfAstralCharactersUsesSurrogatePairs);
    CPPUNIT_TEST(testModifiedUtf7EncodesControlCharacters);
    CPPUNIT_TEST(testUidSetsCollapseRanges);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGreetingCarriesCapabilitiesInItsCode() {
        const auto response = parseImapResponse(dovecotGreeting);
        CPPUNIT_ASSERT(response.kind == ImapResponse::Kind::untagged);
        CPPUNIT_ASSERT_EQUAL(std::string("OK"), response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("CAPABILITY"), response.code);
        CPPUNIT_ASSERT_EQUAL(std::size_t{10}, response.codeArguments.size());
        CPPUNIT_ASSERT(response.codeArguments[0].isAtom("IMAP4rev1"));
        CPPUNIT_ASSERT(response.codeArguments[6].isAtom("LITERAL+"));
        CPPUNIT_ASSERT(response.codeArguments[9].isAtom("AUTH=LOGIN"));
        CPPUNIT_ASSERT_EQUAL(std::string("Dovecot (Debian) ready."), response.text);
    }

    void testStatusResponseWithoutCode() {
        const auto response = parseImapResponse("* OK Gimap ready for requests from 192.0.2.7 q8mb12345");
        CPPUNIT_ASSERT_EQUAL(std::string("OK"), response.status);
        CPPUNIT_ASSERT_EQUAL(std::string(""), response.code);
        CPPUNIT_ASSERT(response.codeArguments.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Gimap ready for requests from 192.0.2.7 q8mb12345"), response.text);

        const auto bye = parseImapResponse("* BYE Logging out");
        CPPUNIT_ASSERT_EQUAL(std::string("BYE"), bye.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Logging out"), bye.text);

        const auto preauth = parseImapResponse("* PREAUTH");
        CPPUNIT_ASSERT_EQUAL(std::string("PREAUTH"), preauth.status);
        CPPUNIT_ASSERT_EQUAL(std::string(""), preauth.text);
    }

    void testBracketsLaterInTheTextAreNotACode() {
        const std::string text =
            "The Microsoft Exchange IMAP4 service is ready. [TQBXADIAUABSADEANgBDAEEAMAAwADEANwAuAGUAdQBy]";
        const auto response = parseImapResponse("* OK " + text);
        CPPUNIT_ASSERT_EQUAL(std::string(""), response.code);
        CPPUNIT_ASSERT_EQUAL(text, response.text);
    }

    void testCodeWithANumber() {
        const auto response = parseImapResponse("* OK [UIDVALIDITY 1795597429] UIDs valid");
        CPPUNIT_ASSERT_EQUAL(std::string("UIDVALIDITY"), response.code);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, response.codeArguments.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795597429}, *response.codeArguments[0].asNumber());
        CPPUNIT_ASSERT_EQUAL(std::string("UIDs valid"), response.text);

        const auto modseq = parseImapResponse("* OK [HIGHESTMODSEQ 123]");
        CPPUNIT_ASSERT_EQUAL(std::string("HIGHESTMODSEQ"), modseq.code);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{123}, *modseq.codeArguments[0].asNumber());
        CPPUNIT_ASSERT_EQUAL(std::string(""), modseq.text);
    }

    void testCodeWithAFlagList() {
        const auto response = parseImapResponse(
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.");
        CPPUNIT_ASSERT_EQUAL(std::string("PERMANENTFLAGS"), response.code);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, response.codeArguments.size());
        const auto& flags = response.codeArguments[0];
        CPPUNIT_ASSERT(flags.kind == ImapValue::Kind::list);
        CPPUNIT_ASSERT_EQUAL(std::size_t{6}, flags.items.size());
        CPPUNIT_ASSERT(flags.items[0].isAtom("\\Answered"));
        CPPUNIT_ASSERT(flags.items[5].isAtom("\\*"));
        CPPUNIT_ASSERT_EQUAL(std::string("Flags permitted."), response.text);

        const auto readOnly = parseImapResponse("* OK [PERMANENTFLAGS ()] Read-only mailbox.");
        CPPUNIT_ASSERT(readOnly.codeArguments[0].kind == ImapValue::Kind::list);
        CPPUNIT_ASSERT(readOnly.codeArguments[0].items.empty());
    }

    void testUnknownCodeFromAServerKeepsTheText() {
        // A code whose arguments the grammar does not cover must not make
        // the whole response unreadable.
        const auto response = parseImapResponse("* NO [X-WEIRD (a b] Something odd");
        CPPUNIT_ASSERT_EQUAL(std::string("NO"), response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("X-WEIRD"), response.code);
        CPPUNIT_ASSERT_EQUAL(std::string("Something odd"), response.text);
    }

    void testTaggedResponses() {
        const auto ok = parseImapResponse("m1 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).");
        CPPUNIT_ASSERT(ok.kind == ImapResponse::Kind::tagged);
        CPPUNIT_ASSERT_EQUAL(std::string("m1"), ok.tag);
        CPPUNIT_ASSERT_EQUAL(std::string("OK"), ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("READ-ONLY"), ok.code);
        CPPUNIT_ASSERT(ok.codeArguments.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Examine completed (0.001 + 0.000 secs)."), ok.text);

        const auto no = parseImapResponse("m2 NO [AUTHENTICATIONFAILED] Authentication failed.");
        CPPUNIT_ASSERT_EQUAL(std::string("m2"), no.tag);
        CPPUNIT_ASSERT_EQUAL(std::string("NO"), no.status);
        CPPUNIT_ASSERT_EQUAL(std::string("AUTHENTICATIONFAILED"), no.code);
        CPPUNIT_ASSERT_EQUAL(std::string("Authentication failed."), no.text);

        const auto bad = parseImapResponse("A0003 bad Error in IMAP command received by server.");
        CPPUNIT_ASSERT_EQUAL(std::string("A0003"), bad.tag);
        CPPUNIT_ASSERT_EQUAL(std::string("BAD"), bad.status);
    }

    void testContinuationRequests() {
        const auto idling = parseImapResponse("+ idling");
        CPPUNIT_ASSERT(idling.kind == ImapResponse::Kind::continuation);
        CPPUNIT_ASSERT_EQUAL(std::string("idling"), idling.text);
        const auto bare = parseImapResponse("+");
        CPPUNIT_ASSERT(bare.kind == ImapResponse::Kind::continuation);
        CPPUNIT_ASSERT_EQUAL(std::string(""), bare.text);
        const auto challenge = parseImapResponse("+ eyJzdGF0dXMiOiI0MDAifQ==");
        CPPUNIT_ASSERT_EQUAL(std::string("eyJzdGF0dXMiOiI0MDAifQ=="), challenge.text);
    }

    void testMessageNumberResponses() {
        const auto exists = parseImapResponse("* 3 EXISTS");
        CPPUNIT_ASSERT(exists.kind == ImapResponse::Kind::untagged);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{3}, *exists.number);
        CPPUNIT_ASSERT_EQUAL(std::string("EXISTS"), exists.name);
        CPPUNIT_ASSERT(exists.data.empty());
        CPPUNIT_ASSERT_EQUAL(std::string(""), exists.status);

        const auto recent = parseImapResponse("* 0 recent");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, *recent.number);
        CPPUNIT_ASSERT_EQUAL(std::string("RECENT"), recent.name);

        const auto flags = parseImapResponse("* 2 FETCH (FLAGS (\\Seen))");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{2}, *flags.number);
        CPPUNIT_ASSERT_EQUAL(std::string("FETCH"), flags.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, flags.data.size());
        CPPUNIT_ASSERT(flags.data[0].items[0].isAtom("FLAGS"));
        CPPUNIT_ASSERT(flags.data[0].items[1].items[0].isAtom("\\Seen"));

        const auto name = parseImapResponse("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
        CPPUNIT_ASSERT(!name.number);
        CPPUNIT_ASSERT_EQUAL(std::string("FLAGS"), name.name);
    }

    void testCapabilityResponseWithUnknownAtoms() {
        const auto response = parseImapResponse(
            "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR "
            "AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH");
        CPPUNIT_ASSERT_EQUAL(std::string("CAPABILITY"), response.name);
        CPPUNIT_ASSERT_EQUAL(std::string(""), response.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t{16}, response.data.size());
        CPPUNIT_ASSERT(response.data[8].isAtom("X-GM-EXT-1"));
        CPPUNIT_ASSERT(response.data[11].isAtom("AUTH=XOAUTH2"));
    }

    void testStatusResponseData() {
        const auto response =
            parseImapResponse("* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1795597429 UNSEEN 3)");
        CPPUNIT_ASSERT_EQUAL(std::string("STATUS"), response.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, response.data.size());
        CPPUNIT_ASSERT(response.data[0].isAtom("INBOX"));
        const auto& items = response.data[1].items;
        CPPUNIT_ASSERT_EQUAL(std::size_t{8}, items.size());
        CPPUNIT_ASSERT(items[4].isAtom("UIDVALIDITY"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1795597429}, *items[5].asNumber());

        const auto quoted = parseImapResponse("* STATUS \"Lists/wirekit dev\" (MESSAGES 0)");
        CPPUNIT_ASSERT(quoted.data[0].kind == ImapValue::Kind::string);
        CPPUNIT_ASSERT_EQUAL(std::string("Lists/wirekit dev"), quoted.data[0].asString());
    }

    void testFetchWithBodySectionAsOneAtomAndLiteral() {
        const auto response =
            parseImapResponse("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (DATE FROM SUBJECT)] " + literal(headers) + ")");
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, *response.number);
        CPPUNIT_ASSERT_EQUAL(std::string("FETCH"), response.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, response.data.size());
        const auto& items = response.data[0].items;
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, items.size());
        CPPUNIT_ASSERT(items[0].isAtom("UID"));
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1}, *items[1].asNumber());
        CPPUNIT_ASSERT(items[2].isAtom("BODY[HEADER.FIELDS (DATE FROM SUBJECT)]"));
        CPPUNIT_ASSERT(items[3].kind == ImapValue::Kind::string);
        CPPUNIT_ASSERT_EQUAL(headers, items[3].asString());

        // LITERAL+ form and a literal with bytes that would end a quoted string.
        const auto plus = parseImapResponse("* 2 FETCH (BODY[] {6+}\r\na\"b)\r\n)");
        CPPUNIT_ASSERT_EQUAL(std::string("a\"b)\r\n"), plus.data[0].items[1].asString());
    }

    void testQuotedStringWithEscapes() {
        const auto response = parseImapResponse("* LIST (\\HasNoChildren) \"/\" \"say \\\"hi\\\" \\\\ there\"");
        CPPUNIT_ASSERT_EQUAL(std::string("LIST"), response.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, response.data.size());
        CPPUNIT_ASSERT(response.data[0].items[0].isAtom("\\HasNoChildren"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), response.data[1].asString());
        CPPUNIT_ASSERT_EQUAL(std::string("say \"hi\" \\ there"), response.data[2].asString());
    }

    void testNilAndEmptyString() {
        const auto response = parseImapResponse("* LIST (\\Noselect) NIL \"\"");
        CPPUNIT_ASSERT(response.data[1].kind == ImapValue::Kind::nil);
        CPPUNIT_ASSERT_EQUAL(std::string(""), response.data[1].asString());
        CPPUNIT_ASSERT(response.data[2].kind == ImapValue::Kind::string);
        CPPUNIT_ASSERT_EQUAL(std::string(""), response.data[2].asString());
        const auto lower = parseImapResponse("* LIST () nil INBOX");
        CPPUNIT_ASSERT(lower.data[1].kind == ImapValue::Kind::nil);
        CPPUNIT_ASSERT(!lower.data[1].isAtom("nil"));
    }

    void testNestedAndEmptyLists() {
        const auto response = parseImapResponse(
            "* 12 FETCH (FLAGS () BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"7BIT\" 1152 "
            "23))");
        const auto& items = response.data[0].items;
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, items.size());
        CPPUNIT_ASSERT(items[1].kind == ImapValue::Kind::list);
        CPPUNIT_ASSERT(items[1].items.empty());
        const auto& structure = items[3].items;
        CPPUNIT_ASSERT_EQUAL(std::size_t{8}, structure.size());
        CPPUNIT_ASSERT_EQUAL(std::string("UTF-8"), structure[2].items[1].asString());
        CPPUNIT_ASSERT(structure[3].kind == ImapValue::Kind::nil);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{1152}, *structure[6].asNumber());
    }

    void testSearchResults() {
        const auto response = parseImapResponse("* SEARCH 2 84 882");
        CPPUNIT_ASSERT_EQUAL(std::string("SEARCH"), response.name);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, response.data.size());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{882}, *response.data[2].asNumber());
        const auto none = parseImapResponse("* SEARCH");
        CPPUNIT_ASSERT_EQUAL(std::string("SEARCH"), none.name);
        CPPUNIT_ASSERT(none.data.empty());
    }

    void testAtomsCompareWithoutCase() {
        CPPUNIT_ASSERT(atom("\\Seen").isAtom("\\SEEN"));
        CPPUNIT_ASSERT(atom("uidvalidity").isAtom("UIDVALIDITY"));
        CPPUNIT_ASSERT(!atom("UID").isAtom("UIDNEXT"));
        ImapValue string;
        string.kind = ImapValue::Kind::string;
        string.text = "INBOX";
        CPPUNIT_ASSERT(!string.isAtom("INBOX"));
    }

    void testNumbersUpToTwoToTheThirtyTwoMinusOne() {
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{0}, *atom("0").asNumber());
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{4294967295u}, *atom("4294967295").asNumber());
        CPPUNIT_ASSERT(!atom("4294967296").asNumber());
        CPPUNIT_ASSERT(!atom("9999999999").asNumber());
        CPPUNIT_ASSERT(!atom("18446744073709551617").asNumber());
        CPPUNIT_ASSERT(!atom("-1").asNumber());
        CPPUNIT_ASSERT(!atom("12a").asNumber());
        CPPUNIT_ASSERT(!atom("").asNumber());
        ImapValue quoted;
        quoted.kind = ImapValue::Kind::string;
        quoted.text = "3";
        CPPUNIT_ASSERT(!quoted.asNumber());
    }

    void testMalformedResponsesAreProtocolErrors() {
        CPPUNIT_ASSERT(malformed("* LIST () \"/\" \"INBOX"));          // unterminated quote
        CPPUNIT_ASSERT(malformed("* LIST () \"/\" \"INBOX\\"));        // escape at the end
        CPPUNIT_ASSERT(malformed("* 1 FETCH (FLAGS (\\Seen)"));        // unterminated list
        CPPUNIT_ASSERT(malformed("* LIST () \"/\" \"IN\rBOX\""));      // CR in a quoted string
        CPPUNIT_ASSERT(malformed("* LIST () \"/\" \"IN\\\nBOX\""));    // escaped LF is still a line break
        CPPUNIT_ASSERT(malformed("m1 FETCH (UID 1)"));                 // tagged without a status
        CPPUNIT_ASSERT(malformed("m1"));                               // tag alone
        CPPUNIT_ASSERT(malformed(""));                                 // nothing
        CPPUNIT_ASSERT(malformed("* 3"));                              // number without a name
        CPPUNIT_ASSERT(malformed("* 1 FETCH (BODY[] {10}\r\nabc)"));   // literal longer than the response
        CPPUNIT_ASSERT(malformed("* 1 FETCH (BODY[] {}\r\n)"));        // literal without a length
        CPPUNIT_ASSERT(malformed("* CAPABILITY IMAP4rev1 X\x1b[2J"));  // control character in an atom
    }

    void testNestingDeeperThanThirtyTwoIsRefused() {
        const auto nested = [](int depth) {
            return "* 1 FETCH " + std::string(static_cast<std::size_t>(depth), '(') + "X" +
                   std::string(static_cast<std::size_t>(depth), ')');
        };
        CPPUNIT_ASSERT(!malformed(nested(32)));
        CPPUNIT_ASSERT(malformed(nested(33)));
        // Deep enough to exhaust the stack if the bound were missing.
        CPPUNIT_ASSERT(malformed(nested(100000)));
    }

    void testImapStringQuotesPlainText() {
        CPPUNIT_ASSERT_EQUAL(std::string("\"alice\""), imapString("alice", false));
        CPPUNIT_ASSERT_EQUAL(std::string("\"alice@example.org\""), imapString("alice@example.org", true));
        CPPUNIT_ASSERT_EQUAL(std::string("\"\""), imapString("", false));
        CPPUNIT_ASSERT_EQUAL(std::string("\"pa\\\"ss\\\\word\""), imapString("pa\"ss\\word", false));
        CPPUNIT_ASSERT_EQUAL(std::string("\"Lists/wirekit dev\""), imapString("Lists/wirekit dev", false));
        CPPUNIT_ASSERT_EQUAL(std::string("\"{5}\""), imapString("{5}", false));
    }

    void testImapStringUsesLiteralsForLineBreaksNulAndEightBit() {
        CPPUNIT_ASSERT_EQUAL(std::string("{7}\r\ns\xc3\xa9"
                                         "cret"),
                             imapString("s\xc3\xa9"
                                        "cret",
                                        false));
        CPPUNIT_ASSERT_EQUAL(std::string("{7+}\r\ns\xc3\xa9"
                                         "cret"),
                             imapString("s\xc3\xa9"
                                        "cret",
                                        true));
        CPPUNIT_ASSERT_EQUAL(std::string("{8}\r\nab\r\nLOGO"), imapString("ab\r\nLOGO", false));
        CPPUNIT_ASSERT_EQUAL(std::string("{2}\r\na\n"), imapString("a\n", false));
        CPPUNIT_ASSERT_EQUAL(std::string("{3+}\r\na\0b", 9), imapString(std::string("a\0b", 3), true));
    }

    void testModifiedUtf7OfRfc3501Examples() {
        CPPUNIT_ASSERT_EQUAL(std::string("INBOX"), toModifiedUtf7("INBOX"));
        CPPUNIT_ASSERT_EQUAL(std::string("Lists/wirekit dev"), toModifiedUtf7("Lists/wirekit dev"));
        CPPUNIT_ASSERT_EQUAL(std::string("Entw&APw-rfe"), toModifiedUtf7("Entw\xc3\xbcrfe"));
        CPPUNIT_ASSERT_EQUAL(std::string("&-"), toModifiedUtf7("&"));
        CPPUNIT_ASSERT_EQUAL(std::string("&U,BTFw-"), toModifiedUtf7("\xe5\x8f\xb0\xe5\x8c\x97"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            toModifiedUtf7("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"));
        CPPUNIT_ASSERT_EQUAL(std::string("&AMQ-rger &- &ANw-"), toModifiedUtf7("\xc3\x84rger & \xc3\x9c"));
    }

    void testModifiedUtf7OfAstralCharactersUsesSurrogatePairs() {
        // U+1F600 is the pair D83D DE00 in UTF-16.
        CPPUNIT_ASSERT_EQUAL(std::string("&2D3eAA- Fun"), toModifiedUtf7("\xf0\x9f\x98\x80 Fun"));
    }

    void testModifiedUtf7EncodesControlCharacters() {
        CPPUNIT_ASSERT_EQUAL(std::string("a&AAk-b"), toModifiedUtf7("a\tb"));
        CPPUNIT_ASSERT_EQUAL(std::string("x&AH8-"), toModifiedUtf7("x\x7f"));
    }

    void testUidSetsCollapseRanges() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), uidSetOf({}));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), uidSetOf({5}));
        CPPUNIT_ASSERT_EQUAL(std::string("1:3,7,9:10"), uidSetOf({1, 2, 3, 7, 9, 10}));
        CPPUNIT_ASSERT_EQUAL(std::string("1,3,5"), uidSetOf({1, 3, 5}));
        CPPUNIT_ASSERT_EQUAL(std::string("4294967294:4294967295"), uidSetOf({4294967294u, 4294967295u}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImapResponseTest);
