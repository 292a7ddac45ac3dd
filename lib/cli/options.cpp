// Command-line parsing on getopt_long.
#include "cli/options.h"

#include "cli/usage_error.h"

#include <getopt.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace wirekit::cli {

namespace {

std::string shortOptString(const std::vector<OptionSpec>& specs) {
    // Leading ':' makes getopt report a missing argument as ':' rather than '?',
    // and '+' stops at the first operand so subcommands keep their own options.
    std::string text = ":";
    for (const auto& spec : specs) {
        if (spec.shortName == 0) continue;
        text += spec.shortName;
        if (spec.argument == Argument::required) text += ':';
    }
    return text;
}

const OptionSpec* findShort(const std::vector<OptionSpec>& specs, int letter) {
    for (const auto& spec : specs)
        if (spec.shortName != 0 && spec.shortName == letter) return &spec;
    return nullptr;
}

}  // namespace

ParsedCommandLine parseCommandLine(int argc, char* const argv[], int first, const std::vector<OptionSpec>& specs) {
    std::vector<option> longOptions;
    // getopt_long reports long options through `val`; offset them past any char.
    constexpr int longBase = 0x1000;
    for (size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].longName == nullptr) continue;
        longOptions.push_back(option{specs[i].longName,
                                     specs[i].argument == Argument::required ? required_argument : no_argument, nullptr,
                                     longBase + static_cast<int>(i)});
    }
    longOptions.push_back(option{nullptr, 0, nullptr, 0});
    const std::string shortOptions = shortOptString(specs);

    // getopt keeps global state; parse a private argv slice starting at a fake argv[0].
    std::vector<char*> args;
    args.push_back(argv[0]);
    for (int i = first; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    const int count = static_cast<int>(args.size()) - 1;

    ParsedCommandLine result;
    opterr = 0;
    optind = 0;  // 0 forces glibc to reinitialise between calls
    int longIndex = -1;
    for (;;) {
        longIndex = -1;
        const int c = getopt_long(count, args.data(), shortOptions.c_str(), longOptions.data(), &longIndex);
        if (c == -1) break;
        const std::string typed = args[optind - 1] ? args[optind - 1] : "";
        if (c == '?') {
            if (optopt != 0 && optopt < longBase)
                throw UsageError(std::string("unknown option '-") + static_cast<char>(optopt) + "'");
            throw UsageError("unknown option '" + typed.substr(0, typed.find('=')) + "'");
        }
        if (c == ':') {
            if (optopt != 0 && optopt < longBase)
                throw UsageError(std::string("option '-") + static_cast<char>(optopt) + "' needs an argument");
            throw UsageError("option '" + typed + "' needs an argument");
        }
        const OptionSpec* spec = nullptr;
        std::string name;
        if (c >= longBase) {
            spec = &specs[static_cast<size_t>(c - longBase)];
            name = std::string("--") + spec->longName;
        } else {
            spec = findShort(specs, c);
            name = std::string("-") + static_cast<char>(c);
        }
        if (spec == nullptr) throw UsageError("unknown option '" + typed + "'");
        result.options.push_back(ParsedOption{spec->id, name, optarg ? optarg : ""});
    }
    for (int i = optind; i < count; ++i) result.operands.emplace_back(args[i]);
    return result;
}

long long parseInteger(const std::string& text, long long min, long long max, const std::string& what) {
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    if (text.empty() || text.find_first_not_of("0123456789-+") != std::string::npos)
        throw UsageError("invalid " + what + " '" + text + "': must be a number in " + range);
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || value < min || value > max)
        throw UsageError("invalid " + what + " '" + text + "': must be in " + range);
    return value;
}

double parseSeconds(const std::string& text, double min, double max, const std::string& what) {
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || errno != 0 || *end != '\0' || !std::isfinite(value) || value < min || value > max)
        throw UsageError("invalid " + what + " '" + text + "': must be a number of seconds");
    return value;
}

}  // namespace wirekit::cli
