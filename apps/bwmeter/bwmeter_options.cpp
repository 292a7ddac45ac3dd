// Option parsing for every subcommand.
#include "bwmeter_options.h"

#include "cli/options.h"
#include "cli/usage_error.h"
#include "sys/write_all.h"
#include "traffic_store.h"
#include "units/human.h"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace wirekit::bwmeter {

const char* const usage =
    "usage: bwmeter [-i iface] [-I interval] [-n count] [-t duration] [--json | --csv]\n"
    "       bwmeter record [-f] [--db file] [-i iface] [-I interval] [--commit interval]\n"
    "                      [--pidfile file]\n"
    "       bwmeter sample [--db file] [-i iface]\n"
    "       bwmeter report [--hours] [--days] [--months] [--top n] [--profile]\n"
    "                      [--db file] [-i iface] [--from date] [--to date] [--utc]\n"
    "                      [--json | --csv]\n"
    "       bwmeter graph [--hours | --days | --months | --profile] [--ascii]\n"
    "                     [--svg file] [--db file] [-i iface] [--from date] [--to date] [--utc]\n"
    "       bwmeter metrics [--db file] [-i iface]\n";

namespace {

const char* const help =
    "Measure interface traffic from the kernel's byte counters: live rates and\n"
    "session totals, a persistent record, reports and graphs.\n"
    "\n"
    "  (no command)             live rates every interval, a summary at the end\n"
    "  record                   keep a record in the database (a daemon)\n"
    "  sample                   add one sample to the database and exit (for cron)\n"
    "  report                   totals per hour, day, month, top days, profile\n"
    "  graph                    the same as bar charts, in the terminal or as SVG\n"
    "  metrics                  the counters in Prometheus's text format\n"
    "\n"
    "  -i, --interface IFACE    only this interface; a glob (eth*); repeatable\n"
    "                           (default: every interface but loopback)\n"
    "  -I, --interval SECONDS   between samples (default 1; record: 30)\n"
    "  -n, --count N            live: stop after N samples\n"
    "  -t, --duration SECONDS   live: stop after this long (2m, 1h also)\n"
    "      --json               JSON Lines\n"
    "      --csv                CSV\n"
    "      --db FILE            the database (default /var/lib/bwmeter/bwmeter.db\n"
    "                           as root, else $XDG_DATA_HOME/bwmeter/bwmeter.db)\n"
    "  -f, --foreground         record: do not become a daemon\n"
    "      --commit SECONDS     record: write to the database this often (default 5m)\n"
    "      --pidfile FILE       record: write the daemon's pid here\n"
    "  -H, --hours              report/graph: per hour, the last 24 hours\n"
    "  -d, --days               report/graph: per day, the last 30 days\n"
    "  -m, --months             report/graph: per month\n"
    "      --top N              report: the N busiest days (default 10)\n"
    "  -p, --profile            report/graph: average per hour of the day and per\n"
    "                           day of the week, busiest and quietest named\n"
    "      --from DATE          report/graph: from this day or month (2026-11-01, 2026-11)\n"
    "      --to DATE            report/graph: up to and including this day or month\n"
    "      --utc                report/graph: in UTC instead of local time\n"
    "      --ascii              graph: ASCII bars instead of Unicode blocks\n"
    "      --svg FILE           graph: write an SVG chart to FILE (- for stdout)\n"
    "  -h, --help               show this help and exit\n"
    "  -V, --version            show the version and exit\n";

enum OptionId {
    optInterface,
    optInterval,
    optCount,
    optDuration,
    optJson,
    optCsv,
    optDb,
    optForeground,
    optCommit,
    optPidFile,
    optHours,
    optDays,
    optMonths,
    optTop,
    optProfile,
    optFrom,
    optTo,
    optUtc,
    optAscii,
    optSvg,
    optHelp,
    optVersion,
};

const std::vector<cli::OptionSpec> optionTable = {
    {"interface", 'i', cli::Argument::required, optInterface},
    {"interval", 'I', cli::Argument::required, optInterval},
    {"count", 'n', cli::Argument::required, optCount},
    {"duration", 't', cli::Argument::required, optDuration},
    {"json", 0, cli::Argument::none, optJson},
    {"csv", 0, cli::Argument::none, optCsv},
    {"db", 0, cli::Argument::required, optDb},
    {"foreground", 'f', cli::Argument::none, optForeground},
    {"commit", 0, cli::Argument::required, optCommit},
    {"pidfile", 0, cli::Argument::required, optPidFile},
    {"hours", 'H', cli::Argument::none, optHours},
    {"days", 'd', cli::Argument::none, optDays},
    {"months", 'm', cli::Argument::none, optMonths},
    {"top", 0, cli::Argument::required, optTop},
    {"profile", 'p', cli::Argument::none, optProfile},
    {"from", 0, cli::Argument::required, optFrom},
    {"to", 0, cli::Argument::required, optTo},
    {"utc", 0, cli::Argument::none, optUtc},
    {"ascii", 0, cli::Argument::none, optAscii},
    {"svg", 0, cli::Argument::required, optSvg},
    {"help", 'h', cli::Argument::none, optHelp},
    {"version", 'V', cli::Argument::none, optVersion},
};

double duration(const std::string& text, const std::string& what, double minimum) {
    double seconds = 0;
    try {
        seconds = units::parseDuration(text);
    } catch (const std::invalid_argument&) {
        throw cli::UsageError("invalid " + what + " '" + text + "': use seconds, or 500ms, 5m, 1h");
    }
    if (seconds < minimum)
        throw cli::UsageError("invalid " + what + " '" + text + "': at least " + units::formatSeconds(minimum, false));
    return seconds;
}

/// Which options each command takes, beyond -h and -V.
bool allowed(Command command, int id) {
    switch (id) {
        case optInterface:
        case optDb: return command != Command::live || id == optInterface;
        case optInterval: return command == Command::live || command == Command::record;
        case optCount:
        case optDuration: return command == Command::live;
        case optJson:
        case optCsv: return command == Command::live || command == Command::report;
        case optForeground:
        case optCommit:
        case optPidFile: return command == Command::record;
        case optTop: return command == Command::report;
        case optHours:
        case optDays:
        case optMonths:
        case optProfile:
        case optFrom:
        case optTo:
        case optUtc: return command == Command::report || command == Command::graph;
        case optAscii:
        case optSvg: return command == Command::graph;
        default: return true;
    }
}

const char* commandName(Command command) {
    switch (command) {
        case Command::live: return "live mode";
        case Command::record: return "record";
        case Command::sample: return "sample";
        case Command::report: return "report";
        case Command::graph: return "graph";
        case Command::metrics: return "metrics";
    }
    return "";
}

}  // namespace

