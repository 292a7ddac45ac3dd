// pscan's command line, and the scan it runs.
#include "pscan_command.h"

#include "cli/diag.h"
#include "cli/options.h"
#include "cli/usage_error.h"
#include "connect_scanner.h"
#include "net/resolve.h"
#include "nmap_formats.h"
#include "port_spec.h"
#include "probe_paths.h"
#include "progress.h"
#include "raw_io.h"
#include "resume_saver.h"
#include "resume_state.h"
#include "scan_plan.h"
#include "scan_report.h"
#include "syn_scanner.h"
#include "sys/clock.h"
#include "sys/privileges.h"
#include "sys/signals.h"
#include "top_ports.h"
#include "udp_probe.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace wirekit::pscan {

const char* const usage =
    "usage: pscan [-Fnqv] [-sS | -sT | -sU] [-p ports | --top-ports n] [--all] [--banner]\n"
    "             [--exclude targets] [-iL file] [--json] [-oG file] [-oX file]\n"
    "             [--rate pps] [--retries n] [--seed n] [--shard i/n]\n"
    "             [--timeout seconds] [--user user] [--yes] target ...\n"
    "       pscan --resume file\n";

namespace {

const char* const help =
    "Find open TCP ports by probing each one.\n"
    "\n"
    "  -p, --ports PORTS       ports: 22,80,1000-2000, or - for all\n"
    "      --top-ports N       the N ports most often found open (default 1000)\n"
    "  -F, --fast              the 100 ports most often found open\n"
    "  -s, --scan TYPE         S: SYN scan (the default with raw-socket privilege),\n"
    "                          T: connect scan, U: UDP scan\n"
    "  -iL, --input-list FILE  read targets from FILE (# starts a comment)\n"
    "      --exclude TARGETS   leave these addresses out\n"
    "      --all               report every port, not only the open ones\n"
    "      --banner            read the first line each open port sends (connect scan)\n"
    "      --json              one JSON object per reported port (JSON Lines)\n"
    "  -oX, --xml-output FILE  also write nmap's XML format to FILE (- for stdout)\n"
    "  -oG, --grepable-output FILE\n"
    "                          also write nmap's greppable format to FILE\n"
    "      --rate PPS          send at most PPS probes a second\n"
    "      --retries N         extra tries for a port that does not answer\n"
    "                          (default 2 for -sS, 1 for -sT)\n"
    "      --timeout SECONDS   longest wait for an answer (default 1; adapts to the RTT)\n"
    "      --seed N            probe order seed (default random; shards need the same)\n"
    "      --shard I/N         scan only the I-th of N disjoint parts (1-based)\n"
    "      --resume FILE       finish the interrupted scan FILE describes; an\n"
    "                          interrupted scan saves itself to pscan.resume\n"
    "      --user USER         with -sS, the user to run as once the raw socket\n"
    "                          and capture are open (default nobody)\n"
    "      --yes               allow scanning more than 65,536 addresses\n"
    "  -n, --no-resolve        never look names up; only addresses are accepted\n"
    "  -q, --quiet             no progress line\n"
    "  -v, --verbose           say what is being scanned, and a summary\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"
    "Scan only hosts you are allowed to scan.\n";

enum OptionId {
    optPorts,
    optScan,
    optInputList,
    optExclude,
    optAll,
    optJson,
    optRate,
    optRetries,
    optTimeout,
    optSeed,
    optShard,
    optYes,
    optNoResolve,
    optQuiet,
    optVerbose,
    optHelp,
    optVersion,
    optUser,
    optXml,
    optGrepable,
    optBanner,
    optTopPorts,
    optFast,
    optResume,
};

const std::vector<cli::OptionSpec> optionTable = {
    {"ports", 'p', cli::Argument::required, optPorts},
    {"scan", 's', cli::Argument::required, optScan},
    {"input-list", 0, cli::Argument::required, optInputList},
    {"exclude", 0, cli::Argument::required, optExclude},
    {"all", 0, cli::Argument::none, optAll},
    {"json", 0, cli::Argument::none, optJson},
    {"rate", 0, cli::Argument::required, optRate},
    {"retries", 0, cli::Argument::required, optRetries},
    {"timeout", 0, cli::Argument::required, optTimeout},
    {"seed", 0, cli::Argument::required, optSeed},
    {"shard", 0, cli::Argument::required, optShard},
    {"yes", 0, cli::Argument::none, optYes},
    {"user", 0, cli::Argument::required, optUser},
    {"xml-output", 0, cli::Argument::required, optXml},
    {"grepable-output", 0, cli::Argument::required, optGrepable},
    {"banner", 0, cli::Argument::none, optBanner},
    {"top-ports", 0, cli::Argument::required, optTopPorts},
    {"fast", 'F', cli::Argument::none, optFast},
    {"resume", 0, cli::Argument::required, optResume},
    {"no-resolve", 'n', cli::Argument::none, optNoResolve},
    {"quiet", 'q', cli::Argument::none, optQuiet},
    {"verbose", 'v', cli::Argument::none, optVerbose},
    {"help", 'h', cli::Argument::none, optHelp},
    {"version", 'V', cli::Argument::none, optVersion},
};

/// nmap writes some two-letter options with their argument apart ("-iL
/// FILE"); getopt would read the second letter as the argument.
std::vector<std::string> normalizeNmapOptions(int argc, char* argv[]) {
    std::vector<std::string> words;
    for (int i = 0; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "-iL")
            words.push_back("--input-list");
        else if (word == "-oX")
            words.push_back("--xml-output");
        else if (word == "-oG")
            words.push_back("--grepable-output");
        else
            words.push_back(word);
    }
    return words;
}

