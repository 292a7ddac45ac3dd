// Names a hostile server may list to make a mirror write outside its target.
#include "safe_name.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace wirekit::ftpx;

class SafeNameTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SafeNameTest);
    CPPUNIT_TEST(testOrdinaryNamesAreSafe);
    CPPUNIT_TEST(testTraversalNamesAreRefusedWithAReason);
    CPPUNIT_TEST(testControlCharactersAreRefused);
    CPPUNIT_TEST(testPathsAreCheckedNameByName);
    CPPUNIT_TEST_SUITE_END();

public:
    void testOrdinaryNamesAreSafe() {
        for (const char* name : {"a.txt", "big file.iso", ".hidden", "...", "..a", "a..", "-rf", "~backup",
                                 "back\\slash", "r\xC3\xA9sum\xC3\xA9.pdf"})
            CPPUNIT_ASSERT_MESSAGE(name, !unsafeNameReason(name));
    }

    void testTraversalNamesAreRefusedWithAReason() {
        CPPUNIT_ASSERT_EQUAL(std::string("empty name"), *unsafeNameReason(""));
        CPPUNIT_ASSERT_EQUAL(std::string("'.' is the directory itself"), *unsafeNameReason("."));
        CPPUNIT_ASSERT_EQUAL(std::string("'..' leaves the directory"), *unsafeNameReason(".."));
        CPPUNIT_ASSERT_EQUAL(std::string("absolute name"), *unsafeNameReason("/etc/passwd"));
        CPPUNIT_ASSERT_EQUAL(std::string("name holds '/'"), *unsafeNameReason("../../.ssh/authorized_keys"));
        CPPUNIT_ASSERT_EQUAL(std::string("name holds '/'"), *unsafeNameReason("a/b"));
    }

    void testControlCharactersAreRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("name holds NUL"), *unsafeNameReason(std::string("a\0b", 3)));
        CPPUNIT_ASSERT_EQUAL(std::string("name holds a control character"), *unsafeNameReason("a\nb"));
        CPPUNIT_ASSERT(unsafeNameReason("a\rb"));
        CPPUNIT_ASSERT(unsafeNameReason("\x1b[31mred"));
        CPPUNIT_ASSERT(unsafeNameReason("tab\there"));
        CPPUNIT_ASSERT(unsafeNameReason("del\x7f"));
    }

    void testPathsAreCheckedNameByName() {
        CPPUNIT_ASSERT(!unsafePathReason("docs/2026/a.txt"));
        CPPUNIT_ASSERT_EQUAL(std::string("'..' leaves the directory"), *unsafePathReason("docs/../../etc"));
        CPPUNIT_ASSERT_EQUAL(std::string("absolute path"), *unsafePathReason("/etc/passwd"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty name"), *unsafePathReason("a//b"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty name"), *unsafePathReason("a/"));
        CPPUNIT_ASSERT_EQUAL(std::string("empty path"), *unsafePathReason(""));
        CPPUNIT_ASSERT(unsafePathReason("a/b\nc"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SafeNameTest);
