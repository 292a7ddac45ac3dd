// bwmeter's command line: the subcommand and its options, parsed once.
#pragma once

#include "report.h"
#include "time_buckets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::bwmeter {

enum class Command { live, record, sample, report, graph, metrics };

struct Options {
    Command command = Command::live;
    std::vector<std::string> interfaces;  ///< -i patterns
    std::string database;                 ///< --db; empty: the default path
    bool json = false, csv = false;
    // live
    double interval = 1;                 ///< seconds between samples (record: 30)
    std::optional<std::uint64_t> count;  ///< -n
    std::optional<double> duration;      ///< -t
    // record
    double commitEvery = 300;
    bool foreground = false;
    std::string pidFile;
    // report, graph
    std::vector<Section> sections;
    std::size_t top = 10;
    std::optional<std::string> from, to;
    Zone zone = Zone::local;
    bool ascii = false;
    std::string svgPath;
};

extern const char* const usage;

/// Parses argv; nothing when --help or --version answered. Throws cli::UsageError.
std::optional<Options> parseOptions(int argc, char* argv[]);

/// `path` from the directory bwmeter started in: a daemon works from /.
std::string absolutePath(const std::string& path);

/// --db, or the default for this user, as an absolute path.
std::string databasePath(const Options& options);

}  // namespace wirekit::bwmeter