Shard parseShard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw cli::UsageError("invalid shard '" + text + "': must be I/N, as 1/4");
    Shard shard;
    shard.count = static_cast<std::uint64_t>(cli::parseInteger(text.substr(slash + 1), 1, 1 << 20, "shard count"));
    shard.index = static_cast<std::uint64_t>(
                      cli::parseInteger(text.substr(0, slash), 1, static_cast<long long>(shard.count), "shard")) -
                  1;
    return shard;
}

struct Config {
    std::vector<std::uint16_t> ports;
    std::vector<std::string> targets, excluded;
    std::string inputList;
    bool all = false, json = false, yes = false, resolve = true, quiet = false, verbose = false;
    ConnectScanOptions scan;
    std::uint64_t seed = 0;
    bool seeded = false;
    Shard shard;
    char scanType = 0;  ///< 'S' or 'T'; 0 until chosen
    bool retriesGiven = false;
    std::string user = "nobody";
    std::string xmlPath, grepablePath;  ///< "-" is standard output
    bool banner = false;
    std::vector<std::string> args;       ///< the scan's arguments, saved for --resume
    std::optional<ResumeState> resumed;  ///< what an interrupted run left to do
    std::string resumePath = "pscan.resume";
};

std::vector<AddressRange> expand(const std::vector<std::string>& words, bool resolve) {
    std::vector<AddressRange> ranges;
    for (const auto& word : words) {
        const auto spec = parseTargetSpec(word);
        ranges.insert(ranges.end(), spec.ranges.begin(), spec.ranges.end());
        for (const auto& name : spec.names) {
            if (!resolve) throw cli::UsageError("invalid target '" + name + "': a name, and -n forbids lookups");
            // nmap scans a name's first address; so do we.
            ranges.push_back(singleAddress(net::resolve(name, 0, SOCK_STREAM).front()));
        }
    }
    return ranges;
}

std::vector<std::string> readInputList(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw cli::UsageError(path + ": cannot read the target list");
    std::vector<std::string> words;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line.substr(0, line.find('#')));  // '#' starts a comment
        std::string word;
        while (fields >> word) words.push_back(word);
    }
    return words;
}

std::string serviceName(std::uint16_t port, const char* protocol) {
    const servent* entry = getservbyport(htons(port), protocol);
    return entry ? entry->s_name : "";
}

/// An output file named on the command line: opened before the scan (and
/// before privileges are dropped) so a bad path fails at once; "-" is
/// standard output, an empty path nothing.
class OutputFile {
public:
    explicit OutputFile(const std::string& path) : path_(path) {
        if (path_.empty() || path_ == "-") return;
        file_.open(path_, std::ios::trunc);
        if (!file_) throw std::runtime_error(path_ + ": " + diag::errnoText(errno));
    }
    void write(const std::function<void(std::ostream&)>& writer) {
        if (path_.empty()) return;
        std::ostream& out = path_ == "-" ? std::cout : file_;
        writer(out);
        out.flush();
        if (!out) throw std::runtime_error(path_ + ": write failed");
    }

private:
    std::string path_;
    std::ofstream file_;
};

