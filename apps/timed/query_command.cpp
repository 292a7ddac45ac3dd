// `timed query`: options, the queries, the report, and --set.
#include "query_command.h"

#include "cli/diag.h"
#include "cli/options.h"
#include "cli/usage_error.h"
#include "clock_adjust.h"
#include "net/endpoint.h"
#include "out/json_lines.h"
#include "out/table.h"
#include "query_runner.h"
#include "units/human.h"

#include <sys/socket.h>

#include <cmath>
#include <iostream>
#include <optional>
#include <string>

namespace wirekit::timed {

const char* const queryUsage =
    "usage: timed query [-46fstu] [--json] [-m seconds] [-o port] [-P protocol]\n"
    "                   [-r retries] [-w seconds] host[:port] ...\n";

namespace {

const char* const queryHelp =
    "Ask time servers for the time; print each one's time, the local clock's\n"
    "offset from it and the round-trip delay; optionally set the clock.\n"
    "\n"
    "  -P, --protocol PROTOCOL   time (RFC 868), daytime (RFC 867) or sntp (default)\n"
    "  -u, --udp                 use UDP (the default for sntp)\n"
    "  -t, --tcp                 use TCP (the default for time and daytime)\n"
    "  -o, --port PORT           server port (default 123, 37 or 13 by protocol)\n"
    "  -w, --timeout SECONDS     give up on a server after this (default 3)\n"
    "  -r, --retries N           extra UDP tries within the timeout (default 2)\n"
    "  -4, --ipv4                use IPv4 addresses only\n"
    "  -6, --ipv6                use IPv6 addresses only\n"
    "      --json                one JSON object per server (JSON Lines)\n"
    "  -s, --set                 set the local clock from the best answer (root)\n"
    "  -m, --max-offset SECONDS  with --set, refuse a larger correction\n"
    "  -f, --force               with --set, apply a correction above --max-offset\n"
    "  -h, --help                show this help and exit\n"
    "  -V, --version             show the version and exit\n";

enum OptionId {
    optProtocol,
    optUdp,
    optTcp,
    optPort,
    optTimeout,
    optRetries,
    optIpv4,
    optIpv6,
    optJson,
    optSet,
    optMaxOffset,
    optForce,
    optHelp,
    optVersion,
};

const std::vector<cli::OptionSpec> queryOptions = {
    {"protocol", 'P', cli::Argument::required, optProtocol},
    {"udp", 'u', cli::Argument::none, optUdp},
    {"tcp", 't', cli::Argument::none, optTcp},
    {"port", 'o', cli::Argument::required, optPort},
    {"timeout", 'w', cli::Argument::required, optTimeout},
    {"retries", 'r', cli::Argument::required, optRetries},
    {"ipv4", '4', cli::Argument::none, optIpv4},
    {"ipv6", '6', cli::Argument::none, optIpv6},
    {"json", 0, cli::Argument::none, optJson},
    {"set", 's', cli::Argument::none, optSet},
    {"max-offset", 'm', cli::Argument::required, optMaxOffset},
    {"force", 'f', cli::Argument::none, optForce},
    {"help", 'h', cli::Argument::none, optHelp},
    {"version", 'V', cli::Argument::none, optVersion},
};

Protocol parseProtocol(const std::string& text) {
    if (text == "time") return Protocol::time;
    if (text == "daytime") return Protocol::daytime;
    if (text == "sntp" || text == "ntp") return Protocol::sntp;
    throw cli::UsageError("invalid protocol '" + text + "': must be time, daytime or sntp");
}

void printJson(const std::vector<ServerAnswer>& answers, const std::vector<QueryRequest>& requests,
               std::optional<std::size_t> best) {
    out::JsonLinesWriter writer(std::cout);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        auto record = out::JsonLinesWriter::makeRecord();
        record.set("server", answers[i].server);
        record.set("protocol", std::string(protocolName(requests[i].protocol)));
        record.set("transport", std::string(transportName(requests[i].transport)));
        if (const auto& m = answers[i].measurement) {
            record.set("time", formatIsoUtc(m->serverTime));
            // Nanoseconds are the finest any clock here resolves; rounding keeps
            // the numbers short ("0.000156607", not "0.00015660700000000001").
            record.set("offset", std::round(m->offset * 1e9) / 1e9);
            record.set("delay", std::round(m->delay * 1e9) / 1e9);
            if (m->stratum >= 0) {
                record.set("stratum", m->stratum);
                record.set("leap", m->leap);
                record.set("refid", m->referenceId);
            }
            record.set("best", best && *best == i);
        } else {
            record.set("error", answers[i].error);
        }
        writer.write(record);
    }
}

void printTable(const std::vector<ServerAnswer>& answers, const std::vector<QueryRequest>& requests,
                std::optional<std::size_t> best) {
    out::TableWriter table(
        {{"SERVER"}, {"PROTOCOL"}, {"TIME"}, {"OFFSET", out::Align::right}, {"DELAY", out::Align::right}});
    std::size_t answered = 0;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto& m = answers[i].measurement;
        if (!m) continue;
        ++answered;
        table.addRow({answers[i].server,
                      std::string(protocolName(requests[i].protocol)) + "/" + transportName(requests[i].transport),
                      formatIsoUtc(m->serverTime), units::formatSeconds(m->offset, true),
                      units::formatSeconds(m->delay, false)});
    }
    if (answered > 0) table.write(std::cout);
    if (answered > 1 && best) std::cout << "best: " << answers[*best].server << " (lowest delay)\n";
}

}  // namespace

