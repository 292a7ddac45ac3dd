// Command-line parsing on getopt_long: one option table per command, no DSL.
#pragma once

#include <string>
#include <vector>

namespace wirekit::cli {

enum class Argument { none, required };

/// One option a command accepts. `id` is what the caller switches on; a
/// short letter of 0 means long-only.
struct OptionSpec {
    const char* longName;
    char shortName;
    Argument argument;
    int id;
};

struct ParsedOption {
    int id;
    std::string name;   ///< as the user wrote it ("-o" or "--port"), for messages
    std::string value;  ///< empty when the option takes no argument
};

struct ParsedCommandLine {
    std::vector<ParsedOption> options;  ///< in command-line order
    std::vector<std::string> operands;
};

/// Parses argv[first..argc) with getopt_long; stops at "--". Throws UsageError
/// for an unknown option or a missing argument, naming it as the user typed it.
ParsedCommandLine parseCommandLine(int argc, char* const argv[], int first, const std::vector<OptionSpec>& specs);

/// Parses a decimal integer in [min, max]; `what` names it in the error
/// ("invalid port '70000': must be 0..65535"). Throws UsageError.
long long parseInteger(const std::string& text, long long min, long long max, const std::string& what);

/// Parses a non-negative decimal number of seconds ("2", "0.5"). Throws UsageError.
double parseSeconds(const std::string& text, double min, double max, const std::string& what);

}  // namespace wirekit::cli