/// Opens the raw socket and the capture while privileged, drops privileges,
/// then runs the SYN scan.
void runSynScan(ScanPlan& plan, const Config& config, ResumeSaver& saver, int signalFd,
                const std::function<void(const PortResult&)>& sink, const std::function<bool()>& tick) {
    ProbePaths paths = openProbePaths(plan.targets());
    // Root becomes --user below; a root parent stays to write the resume file.
    if (::geteuid() == 0) saver.keepPrivilegedWriter(signalFd);
    sys::dropPrivileges(config.user);  // before the first packet out or in
    std::array<std::uint8_t, 16> key{};
    std::random_device random;
    for (auto& byte : key) byte = static_cast<std::uint8_t>(random());
    SynScanOptions options;
    options.rate = config.scan.rate;
    options.retries = config.retriesGiven ? config.scan.retries : 2;
    options.maxWait = config.scan.maxTimeout;
    const SynCookie cookie(key, static_cast<unsigned>(options.retries) + 1);
    SynScanner scanner(plan, paths, cookie);
    scanner.run(options, sink, tick);
}

std::optional<Config> resumeOptions(const std::string& path, char* program);

/// The command line as a Config; nothing when --help or --version answered.
std::optional<Config> parseOptions(int argc, char* argv[]) {
    auto words = normalizeNmapOptions(argc, argv);
    std::vector<char*> normalized;
    for (auto& w : words) normalized.push_back(w.data());
    const auto parsed = cli::parseCommandLine(argc, normalized.data(), 1, optionTable);

    Config config;
    std::optional<std::string> portSpec;
    std::optional<std::size_t> topCount;
    std::optional<std::string> resumeFrom;
    for (const auto& option : parsed.options) {
        switch (option.id) {
            case optPorts: portSpec = option.value; break;
            case optTopPorts:
                topCount = static_cast<std::size_t>(cli::parseInteger(option.value, 1, 65535, "port count"));
                break;
            case optFast: topCount = 100; break;
            case optResume: resumeFrom = option.value; break;
            case optScan:
                if (option.value == "S" || option.value == "T" || option.value == "U") {
                    config.scanType = option.value[0];
                    break;
                }
                throw cli::UsageError("invalid scan type '-s" + option.value + "': use -sS, -sT or -sU");
            case optInputList: config.inputList = option.value; break;
            case optExclude: config.excluded.push_back(option.value); break;
            case optAll: config.all = true; break;
            case optJson: config.json = true; break;
            case optRate:
                config.scan.rate = static_cast<double>(cli::parseInteger(option.value, 1, 100000000, "rate"));
                break;
            case optRetries:
                config.scan.retries = static_cast<int>(cli::parseInteger(option.value, 0, 20, "retry count"));
                config.retriesGiven = true;
                break;
            case optUser: config.user = option.value; break;
            case optXml: config.xmlPath = option.value; break;
            case optGrepable: config.grepablePath = option.value; break;
            case optBanner: config.banner = true; break;
            case optTimeout: config.scan.maxTimeout = cli::parseSeconds(option.value, 0.01, 600, "timeout"); break;
            case optSeed:
                config.seed =
                    static_cast<std::uint64_t>(cli::parseInteger(option.value, 0, 9223372036854775807LL, "seed"));
                config.seeded = true;
                break;
            case optShard: config.shard = parseShard(option.value); break;
            case optYes: config.yes = true; break;
            case optNoResolve: config.resolve = false; break;
            case optQuiet: config.quiet = true; break;
            case optVerbose: config.verbose = true; break;
            case optHelp: std::cout << usage << '\n' << help; return std::nullopt;
            case optVersion: std::cout << "pscan (wirekit) " WIREKIT_VERSION "\n"; return std::nullopt;
        }
    }
    if (resumeFrom) {
        // Only how much is said may change; what is scanned may not.
        const bool alone = parsed.operands.empty() &&
                           std::all_of(parsed.options.begin(), parsed.options.end(), [](const cli::ParsedOption& o) {
                               return o.id == optResume || o.id == optQuiet || o.id == optVerbose;
                           });
        if (!alone) throw cli::UsageError("--resume continues a saved scan as it was: give it alone (or with -q, -v)");
        auto resumed = resumeOptions(*resumeFrom, argv[0]);
        resumed->quiet |= config.quiet;
        resumed->verbose |= config.verbose;
        return resumed;
    }
    config.targets = parsed.operands;
    if (!config.inputList.empty()) {
        const auto listed = readInputList(config.inputList);
        config.targets.insert(config.targets.end(), listed.begin(), listed.end());
    }
    if (config.targets.empty()) throw cli::UsageError("no target given");
    if (portSpec && topCount) throw cli::UsageError("-p and --top-ports (or -F) choose ports two ways: give one");
    if (portSpec) {
        config.ports = parsePortSpec(*portSpec);
    } else {
        // As nmap does: the most common ports of the protocol scanned.
        config.ports =
            topPorts(config.scanType == 'U' ? PortProtocol::udp : PortProtocol::tcp, topCount.value_or(1000));
        std::sort(config.ports.begin(), config.ports.end());
    }
    config.scan.minTimeout = std::min(config.scan.minTimeout, config.scan.maxTimeout);
    config.args.assign(argv + 1, argv + argc);
    return config;
}

