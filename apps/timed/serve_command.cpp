// `timed serve`: options, bind, daemonize, drop privileges, serve.
#include "serve_command.h"

#include "cli/diag.h"
#include "cli/options.h"
#include "cli/usage_error.h"
#include "net/endpoint.h"
#include "server.h"
#include "sys/daemon.h"
#include "sys/privileges.h"
#include "sys/signals.h"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace wirekit::timed {

const char* const serveUsage =
    "usage: timed serve [-d] [-b address] [-u user] [--daytime-port port]\n"
    "                   [--local-stratum n] [--max-connections n] [--pidfile file]\n"
    "                   [--rate-limit n] [--sntp-port port] [--stratum n]\n"
    "                   [--tcp-timeout seconds] [--time-port port]\n";

namespace {

const char* const serveHelp =
    "Serve the time: RFC 868 time and RFC 867 daytime over TCP and UDP, and\n"
    "SNTP (RFC 4330) over UDP, from the system clock.\n"
    "\n"
    "  -b, --bind ADDRESS        listen on this address (repeatable; default all)\n"
    "      --time-port PORT      RFC 868 time port (default 37; 0 switches it off)\n"
    "      --daytime-port PORT   RFC 867 daytime port (default 13; 0 switches it off)\n"
    "      --sntp-port PORT      SNTP port (default 123; 0 switches it off)\n"
    "  -u, --user USER           user to run as after binding (default nobody)\n"
    "  -d, --daemon              detach, log to syslog\n"
    "      --pidfile FILE        write the process id to FILE; refuse to start twice\n"
    "      --rate-limit N        UDP requests per second per source (default 10; 0 off)\n"
    "      --max-connections N   open TCP connections at most (default 512)\n"
    "      --tcp-timeout SECONDS close a TCP connection after this (default 5)\n"
    "      --stratum N           stratum to claim while the kernel says the clock is\n"
    "                            synchronised (default 2)\n"
    "      --local-stratum N     serve an unsynchronised clock as stratum N\n"
    "  -h, --help                show this help and exit\n"
    "  -V, --version             show the version and exit\n";

enum OptionId {
    optBind,
    optTimePort,
    optDaytimePort,
    optSntpPort,
    optUser,
    optDaemon,
    optPidFile,
    optRateLimit,
    optMaxConnections,
    optTcpTimeout,
    optStratum,
    optLocalStratum,
    optHelp,
    optVersion,
};

const std::vector<cli::OptionSpec> serveOptions = {
    {"bind", 'b', cli::Argument::required, optBind},
    {"time-port", 0, cli::Argument::required, optTimePort},
    {"daytime-port", 0, cli::Argument::required, optDaytimePort},
    {"sntp-port", 0, cli::Argument::required, optSntpPort},
    {"user", 'u', cli::Argument::required, optUser},
    {"daemon", 'd', cli::Argument::none, optDaemon},
    {"pidfile", 0, cli::Argument::required, optPidFile},
    {"rate-limit", 0, cli::Argument::required, optRateLimit},
    {"max-connections", 0, cli::Argument::required, optMaxConnections},
    {"tcp-timeout", 0, cli::Argument::required, optTcpTimeout},
    {"stratum", 0, cli::Argument::required, optStratum},
    {"local-stratum", 0, cli::Argument::required, optLocalStratum},
    {"help", 'h', cli::Argument::none, optHelp},
    {"version", 'V', cli::Argument::none, optVersion},
};

}  // namespace

int runServeCommand(int argc, char* const argv[], int first) {
    const auto parsed = cli::parseCommandLine(argc, argv, first, serveOptions);
    ServerConfig config;
    std::string user = "nobody";
    std::string pidFilePath;
    bool daemon = false;
    for (const auto& option : parsed.options) {
        switch (option.id) {
            case optBind:
                net::SocketAddress::fromLiteral(option.value, 0);  // validates now, not at bind time
                config.bindAddresses.push_back(option.value);
                break;
            case optTimePort: config.timePort = net::parsePort(option.value, true, "time port"); break;
            case optDaytimePort: config.daytimePort = net::parsePort(option.value, true, "daytime port"); break;
            case optSntpPort: config.sntpPort = net::parsePort(option.value, true, "SNTP port"); break;
            case optUser: user = option.value; break;
            case optDaemon: daemon = true; break;
            case optPidFile: pidFilePath = option.value; break;
            case optRateLimit:
                config.rateLimit = static_cast<double>(cli::parseInteger(option.value, 0, 1000000, "rate limit"));
                config.rateBurst = 2 * config.rateLimit;
                break;
            case optMaxConnections:
                config.maxConnections =
                    static_cast<std::size_t>(cli::parseInteger(option.value, 1, 1000000, "connection limit"));
                break;
            case optTcpTimeout: config.tcpTimeout = cli::parseSeconds(option.value, 0.001, 3600, "TCP timeout"); break;
            case optStratum:
                config.clockPolicy.stratum = static_cast<int>(cli::parseInteger(option.value, 1, 15, "stratum"));
                break;
            case optLocalStratum:
                config.clockPolicy.localStratum =
                    static_cast<int>(cli::parseInteger(option.value, 1, 15, "local stratum"));
                break;
            case optHelp: std::cout << serveUsage << '\n' << serveHelp; return cli::exitSuccess;
            case optVersion: std::cout << "timed (wirekit) " WIREKIT_VERSION "\n"; return cli::exitSuccess;
        }
    }
    if (!parsed.operands.empty()) throw cli::UsageError("unexpected argument '" + parsed.operands.front() + "'");
    if (config.timePort == 0 && config.daytimePort == 0 && config.sntpPort == 0)
        throw cli::UsageError("every service is switched off: nothing to serve");

    // Signals are blocked before anything else, so none is lost between bind and the loop.
    sys::SignalChannel signals{SIGTERM, SIGINT, SIGHUP, SIGUSR1};
    sys::SystemWallClock clock;
    TimeServer server(config, clock);
    std::unique_ptr<sys::PidFile> pidFile;
    if (!pidFilePath.empty()) pidFile = std::make_unique<sys::PidFile>(pidFilePath);
    std::optional<sys::DaemonReadiness> readiness;
    if (daemon) {
        readiness.emplace(sys::daemonize());
        diag::useSyslog();
        if (pidFile) pidFile->update();
    }
    for (const auto& listener : server.describeListeners()) diag::notice("listening: " + listener);
    const bool wasRoot = geteuid() == 0;
    if (sys::dropPrivileges(user) == sys::DropOutcome::dropped)
        diag::notice(wasRoot ? "running as " + user : std::string("capabilities dropped"));
    if (readiness) readiness->ready();
    const ServerStats& stats = server.run(signals);
    diag::notice("exiting: " + stats.summary());
    return cli::exitSuccess;
}

}  // namespace wirekit::timed
