// The file descriptor owner: closes once, moves, releases.
#include "sys/unique_fd.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fcntl.h>

#include <system_error>

using namespace wirekit::sys;

namespace {
bool isOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }
}  // namespace

class UniqueFdTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UniqueFdTest);
    CPPUNIT_TEST(testClosesOnDestruction);
    CPPUNIT_TEST(testMoveTransfersOwnership);
    CPPUNIT_TEST(testRelease);
    CPPUNIT_TEST(testCheckSyscall);
    CPPUNIT_TEST_SUITE_END();

public:
    void testClosesOnDestruction() {
        int raw = -1;
        {
            UniqueFd fd(::open("/dev/null", O_RDONLY));
            raw = fd.get();
            CPPUNIT_ASSERT(isOpen(raw));
        }
        CPPUNIT_ASSERT(!isOpen(raw));
    }

    void testMoveTransfersOwnership() {
        UniqueFd first(::open("/dev/null", O_RDONLY));
        const int raw = first.get();
        UniqueFd second(std::move(first));
        CPPUNIT_ASSERT(!first);
        CPPUNIT_ASSERT_EQUAL(raw, second.get());
        UniqueFd third;
        third = std::move(second);
        CPPUNIT_ASSERT(isOpen(raw));
        third.reset();
        CPPUNIT_ASSERT(!isOpen(raw));
    }

    void testRelease() {
        int raw = -1;
        {
            UniqueFd fd(::open("/dev/null", O_RDONLY));
            raw = fd.release();
        }
        CPPUNIT_ASSERT(isOpen(raw));
        ::close(raw);
    }

    void testCheckSyscall() {
        CPPUNIT_ASSERT_EQUAL(3, checkSyscall(3, "x"));
        errno = ENOENT;
        try {
            checkSyscall(-1, "open /nowhere");
            CPPUNIT_FAIL("no throw");
        } catch (const std::system_error& e) {
            CPPUNIT_ASSERT_EQUAL(ENOENT, e.code().value());
            CPPUNIT_ASSERT(std::string(e.what()).rfind("open /nowhere: ", 0) == 0);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UniqueFdTest);