/// The Config of the interrupted scan `path` describes.
std::optional<Config> resumeOptions(const std::string& path, char* program) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": " + diag::errnoText(errno));
    std::ostringstream text;
    text << in.rdbuf();
    ResumeState state;
    try {
        state = parseResumeState(text.str());
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    std::vector<std::string> words = state.args;
    std::vector<char*> argv{program};
    for (auto& word : words) argv.push_back(word.data());
    auto config = parseOptions(static_cast<int>(argv.size()), argv.data());
    if (!config || config->resumed) throw std::runtime_error(path + ": not a scan to resume");
    config->seed = state.seed;
    config->seeded = true;
    config->resumed = std::move(state);
    config->resumePath = path;
    return config;
}

}  // namespace

int runPscan(int argc, char* argv[]) {
    auto parsed = parseOptions(argc, argv);
    if (!parsed) return cli::exitSuccess;
    Config& config = *parsed;

    TargetSet targets(expand(config.targets, config.resolve), expand(config.excluded, config.resolve));
    if (targets.size() == 0) throw cli::UsageError("every target is excluded: nothing to scan");
    if (targets.size() > 65536 && !config.yes)
        throw cli::UsageError("that is " + std::to_string(targets.size()) +
                              " addresses; add --yes to scan more than 65,536");
    if (!config.seeded) config.seed = std::random_device{}() * 0x100000001ULL ^ std::random_device{}();
    const std::size_t addresses = static_cast<std::size_t>(targets.size());
    ScanPlan plan(std::move(targets), config.ports, config.seed, config.shard);
    if (config.resumed) {
        const auto& state = *config.resumed;
        if (state.fingerprint != plan.fingerprint() || state.position > plan.size() ||
            (!state.pending.empty() && state.pending.back().second >= plan.probeCount()))
            throw std::runtime_error(config.resumePath +
                                     ": the targets or ports are no longer those of the interrupted scan");
        plan.resumeAt(state.position, state.pending);
    }
    const bool scanTypeGiven = config.scanType != 0;
    const bool privileged = hasRawSocketPrivilege();
    if (config.banner && (config.scanType == 'S' || config.scanType == 'U'))
        throw cli::UsageError("--banner needs the connect scan (-sT)");
    if (config.banner) {
        config.scanType = 'T';
        config.scan.bannerTimeout = config.scan.maxTimeout;
    }
    if (config.scanType == 0) {
        config.scanType = privileged ? 'S' : 'T';
        if (!privileged) diag::notice("no raw-socket privilege: using a connect scan (-sT)");
    }
    if (config.scanType == 'S' && !privileged)
        throw std::runtime_error(
            "the SYN scan needs raw-socket privilege: run as root, or see CAPABILITIES in pscan(1)");
    if (config.verbose)
        diag::notice(std::string(config.scanType == 'S'   ? "SYN"
                                 : config.scanType == 'U' ? "UDP"
                                                          : "connect") +
                     " scan of " + std::to_string(addresses) + " address" + (addresses == 1 ? "" : "es") + " x " +
                     std::to_string(config.ports.size()) + " ports = " + std::to_string(plan.size()) +
                     " probes, seed " + std::to_string(config.seed) +
                     (config.resumed ? ", " + std::to_string(plan.toDo()) + " left to do" : ""));

    OutputFile xmlFile(config.xmlPath), grepableFile(config.grepablePath);
    sys::SignalChannel signals{SIGINT, SIGTERM};
    bool interrupted = false;
    ScanReport report(config.all);
    Progress progress(plan.toDo(), !config.quiet && ::isatty(STDERR_FILENO));
    ResumeSaver saver(config.resumePath, config.resumed.has_value());
    std::vector<bool> reported(static_cast<std::size_t>(plan.probeCount()), false);
    const double started = sys::monotonicSeconds();
    const auto startedWall = static_cast<std::int64_t>(::time(nullptr));
    const auto sink = [&](const PortResult& result) {
        if (const auto where = plan.locate(result.target)) reported[where->probe] = true;
        report.add(result);
        progress.resolved(result.state == PortState::open);
        if (config.json && (config.all || result.state == PortState::open)) {
            std::cout << jsonRecord(result, config.banner);
            std::cout.flush();
        }
    };
    const auto tick = [&] {
        progress.draw();
        if (signals.next()) interrupted = true;
        return interrupted;
    };
    if (config.scanType == 'S') {
        runSynScan(plan, config, saver, signals.fd(), sink, tick);
    } else if (config.scanType == 'U') {
        runSocketScan(
            UdpProbe{}, [&plan] { return plan.next(); }, sink, config.scan, tick);
    } else {
        runSocketScan(
            ConnectProbe{}, [&plan] { return plan.next(); }, sink, config.scan, tick);
    }
    progress.clear();
    const double seconds = sys::monotonicSeconds() - started;
    if (!config.json) {
        report.writeText(std::cout, serviceName, config.banner);
        char line[160];
        std::snprintf(line, sizeof line, "\npscan done: %zu address%s, %zu port%s, %.2f s%s\n", addresses,
                      addresses == 1 ? "" : "es", config.ports.size(), config.ports.size() == 1 ? "" : "s", seconds,
                      interrupted ? " (interrupted)" : "");
        std::cout << line;
    }
    RunInfo info;
    for (int i = 0; i < argc; ++i) info.args += (i ? " " : "") + std::string(argv[i]);
    info.scanType = config.scanType == 'S' ? "syn" : config.scanType == 'U' ? "udp" : "connect";
    info.portSpec = portRanges(config.ports);
    info.portCount = config.ports.size();
    info.start = startedWall;
    info.end = static_cast<std::int64_t>(::time(nullptr));
    info.elapsed = seconds;
    info.interrupted = interrupted;
    xmlFile.write([&](std::ostream& out) { writeNmapXml(out, report, info, serviceName); });
    grepableFile.write([&](std::ostream& out) { writeNmapGrepable(out, report, info, serviceName); });
    if (config.verbose)
        diag::notice(std::to_string(report.count(PortState::open)) + " open, " +
                     std::to_string(report.count(PortState::closed)) + " closed, " +
                     std::to_string(report.count(PortState::filtered)) + " filtered");
    if (interrupted) {
        ResumeState state;
        state.args = config.args;
        // The resumed scan must be of the same type even if its privileges differ.
        if (!scanTypeGiven) state.args.insert(state.args.begin(), std::string("-s") + config.scanType);
        state.seed = config.seed;
        state.fingerprint = plan.fingerprint();
        state.position = plan.furthest();
        state.pending = unfinishedProbes(plan, reported);
        saver.save(formatResumeState(state));
        diag::error("interrupted: " + std::to_string(plan.furthest()) + " of " + std::to_string(plan.size()) +
                    " probes sent; continue with: pscan --resume " + saver.path());
        return cli::exitFailure;
    }
    saver.finished();
    return cli::exitSuccess;
}

}  // namespace wirekit::pscan
