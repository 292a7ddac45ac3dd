// Option parsing on getopt_long: what users type, and the errors they see.
#include "cli/options.h"
#include "cli/usage_error.h"
#include "usage_error_of.h"

#include <cppunit/extensions/HelperMacros.h>

#include <vector>

using namespace wirekit::cli;

namespace {

enum { optPort, optVerbose, optJson, optUser };
const std::vector<OptionSpec> specs = {{"port", 'o', Argument::required, optPort},
                                       {"verbose", 'v', Argument::none, optVerbose},
                                       {"json", 0, Argument::none, optJson},
                                       {"user", 'u', Argument::required, optUser}};

ParsedCommandLine parse(std::vector<std::string> words) {
    words.insert(words.begin(), "prog");
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    return parseCommandLine(static_cast<int>(words.size()), argv.data(), 1, specs);
}

std::string usageError(std::vector<std::string> words) { return wirekit::test::usageErrorOf(parse, std::move(words)); }

}  // namespace

class OptionsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OptionsTest);
    CPPUNIT_TEST(testShortLongAndEqualsForms);
    CPPUNIT_TEST(testClusteredShortFlags);
    CPPUNIT_TEST(testOptionsAfterOperands);
    CPPUNIT_TEST(testDoubleDashEndsOptions);
    CPPUNIT_TEST(testUnknownOptionsAreNamed);
    CPPUNIT_TEST(testMissingArgumentIsNamed);
    CPPUNIT_TEST(testParsingTwiceResetsGetopt);
    CPPUNIT_TEST(testIntegers);
    CPPUNIT_TEST(testSeconds);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShortLongAndEqualsForms() {
        const auto parsed = parse({"-o", "1", "--port", "2", "--port=3", "-o4", "--json"});
        CPPUNIT_ASSERT_EQUAL(std::size_t{5}, parsed.options.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), parsed.options[0].value);
        CPPUNIT_ASSERT_EQUAL(std::string("-o"), parsed.options[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("--port"), parsed.options[1].name);
        CPPUNIT_ASSERT_EQUAL(std::string("3"), parsed.options[2].value);
        CPPUNIT_ASSERT_EQUAL(std::string("4"), parsed.options[3].value);
        CPPUNIT_ASSERT_EQUAL(int(optJson), parsed.options[4].id);
    }

    void testClusteredShortFlags() {
        const auto parsed = parse({"-vvu", "root"});
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, parsed.options.size());
        CPPUNIT_ASSERT_EQUAL(int(optUser), parsed.options[2].id);
        CPPUNIT_ASSERT_EQUAL(std::string("root"), parsed.options[2].value);
    }

    void testOptionsAfterOperands() {
        const auto parsed = parse({"host1", "-v", "host2", "--port", "5"});
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, parsed.options.size());
        CPPUNIT_ASSERT((parsed.operands == std::vector<std::string>{"host1", "host2"}));
    }

    void testDoubleDashEndsOptions() {
        const auto parsed = parse({"-v", "--", "-o", "--json"});
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, parsed.options.size());
        CPPUNIT_ASSERT((parsed.operands == std::vector<std::string>{"-o", "--json"}));
    }

    void testUnknownOptionsAreNamed() {
        CPPUNIT_ASSERT_EQUAL(std::string("unknown option '--bogus'"), usageError({"--bogus"}));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown option '--bogus'"), usageError({"--bogus=1"}));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown option '-x'"), usageError({"-x"}));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown option '-x'"), usageError({"-vx"}));
    }

    void testMissingArgumentIsNamed() {
        CPPUNIT_ASSERT_EQUAL(std::string("option '--port' needs an argument"), usageError({"--port"}));
        CPPUNIT_ASSERT_EQUAL(std::string("option '-o' needs an argument"), usageError({"-o"}));
    }

    void testParsingTwiceResetsGetopt() {
        parse({"-v", "a"});
        const auto second = parse({"-o", "7", "b"});
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, second.options.size());
        CPPUNIT_ASSERT_EQUAL(std::string("7"), second.options[0].value);
        CPPUNIT_ASSERT((second.operands == std::vector<std::string>{"b"}));
    }

    void testIntegers() {
        CPPUNIT_ASSERT_EQUAL(65535LL, parseInteger("65535", 0, 65535, "port"));
        CPPUNIT_ASSERT_EQUAL(-3LL, parseInteger("-3", -5, 5, "x"));
        auto message = [](const std::string& text) {
            try {
                parseInteger(text, 1, 65535, "port");
            } catch (const UsageError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '70000': must be in 1..65535"), message("70000"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '0': must be in 1..65535"), message("0"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port 'http': must be a number in 1..65535"), message("http"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '': must be a number in 1..65535"), message(""));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '99999999999999999999': must be in 1..65535"),
                             message("99999999999999999999"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid port '1-2': must be in 1..65535"), message("1-2"));
    }

    void testSeconds() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, parseSeconds("0.5", 0, 10, "timeout"), 1e-12);
        CPPUNIT_ASSERT_THROW(parseSeconds("-1", 0, 10, "timeout"), UsageError);
        CPPUNIT_ASSERT_THROW(parseSeconds("nan", 0, 10, "timeout"), UsageError);
        CPPUNIT_ASSERT_THROW(parseSeconds("2s", 0, 10, "timeout"), UsageError);
        CPPUNIT_ASSERT_THROW(parseSeconds("11", 0, 10, "timeout"), UsageError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OptionsTest);
