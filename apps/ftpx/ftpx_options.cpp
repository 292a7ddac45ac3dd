// ftpx's option table and operand checks.
#include "ftpx_options.h"

#include "cli/options.h"
#include "cli/usage_error.h"
#include "ftp_url.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <map>

namespace wirekit::ftpx {

const char* const usage =
    "usage: ftpx [options] get URL [LOCAL]\n"
    "       ftpx [options] put LOCAL URL\n"
    "       ftpx [options] ls [-l] URL\n"
    "       ftpx [options] cat|mkdir|rm|rmdir URL\n"
    "       ftpx [options] mv URL NEWPATH\n"
    "       ftpx [options] mirror [-R] [--delete] [--dry-run] [-j N] SOURCE DEST\n"
    "       ftpx [options] [-b FILE] [HOST | URL]\n"
    "\n"
    "Moves files and trees to and from FTP and FTPS servers. URLs are\n"
    "ftp://[user@]host[:port]/path or ftps://... (implicit TLS); the path is\n"
    "relative to the login directory, %2F at its start makes it absolute.\n"
    "\n"
    "Options:\n"
    "  -4, --ipv4               connect over IPv4 only\n"
    "  -6, --ipv6               connect over IPv6 only\n"
    "      --active             active mode (EPRT, PORT) instead of passive\n"
    "  -b, --batch FILE         run interactive commands from FILE; stop at the first failure\n"
    "      --cacert FILE        trust the CA certificates in FILE instead of the system's\n"
    "  -c, --continue           resume partial downloads (NAME.part) and uploads\n"
    "      --delete             mirror: remove what the source no longer has\n"
    "      --dry-run            mirror: print the plan, change nothing\n"
    "  -h, --help               print this help and exit\n"
    "  -j, --parallel N         mirror: N connections at once (1..16, default 1)\n"
    "      --json               JSON Lines on stdout\n"
    "  -k, --insecure           do not verify the server's certificate\n"
    "  -l, --long               ls: long listing\n"
    "      --netrc-file FILE    read logins from FILE instead of ~/.netrc\n"
    "  -q, --quiet              no progress bar, no warnings\n"
    "  -R, --reverse            mirror: upload LOCALDIR to URL\n"
    "      --retries N          retry transient failures N times (default 3)\n"
    "      --timeout SECONDS    give up on a silent server after SECONDS (default 30)\n"
    "      --tls                explicit TLS (AUTH TLS); falls back to cleartext if refused\n"
    "      --tls-max VERSION    offer TLS up to VERSION, 1.2 or 1.3 (default: the newest)\n"
    "      --tls-required       explicit TLS, and fail if the server refuses it\n"
    "  -u, --user USER          log in as USER (password: FTPX_PASSWORD, ~/.netrc, or asked)\n"
    "  -v, --verbose            say what happens; a summary after each transfer\n"
    "  -V, --version            print the version and exit\n";

namespace {

enum OptionId {
    optIpv4,
    optIpv6,
    optActive,
    optBatch,
    optCacert,
    optContinue,
    optDelete,
    optDryRun,
    optHelp,
    optParallel,
    optJson,
    optInsecure,
    optLong,
    optNetrcFile,
    optQuiet,
    optReverse,
    optRetries,
    optTimeout,
    optTls,
    optTlsMax,
    optTlsRequired,
    optUser,
    optVerbose,
    optVersion
};

const std::vector<cli::OptionSpec> optionTable = {
    {"ipv4", '4', cli::Argument::none, optIpv4},
    {"ipv6", '6', cli::Argument::none, optIpv6},
    {"active", 0, cli::Argument::none, optActive},
    {"batch", 'b', cli::Argument::required, optBatch},
    {"cacert", 0, cli::Argument::required, optCacert},
    {"continue", 'c', cli::Argument::none, optContinue},
    {"delete", 0, cli::Argument::none, optDelete},
    {"dry-run", 0, cli::Argument::none, optDryRun},
    {"help", 'h', cli::Argument::none, optHelp},
    {"parallel", 'j', cli::Argument::required, optParallel},
    {"json", 0, cli::Argument::none, optJson},
    {"insecure", 'k', cli::Argument::none, optInsecure},
    {"long", 'l', cli::Argument::none, optLong},
    {"netrc-file", 0, cli::Argument::required, optNetrcFile},
    {"quiet", 'q', cli::Argument::none, optQuiet},
    {"reverse", 'R', cli::Argument::none, optReverse},
    {"retries", 0, cli::Argument::required, optRetries},
    {"timeout", 0, cli::Argument::required, optTimeout},
    {"tls", 0, cli::Argument::none, optTls},
    {"tls-max", 0, cli::Argument::required, optTlsMax},
    {"tls-required", 0, cli::Argument::none, optTlsRequired},
    {"user", 'u', cli::Argument::required, optUser},
    {"verbose", 'v', cli::Argument::none, optVerbose},
    {"version", 'V', cli::Argument::none, optVersion},
};

const std::map<std::string, Command> commandWords = {
    {"get", Command::get},     {"put", Command::put},     {"ls", Command::ls},
    {"cat", Command::cat},     {"mkdir", Command::mkdir}, {"rm", Command::rm},
    {"rmdir", Command::rmdir}, {"mv", Command::mv},       {"mirror", Command::mirror},
};

/// How many operands each command takes after its word: [min, max].
std::pair<std::size_t, std::size_t> operandCount(Command command) {
    switch (command) {
        case Command::get: return {1, 2};
        case Command::put: return {2, 2};
        case Command::mv: return {2, 2};
        case Command::mirror: return {2, 2};
        case Command::interactive: return {0, 1};
        default: return {1, 1};
    }
}

const char* operandsOf(Command command) {
    switch (command) {
        case Command::get: return "URL [LOCAL]";
        case Command::put: return "LOCAL URL";
        case Command::mv: return "URL NEWPATH";
        case Command::mirror: return "SOURCE DEST";
        case Command::interactive: return "[HOST | URL]";
        default: return "URL";
    }
}

}  // namespace

const char* commandName(Command command) {
    for (const auto& [word, value] : commandWords)
        if (value == command) return word.c_str();
    return "";
}

Options parseOptions(int argc, char* argv[]) {
    const cli::ParsedCommandLine parsed = cli::parseCommandLine(argc, argv, 1, optionTable);
    Options options;
    for (const auto& option : parsed.options) {
        switch (option.id) {
            case optIpv4: options.family = AF_INET; break;
            case optIpv6: options.family = AF_INET6; break;
            case optActive: options.active = true; break;
            case optBatch: options.batchFile = option.value; break;
            case optCacert:
                if (::access(option.value.c_str(), R_OK) != 0)
                    throw cli::UsageError(option.name + ": " + option.value + ": " + std::strerror(errno));
                options.caFile = option.value;
                break;
            case optContinue: options.resume = true; break;
            case optDelete: options.deleteExtra = true; break;
            case optDryRun: options.dryRun = true; break;
            case optHelp: options.help = true; break;
            case optParallel:
                options.parallel =
                    static_cast<int>(cli::parseInteger(option.value, 1, 16, option.name + ": connections"));
                break;
            case optJson: options.json = true; break;
            case optInsecure: options.insecure = true; break;
            case optLong: options.longListing = true; break;
            case optNetrcFile: options.netrcFile = option.value; break;
            case optQuiet: options.quiet = true; break;
            case optReverse: options.reverse = true; break;
            case optRetries:
                options.retries = static_cast<int>(cli::parseInteger(option.value, 0, 100, option.name + ": retries"));
                break;
            case optTimeout:
                options.timeoutSeconds = cli::parseSeconds(option.value, 0.1, 86400, option.name + ": timeout");
                break;
            case optTls: options.tls = true; break;
            case optTlsMax:
                if (option.value == "1.2")
                    options.tlsMax = net::TlsMax::tls12;
                else if (option.value == "1.3")
                    options.tlsMax = net::TlsMax::tls13;
                else
                    throw cli::UsageError("invalid " + option.name + " '" + option.value + "': 1.2 or 1.3");
                break;
            case optTlsRequired: options.tlsRequired = options.tls = true; break;
            case optUser:
                if (option.value.empty()) throw cli::UsageError(option.name + ": empty user name");
                // curl's -u USER:PASSWORD would put the password in the process
                // list: refused, without repeating it.
                if (option.value.find(':') != std::string::npos)
                    throw cli::UsageError(option.name +
                                          " takes a user name, not USER:PASSWORD; give the password in "
                                          "FTPX_PASSWORD, ~/.netrc or at the prompt");
                options.user = option.value;
                break;
            case optVerbose: options.verbose = true; break;
            case optVersion: options.version = true; break;
        }
    }
    if (options.help || options.version) return options;

    std::vector<std::string> operands = parsed.operands;
    if (!operands.empty()) {
        const auto word = commandWords.find(operands.front());
        if (word != commandWords.end()) {
            options.command = word->second;
            operands.erase(operands.begin());
        }
    }
    // ftp(1)'s "ftp HOST PORT".
    if (options.command == Command::interactive && operands.size() == 2 &&
        operands[0].find("://") == std::string::npos && !operands[1].empty() && operands[1].size() <= 5 &&
        std::all_of(operands[1].begin(), operands[1].end(), [](char c) { return c >= '0' && c <= '9'; })) {
        operands[0] = urlHost(operands[0]) + ":" + operands[1];
        operands.pop_back();
    }
    const auto [least, most] = operandCount(options.command);
    if (operands.size() < least || operands.size() > most) {
        const std::string name =
            options.command == Command::interactive ? "" : std::string(commandName(options.command)) + " ";
        if (options.command == Command::interactive && operands.size() > most)
            throw cli::UsageError("unknown command '" + operands.front() + "'");
        throw cli::UsageError(std::string(operands.size() < least ? "missing operand" : "too many operands") +
                              ": usage: ftpx " + name + operandsOf(options.command));
    }
    options.operands = operands;
    if (options.reverse && options.command != Command::mirror) throw cli::UsageError("-R works with mirror only");
    if ((options.deleteExtra || options.dryRun) && options.command != Command::mirror)
        throw cli::UsageError(std::string(options.deleteExtra ? "--delete" : "--dry-run") + " works with mirror only");
    if (options.quiet && options.verbose) throw cli::UsageError("-q and -v exclude each other");
    return options;
}

}  // namespace wirekit::ftpx
