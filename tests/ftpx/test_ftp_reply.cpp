// FTP replies as real servers send them (vsftpd, ProFTPD, pure-ftpd banners
// and FEAT lists), cut from a byte stream however it arrives, and what the
// bounds and malformed codes do.
#include "ftp_errors.h"
#include "ftp_reply.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

using namespace wirekit::ftpx;

namespace {

/// Every reply in `bytes`, fed in pieces of `chunk` bytes.
std::vector<FtpReply> readAll(const std::string& bytes, std::size_t chunk = 4096, ReplyLimits limits = {}) {
    ReplyReader reader(limits);
    std::vector<FtpReply> replies;
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
        reader.feed(std::string_view(bytes).substr(i, chunk));
        while (auto reply = reader.next()) replies.push_back(*reply);
    }
    return replies;
}

std::string errorOf(const std::string& bytes, ReplyLimits limits = {}) {
    try {
        readAll(bytes, 4096, limits);
    } catch (const ProtocolError& error) {
        return error.what();
    }
    return "";
}

const char* const proftpdFeat =
    "211-Features:\r\n"
    " AUTH TLS\r\n"
    " MDTM\r\n"
    " MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.mode*;UNIX.owner*;\r\n"
    " REST STREAM\r\n"
    " SIZE\r\n"
    " EPSV\r\n"
    "211 End\r\n";

}  // namespace

class FtpReplyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FtpReplyTest);
    CPPUNIT_TEST(testSingleLineReplies);
    CPPUNIT_TEST(testMultiLineFeatReply);
    CPPUNIT_TEST(testMultiLineBannerWithOtherCodesInside);
    CPPUNIT_TEST(testPureFtpdBannerRepeatsTheCodeOnEveryLine);
    CPPUNIT_TEST(testBareLineFeedsAndCodeOnlyLines);
    CPPUNIT_TEST(testRepliesSplitAtEveryByte);
    CPPUNIT_TEST(testSeveralRepliesInOneRead);
    CPPUNIT_TEST(testMalformedCodesAreRejected);
    CPPUNIT_TEST(testOverlongLineIsAProtocolErrorBeforeItEnds);
    CPPUNIT_TEST(testOverlongReplyIsAProtocolError);
    CPPUNIT_TEST(testTooManyLinesIsAProtocolError);
    CPPUNIT_TEST(testPendingBytesAfterAuthTls);
    CPPUNIT_TEST(testReplyClasses);
    CPPUNIT_TEST(testDiskFullIsToldFromOtherTransientReplies);
    CPPUNIT_TEST(testSummaryEscapesControlCharacters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSingleLineReplies() {
        const auto replies =
            readAll("220 (vsFTPd 3.0.3)\r\n331 Please specify the password.\r\n230 Login successful.\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), replies.size());
        CPPUNIT_ASSERT_EQUAL(220, replies[0].code);
        CPPUNIT_ASSERT_EQUAL(std::string("(vsFTPd 3.0.3)"), replies[0].text());
        CPPUNIT_ASSERT_EQUAL(331, replies[1].code);
        CPPUNIT_ASSERT(replies[1].isIntermediate());
        CPPUNIT_ASSERT_EQUAL(std::string("230 Login successful."), replies[2].summary());
    }

    void testMultiLineFeatReply() {
        const auto replies = readAll(proftpdFeat);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), replies.size());
        CPPUNIT_ASSERT_EQUAL(211, replies[0].code);
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), replies[0].lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Features:"), replies[0].lines.front());
        CPPUNIT_ASSERT_EQUAL(std::string(" REST STREAM"), replies[0].lines[4]);
        CPPUNIT_ASSERT_EQUAL(std::string("End"), replies[0].lines.back());
    }

    void testMultiLineBannerWithOtherCodesInside() {
        // RFC 959 4.2: inside a 230 reply, "220 ..." or "230-..." lines are text.
        const auto replies = readAll(
            "230-Welcome.\r\n"
            "220 this line looks like a reply but is text\r\n"
            "230-still text\r\n"
            "123 and so is this\r\n"
            "\r\n"
            "230 Login successful.\r\n"
            "200 next\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), replies.size());
        CPPUNIT_ASSERT_EQUAL(230, replies[0].code);
        CPPUNIT_ASSERT_EQUAL(std::string("Welcome.\n220 this line looks like a reply but is text\nstill text\n"
                                         "123 and so is this\n\nLogin successful."),
                             replies[0].text());
        CPPUNIT_ASSERT_EQUAL(200, replies[1].code);
    }

    void testPureFtpdBannerRepeatsTheCodeOnEveryLine() {
        const auto replies = readAll(
            "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n"
            "220-You are user number 1 of 50 allowed.\r\n"
            "220-Local time is now 09:30. Server port: 21.\r\n"
            "220-IPv6 connections are also welcome on this server.\r\n"
            "220 You will be disconnected after 15 minutes of inactivity.\r\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), replies.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), replies[0].lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("--------- Welcome to Pure-FTPd [privsep] [TLS] ----------"),
                             replies[0].lines[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("You are user number 1 of 50 allowed."), replies[0].lines[1]);
    }

    void testBareLineFeedsAndCodeOnlyLines() {
        const auto replies = readAll("200\n250-a\n250\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), replies.size());
        CPPUNIT_ASSERT_EQUAL(200, replies[0].code);
        CPPUNIT_ASSERT_EQUAL(std::string(""), replies[0].text());
        CPPUNIT_ASSERT_EQUAL(std::string("200"), replies[0].summary());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), replies[1].lines.size());
    }

    void testRepliesSplitAtEveryByte() {
        const std::string stream = std::string(proftpdFeat) + "257 \"/home/alice\" is the current directory\r\n";
        for (std::size_t chunk = 1; chunk <= 7; ++chunk) {
            const auto replies = readAll(stream, chunk);
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), replies.size());
            CPPUNIT_ASSERT_EQUAL(std::size_t(8), replies[0].lines.size());
            CPPUNIT_ASSERT_EQUAL(std::string("\"/home/alice\" is the current directory"), replies[1].text());
        }
    }

    void testSeveralRepliesInOneRead() {
        // A 150 and its 226 can arrive together after a fast transfer.
        ReplyReader reader;
        reader.feed("150 Opening BINARY mode data connection for a.txt (1024 bytes).\r\n226 Transfer complete.\r\n");
        CPPUNIT_ASSERT(reader.next()->isPreliminary());
        CPPUNIT_ASSERT(reader.next()->isCompletion());
        CPPUNIT_ASSERT(!reader.next());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), reader.pending());
    }

    void testMalformedCodesAreRejected() {
        CPPUNIT_ASSERT(errorOf("HTTP/1.1 400 Bad Request\r\n").find("malformed reply 'HTTP/1.1 400 Bad Request'") !=
                       std::string::npos);
        CPPUNIT_ASSERT(!errorOf("22 short\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("2200 four digits\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("600 first digit beyond 5\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("099 first digit 0\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("260 second digit beyond 5\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("230_wrong separator\r\n").empty());
        CPPUNIT_ASSERT(!errorOf("\r\n").empty());
        CPPUNIT_ASSERT(!errorOf(" 230 leading space\r\n").empty());
        // The error quotes the line printably: no terminal escapes.
        CPPUNIT_ASSERT(errorOf("\x1b[2J\r\n").find("\\x1b[2J") != std::string::npos);
    }

    void testOverlongLineIsAProtocolErrorBeforeItEnds() {
        ReplyReader reader;
        reader.feed("220 " + std::string(8 * 1024, 'x'));
        CPPUNIT_ASSERT_THROW(reader.next(), ProtocolError);
        CPPUNIT_ASSERT_EQUAL(std::string("server sent a reply line longer than 8192 bytes"),
                             errorOf("220 " + std::string(9000, 'x') + "\r\n"));
        // Exactly at the bound is fine.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), readAll("220 " + std::string(8192 - 4, 'x') + "\r\n").size());
    }

    void testOverlongReplyIsAProtocolError() {
        std::string reply = "230-\r\n";
        for (int i = 0; i < 100; ++i) reply += std::string(1000, 'y') + "\r\n";
        CPPUNIT_ASSERT_EQUAL(std::string("server sent a reply longer than 65536 bytes"), errorOf(reply));
        // A reply that never ends is cut off by the same bound while it grows.
        ReplyReader reader;
        reader.feed("230-start\r\n");
        CPPUNIT_ASSERT(!reader.next());
        CPPUNIT_ASSERT_THROW(
            {
                for (int i = 0; i < 200; ++i) {
                    reader.feed(std::string(999, 'z') + "\r\n");
                    reader.next();
                }
            },
            ProtocolError);
    }

    void testTooManyLinesIsAProtocolError() {
        std::string reply = "211-\r\n";
        for (int i = 0; i < 1000; ++i) reply += " x\r\n";
        reply += "211 End\r\n";
        CPPUNIT_ASSERT_EQUAL(std::string("server sent a reply of more than 1000 lines"), errorOf(reply));
        ReplyLimits generous;
        generous.maxReplyLines = 2000;
        CPPUNIT_ASSERT_EQUAL(std::string(""), errorOf(reply, generous));
    }

    void testPendingBytesAfterAuthTls() {
        // A man in the middle appends a cleartext reply after 234: it must show.
        ReplyReader reader;
        reader.feed("234 Proceed with negotiation.\r\n230 injected\r\n");
        CPPUNIT_ASSERT_EQUAL(234, reader.next()->code);
        CPPUNIT_ASSERT(reader.pending() > 0);
        ReplyReader partial;
        partial.feed("234-a\r\n");
        CPPUNIT_ASSERT(!partial.next());
        CPPUNIT_ASSERT(partial.pending() > 0);
    }

    void testReplyClasses() {
        FtpReply reply;
        reply.code = 150;
        CPPUNIT_ASSERT(reply.replyClass() == ReplyClass::positivePreliminary && !reply.isNegative());
        reply.code = 226;
        CPPUNIT_ASSERT(reply.replyClass() == ReplyClass::positiveCompletion && reply.isCompletion());
        reply.code = 350;  // REST accepted: send RETR
        CPPUNIT_ASSERT(reply.replyClass() == ReplyClass::positiveIntermediate);
        reply.code = 421;
        CPPUNIT_ASSERT(reply.replyClass() == ReplyClass::transientNegative && reply.isNegative());
        reply.code = 550;
        CPPUNIT_ASSERT(reply.replyClass() == ReplyClass::permanentNegative && reply.isNegative());
    }

    void testDiskFullIsToldFromOtherTransientReplies() {
        CPPUNIT_ASSERT(isDiskFull(452));  // insufficient storage space
        CPPUNIT_ASSERT(isDiskFull(552));  // exceeded storage allocation
        CPPUNIT_ASSERT(!isDiskFull(451) && !isDiskFull(550) && !isDiskFull(226));
        CPPUNIT_ASSERT(isRetryableTransient(421) && isRetryableTransient(425) && isRetryableTransient(451));
        CPPUNIT_ASSERT(!isRetryableTransient(452) && !isRetryableTransient(552) && !isRetryableTransient(530));
        // The local side: a full disk and a spent quota stop a mirror alike.
        CPPUNIT_ASSERT(LocalError("a.part", ENOSPC).diskFull() && LocalError("a.part", EDQUOT).diskFull());
        CPPUNIT_ASSERT(!LocalError("a.part", EACCES).diskFull() &&
                       !LocalError("a.part: not a regular file").diskFull());
        CPPUNIT_ASSERT_EQUAL(std::string("a.part: ") + std::strerror(EDQUOT),
                             std::string(LocalError("a.part", EDQUOT).what()));
    }

    void testSummaryEscapesControlCharacters() {
        const auto replies = readAll("550 no\x07such\x1b]0;owned\x07 file\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("550 no\\x07such\\x1b]0;owned\\x07 file"), replies[0].summary());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FtpReplyTest);
