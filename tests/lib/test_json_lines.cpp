// JSON Lines through POCO JSON: one compact object per line, keys in order.
#include "out/json_lines.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace wirekit::out;

class JsonLinesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonLinesTest);
    CPPUNIT_TEST(testKeyOrderIsKept);
    CPPUNIT_TEST(testOneLinePerRecordAndEscaping);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKeyOrderIsKept() {
        std::ostringstream out;
        JsonLinesWriter writer(out);
        auto record = JsonLinesWriter::makeRecord();
        record.set("zeta", 1);
        record.set("alpha", true);
        record.set("mid", 0.25);
        writer.write(record);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"zeta\":1,\"alpha\":true,\"mid\":0.25}\n"), out.str());
    }

    void testOneLinePerRecordAndEscaping() {
        std::ostringstream out;
        JsonLinesWriter writer(out);
        for (const char* subject : {"line\nbreak", "quote \" and \\"}) {
            auto record = JsonLinesWriter::makeRecord();
            record.set("subject", std::string(subject));
            writer.write(record);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("{\"subject\":\"line\\nbreak\"}\n{\"subject\":\"quote \\\" and \\\\\"}\n"),
                             out.str());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(JsonLinesTest);
