// Man page checks shared by the CLI suites.
#include "manpage.h"

#include "process.h"

#include <regex>

namespace wirekit::test {

std::string renderedManPage(const std::string& path) {
    const auto result = run({"mandoc", "-Tascii", path});
    std::string text;
    for (size_t i = 0; i < result.out.size(); ++i) {
        if (i + 1 < result.out.size() && result.out[i + 1] == '\b') {
            ++i;  // skip "X\b": keep the character after the backspace
            continue;
        }
        text += result.out[i];
    }
    return text;
}

std::set<std::string> optionsIn(const std::string& help, bool twoLetter) {
    std::set<std::string> options;
    const std::regex option(twoLetter ? R"((^|[\s,\[|])(--[a-z][a-z0-9-]*|-[a-zA-Z0-9]{1,2})\b)"
                                      : R"((^|[\s,\[|])(--[a-z][a-z0-9-]*|-[a-zA-Z0-9])\b)");
    for (auto it = std::sregex_iterator(help.begin(), help.end(), option); it != std::sregex_iterator(); ++it)
        options.insert((*it)[2]);
    return options;
}

bool documents(const std::string& page, const std::string& option) {
    return std::regex_search(page, std::regex("(^|[^a-zA-Z0-9-])" + option + "([^a-zA-Z0-9-]|$)"));
}

}  // namespace wirekit::test
