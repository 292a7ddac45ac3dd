// CSV as RFC 4180 has it.
#include "out/csv.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace wirekit::out;

class CsvTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CsvTest);
    CPPUNIT_TEST(testPlainFieldsAndCrlf);
    CPPUNIT_TEST(testQuoting);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlainFieldsAndCrlf() {
        std::ostringstream out;
        CsvWriter csv(out);
        csv.writeRow({"iface", "rx_bytes"});
        csv.writeRow({"eth0", "1024"});
        CPPUNIT_ASSERT_EQUAL(std::string("iface,rx_bytes\r\neth0,1024\r\n"), out.str());
    }

    void testQuoting() {
        CPPUNIT_ASSERT_EQUAL(std::string("\"a,b\""), csvField("a,b"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"say \"\"hi\"\"\""), csvField("say \"hi\""));
        CPPUNIT_ASSERT_EQUAL(std::string("\"two\nlines\""), csvField("two\nlines"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"cr\r\""), csvField("cr\r"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), csvField(""));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CsvTest);
