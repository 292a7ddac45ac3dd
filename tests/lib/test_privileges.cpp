// The privilege drop, done for real in child processes: the new ids hold,
// root cannot come back, no capability is left, failures are fatal.
#include "prerequisite.h"
#include "sys/privileges.h"

#include <cppunit/extensions/HelperMacros.h>

#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>

using namespace wirekit::sys;

namespace {

/// Runs `body` in a child and returns its exit status.
template <typename Body>
int inChild(Body body) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(body());
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

std::string effectiveCapabilities() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("CapEff:", 0) == 0) return line.substr(line.find_first_not_of(" \t", 7));
    return "";
}

}  // namespace

class PrivilegesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PrivilegesTest);
    CPPUNIT_TEST(testRootDropsToNobodyForGood);
    CPPUNIT_TEST(testUnknownUserIsAnError);
    CPPUNIT_TEST(testRootUserIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRootDropsToNobodyForGood() {
        if (!wirekit::test::requirePrerequisite(::geteuid() == 0, "root")) return;
        const passwd* nobody = ::getpwnam("nobody");
        CPPUNIT_ASSERT(nobody != nullptr);
        const uid_t uid = nobody->pw_uid;
        const gid_t gid = nobody->pw_gid;
        const int status = inChild([uid, gid] {
            if (dropPrivileges("nobody") != DropOutcome::dropped) return 1;
            uid_t r, e, s;
            gid_t rg, eg, sg;
            ::getresuid(&r, &e, &s);
            ::getresgid(&rg, &eg, &sg);
            if (r != uid || e != uid || s != uid) return 2;
            if (rg != gid || eg != gid || sg != gid) return 3;
            if (::setuid(0) == 0 || ::seteuid(0) == 0) return 4;
            gid_t groups[8];
            if (::getgroups(8, groups) != 1 || groups[0] != gid) return 5;
            if (effectiveCapabilities() != "0000000000000000") return 6;
            return 0;
        });
        CPPUNIT_ASSERT_EQUAL(0, status);
    }

    void testUnknownUserIsAnError() {
        if (!wirekit::test::requirePrerequisite(::geteuid() == 0, "root")) return;
        const int status = inChild([] {
            try {
                dropPrivileges("no-such-user-here");
            } catch (const std::runtime_error& e) {
                return std::strcmp(e.what(), "cannot drop privileges: unknown user 'no-such-user-here'") == 0 ? 0 : 2;
            }
            return 1;
        });
        CPPUNIT_ASSERT_EQUAL(0, status);
    }

    void testRootUserIsRefused() {
        if (!wirekit::test::requirePrerequisite(::geteuid() == 0, "root")) return;
        const int status = inChild([] {
            try {
                dropPrivileges("root");
            } catch (const std::runtime_error& e) {
                return std::strcmp(e.what(), "cannot drop privileges: user 'root' is root") == 0 ? 0 : 2;
            }
            return 1;
        });
        CPPUNIT_ASSERT_EQUAL(0, status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PrivilegesTest);
