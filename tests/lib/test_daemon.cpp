// Pid files: written, locked against a second instance, removed.
#include "sys/daemon.h"

#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>
#include <fstream>
#include <memory>
#include <stdexcept>

using namespace wirekit::sys;

class DaemonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DaemonTest);
    CPPUNIT_TEST(testPidFileHoldsThePidAndIsRemoved);
    CPPUNIT_TEST(testSecondInstanceIsRefused);
    CPPUNIT_TEST(testUnwritablePathIsNamed);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        char pattern[] = "/tmp/wirekit-pid-XXXXXX";
        directory_ = ::mkdtemp(pattern);
        path_ = directory_ + "/test.pid";
    }
    void tearDown() override {
        ::unlink(path_.c_str());
        ::rmdir(directory_.c_str());
    }

    void testPidFileHoldsThePidAndIsRemoved() {
        {
            PidFile pid(path_);
            std::ifstream in(path_);
            long written = 0;
            in >> written;
            CPPUNIT_ASSERT_EQUAL(static_cast<long>(::getpid()), written);
        }
        CPPUNIT_ASSERT(::access(path_.c_str(), F_OK) != 0);
    }

    void testSecondInstanceIsRefused() {
        PidFile first(path_);
        // flock locks belong to open file descriptions: a second open in the
        // same process conflicts just as another process would.
        try {
            PidFile second(path_);
            CPPUNIT_FAIL("second pid file accepted");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL(path_ + ": already running as pid " + std::to_string(::getpid()),
                                 std::string(e.what()));
        }
        CPPUNIT_ASSERT(::access(path_.c_str(), F_OK) == 0);  // the refusal left the first one alone
    }

    void testUnwritablePathIsNamed() {
        try {
            PidFile pid(directory_ + "/no/such/dir/x.pid");
            CPPUNIT_FAIL("accepted");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL(directory_ + "/no/such/dir/x.pid: no such file or directory", std::string(e.what()));
        }
    }

private:
    std::string directory_, path_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(DaemonTest);
