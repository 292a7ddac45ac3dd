// ftp:// and ftps:// URLs as users type them: curl's reading of the path
// (relative to the login directory, %2F for absolute), IPv6 literals,
// %-escapes, and errors that point at the bad part without leaking a password.
#include "ftp_url.h"

#include "cli/usage_error.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace wirekit;
using namespace wirekit::ftpx;

namespace {

using Segments = std::vector<std::string>;

/// The message parseFtpUrl refuses `text` with, or "" when it accepts it.
std::string refusal(const std::string& text) {
    try {
        parseFtpUrl(text);
    } catch (const cli::UsageError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

class FtpUrlTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FtpUrlTest);
    CPPUNIT_TEST(testPlainFileUrlIsRelativeToTheLoginDirectory);
    CPPUNIT_TEST(testTrailingSlashMeansADirectory);
    CPPUNIT_TEST(testHostAloneIsTheLoginDirectory);
    CPPUNIT_TEST(testPercent2FStartsAnAbsolutePath);
    CPPUNIT_TEST(testDoubleSlashIsAbsoluteAsCurlReadsIt);
    CPPUNIT_TEST(testUserAndPasswordArePercentDecoded);
    CPPUNIT_TEST(testUnescapedAtInTheUserNameEndsAtTheLastAt);
    CPPUNIT_TEST(testFtpsIsImplicitTlsOnPort990);
    CPPUNIT_TEST(testExplicitPortAndSchemeCase);
    CPPUNIT_TEST(testIpv6LiteralsWithAndWithoutPort);
    CPPUNIT_TEST(testPathSegmentsArePercentDecoded);
    CPPUNIT_TEST(testTypeCode);
    CPPUNIT_TEST(testBadPortsAreRefusedNamingThePort);
    CPPUNIT_TEST(testEmptyHostIsRefused);
    CPPUNIT_TEST(testUnknownSchemeIsRefused);
    CPPUNIT_TEST(testBadPercentEscapesAreRefused);
    CPPUNIT_TEST(testCommandInjectionThroughEscapesIsRefused);
    CPPUNIT_TEST(testEmptySegmentsSkippedAndQueryMarksRefused);
    CPPUNIT_TEST(testErrorsNeverShowThePassword);
    CPPUNIT_TEST(testDisplayUrlOmitsThePasswordAndDefaultPort);
    CPPUNIT_TEST(testDisplayUrlRoundTrips);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlainFileUrlIsRelativeToTheLoginDirectory() {
        const auto url = parseFtpUrl("ftp://ftp.example.org/a/b.txt");
        CPPUNIT_ASSERT_EQUAL(std::string("ftp"), url.scheme);
        CPPUNIT_ASSERT(url.tls == TlsMode::none);
        CPPUNIT_ASSERT_EQUAL(std::string("ftp.example.org"), url.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(21), url.port);
        CPPUNIT_ASSERT(!url.user && !url.password);
        CPPUNIT_ASSERT((url.segments == Segments{"a", "b.txt"}));
        CPPUNIT_ASSERT(!url.absolute);
        CPPUNIT_ASSERT(!url.isDirectory);
        // CWD a, then RETR b.txt.
        CPPUNIT_ASSERT((url.directorySegments() == Segments{"a"}));
        CPPUNIT_ASSERT_EQUAL(std::string("b.txt"), url.fileName());
    }

    void testTrailingSlashMeansADirectory() {
        const auto url = parseFtpUrl("ftp://h/pub/linux/");
        CPPUNIT_ASSERT(url.isDirectory);
        CPPUNIT_ASSERT((url.segments == Segments{"pub", "linux"}));
        CPPUNIT_ASSERT((url.directorySegments() == Segments{"pub", "linux"}));
        CPPUNIT_ASSERT_EQUAL(std::string(), url.fileName());
    }

    void testHostAloneIsTheLoginDirectory() {
        for (const char* text : {"ftp://h", "ftp://h/"}) {
            const auto url = parseFtpUrl(text);
            CPPUNIT_ASSERT(url.isDirectory);
            CPPUNIT_ASSERT(url.segments.empty());
            CPPUNIT_ASSERT(!url.absolute);
        }
    }

    void testPercent2FStartsAnAbsolutePath() {
        const auto url = parseFtpUrl("ftp://h/%2Fetc/x");
        CPPUNIT_ASSERT(url.absolute);
        CPPUNIT_ASSERT((url.segments == Segments{"etc", "x"}));
        CPPUNIT_ASSERT(!url.isDirectory);
        const auto lower = parseFtpUrl("ftp://h/%2fetc/");
        CPPUNIT_ASSERT(lower.absolute && lower.isDirectory);
        CPPUNIT_ASSERT((lower.segments == Segments{"etc"}));
        const auto root = parseFtpUrl("ftp://h/%2F");
        CPPUNIT_ASSERT(root.absolute && root.isDirectory && root.segments.empty());
    }

    void testDoubleSlashIsAbsoluteAsCurlReadsIt() {
        const auto url = parseFtpUrl("ftp://h//etc/passwd");
        CPPUNIT_ASSERT(url.absolute);
        CPPUNIT_ASSERT((url.segments == Segments{"etc", "passwd"}));
    }

    void testUserAndPasswordArePercentDecoded() {
        const auto url = parseFtpUrl("ftp://alice%40example.org:p%3Ass%2Fw@ftp.example.org/");
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), *url.user);
        CPPUNIT_ASSERT_EQUAL(std::string("p:ss/w"), *url.password);
        const auto noPassword = parseFtpUrl("ftp://bob@h/");
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), *noPassword.user);
        CPPUNIT_ASSERT(!noPassword.password);
        // "user:@host": an empty password is a password.
        const auto emptyPassword = parseFtpUrl("ftp://bob:@h/");
        CPPUNIT_ASSERT(emptyPassword.password && emptyPassword.password->empty());
    }

    void testUnescapedAtInTheUserNameEndsAtTheLastAt() {
        const auto url = parseFtpUrl("ftp://alice@example.org:secret@ftp.example.org/x");
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.org"), *url.user);
        CPPUNIT_ASSERT_EQUAL(std::string("secret"), *url.password);
        CPPUNIT_ASSERT_EQUAL(std::string("ftp.example.org"), url.host);
    }

    void testFtpsIsImplicitTlsOnPort990() {
        const auto url = parseFtpUrl("ftps://h/x");
        CPPUNIT_ASSERT(url.tls == TlsMode::implicitTls);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(990), url.port);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2990), parseFtpUrl("ftps://h:2990/x").port);
    }

    void testExplicitPortAndSchemeCase() {
        const auto url = parseFtpUrl("FTP://h:2121/x");
        CPPUNIT_ASSERT_EQUAL(std::string("ftp"), url.scheme);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2121), url.port);
        // "h:" is the default port, as RFC 3986 reads an empty port.
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(21), parseFtpUrl("ftp://h:/x").port);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(65535), parseFtpUrl("ftp://h:65535/").port);
    }

    void testIpv6LiteralsWithAndWithoutPort() {
        const auto url = parseFtpUrl("ftp://[2001:db8::1]:2121/pub/");
        CPPUNIT_ASSERT_EQUAL(std::string("2001:db8::1"), url.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(2121), url.port);
        const auto bare = parseFtpUrl("ftp://user@[::1]/x");
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), bare.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(21), bare.port);
        // RFC 6874 zones are written %25 inside the brackets.
        CPPUNIT_ASSERT_EQUAL(std::string("fe80::1%eth0"), parseFtpUrl("ftp://[fe80::1%25eth0]/").host);
        CPPUNIT_ASSERT_EQUAL(std::string("::ffff:192.0.2.1"), parseFtpUrl("ftp://[::ffff:192.0.2.1]/").host);
        CPPUNIT_ASSERT(refusal("ftp://[2001:db8::1/x").find("unbalanced '['") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://[2001:db8::1]x/").find("expected ':PORT' after ']'") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://[example.org]/").find("bad IPv6 literal") != std::string::npos);
    }

    void testPathSegmentsArePercentDecoded() {
        const auto url = parseFtpUrl("ftp://h/my%20docs/r%C3%A9sum%C3%A9%3F.pdf");
        CPPUNIT_ASSERT((url.segments == Segments{"my docs", "r\xC3\xA9sum\xC3\xA9?.pdf"}));
        // An unescaped space is accepted as curl users type it in quotes.
        CPPUNIT_ASSERT((parseFtpUrl("ftp://h/my docs/a b").segments == Segments{"my docs", "a b"}));
    }

    void testTypeCode() {
        const auto url = parseFtpUrl("ftp://h/a.txt;type=I");
        CPPUNIT_ASSERT_EQUAL('i', *url.typeCode);
        CPPUNIT_ASSERT((url.segments == Segments{"a.txt"}));
        CPPUNIT_ASSERT(!url.isDirectory);
        CPPUNIT_ASSERT(!parseFtpUrl("ftp://h/a.txt").typeCode);
        CPPUNIT_ASSERT(refusal("ftp://h/a;type=x").find("bad ';type=x'") != std::string::npos);
        // ASCII is refused, not ignored; "d" is a directory's listing.
        CPPUNIT_ASSERT(refusal("ftp://h/a.txt;type=a").find("ASCII") != std::string::npos);
        const auto listing = parseFtpUrl("ftp://h/pub;type=d");
        CPPUNIT_ASSERT(listing.isDirectory);
        CPPUNIT_ASSERT((listing.segments == Segments{"pub"}));
    }

    void testBadPortsAreRefusedNamingThePort() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid URL 'ftp://h:99999/x': bad port: not a number from 1 to 65535"),
                             refusal("ftp://h:99999/x"));
        CPPUNIT_ASSERT(refusal("ftp://h:0/").find("bad port: not a number") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h:21a/").find("bad port: not a number") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h:-1/").find("bad port: not a number") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h:0000000021/").find("bad port") != std::string::npos);
    }

    void testEmptyHostIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid URL 'ftp:///x': empty host"), refusal("ftp:///x"));
        CPPUNIT_ASSERT(refusal("ftp://user@/x").find("empty host") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://:21/x").find("empty host") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h%41/x").find("bad character '%' in the host") != std::string::npos);
    }

    void testUnknownSchemeIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid URL 'http://h/x': unknown scheme 'http' (ftp or ftps)"),
                             refusal("http://h/x"));
        CPPUNIT_ASSERT(refusal("sftp://h/x").find("unknown scheme 'sftp'") != std::string::npos);
        CPPUNIT_ASSERT(refusal("h/x").find("expected ftp://HOST/PATH") != std::string::npos);
    }

    void testBadPercentEscapesAreRefused() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("invalid URL 'ftp://h/a%2': bad %-escape '%2' in the path (write %25 for '%')"),
            refusal("ftp://h/a%2"));
        CPPUNIT_ASSERT(refusal("ftp://h/a%zz").find("bad %-escape '%zz' in the path") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://us%4ger@h/").find("in the user name") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://u:p%@h/").find("in the password") != std::string::npos);
    }

    void testCommandInjectionThroughEscapesIsRefused() {
        // "RETR a\r\nDELE b" must never reach the server.
        CPPUNIT_ASSERT(refusal("ftp://h/a%0D%0ADELE%20b").find("CR, LF or NUL") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://u%0Ax@h/").find("the user name holds CR, LF or NUL") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://u:p%00@h/").find("the password holds CR, LF or NUL") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h/a\r\nb").find("control characters") != std::string::npos);
    }

    void testEmptySegmentsSkippedAndQueryMarksRefused() {
        // As curl reads them: empty segments are skipped, a %2F inside one
        // separates names.
        CPPUNIT_ASSERT((parseFtpUrl("ftp://h/a//b").segments == Segments{"a", "b"}));
        CPPUNIT_ASSERT((parseFtpUrl("ftp://h/a%2Fb").segments == Segments{"a", "b"}));
        CPPUNIT_ASSERT((parseFtpUrl("ftp://h/a/%2Fb").segments == Segments{"a", "b"}));
        const auto rooted = parseFtpUrl("ftp://h/%2F/etc/passwd");
        CPPUNIT_ASSERT(rooted.absolute);
        CPPUNIT_ASSERT((rooted.segments == Segments{"etc", "passwd"}));
        CPPUNIT_ASSERT(refusal("ftp://h/a?x=1").find("write %3F or %23") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h/a#frag").find("write %3F or %23") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://@h/").find("empty user name") != std::string::npos);
    }

    void testErrorsNeverShowThePassword() {
        const std::string message = refusal("ftp://alice:hunter2@h:99999/x");
        CPPUNIT_ASSERT(message.find("hunter2") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            std::string("invalid URL 'ftp://alice:***@h:99999/x': bad port: not a number from 1 to 65535"), message);
        CPPUNIT_ASSERT(refusal("ftp://alice:hun%zzter2@h/").find("hun") == std::string::npos);
        // A '/' in a password ends the authority: "se" is read as the port.
        const std::string slashed = refusal("ftp://u:se/cret@h:2121/f");
        CPPUNIT_ASSERT_MESSAGE(slashed, slashed.find("se") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(slashed, slashed.find("cret") == std::string::npos);
        // No control characters in a login, nor raw in a message.
        CPPUNIT_ASSERT(refusal("ftp://al%1Bice@h/").find("user name holds control characters") != std::string::npos);
        CPPUNIT_ASSERT(refusal("ftp://h/\x1b]0;x").find('\x1b') == std::string::npos);
        // Nor the three characters of a bad escape inside it.
        CPPUNIT_ASSERT_EQUAL(
            std::string("invalid URL 'ftp://u:***@h/': bad %-escape in the password (write %25 for '%')"),
            refusal("ftp://u:s3cr%t9@h/"));
        // A ':' and '@' in a path are hidden too: better too much than the password.
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://h/a:***@c"), redactUrlPassword("ftp://h/a:b@c"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://h:99999/a"), redactUrlPassword("ftp://h:99999/a"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://u@h/"), redactUrlPassword("ftp://u@h/"));
        // Malformed ones too: a missing slash, a '/' inside the password.
        CPPUNIT_ASSERT_EQUAL(std::string("ftp:***@h/x"), redactUrlPassword("ftp:/alice:pw@h/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp//alice:***@h/x"), redactUrlPassword("ftp//alice:pw@h/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp:///u:***@h/x"), redactUrlPassword("ftp:///u:pw@h/x"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://u:***@h/"), redactUrlPassword("ftp://u:pa/ss@h/"));
        CPPUNIT_ASSERT(refusal("ftp://u:pa/ss@h/").find("pa/ss") == std::string::npos);
    }

    void testDisplayUrlOmitsThePasswordAndDefaultPort() {
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://alice@h/a/b.txt"),
                             displayUrl(parseFtpUrl("ftp://alice:s3cret@h:21/a/b.txt")));
        CPPUNIT_ASSERT_EQUAL(std::string("ftps://[2001:db8::1]:2121/%2Fetc/"),
                             displayUrl(parseFtpUrl("ftps://[2001:db8::1]:2121/%2Fetc/")));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://h/my%20docs/a%3Fb;type=i"),
                             displayUrl(parseFtpUrl("ftp://h/my%20docs/a%3Fb;type=i")));
        CPPUNIT_ASSERT_EQUAL(std::string("ftp://alice%40example.org@h/"),
                             displayUrl(parseFtpUrl("ftp://alice%40example.org:x@h")));
    }

    void testDisplayUrlRoundTrips() {
        for (const char* text : {"ftp://h/", "ftp://u@h:2121/a/b/", "ftps://h/%2Fvar/log/x.gz", "ftp://[::1]/a%25b",
                                 "ftp://h/r%C3%A9sum%C3%A9.pdf"}) {
            const auto url = parseFtpUrl(text);
            CPPUNIT_ASSERT_EQUAL(std::string(text), displayUrl(url));
            const auto again = parseFtpUrl(displayUrl(url));
            CPPUNIT_ASSERT(again.segments == url.segments && again.absolute == url.absolute &&
                           again.isDirectory == url.isDirectory && again.host == url.host && again.port == url.port);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FtpUrlTest);
