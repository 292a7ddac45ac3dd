// Aligned text tables.
#include "out/table.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>

using namespace wirekit::out;

class TableTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TableTest);
    CPPUNIT_TEST(testColumnsAlignAndRightAlign);
    CPPUNIT_TEST(testNoTrailingBlanks);
    CPPUNIT_TEST(testUtf8Width);
    CPPUNIT_TEST(testWrongCellCountThrows);
    CPPUNIT_TEST_SUITE_END();

public:
    void testColumnsAlignAndRightAlign() {
        TableWriter table({{"PORT"}, {"STATE"}, {"RTT", Align::right}});
        table.addRow({"22/tcp", "open", "1.2ms"});
        table.addRow({"8080/tcp", "closed", "12.5ms"});
        std::ostringstream out;
        table.write(out);
        CPPUNIT_ASSERT_EQUAL(std::string("PORT      STATE      RTT\n"
                                         "22/tcp    open     1.2ms\n"
                                         "8080/tcp  closed  12.5ms\n"),
                             out.str());
    }

    void testNoTrailingBlanks() {
        TableWriter table({{"A"}, {"LONGHEADING"}});
        table.addRow({"x", ""});
        std::ostringstream out;
        table.write(out);
        CPPUNIT_ASSERT_EQUAL(std::string("A  LONGHEADING\nx\n"), out.str());
    }

    void testUtf8Width() {
        CPPUNIT_ASSERT_EQUAL(std::size_t{4}, displayWidth("µs▇▇"));
        TableWriter table({{"X"}, {"Y"}});
        table.addRow({"µµ", "1"});
        std::ostringstream out;
        table.write(out);
        CPPUNIT_ASSERT_EQUAL(std::string("X   Y\nµµ  1\n"), out.str());
    }

    void testWrongCellCountThrows() {
        TableWriter table({{"A"}, {"B"}});
        CPPUNIT_ASSERT_THROW(table.addRow({"only one"}), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TableTest);
