// bwmeter against the kernel's own counters: tens of MiB sent across a veth
// pair between two private namespaces, with IPv6 off so that nothing else
// crosses the link; the live session, the record, reports and graphs must
// account for every byte.
#include "netns.h"
#include "prerequisite.h"
#include "process.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>

#include <csignal>
#include <sstream>

using namespace wirekit::test;

namespace {

const std::string bwmeter = WIREKIT_BWMETER;
constexpr std::uint64_t mebibyte = 1 << 20;

struct Counters {
    std::uint64_t rx = 0, tx = 0;
    bool operator==(const Counters& o) const { return rx == o.rx && tx == o.tx; }
};

Counters kernelCounters(const NetnsPair& net) {
    const auto read = [&](const char* which) {
        const auto result =
            run(net.inNamespace(net.scanner, {"cat", "/sys/class/net/" + net.scannerDevice + "/statistics/" + which}));
        return static_cast<std::uint64_t>(std::stoull(result.out));
    };
    return Counters{read("rx_bytes"), read("tx_bytes")};
}

/// Waits until the link has been silent for half a second.
Counters quietCounters(const NetnsPair& net) {
    Counters last = kernelCounters(net);
    for (int i = 0; i < 40; ++i) {
        ::usleep(500 * 1000);
        const Counters now = kernelCounters(net);
        if (now == last) return now;
        last = now;
    }
    throw std::runtime_error("the link never fell quiet");
}

/// A TCP sink in the target namespace on 198.18.0.2:5001 that reads until EOF.
std::unique_ptr<Process> startSink(const NetnsPair& net) {
    auto sink = std::make_unique<Process>(
        net.inNamespace(net.target, {"python3", "-c",
                                     "import socket, sys\n"
                                     "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                                     "s.bind(('198.18.0.2', 5001)); s.listen(4)\n"
                                     "sys.stderr.write('ready\\n'); sys.stderr.flush()\n"
                                     "while True:\n"
                                     "    c, _ = s.accept()\n"
                                     "    while c.recv(1 << 16): pass\n"
                                     "    c.close()\n"}));
    if (!sink->waitForError("ready", 10)) throw std::runtime_error("sink did not start: " + sink->standardError());
    return sink;
}

void send(const NetnsPair& net, std::uint64_t bytes) {
    const auto result = run(net.inNamespace(net.scanner, {"python3", "-c",
                                                          "import socket\n"
                                                          "c = socket.create_connection(('198.18.0.2', 5001))\n"
                                                          "block = bytes(1 << 16)\n"
                                                          "for _ in range(" +
                                                              std::to_string(bytes >> 16) +
                                                              "): c.sendall(block)\n"
                                                              "c.shutdown(socket.SHUT_WR); c.recv(1); c.close()\n"}),
                            60);
    if (result.status != 0) throw std::runtime_error("send failed: " + result.err);
}

Poco::JSON::Object::Ptr jsonLine(const std::string& line) {
    return Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
}

/// Sums `key` over the JSON lines of `type` for `iface`.
std::uint64_t sum(const std::string& jsonLines, const std::string& type, const std::string& iface,
                  const std::string& key) {
    std::istringstream in(jsonLines);
    std::string line;
    std::uint64_t total = 0;
    while (std::getline(in, line)) {
        const auto object = jsonLine(line);
        if (object->getValue<std::string>("type") == type && object->getValue<std::string>("iface") == iface)
            total += object->getValue<std::uint64_t>(key);
    }
    return total;
}

/// Whether `pid` runs (a zombie that no init has reaped yet does not).
bool alive(pid_t pid) {
    if (::kill(pid, 0) != 0) return false;
    std::string stat;
    try {
        stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    } catch (const std::exception&) {
        return false;  // gone between the two looks
    }
    const auto close = stat.rfind(')');
    if (stat.empty()) return false;
    return close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] != 'Z';
}

NetnsPair& quietPair(NetnsPair& net) {
    // Without IPv6 the link carries no router solicitations or MLD reports of its own.
    for (const auto& [ns, device] :
         {std::pair{net.scanner, net.scannerDevice}, std::pair{net.target, net.targetDevice}})
        run(net.inNamespace(ns, {"sysctl", "-qw", "net.ipv6.conf." + device + ".disable_ipv6=1"}));
    return net;
}

}  // namespace

class TrafficTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TrafficTest);
    CPPUNIT_TEST(testSessionTotalsEqualTheKernelsCounters);
    CPPUNIT_TEST(testRecordSampleReportGraphAndMetrics);
    CPPUNIT_TEST(testSecondRecorderRefuses);
    CPPUNIT_TEST(testRecordAsADaemon);
    CPPUNIT_TEST(testKilledMidWriteLeavesAnIntactDatabase);
    CPPUNIT_TEST(testDiskFullIsAnErrorAndKeepsTheRecord);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSessionTotalsEqualTheKernelsCounters() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair pair;
        auto& net = quietPair(pair);
        const auto sink = startSink(net);
        const Counters before = quietCounters(net);
        Process live(net.inNamespace(net.scanner, {bwmeter, "-i", net.scannerDevice, "--json", "-I", "0.25"}));
        ::usleep(600 * 1000);
        send(net, 30 * mebibyte);
        const Counters after = quietCounters(net);
        live.signal(SIGINT);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(live.standardError(), 0, live.wait(10));
        const std::string out = live.standardOutput();
        const std::uint64_t rx = sum(out, "summary", net.scannerDevice, "rx_bytes");
        const std::uint64_t tx = sum(out, "summary", net.scannerDevice, "tx_bytes");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(out.substr(out.size() > 600 ? out.size() - 600 : 0), after.tx - before.tx, tx);
        CPPUNIT_ASSERT_EQUAL(after.rx - before.rx, rx);
        CPPUNIT_ASSERT(tx >= 30 * mebibyte);
        // Every sample carries the totals so far and a rate; the last one the whole session's.
        CPPUNIT_ASSERT(out.find("{\"type\":\"sample\",\"iface\":\"" + net.scannerDevice + "\",\"rx_bytes\":") !=
                       std::string::npos);
        CPPUNIT_ASSERT(out.find("\"tx_peak\":") != std::string::npos);
    }

    void testRecordSampleReportGraphAndMetrics() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair pair;
        auto& net = quietPair(pair);
        TempDir dir;
        const std::string db = dir.path() + "/bw.db";
        const auto sink = startSink(net);
        // The first sample only learns the counters.
        CPPUNIT_ASSERT_EQUAL(
            0, run(net.inNamespace(net.scanner, {bwmeter, "sample", "--db", db, "-i", net.scannerDevice})).status);
        const Counters before = quietCounters(net);
        CPPUNIT_ASSERT_EQUAL(
            0, run(net.inNamespace(net.scanner, {bwmeter, "sample", "--db", db, "-i", net.scannerDevice})).status);
        Process record(net.inNamespace(
            net.scanner, {bwmeter, "record", "-f", "--db", db, "-i", net.scannerDevice, "-I", "0.5", "--commit", "1"}));
        ::usleep(800 * 1000);
        send(net, 12 * mebibyte);
        quietCounters(net);
        record.signal(SIGTERM);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(record.standardError(), 0, record.wait(10));
        // Traffic after the recorder stopped is picked up by the next sample, from the saved counters.
        send(net, 4 * mebibyte);
        const Counters after = quietCounters(net);
        const auto sample = run(net.inNamespace(net.scanner, {bwmeter, "sample", "--db", db, "-i", net.scannerDevice}));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sample.err, 0, sample.status);

        const auto report = run({bwmeter, "report", "--db", db, "--hours", "--days", "--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(report.err, 0, report.status);
        CPPUNIT_ASSERT_EQUAL(after.tx - before.tx, sum(report.out, "hour", net.scannerDevice, "tx_bytes"));
        CPPUNIT_ASSERT_EQUAL(after.rx - before.rx, sum(report.out, "hour", net.scannerDevice, "rx_bytes"));
        CPPUNIT_ASSERT_EQUAL(after.tx - before.tx, sum(report.out, "day", net.scannerDevice, "tx_bytes"));
        CPPUNIT_ASSERT(after.tx - before.tx >= 16 * mebibyte);

        const auto text = run({bwmeter, "report", "--db", db});
        CPPUNIT_ASSERT_EQUAL(0, text.status);
        for (const char* title : {"traffic per hour\n", "traffic per day\n", "traffic per month\n", "top days\n"})
            CPPUNIT_ASSERT_MESSAGE(title, text.out.find(title) != std::string::npos);
        const auto profile = run({bwmeter, "report", "--db", db, "--profile"});
        CPPUNIT_ASSERT(profile.out.find(net.scannerDevice + ": busiest ") != std::string::npos);

        const std::string svg = dir.path() + "/hours.svg";
        CPPUNIT_ASSERT_EQUAL(0, run({bwmeter, "graph", "--db", db, "--hours", "--svg", svg}).status);
        const std::string drawn = readFile(svg);
        CPPUNIT_ASSERT(drawn.find("<svg") != std::string::npos && drawn.find("class=\"tx\"") != std::string::npos);
        const auto chart = run({bwmeter, "graph", "--db", db, "--days", "--ascii"});
        CPPUNIT_ASSERT_EQUAL(0, chart.status);
        CPPUNIT_ASSERT(chart.out.find("=") != std::string::npos &&
                       chart.out.find(net.scannerDevice) != std::string::npos);

        const auto metrics =
            run(net.inNamespace(net.scanner, {bwmeter, "metrics", "--db", db, "-i", net.scannerDevice}));
        CPPUNIT_ASSERT_EQUAL(0, metrics.status);
        CPPUNIT_ASSERT(metrics.out.find("bwmeter_today_transmit_bytes{interface=\"" + net.scannerDevice + "\"} ") !=
                       std::string::npos);
    }

    void testSecondRecorderRefuses() {
        TempDir dir;
        const std::string db = dir.path() + "/bw.db";
        Process first({bwmeter, "record", "-f", "--db", db, "-i", "lo", "-I", "0.2"});
        ::usleep(500 * 1000);
        const auto second = run({bwmeter, "record", "-f", "--db", db, "-i", "lo"});
        CPPUNIT_ASSERT_EQUAL(1, second.status);
        CPPUNIT_ASSERT_EQUAL(std::string("bwmeter: " + db + ": in use by another bwmeter record or sample\n"),
                             second.err);
        const auto sample = run({bwmeter, "sample", "--db", db, "-i", "lo"});
        CPPUNIT_ASSERT_EQUAL(1, sample.status);
        first.signal(SIGTERM);
        CPPUNIT_ASSERT_EQUAL(0, first.wait(10));
    }

    void testDiskFullIsAnErrorAndKeepsTheRecord() {
        if (!requirePrerequisite(::geteuid() == 0, "root (to mount a small tmpfs)")) return;
        TempDir dir;
        CPPUNIT_ASSERT_EQUAL(0, run({"mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.path()}).status);
        struct Unmount {
            std::string path;
            ~Unmount() { run({"umount", path}); }
        } unmount{dir.path()};
        const std::string db = dir.path() + "/bw.db";
        const auto first = run({bwmeter, "sample", "--db", db, "-i", "lo"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.err, 0, first.status);
        CPPUNIT_ASSERT(first.err.find("is on a tmpfs") != std::string::npos);  // and says so
        run({"sh", "-c", "cat /dev/zero > " + dir.path() + "/filler 2>/dev/null; true"});
        // Something to write: traffic on loopback since the first sample.
        run({"python3", "-c",
             "import socket\n"
             "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
             "for _ in range(100): s.sendto(bytes(1000), ('127.0.0.1', 9))\n"});
        const auto full = run({bwmeter, "sample", "--db", db, "-i", "lo"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(full.err, 1, full.status);
        CPPUNIT_ASSERT_MESSAGE(full.err, full.err.find("full") != std::string::npos);
        ::unlink((dir.path() + "/filler").c_str());
        const auto report = run({bwmeter, "report", "--db", db, "--json"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(report.err, 0, report.status);
        const auto check = run({"python3", "-c",
                                "import sqlite3, sys\n"
                                "print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])",
                                db});
        CPPUNIT_ASSERT_EQUAL(std::string("ok\n"), check.out);
    }

    void testRecordAsADaemon() {
        TempDir dir;
        const std::string db = dir.path() + "/bw.db", pidFile = dir.path() + "/bw.pid";
        // Relative paths: the daemon works from /, bwmeter resolves them first.
        ProcessOptions inDir;
        inDir.workingDirectory = dir.path();
        const auto started =
            run({bwmeter, "record", "--db", "bw.db", "--pidfile", "bw.pid", "-i", "lo", "-I", "0.2"}, 10, inDir);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(started.err, 0, started.status);  // returns once the daemon is ready
        const pid_t daemon = static_cast<pid_t>(std::stol(readFile(pidFile)));
        CPPUNIT_ASSERT(daemon > 1 && alive(daemon));
        const auto second = run({bwmeter, "sample", "--db", db, "-i", "lo"});
        CPPUNIT_ASSERT_EQUAL(1, second.status);  // it holds the database
        ::kill(daemon, SIGTERM);
        for (int i = 0; i < 100 && alive(daemon); ++i) ::usleep(50 * 1000);
        CPPUNIT_ASSERT(!alive(daemon));
        CPPUNIT_ASSERT_EQUAL(0, run({bwmeter, "report", "--db", db}).status);
    }

    void testKilledMidWriteLeavesAnIntactDatabase() {
        TempDir dir;
        const std::string db = dir.path() + "/bw.db";
        for (int round = 0; round < 6; ++round) {
            Process record({bwmeter, "record", "-f", "--db", db, "-i", "lo", "-I", "0.1", "--commit", "1"});
            ::usleep(static_cast<useconds_t>(700 + 150 * round) * 1000);
            record.signal(SIGKILL);
            record.wait(5);
        }
        const auto check = run({"python3", "-c",
                                "import sqlite3, sys\n"
                                "print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])",
                                db});
        CPPUNIT_ASSERT_EQUAL(std::string("ok\n"), check.out);
        CPPUNIT_ASSERT_EQUAL(0, run({bwmeter, "report", "--db", db}).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TrafficTest);
