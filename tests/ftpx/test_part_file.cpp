// NAME.part naming and where a resumed transfer starts.
#include "part_file.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::ftpx;
using Kind = ResumeDecision::Kind;

class PartFileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PartFileTest);
    CPPUNIT_TEST(testPartNames);
    CPPUNIT_TEST(testNothingToResumeStartsFresh);
    CPPUNIT_TEST(testSmallerPartialResumesAtItsSize);
    CPPUNIT_TEST(testLargerPartialStartsOver);
    CPPUNIT_TEST(testEqualPartialOnlyNeedsItsRename);
    CPPUNIT_TEST(testUnknownSourceSizeStartsOver);
    CPPUNIT_TEST(testRenameOnlyWhenTheSizeMatches);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPartNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt.part"), partFileName("a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("docs/a.txt.part"), partFileName("docs/a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("a.txt"), *nameOfPartFile("a.txt.part"));
        CPPUNIT_ASSERT(!nameOfPartFile("a.txt"));
        CPPUNIT_ASSERT(!nameOfPartFile(".part"));
        CPPUNIT_ASSERT(!nameOfPartFile("a.txt.PART"));
    }

    void testNothingToResumeStartsFresh() {
        CPPUNIT_ASSERT(decideResume(std::nullopt, 100).kind == Kind::fresh);
        const auto empty = decideResume(0, 100);
        CPPUNIT_ASSERT(empty.kind == Kind::fresh);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), empty.offset);
    }

    void testSmallerPartialResumesAtItsSize() {
        const auto decision = decideResume(4096, 10485760);
        CPPUNIT_ASSERT(decision.kind == Kind::resume);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4096), decision.offset);
        CPPUNIT_ASSERT_EQUAL(std::string("resuming at byte 4096 of 10485760"), decision.reason);
    }

    void testLargerPartialStartsOver() {
        const auto decision = decideResume(2048, 1024);
        CPPUNIT_ASSERT(decision.kind == Kind::fresh);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), decision.offset);
        CPPUNIT_ASSERT_EQUAL(std::string("partial of 2048 bytes is larger than the source's 1024: starting over"),
                             decision.reason);
    }

    void testEqualPartialOnlyNeedsItsRename() {
        const auto decision = decideResume(1024, 1024);
        CPPUNIT_ASSERT(decision.kind == Kind::complete);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1024), decision.offset);
    }

    void testUnknownSourceSizeStartsOver() {
        const auto decision = decideResume(1024, std::nullopt);
        CPPUNIT_ASSERT(decision.kind == Kind::fresh);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), decision.offset);
    }

    void testRenameOnlyWhenTheSizeMatches() {
        CPPUNIT_ASSERT(partIsComplete(1024, 1024));
        CPPUNIT_ASSERT(!partIsComplete(1023, 1024));
        CPPUNIT_ASSERT(!partIsComplete(1025, 1024));
        CPPUNIT_ASSERT(partIsComplete(7, std::nullopt));  // no size announced: the 226 is all there is
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PartFileTest);
