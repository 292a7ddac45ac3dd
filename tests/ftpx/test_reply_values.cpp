// Values inside replies as real servers send them: vsftpd's and pyftpdlib's
// 257 paths, SIZE and MDTM 213s, and FEAT lists.
#include "ftp_errors.h"
#include "reply_values.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit::ftpx;

namespace {

FtpReply replyOf(int code, std::vector<std::string> lines) {
    FtpReply reply;
    reply.code = code;
    reply.lines = std::move(lines);
    return reply;
}

template <typename F>
bool throwsProtocolError(F&& f) {
    try {
        f();
    } catch (const ProtocolError&) {
        return true;
    }
    return false;
}

}  // namespace

class ReplyValuesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReplyValuesTest);
    CPPUNIT_TEST(testPathReplies);
    CPPUNIT_TEST(testSizeReplies);
    CPPUNIT_TEST(testMdtmReplies);
    CPPUNIT_TEST(testTimestampRoundTrip);
    CPPUNIT_TEST(testFeatures);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPathReplies() {
        CPPUNIT_ASSERT_EQUAL(std::string("/pub"), parsePathReply(replyOf(257, {"\"/pub\" is the current directory"})));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), parsePathReply(replyOf(257, {"\"/\""})));
        // RFC 959 appendix II: a quote inside the name is doubled.
        CPPUNIT_ASSERT_EQUAL(std::string("/my \"dir\""), parsePathReply(replyOf(257, {"\"/my \"\"dir\"\"\" created"})));
        CPPUNIT_ASSERT_EQUAL(std::string("/a b"), parsePathReply(replyOf(257, {"\"/a b\""})));
        CPPUNIT_ASSERT(throwsProtocolError([] { parsePathReply(replyOf(257, {"no path here"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parsePathReply(replyOf(257, {"\"/unterminated"})); }));
    }

    void testSizeReplies() {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), parseSizeReply(replyOf(213, {"1024"})));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), parseSizeReply(replyOf(213, {"0"})));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1) << 40, parseSizeReply(replyOf(213, {"1099511627776"})));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseSizeReply(replyOf(550, {"Could not get file size."})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseSizeReply(replyOf(213, {"12a"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseSizeReply(replyOf(213, {"-5"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseSizeReply(replyOf(213, {""})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseSizeReply(replyOf(213, {"99999999999999999999"})); }));
    }

    void testMdtmReplies() {
        // 2026-11-25 09:30:00 UTC
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1795599000), parseMdtmReply(replyOf(213, {"20261125093000"})));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1795599000), parseMdtmReply(replyOf(213, {"20261125093000.123"})));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseMdtmReply(replyOf(213, {"2026112509300"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseMdtmReply(replyOf(213, {"20261125093000x"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseMdtmReply(replyOf(213, {"20260230093000"})); }));
        CPPUNIT_ASSERT(throwsProtocolError([] { parseMdtmReply(replyOf(550, {"No such file"})); }));
    }

    void testTimestampRoundTrip() {
        CPPUNIT_ASSERT_EQUAL(std::string("20261125093000"), ftpTimestamp(1795599000));
        CPPUNIT_ASSERT_EQUAL(std::string("19700101000000"), ftpTimestamp(0));
        for (std::int64_t t : {std::int64_t(0), std::int64_t(951782400), std::int64_t(4102444799)})
            CPPUNIT_ASSERT_EQUAL(t, parseMdtmReply(replyOf(213, {ftpTimestamp(t)})));
    }

    void testFeatures() {
        // pyftpdlib's FEAT, as it sends it.
        const Features pyftpdlib = parseFeatures(
            replyOf(211, {"Features supported:", " EPRT", " EPSV", " MDTM", " MFMT", " MLST type*;perm*;size*;modify*;",
                          " REST STREAM", " SIZE", " TVFS", " UTF8", "End FEAT."}));
        CPPUNIT_ASSERT(pyftpdlib.has("MLST"));
        CPPUNIT_ASSERT(pyftpdlib.has("MFMT"));
        CPPUNIT_ASSERT(pyftpdlib.has("REST STREAM"));
        CPPUNIT_ASSERT(pyftpdlib.has("REST"));
        CPPUNIT_ASSERT(!pyftpdlib.has("Features"));
        CPPUNIT_ASSERT(!pyftpdlib.has("END"));
        CPPUNIT_ASSERT_EQUAL(std::string("type*;perm*;size*;modify*;"), pyftpdlib.mlstFacts);
        // vsftpd: no MLST, no MFMT; lower case is folded.
        const Features vsftpd = parseFeatures(
            replyOf(211, {"Features:", " eprt", " EPSV", " MDTM", " PASV", " REST STREAM", " SIZE", " TVFS", "End"}));
        CPPUNIT_ASSERT(vsftpd.has("EPRT"));
        CPPUNIT_ASSERT(!vsftpd.has("MLST"));
        CPPUNIT_ASSERT(!vsftpd.has("MFMT"));
        // A server without FEAT.
        CPPUNIT_ASSERT(parseFeatures(replyOf(500, {"Unknown command."})).names.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReplyValuesTest);
