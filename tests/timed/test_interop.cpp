// timed against the peers users compare it with: rdate reading our server,
// our client reading chronyd (SNTP) and xinetd (RFC 868 and 867), each peer
// unpacked by `make deps` and run with a private configuration on loopback.
#include "prerequisite.h"
#include "support_timed.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <ctime>
#include <thread>

using namespace wirekit::test;

namespace {

const std::string chronyd = peersRoot + "/usr/sbin/chronyd";
const std::string xinetd = peersRoot + "/usr/sbin/xinetd";
const std::string rdate = peersRoot + "/usr/sbin/rdate";

/// Waits until `port` on 127.0.0.1 answers an SNTP request (chronyd prints
/// nothing when ready).
bool waitForSntp(unsigned short port, double seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        if (udpExchange("127.0.0.1", port, sntpRequest(), 0.1)) return true;
    }
    return false;
}

bool waitForTcp(unsigned short port, double seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
        if (tcpExchange("127.0.0.1", port, 0.2)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

double queryOffset(const std::vector<std::string>& options) {
    std::vector<std::string> argv = {timedBinary, "query", "--json", "-w", "2"};
    argv.insert(argv.end(), options.begin(), options.end());
    const auto result = run(argv);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err + result.out, 0, result.status);
    const auto offset = jsonNumber(result.out, "offset");
    CPPUNIT_ASSERT_MESSAGE(result.out, offset.has_value());
    return *offset;
}

}  // namespace

class InteropTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(InteropTest);
    CPPUNIT_TEST(testRdateReadsOurServerOverTcpAndUdp);
    CPPUNIT_TEST(testOurClientAgreesWithChronyd);
    CPPUNIT_TEST(testOurClientReadsXinetdTimeAndDaytime);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRdateReadsOurServerOverTcpAndUdp() {
        if (!requirePrerequisite(isExecutable(rdate), rdate + " (make deps)")) return;
        TimedServer server;
        const std::string port = std::to_string(server.timePort);
        for (const auto& transport : std::vector<std::vector<std::string>>{{}, {"-u"}}) {
            std::vector<std::string> argv = {rdate, "-p", "-o", port};
            argv.insert(argv.end(), transport.begin(), transport.end());
            argv.push_back("127.0.0.1");
            const auto result = run(argv, 10);
            const std::string what = (transport.empty() ? "tcp: " : "udp: ") + result.out + result.err;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 0, result.status);
            // Debian's rdate -p prints the time ctime-style: "Wed Nov 25 02:25:35 UTC 2026".
            tm printed{};
            CPPUNIT_ASSERT_MESSAGE(what, strptime(result.out.c_str(), "%a %b %d %H:%M:%S UTC %Y", &printed) != nullptr);
            CPPUNIT_ASSERT_MESSAGE(what, std::llabs(static_cast<long long>(timegm(&printed)) - time(nullptr)) <= 2);
        }
    }

    void testOurClientAgreesWithChronyd() {
        if (!requirePrerequisite(isExecutable(chronyd), chronyd + " (make deps)")) return;
        TempDir dir;
        const auto port = freePort();
        const std::string conf = dir.write("chrony.conf", "port " + std::to_string(port) +
                                                              "\n"
                                                              "bindaddress 127.0.0.1\n"
                                                              "allow all\n"
                                                              "local stratum 8\n"
                                                              "cmdport 0\n"
                                                              "pidfile " +
                                                              dir.path() +
                                                              "/chronyd.pid\n"
                                                              "driftfile " +
                                                              dir.path() + "/drift\n");
        // -x: never touch the clock; -d: foreground; -u root: no user switch.
        Process chrony({chronyd, "-x", "-d", "-u", "root", "-f", conf});
        CPPUNIT_ASSERT_MESSAGE(chrony.standardError(), waitForSntp(port, 10));
        TimedServer ours;
        const double chronyOffset = queryOffset({"127.0.0.1:" + std::to_string(port)});
        const double ourOffset = queryOffset({ours.hostPort(ours.sntpPort)});
        // Both serve this machine's clock: both offsets are near zero and agree within 10 ms.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(chronyOffset), std::fabs(chronyOffset) < 0.01);
        CPPUNIT_ASSERT(std::fabs(chronyOffset - ourOffset) < 0.01);
        const auto result = run({timedBinary, "query", "--json", "127.0.0.1:" + std::to_string(port)});
        CPPUNIT_ASSERT(result.out.find("\"stratum\":8") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, chrony.stop());
    }

    void testOurClientReadsXinetdTimeAndDaytime() {
        if (!requirePrerequisite(isExecutable(xinetd), xinetd + " (make deps)")) return;
        TempDir dir;
        const auto timePort = freePort(), daytimePort = freePort();
        // xinetd finds an internal service by its name and socket type; `id`
        // tells the TCP and UDP entries of one name apart.
        std::string conf = "defaults\n{\n    instances = 60\n}\n";
        const struct {
            const char* name;
            const char* id;
            const char* type;
            unsigned short port;
        } services[] = {{"time", "time-stream", "stream", timePort},
                        {"time", "time-dgram", "dgram", timePort},
                        {"daytime", "daytime-stream", "stream", daytimePort},
                        {"daytime", "daytime-dgram", "dgram", daytimePort}};
        for (const auto& s : services) {
            const bool dgram = std::string(s.type) == "dgram";
            conf += std::string("service ") + s.name + "\n{\n    type = INTERNAL UNLISTED\n    id = " + s.id +
                    "\n    socket_type = " + s.type + "\n    protocol = " + (dgram ? "udp" : "tcp") +
                    "\n    wait = " + (dgram ? "yes" : "no") +
                    "\n    user = root\n    bind = 127.0.0.1\n    port = " + std::to_string(s.port) + "\n}\n";
        }
        const std::string confPath = dir.write("xinetd.conf", conf);
        Process xinet({xinetd, "-dontfork", "-f", confPath, "-pidfile", dir.path() + "/xinetd.pid"});
        CPPUNIT_ASSERT_MESSAGE(xinet.standardError(), waitForTcp(timePort, 10));
        TimedServer ours;
        // RFC 868 and 867 carry whole seconds: agreement within a second is all there is.
        for (const auto& transport : {"-t", "-u"}) {
            const double theirs = queryOffset({"-P", "time", transport, "127.0.0.1:" + std::to_string(timePort)});
            const double mine = queryOffset({"-P", "time", transport, ours.hostPort(ours.timePort)});
            CPPUNIT_ASSERT_MESSAGE(std::to_string(theirs), std::fabs(theirs) <= 1.0);
            CPPUNIT_ASSERT(std::fabs(theirs - mine) <= 1.0);
            const double day = queryOffset({"-P", "daytime", transport, "127.0.0.1:" + std::to_string(daytimePort)});
            CPPUNIT_ASSERT_MESSAGE(std::to_string(day), std::fabs(day) <= 1.0);
        }
        // And rdate agrees about our server and xinetd's on the same second (or the next).
        if (isExecutable(rdate)) {
            const auto a = run({rdate, "-p", "-o", std::to_string(timePort), "127.0.0.1"});
            const auto b = run({rdate, "-p", "-o", std::to_string(ours.timePort), "127.0.0.1"});
            CPPUNIT_ASSERT_EQUAL(0, a.status);
            CPPUNIT_ASSERT_EQUAL(0, b.status);
        }
        CPPUNIT_ASSERT_EQUAL(0, xinet.stop());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InteropTest);
