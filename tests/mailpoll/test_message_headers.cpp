// The summary line of a new message from real header blocks: RFC 2047
// encoded-words (with the examples of RFC 2047 itself), folding, dates to
// UTC, display names, and nothing that could drive the user's terminal.
#include "message_headers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::mailpoll;

namespace {

const std::string replacement = "\xef\xbf\xbd";  // U+FFFD

/// What a reader of RFC 3629 accepts: no overlong forms, no surrogates, nothing past U+10FFFF.
bool strictUtf8(const std::string& text) {
    for (std::size_t at = 0; at < text.size();) {
        const auto lead = static_cast<unsigned char>(text[at]);
        std::size_t extra = 0;
        std::uint32_t code = 0;
        if (lead < 0x80) {
            ++at;
            continue;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            extra = 1;
            code = lead & 0x1fu;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            extra = 2;
            code = lead & 0x0fu;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            extra = 3;
            code = lead & 0x07u;
        } else {
            return false;
        }
        if (at + extra >= text.size()) return false;
        for (std::size_t i = 1; i <= extra; ++i) {
            const auto byte = static_cast<unsigned char>(text[at + i]);
            if ((byte & 0xc0) != 0x80) return false;
            code = (code << 6) | (byte & 0x3fu);
        }
        if ((extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10ffff))) return false;
        if (code >= 0xd800 && code <= 0xdfff) return false;
        at += extra + 1;
    }
    return true;
}

/// No C0 control, no DEL, no C1 control (as UTF-8).
bool printable(const std::string& text) {
    for (std::size_t at = 0; at < text.size(); ++at) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x20 || byte == 0x7f) return false;
        if (byte == 0xc2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) < 0xa0) return false;
    }
    return true;
}

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        text += "\\x";
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

std::string subjectOf(const std::string& field) { return summarizeHeaders("Subject: " + field + "\r\n\r\n").subject; }

}  // namespace

class MessageHeadersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MessageHeadersTest);
    CPPUNIT_TEST(testDovecotTopHeaderBlock);
    CPPUNIT_TEST(testHeaderFieldsFetchBlockWithBareLineFeeds);
    CPPUNIT_TEST(testQuotedPrintableWordInIso88591);
    CPPUNIT_TEST(testBase64WordInUtf8);
    CPPUNIT_TEST(testLowerCaseCharsetAndEncoding);
    CPPUNIT_TEST(testUnderscoreAndTextBesideEncodedWordsKeepTheirSpaces);
    CPPUNIT_TEST(testDecodeHeaderTextJoinsAdjacentEncodedWords);
    CPPUNIT_TEST(testAdjacentEncodedWordsInAHeaderBlockAreJoinedWithoutSpace);
    CPPUNIT_TEST(testFoldedLinesAreUnfolded);
    CPPUNIT_TEST(testMissingFields);
    CPPUNIT_TEST(testLongFieldBeforeFromAndSubjectDoesNotHideThem);
    CPPUNIT_TEST(testDateWithZoneBecomesUtc);
    CPPUNIT_TEST(testDateWithObsoleteZoneAndComment);
    CPPUNIT_TEST(testDateWithoutDayOfWeekIsParsed);
    CPPUNIT_TEST(testUnparseableDateIsKeptAsSent);
    CPPUNIT_TEST(testEscapeSequencesAndControlCharactersAreRemoved);
    CPPUNIT_TEST(testEncodedControlCharactersAreRemoved);
    CPPUNIT_TEST(testInvalidUtf8BecomesReplacementCharacters);
    CPPUNIT_TEST(testSurrogatesOverlongFormsAndBeyondUnicodeAreInvalidUtf8);
    CPPUNIT_TEST(testDisplayNames);
    CPPUNIT_TEST(testPrintableTextCollapsesWhiteSpace);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDovecotTopHeaderBlock() {
        const auto summary = summarizeHeaders(
            "Return-Path: <alice@example.org>\r\n"
            "Delivered-To: bob@example.org\r\n"
            "Received: from mail.example.org\r\n"
            "\tby mx.example.net (Postfix) with ESMTPS id 4Zb1x20Y3Fz9sT\r\n"
            "\tfor <bob@example.org>; Mon,  7 Apr 2025 09:15:03 +0200 (CEST)\r\n"
            "Message-ID: <20250407091502.GA1234@example.org>\r\n"
            "Date: Mon, 07 Apr 2025 09:15:02 +0200\r\n"
            "From: Alice Liddell <alice@example.org>\r\n"
            "To: bob@example.org\r\n"
            "Subject: Lunch on Thursday?\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("Alice Liddell <alice@example.org>"), summary.from);
        CPPUNIT_ASSERT_EQUAL(std::string("Alice Liddell"), summary.fromDisplay);
        CPPUNIT_ASSERT_EQUAL(std::string("Lunch on Thursday?"), summary.subject);
        CPPUNIT_ASSERT_EQUAL(std::string("2025-04-07T07:15:02Z"), summary.date);
        CPPUNIT_ASSERT_EQUAL(1744010102LL, summary.dateEpoch);
    }

    void testHeaderFieldsFetchBlockWithBareLineFeeds() {
        // What BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)] returns, field
        // names as the sender spelled them, line ends as a sloppy server sends them.
        const auto summary = summarizeHeaders(
            "SUBJECT: Lunch on Thursday?\n"
            "from: alice@example.org\n"
            "DATE: Mon, 07 Apr 2025 09:15:02 +0200\n"
            "\n");
        CPPUNIT_ASSERT_EQUAL(std::string("Lunch on Thursday?"), summary.subject);
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), summary.from);
        CPPUNIT_ASSERT_EQUAL(1744010102LL, summary.dateEpoch);
    }

    void testQuotedPrintableWordInIso88591() {
        // RFC 2047 section 8.
        const auto summary = summarizeHeaders(
            "From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>\r\n"
            "Subject: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= wrote\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("Andr\xc3\xa9 Pirard <PIRARD@vm1.ulg.ac.be>"), summary.from);
        CPPUNIT_ASSERT_EQUAL(std::string("Andr\xc3\xa9 Pirard"), summary.fromDisplay);
        CPPUNIT_ASSERT_EQUAL(std::string("Keld J\xc3\xb8rn Simonsen wrote"), summary.subject);
    }

    void testBase64WordInUtf8() {
        CPPUNIT_ASSERT_EQUAL(std::string("Gr\xc3\xbc\xc3\x9f"
                                         "e aus K\xc3\xb6ln"),
                             subjectOf("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?="));
        const auto summary = summarizeHeaders("From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.net>\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("J\xc3\xbcrgen M\xc3\xbcller"), summary.fromDisplay);
    }

    void testLowerCaseCharsetAndEncoding() {
        CPPUNIT_ASSERT_EQUAL(std::string("caf\xc3\xa9"), subjectOf("=?utf-8?q?caf=C3=A9?="));
        CPPUNIT_ASSERT_EQUAL(std::string("Keith Moore"), subjectOf("=?US-ASCII?Q?Keith_Moore?="));
    }

    void testUnderscoreAndTextBesideEncodedWordsKeepTheirSpaces() {
        // RFC 2047 section 8: white space next to ordinary text stays.
        CPPUNIT_ASSERT_EQUAL(std::string("(a)"), subjectOf("(=?ISO-8859-1?Q?a?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a b)"), subjectOf("(=?ISO-8859-1?Q?a?= b)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a b)"), subjectOf("(a =?ISO-8859-1?Q?b?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a b)"), subjectOf("(=?ISO-8859-1?Q?a_b?=)"));
    }

    void testDecodeHeaderTextJoinsAdjacentEncodedWords() {
        CPPUNIT_ASSERT_EQUAL(std::string("(ab)"), decodeHeaderText("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(ab)"), decodeHeaderText("(=?ISO-8859-1?Q?a?=  \t =?ISO-8859-1?Q?b?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a b)"), decodeHeaderText("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"));
    }

    void testAdjacentEncodedWordsInAHeaderBlockAreJoinedWithoutSpace() {
        // RFC 2047 section 8 through summarizeHeaders, as a real message
        // carries them: the white space (and folding) between two
        // encoded-words is not part of the text.
        CPPUNIT_ASSERT_EQUAL(std::string("(ab)"), subjectOf("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(ab)"), subjectOf("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)"));
        CPPUNIT_ASSERT_EQUAL(std::string("If you can read this you understand the example."),
                             subjectOf("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
                                       "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?="));
        // A long UTF-8 subject split mid-word over a fold, as mail clients write it.
        CPPUNIT_ASSERT_EQUAL(
            std::string("Rechnungs\xc3\xbc"
                        "bersicht f\xc3\xbcr M\xc3\xa4rz 2025"),
            subjectOf("=?UTF-8?B?UmVjaG51bmdzw7xiZXI=?=\r\n =?UTF-8?B?c2ljaHQgZsO8ciBNw6RyeiAyMDI1?="));
    }

    void testFoldedLinesAreUnfolded() {
        const auto summary = summarizeHeaders(
            "Subject: This is a long subject\r\n that was folded\r\n\tand folded again\r\n"
            "From: \"Alice\r\n Liddell\" <alice@example.org>\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("This is a long subject that was folded and folded again"), summary.subject);
        CPPUNIT_ASSERT_EQUAL(std::string("Alice Liddell"), summary.fromDisplay);
    }

    void testMissingFields() {
        const auto summary = summarizeHeaders("Subject: only a subject\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("only a subject"), summary.subject);
        CPPUNIT_ASSERT_EQUAL(std::string(""), summary.from);
        CPPUNIT_ASSERT_EQUAL(std::string(""), summary.fromDisplay);
        CPPUNIT_ASSERT_EQUAL(std::string(""), summary.date);
        CPPUNIT_ASSERT_EQUAL(-1LL, summary.dateEpoch);

        const auto empty = summarizeHeaders("");
        CPPUNIT_ASSERT_EQUAL(std::string(""), empty.subject);
        CPPUNIT_ASSERT_EQUAL(-1LL, empty.dateEpoch);
    }

    void testLongFieldBeforeFromAndSubjectDoesNotHideThem() {
        // POP3's TOP returns the whole header in the server's order. A
        // message to a large list carries a Cc of several kilobytes, folded
        // as RFC 5322 asks; the fields after it still count.
        std::string cc = "Cc: user000@example.org";
        for (int i = 1; i < 500; ++i) cc += ",\r\n user" + std::to_string(1000 + i).substr(1) + "@example.org";
        const auto summary = summarizeHeaders(
            "Return-Path: <ceo@example.org>\r\n"
            "Date: Mon, 07 Apr 2025 09:15:02 +0200\r\n" +
            cc +
            "\r\n"
            "From: CEO <ceo@example.org>\r\n"
            "Subject: All hands on Friday\r\n"
            "\r\n");
        CPPUNIT_ASSERT(cc.size() > 8192);
        CPPUNIT_ASSERT_EQUAL(1744010102LL, summary.dateEpoch);
        CPPUNIT_ASSERT_EQUAL(std::string("CEO <ceo@example.org>"), summary.from);
        CPPUNIT_ASSERT_EQUAL(std::string("All hands on Friday"), summary.subject);
    }

    void testDateWithZoneBecomesUtc() {
        // RFC 5322 appendix A.1.1 and A.5 dates.
        const auto summary = summarizeHeaders("Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("1997-11-21T15:55:06Z"), summary.date);
        CPPUNIT_ASSERT_EQUAL(880127706LL, summary.dateEpoch);
        const auto crossing = summarizeHeaders("Date: Thu, 13 Feb 1969 23:32:54 -0330\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("1969-02-14T03:02:54Z"), crossing.date);
        CPPUNIT_ASSERT_EQUAL(-27723426LL, crossing.dateEpoch);
    }

    void testDateWithObsoleteZoneAndComment() {
        const auto named = summarizeHeaders("Date: Tue, 1 Jul 2003 10:52:37 EST\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("2003-07-01T15:52:37Z"), named.date);
        const auto comment = summarizeHeaders("Date: Tue, 01 Jul 2003 10:52:37 +0200 (CEST)\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("2003-07-01T08:52:37Z"), comment.date);
        CPPUNIT_ASSERT_EQUAL(1057049557LL, comment.dateEpoch);
    }

    void testDateWithoutDayOfWeekIsParsed() {
        // RFC 5322 3.3: the day of the week is optional.
        const auto summary = summarizeHeaders("Date: 1 Jul 2003 10:52:37 +0200\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("2003-07-01T08:52:37Z"), summary.date);
        CPPUNIT_ASSERT_EQUAL(1057049557LL, summary.dateEpoch);
    }

    void testUnparseableDateIsKeptAsSent() {
        const auto summary = summarizeHeaders("Date: sometime last week\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("sometime last week"), summary.date);
        CPPUNIT_ASSERT_EQUAL(-1LL, summary.dateEpoch);
        const auto hostile = summarizeHeaders("Date: \x1b[31mnever\x1b[0m\r\n\r\n");
        CPPUNIT_ASSERT(printable(hostile.date));
        CPPUNIT_ASSERT_EQUAL(-1LL, hostile.dateEpoch);
    }

    void testEscapeSequencesAndControlCharactersAreRemoved() {
        const auto summary = summarizeHeaders(
            "Subject: Hello\x1b[2J\x1b]0;owned\x07 world\x7f!\r\n"
            "From: Mallory\x1b[8m <mallory@example.org>\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("Hello [2J ]0;owned world !"), summary.subject);
        CPPUNIT_ASSERT(printable(summary.from));
        CPPUNIT_ASSERT(printable(summary.fromDisplay));
        // An 8-bit CSI (U+009B) starts an escape sequence on many terminals too.
        CPPUNIT_ASSERT_EQUAL(std::string("x 31mred"), subjectOf("x\xc2\x9b"
                                                                "31mred"));
    }

    void testEncodedControlCharactersAreRemoved() {
        CPPUNIT_ASSERT_EQUAL(std::string("]0;x"), subjectOf("=?UTF-8?Q?=1B]0;x=07?="));
        CPPUNIT_ASSERT_EQUAL(std::string("31mred"), subjectOf("=?ISO-8859-1?Q?=9B31mred?="));
        // An encoded line break cannot start a forged line in the output.
        CPPUNIT_ASSERT_EQUAL(std::string("a NEW MAIL from boss"), subjectOf("=?UTF-8?Q?a=0D=0ANEW_MAIL_from_boss?="));
        CPPUNIT_ASSERT(printable(subjectOf("=?UTF-8?B?G1szMW0bXTA7dGl0bGUHDQo=?=")));
    }

    void testInvalidUtf8BecomesReplacementCharacters() {
        CPPUNIT_ASSERT_EQUAL("caf" + replacement + " cr" + replacement + "me", subjectOf("caf\xe9 cr\xe8me"));
        CPPUNIT_ASSERT_EQUAL("x" + replacement + replacement, subjectOf("x\xc0\xaf"));      // overlong '/'
        CPPUNIT_ASSERT_EQUAL("end" + replacement + replacement, subjectOf("end\xe2\x82"));  // truncated
        CPPUNIT_ASSERT_EQUAL(std::string("\xe2\x82\xac 5"), subjectOf("\xe2\x82\xac 5"));   // valid stays
    }

    void testSurrogatesOverlongFormsAndBeyondUnicodeAreInvalidUtf8() {
        // What reaches the terminal or a JSON consumer must be UTF-8 by RFC
        // 3629: an encoded surrogate, a three-byte overlong form or a code
        // point past U+10FFFF is as invalid as a stray byte.
        for (const std::string& bad :
             {std::string("\xed\xa0\x80"), std::string("\xe0\x80\xaf"), std::string("\xf4\x90\x80\x80"),
              std::string("\xf5\x80\x80\x80"), std::string("\xf0\x80\x80\xaf")}) {
            const std::string subject = subjectOf("a" + bad + "b");
            CPPUNIT_ASSERT_MESSAGE("a" + hex(bad) + "b came out as " + hex(subject), strictUtf8(subject));
            CPPUNIT_ASSERT_EQUAL('a', subject.front());
            CPPUNIT_ASSERT_EQUAL('b', subject.back());
        }
    }

    void testDisplayNames() {
        const auto nameOf = [](const std::string& from) {
            return summarizeHeaders("From: " + from + "\r\n\r\n").fromDisplay;
        };
        CPPUNIT_ASSERT_EQUAL(std::string("J\xc3\xbcrgen M\xc3\xbcller"),
                             nameOf("\"J\xc3\xbcrgen M\xc3\xbcller\" <juergen@example.net>"));
        CPPUNIT_ASSERT_EQUAL(std::string("Doe, John"), nameOf("\"Doe, John\" <john@example.org>"));
        CPPUNIT_ASSERT_EQUAL(std::string("Alice Liddell"), nameOf("Alice Liddell <alice@example.org>"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), nameOf("alice@example.org"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), nameOf("<alice@example.org>"));
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), nameOf("\"\" <alice@example.org>"));
        CPPUNIT_ASSERT_EQUAL(std::string("Keith Moore"), nameOf("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>"));
    }

    void testPrintableTextCollapsesWhiteSpace() {
        CPPUNIT_ASSERT_EQUAL(std::string("a b c"), printableText("  a \t\t b\r\n c  "));
        CPPUNIT_ASSERT_EQUAL(std::string(""), printableText("\x1b\x07\t "));
        CPPUNIT_ASSERT_EQUAL(std::string("\xe5\x8f\xb0\xe5\x8c\x97"), printableText("\xe5\x8f\xb0\xe5\x8c\x97"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MessageHeadersTest);
