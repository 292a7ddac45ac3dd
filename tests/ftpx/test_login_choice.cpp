// Who ftpx logs in as: the URL, then ~/.netrc (parsed by the shared
// lib/auth/netrc), then anonymous, as curl -n and ftp(1) do.
#include "auth/netrc.h"
#include "ftp_url.h"
#include "login_choice.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace wirekit;
using namespace wirekit::ftpx;

namespace {

const char* const netrcText =
    "machine ftp.example.org login alice password alicepw\n"
    "machine ftp.example.org login bob password bobpw\n"
    "default login anonymous password guest@example.org\n";

}  // namespace

class LoginChoiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LoginChoiceTest);
    CPPUNIT_TEST(testUrlUserAndPasswordWin);
    CPPUNIT_TEST(testUrlUserTakesItsPasswordFromNetrc);
    CPPUNIT_TEST(testUrlUserWithoutAnyPasswordLeavesItToTheCaller);
    CPPUNIT_TEST(testNoUrlUserTakesTheHostsFirstNetrcEntry);
    CPPUNIT_TEST(testOtherHostsFallToTheDefaultEntry);
    CPPUNIT_TEST(testNoNetrcMeansAnonymous);
    CPPUNIT_TEST(testANetrcLoginWithoutPasswordIsAskedFor);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUrlUserAndPasswordWin() {
        const auto login =
            chooseLogin(parseFtpUrl("ftp://alice:fromurl@ftp.example.org/"), auth::parseNetrc(netrcText));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), login.user);
        CPPUNIT_ASSERT_EQUAL(std::string("fromurl"), *login.password);
        CPPUNIT_ASSERT(login.source == Login::Source::url);
    }

    void testUrlUserTakesItsPasswordFromNetrc() {
        const auto login = chooseLogin(parseFtpUrl("ftp://bob@FTP.example.org/"), auth::parseNetrc(netrcText));
        CPPUNIT_ASSERT_EQUAL(std::string("bob"), login.user);
        CPPUNIT_ASSERT_EQUAL(std::string("bobpw"), *login.password);
        CPPUNIT_ASSERT(login.source == Login::Source::netrc);
    }

    void testUrlUserWithoutAnyPasswordLeavesItToTheCaller() {
        // carol has no entry; the default entry is for another login.
        const auto login = chooseLogin(parseFtpUrl("ftp://carol@ftp.example.org/"), auth::parseNetrc(netrcText));
        CPPUNIT_ASSERT_EQUAL(std::string("carol"), login.user);
        CPPUNIT_ASSERT(!login.password);
        CPPUNIT_ASSERT(login.source == Login::Source::url);
        CPPUNIT_ASSERT(!chooseLogin(parseFtpUrl("ftp://carol@h/"), std::nullopt).password);
    }

    void testNoUrlUserTakesTheHostsFirstNetrcEntry() {
        const auto login = chooseLogin(parseFtpUrl("ftp://ftp.example.org/pub/"), auth::parseNetrc(netrcText));
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), login.user);
        CPPUNIT_ASSERT_EQUAL(std::string("alicepw"), *login.password);
        CPPUNIT_ASSERT(login.source == Login::Source::netrc);
    }

    void testOtherHostsFallToTheDefaultEntry() {
        const auto login = chooseLogin(parseFtpUrl("ftp://mirror.example.net/"), auth::parseNetrc(netrcText));
        CPPUNIT_ASSERT_EQUAL(std::string("anonymous"), login.user);
        CPPUNIT_ASSERT_EQUAL(std::string("guest@example.org"), *login.password);
        CPPUNIT_ASSERT(login.source == Login::Source::netrc);
    }

    void testANetrcLoginWithoutPasswordIsAskedFor() {
        // Never an empty PASS: the caller asks (FTPX_PASSWORD, the terminal).
        const auto netrc = auth::parseNetrc("machine h login alice\n");
        const auto login = chooseLogin(parseFtpUrl("ftp://h/"), netrc);
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), login.user);
        CPPUNIT_ASSERT(!login.password);
        CPPUNIT_ASSERT(!chooseLogin(parseFtpUrl("ftp://alice@h/"), netrc).password);
        // Anonymous named in the URL needs no password of the user's.
        CPPUNIT_ASSERT_EQUAL(std::string(anonymousPassword),
                             *chooseLogin(parseFtpUrl("ftp://anonymous@h/"), std::nullopt).password);
    }

    void testNoNetrcMeansAnonymous() {
        for (const auto& netrc : {std::optional<std::vector<auth::NetrcEntry>>(),
                                  std::optional<std::vector<auth::NetrcEntry>>(
                                      auth::parseNetrc("machine other.example login x password y\n"))}) {
            const auto login = chooseLogin(parseFtpUrl("ftp://ftp.example.org/"), netrc);
            CPPUNIT_ASSERT_EQUAL(std::string("anonymous"), login.user);
            CPPUNIT_ASSERT_EQUAL(std::string(anonymousPassword), *login.password);
            CPPUNIT_ASSERT(login.source == Login::Source::anonymous);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginChoiceTest);