std::optional<Options> parseOptions(int argc, char* argv[]) {
    Options options;
    int first = 1;
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        if (word == "record")
            options.command = Command::record;
        else if (word == "sample")
            options.command = Command::sample;
        else if (word == "report")
            options.command = Command::report;
        else if (word == "graph")
            options.command = Command::graph;
        else if (word == "metrics")
            options.command = Command::metrics;
        else
            throw cli::UsageError("unknown command '" + word + "': must be record, sample, report, graph or metrics");
        first = 2;
    }
    if (options.command == Command::record) options.interval = 30;
    const auto parsed = cli::parseCommandLine(argc, argv, first, optionTable);
    if (!parsed.operands.empty()) throw cli::UsageError("unexpected argument '" + parsed.operands.front() + "'");
    for (const auto& option : parsed.options) {
        if (!allowed(options.command, option.id))
            throw cli::UsageError(option.name + " does not apply to " + commandName(options.command));
        switch (option.id) {
            case optInterface: options.interfaces.push_back(option.value); break;
            case optInterval: options.interval = duration(option.value, "interval", 0.1); break;
            case optCount:
                options.count = static_cast<std::uint64_t>(cli::parseInteger(option.value, 1, 1LL << 40, "count"));
                break;
            case optDuration: options.duration = duration(option.value, "duration", 0.1); break;
            case optJson: options.json = true; break;
            case optCsv: options.csv = true; break;
            case optDb: options.database = option.value; break;
            case optForeground: options.foreground = true; break;
            case optCommit: options.commitEvery = duration(option.value, "commit interval", 1); break;
            case optPidFile: options.pidFile = option.value; break;
            case optHours: options.sections.push_back(Section::hours); break;
            case optDays: options.sections.push_back(Section::days); break;
            case optMonths: options.sections.push_back(Section::months); break;
            case optTop:
                options.top = static_cast<std::size_t>(cli::parseInteger(option.value, 1, 10000, "count"));
                options.sections.push_back(Section::top);
                break;
            case optProfile:
                options.sections.push_back(Section::profileHours);
                options.sections.push_back(Section::profileWeekdays);
                break;
            case optFrom: options.from = option.value; break;
            case optTo: options.to = option.value; break;
            case optUtc: options.zone = Zone::utc; break;
            case optAscii: options.ascii = true; break;
            case optSvg: options.svgPath = option.value; break;
            case optHelp: sys::writeStdout(std::string(usage) + "\n" + help); return std::nullopt;
            case optVersion: sys::writeStdout("bwmeter (wirekit) " WIREKIT_VERSION "\n"); return std::nullopt;
        }
    }
    if (options.json && options.csv) throw cli::UsageError("--json and --csv exclude each other");
    const auto charts = std::count_if(options.sections.begin(), options.sections.end(),
                                      [](Section s) { return s != Section::profileWeekdays; });
    if (options.command == Command::graph && !options.svgPath.empty() && charts > 1)
        throw cli::UsageError("--svg draws one chart: give one of --hours, --days, --months, --profile");
    for (const auto* date : {&options.from, &options.to})
        if (*date) try {
                parseDate(**date, options.zone);
            } catch (const std::invalid_argument& e) {
                throw cli::UsageError(e.what());
            }
    return options;
}

std::string absolutePath(const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    char directory[4096];
    if (::getcwd(directory, sizeof directory) == nullptr) return path;
    return std::string(directory) + "/" + path;
}

std::string databasePath(const Options& options) {
    return absolutePath(options.database.empty() ? defaultDatabasePath() : options.database);
}

}  // namespace wirekit::bwmeter