int runQueryCommand(int argc, char* const argv[], int first) {
    const auto parsed = cli::parseCommandLine(argc, argv, first, queryOptions);
    Protocol protocol = Protocol::sntp;
    std::optional<Transport> transport;
    std::optional<std::uint16_t> port;
    QueryTiming timing;
    bool json = false, set = false, force = false;
    std::optional<double> maxOffset;
    for (const auto& option : parsed.options) {
        switch (option.id) {
            case optProtocol: protocol = parseProtocol(option.value); break;
            case optUdp: transport = Transport::udp; break;
            case optTcp: transport = Transport::tcp; break;
            case optPort: port = net::parsePort(option.value, false); break;
            case optTimeout: timing.timeout = cli::parseSeconds(option.value, 0.001, 3600, "timeout"); break;
            case optRetries:
                timing.retries = static_cast<int>(cli::parseInteger(option.value, 0, 100, "retry count"));
                break;
            case optIpv4: timing.family = AF_INET; break;
            case optIpv6: timing.family = AF_INET6; break;
            case optJson: json = true; break;
            case optSet: set = true; break;
            case optMaxOffset: maxOffset = cli::parseSeconds(option.value, 0, 1e10, "maximum offset"); break;
            case optForce: force = true; break;
            case optHelp: std::cout << queryUsage << '\n' << queryHelp; return cli::exitSuccess;
            case optVersion: std::cout << "timed (wirekit) " WIREKIT_VERSION "\n"; return cli::exitSuccess;
        }
    }
    if (parsed.operands.empty()) throw cli::UsageError("no server given");
    if (protocol == Protocol::sntp && transport == Transport::tcp)
        throw cli::UsageError("SNTP runs over UDP only; -t is for time and daytime");
    if ((maxOffset || force) && !set) throw cli::UsageError("--max-offset and --force go with --set");

    std::vector<QueryRequest> requests;
    for (const auto& operand : parsed.operands) {
        const auto hostPort = net::parseHostPort(operand);
        QueryRequest request;
        request.server = operand;
        request.host = hostPort.host;
        request.port = hostPort.port.value_or(port.value_or(defaultPort(protocol)));
        request.protocol = protocol;
        request.transport = transport.value_or(protocol == Protocol::sntp ? Transport::udp : Transport::tcp);
        requests.push_back(request);
    }

    sys::SystemWallClock clock;
    const auto answers = runQueries(requests, timing, clock);
    const auto best = chooseBest(answers);
    for (const auto& answer : answers)
        if (!answer.measurement) diag::error(answer.server + ": " + answer.error);
    if (json)
        printJson(answers, requests, best);
    else
        printTable(answers, requests, best);
    std::cout.flush();
    if (!best) return cli::exitFailure;

    if (set) {
        const AdjustPlan plan = planAdjustment(answers[*best].measurement->offset, maxOffset, force);
        applyAdjustment(plan);
        diag::notice(
            std::string(plan.action == AdjustAction::slew ? "slewing the clock by " : "stepped the clock by ") +
            units::formatSeconds(plan.offset, true) + " from " + answers[*best].server);
    }
    return cli::exitSuccess;
}

}  // namespace wirekit::timed
