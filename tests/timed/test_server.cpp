// `timed serve` as a user and an attacker see it: every protocol answered,
// bad input ignored, floods limited, privileges dropped, clean shutdown.
#include "prerequisite.h"
#include "support_timed.h"

#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/timex.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <thread>

using namespace wirekit::test;

namespace {

std::string statusField(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return line.substr(field.size() + 1);
    return "";
}

/// A TCP connection to 127.0.0.1:port, or -1.
int connectLoopback(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    ::close(fd);
    return -1;
}

long statusKiB(pid_t pid, const std::string& field) {
    return std::strtol(statusField(pid, field).c_str(), nullptr, 10);
}

std::string usr1Summary(TimedServer& server) {
    const auto before = server.process().standardError().size();
    server.process().signal(SIGUSR1);
    for (int i = 0; i < 200; ++i) {
        const auto text = server.process().standardError();
        const auto at = text.find("answered", before);
        if (at != std::string::npos && text.find('\n', at) != std::string::npos)
            return text.substr(at, text.find('\n', at) - at);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
}

long counter(const std::string& summary, const std::string& name) {
    const auto at = summary.find(name);
    if (at == std::string::npos) return -1;
    // "time/udp 3" or "3 malformed": try the number after, then before.
    const auto after = summary.c_str() + at + name.size();
    char* end = nullptr;
    const long value = std::strtol(after, &end, 10);
    if (end != after) return value;
    auto start = summary.rfind(' ', at - 2);
    start = start == std::string::npos ? 0 : start + 1;
    return std::strtol(summary.c_str() + start, nullptr, 10);
}

}  // namespace

class ServerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ServerTest);
    CPPUNIT_TEST(testEveryProtocolAndTransportAnswersWithTheCurrentTime);
    CPPUNIT_TEST(testIpv6Loopback);
    CPPUNIT_TEST(testWildcardAnswersFromTheAddressAsked);
    CPPUNIT_TEST(testSntpReplyEchoesVersionPollAndOrigin);
    CPPUNIT_TEST(testUnsynchronisedClockIsAdvertisedAsSuch);
    CPPUNIT_TEST(testBadDatagramsGetNoReplyAndServiceContinues);
    CPPUNIT_TEST(testSilentTcpClientsAreClosedAfterTheTimeout);
    CPPUNIT_TEST(testConnectionCapEvictsTheOldestAnsweredConnection);
    CPPUNIT_TEST(testFloodFromOneSourceIsRateLimitedOthersServed);
    CPPUNIT_TEST(testDropsToNobodyAfterBinding);
    CPPUNIT_TEST(testUnknownUserIsFatal);
    CPPUNIT_TEST(testRunsUnprivilegedOnHighPorts);
    CPPUNIT_TEST(testFileCapabilityServesALowPortWithoutRoot);
    CPPUNIT_TEST(testBusyPortIsReportedWithAddress);
    CPPUNIT_TEST(testDaemonWritesPidFileAndRefusesSecondInstance);
    CPPUNIT_TEST(testSigtermExitsCleanlyWithCounters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryProtocolAndTransportAnswersWithTheCurrentTime() {
        TimedServer server;
        const struct {
            const char* protocol;
            const char* transport;
            unsigned short port;
            double tolerance;
        } cases[] = {{"sntp", "-u", server.sntpPort, 0.01},
                     {"time", "-t", server.timePort, 1.0},
                     {"time", "-u", server.timePort, 1.0},
                     {"daytime", "-t", server.daytimePort, 1.0},
                     {"daytime", "-u", server.daytimePort, 1.0}};
        for (const auto& c : cases) {
            const auto result = run(
                {timedBinary, "query", "--json", "-P", c.protocol, c.transport, "-w", "2", server.hostPort(c.port)});
            const std::string what = std::string(c.protocol) + c.transport + ": " + result.out + result.err;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 0, result.status);
            const auto offset = jsonNumber(result.out, "offset");
            CPPUNIT_ASSERT_MESSAGE(what, offset.has_value());
            CPPUNIT_ASSERT_MESSAGE(what, std::fabs(*offset) < c.tolerance);
            CPPUNIT_ASSERT_MESSAGE(
                what, result.out.find("\"transport\":\"" + std::string(c.transport[1] == 'u' ? "udp" : "tcp") + "\"") !=
                          std::string::npos);
            // The year the server reports is this year.
            const time_t now = time(nullptr);
            tm utc{};
            gmtime_r(&now, &utc);
            CPPUNIT_ASSERT_MESSAGE(
                what, result.out.find("\"time\":\"" + std::to_string(1900 + utc.tm_year)) != std::string::npos);
        }
    }

    void testIpv6Loopback() {
        TimedServer server({}, "::1");
        for (const char* protocol : {"sntp", "time", "daytime"}) {
            const unsigned short port = std::string(protocol) == "sntp"   ? server.sntpPort
                                        : std::string(protocol) == "time" ? server.timePort
                                                                          : server.daytimePort;
            const auto result = run({timedBinary, "query", "-P", protocol, "-w", "2", server.hostPort(port)});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(protocol) + ": " + result.err, 0, result.status);
            CPPUNIT_ASSERT(result.out.find("[::1]:" + std::to_string(port)) != std::string::npos);
        }
    }

    void testWildcardAnswersFromTheAddressAsked() {
        // Without --bind the server listens on 0.0.0.0 and ::. A client asking
        // 127.0.0.2 accepts only replies from 127.0.0.2 (its socket is
        // connected), so an answer proves the reply left from the address asked.
        const auto timePort = freePort(), sntpPort = freePort();
        Process process({timedBinary, "serve", "--time-port", std::to_string(timePort), "--daytime-port", "0",
                         "--sntp-port", std::to_string(sntpPort), "--local-stratum", "10"});
        CPPUNIT_ASSERT_MESSAGE(process.standardError(), process.waitForError("listening: sntp [::]", 10));
        for (const std::string address : {"127.0.0.2:", "[::1]:"}) {
            const auto sntp = run({timedBinary, "query", "-w", "2", address + std::to_string(sntpPort)});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(address + sntp.err, 0, sntp.status);
            const auto time =
                run({timedBinary, "query", "-P", "time", "-u", "-w", "2", address + std::to_string(timePort)});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(address + time.err, 0, time.status);
        }
    }

    void testSntpReplyEchoesVersionPollAndOrigin() {
        TimedServer server;
        for (int version = 1; version <= 4; ++version) {
            std::string request = sntpRequest(static_cast<unsigned char>(version << 3 | 3));
            request[2] = 6;  // poll 2^6
            const auto reply = udpExchange("127.0.0.1", server.sntpPort, request);
            CPPUNIT_ASSERT_MESSAGE("version " + std::to_string(version), reply.has_value());
            CPPUNIT_ASSERT_EQUAL(size_t{48}, reply->size());
            const auto first = static_cast<unsigned char>((*reply)[0]);
            CPPUNIT_ASSERT_EQUAL(4, first & 7);                                                   // mode 4
            CPPUNIT_ASSERT_EQUAL(version, (first >> 3) & 7);                                      // version echoed
            CPPUNIT_ASSERT_EQUAL(0, first >> 6);                                                  // no leap warning
            CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(static_cast<unsigned char>((*reply)[1])));  // --local-stratum
            CPPUNIT_ASSERT_EQUAL(6, static_cast<int>((*reply)[2]));
            CPPUNIT_ASSERT_EQUAL(std::string("LOCL"), reply->substr(12, 4));
            CPPUNIT_ASSERT(reply->substr(24, 8) == request.substr(40, 8));  // origin = our transmit
        }
    }

    void testUnsynchronisedClockIsAdvertisedAsSuch() {
        // Without --local-stratum, a clock the kernel calls unsynchronised
        // (as in these containers) is served with LI 3, stratum 0, INIT.
        const auto port = freePort();
        Process process({timedBinary, "serve", "--bind", "127.0.0.1", "--time-port", "0", "--daytime-port", "0",
                         "--sntp-port", std::to_string(port)});
        CPPUNIT_ASSERT(process.waitForError("listening: sntp", 10));
        const auto reply = udpExchange("127.0.0.1", port, sntpRequest());
        CPPUNIT_ASSERT(reply.has_value());
        const bool synchronised = adjtimexSynchronised();
        const auto first = static_cast<unsigned char>((*reply)[0]);
        if (synchronised) {
            CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(static_cast<unsigned char>((*reply)[1])));
            CPPUNIT_ASSERT_EQUAL(std::string("KERN"), reply->substr(12, 4));
        } else {
            CPPUNIT_ASSERT_EQUAL(3, first >> 6);
            CPPUNIT_ASSERT_EQUAL(0, static_cast<int>((*reply)[1]));
            CPPUNIT_ASSERT_EQUAL(std::string("INIT"), reply->substr(12, 4));
            const auto result = run({timedBinary, "query", "-w", "1", "127.0.0.1:" + std::to_string(port)});
            CPPUNIT_ASSERT_EQUAL(1, result.status);
            CPPUNIT_ASSERT(result.err.find("kiss-of-death INIT") != std::string::npos);
        }
    }

    void testBadDatagramsGetNoReplyAndServiceContinues() {
        TimedServer server;
        std::string garbage(9000, '\0');
        for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(i * 131 + 7);
        const std::vector<std::string> refused = {
            "",                           // empty
            sntpRequest().substr(0, 47),  // truncated
            sntpRequest(0x03),            // version 0
            sntpRequest(0x2B),            // version 5
            sntpRequest(0x21),            // mode 1, symmetric active
            sntpRequest(0x22),            // mode 2
            sntpRequest(0x24),            // mode 4, a server's reply
            sntpRequest(0x25),            // mode 5, broadcast
            sntpRequest(0x26),            // mode 6, control: the classic amplifier
            sntpRequest(0x27),            // mode 7, private: monlist
            std::string(garbage.data(), 47),
        };
        for (const auto& datagram : refused)
            CPPUNIT_ASSERT_MESSAGE("datagram of " + std::to_string(datagram.size()) + " bytes got a reply",
                                   !udpExchange("127.0.0.1", server.sntpPort, datagram, 0.2).has_value());
        // Oversized garbage with a valid-looking header: the header is answered, the rest ignored.
        garbage[0] = 0x23;
        const auto big = udpExchange("127.0.0.1", server.sntpPort, garbage, 1.0);
        CPPUNIT_ASSERT(big.has_value());
        CPPUNIT_ASSERT_EQUAL(size_t{48}, big->size());
        // RFC 868 and 867 over UDP answer any datagram, garbage included, with the time.
        const auto time = udpExchange("127.0.0.1", server.timePort, garbage.substr(0, 1000));
        CPPUNIT_ASSERT(time.has_value());
        CPPUNIT_ASSERT(std::llabs(rfc868Seconds(*time) - static_cast<long long>(::time(nullptr))) <= 2);
        CPPUNIT_ASSERT(server.process().running());
        const auto summary = usr1Summary(server);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(summary, long(refused.size()), counter(summary, "malformed"));
        const auto result = run({timedBinary, "query", "-w", "2", server.hostPort(server.sntpPort)});
        CPPUNIT_ASSERT_EQUAL(0, result.status);
    }

    void testSilentTcpClientsAreClosedAfterTheTimeout() {
        TimedServer server({"--tcp-timeout", "0.5"});
        std::vector<int> idle;
        for (int i = 0; i < 50; ++i) {
            const int fd = connectLoopback(server.timePort);
            CPPUNIT_ASSERT(fd >= 0);
            idle.push_back(fd);
        }
        // Others are served while those hang around.
        const auto result = run({timedBinary, "query", "-P", "time", "-w", "2", server.hostPort(server.timePort)});
        CPPUNIT_ASSERT_EQUAL(0, result.status);
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        for (int fd : idle) {
            char buffer[16];
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            CPPUNIT_ASSERT_EQUAL(ssize_t{4}, got);  // the answer came at once
            // Then the server closed its side: a read after the answer sees end of stream.
            CPPUNIT_ASSERT_EQUAL(ssize_t{0}, ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT));
            ::close(fd);
        }
        const auto summary = usr1Summary(server);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(summary, 50L, counter(summary, "timed out"));
    }

    void testConnectionCapEvictsTheOldestAnsweredConnection() {
        TimedServer server({"--max-connections", "5", "--tcp-timeout", "60"});
        std::vector<int> fds;
        for (int i = 0; i < 12; ++i) {
            const int fd = connectLoopback(server.daytimePort);
            CPPUNIT_ASSERT(fd >= 0);
            fds.push_back(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        for (int fd : fds) {
            char buffer[128];
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
            CPPUNIT_ASSERT_MESSAGE("every client got its daytime line", got > 20);
            ::close(fd);
        }
        const auto summary = usr1Summary(server);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(summary, 7L, counter(summary, "evicted"));
    }

    void testFloodFromOneSourceIsRateLimitedOthersServed() {
        TimedServer server({"--rate-limit", "10"});
        const int flood = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in target{};
        target.sin_family = AF_INET;
        target.sin_port = htons(server.timePort);
        target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (int i = 0; i < 5000; ++i) ::sendto(flood, "", 0, 0, reinterpret_cast<sockaddr*>(&target), sizeof target);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        int replies = 0;
        char buffer[16];
        while (::recv(flood, buffer, sizeof buffer, MSG_DONTWAIT) >= 0) ++replies;
        ::close(flood);
        // Burst of 20 plus what refills while the flood runs.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(replies) + " replies", replies >= 20 && replies <= 40);
        // Another source is answered at once.
        const int other = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in source{};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = inet_addr("127.0.0.2");
        CPPUNIT_ASSERT_EQUAL(0, ::bind(other, reinterpret_cast<sockaddr*>(&source), sizeof source));
        ::sendto(other, "", 0, 0, reinterpret_cast<sockaddr*>(&target), sizeof target);
        pollfd p{other, POLLIN, 0};
        CPPUNIT_ASSERT_EQUAL(1, ::poll(&p, 1, 1000));
        CPPUNIT_ASSERT_EQUAL(ssize_t{4}, ::recv(other, buffer, sizeof buffer, 0));
        ::close(other);
        const auto summary = usr1Summary(server);
        // Much of the flood overflows the socket buffer before the server
        // sees it (on a loaded machine most: 725 of 5000 seen once in CI);
        // of what it saw, all but the burst was refused.
        CPPUNIT_ASSERT_MESSAGE(summary, counter(summary, "rate-limited") >= 200);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(summary, long(replies + 1), counter(summary, "time/udp"));
#ifndef WIREKIT_SANITIZED
        // A flood costs no memory: the limiter's table is fixed.
        CPPUNIT_ASSERT(statusKiB(server.process().pid(), "VmHWM") < 8 * 1024);
#endif
    }

    void testDropsToNobodyAfterBinding() {
        if (!requirePrerequisite(geteuid() == 0, "root (to test the privilege drop)")) return;
        TimedServer server;
        CPPUNIT_ASSERT(server.process().waitForError("running as nobody", 5));
        const passwd* nobody = getpwnam("nobody");
        const std::string uids = statusField(server.process().pid(), "Uid");
        const std::string expected = std::to_string(nobody->pw_uid);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            uids, std::string("\t" + expected + "\t" + expected + "\t" + expected + "\t" + expected), uids);
        CPPUNIT_ASSERT_EQUAL(std::string("\t0000000000000000"), statusField(server.process().pid(), "CapEff"));
        CPPUNIT_ASSERT_EQUAL(0, run({timedBinary, "query", "-w", "2", server.hostPort(server.sntpPort)}).status);
    }

    void testUnknownUserIsFatal() {
        if (!requirePrerequisite(geteuid() == 0, "root (to test the privilege drop)")) return;
        const auto result = run({timedBinary, "serve", "--bind", "127.0.0.1", "--time-port", std::to_string(freePort()),
                                 "--daytime-port", "0", "--sntp-port", "0", "--user", "no-such-user-here"},
                                10);
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT(result.err.find("timed: cannot drop privileges: unknown user 'no-such-user-here'") !=
                       std::string::npos);
        // As a daemon the error goes to syslog, and the starting process still fails.
        const auto daemon =
            run({timedBinary, "serve", "--daemon", "--bind", "127.0.0.1", "--time-port", std::to_string(freePort()),
                 "--daytime-port", "0", "--sntp-port", "0", "--user", "no-such-user-here"},
                10);
        CPPUNIT_ASSERT_EQUAL(1, daemon.status);
        CPPUNIT_ASSERT_EQUAL(std::string("timed: the daemon exited during startup (see the system log)\n"), daemon.err);
    }

    void testRunsUnprivilegedOnHighPorts() {
        if (!requirePrerequisite(geteuid() == 0, "root (to start a process as nobody)")) return;
        const auto port = freePort();
        ProcessOptions asNobody;
        asNobody.runAsUser = "nobody";
        Process process({timedBinary, "serve", "--bind", "127.0.0.1", "--time-port", "0", "--daytime-port", "0",
                         "--sntp-port", std::to_string(port), "--local-stratum", "9"},
                        asNobody);
        CPPUNIT_ASSERT(process.waitForError("listening: sntp", 10));
        const auto result = run({timedBinary, "query", "-w", "2", "127.0.0.1:" + std::to_string(port)});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_EQUAL(0, process.stop());
        CPPUNIT_ASSERT(process.standardError().find("running as") == std::string::npos);
    }

    void testFileCapabilityServesALowPortWithoutRoot() {
        if (!requirePrerequisite(geteuid() == 0, "root (to set file capabilities)")) return;
        if (!requirePrerequisite(isExecutable("/usr/sbin/setcap"), "/usr/sbin/setcap (libcap2-bin)")) return;
        // Copies of both binaries, so `timed serve` finds the capable timed-serve beside it.
        const std::string directory = std::string(WIREKIT_BINARY_DIR) + "/captest-" + std::to_string(getpid());
        CPPUNIT_ASSERT_EQUAL(0, run({"mkdir", "-p", directory}).status);
        CPPUNIT_ASSERT_EQUAL(0, run({"cp", timedBinary, std::string(WIREKIT_TIMED_SERVE), directory}).status);
        const auto setcap = run({"/usr/sbin/setcap", "cap_net_bind_service+ep", directory + "/timed-serve"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(setcap.err, 0, setcap.status);
        unsigned short port = 0;  // a free port below 1024 on loopback
        for (unsigned short candidate = 990; candidate > 900 && port == 0; --candidate)
            if (!tcpExchange("127.0.0.1", candidate, 0.05)) port = candidate;
        ProcessOptions asNobody;
        asNobody.runAsUser = "nobody";
        Process process({directory + "/timed", "serve", "--bind", "127.0.0.1", "--time-port", std::to_string(port),
                         "--daytime-port", "0", "--sntp-port", "0"},
                        asNobody);
        const bool ready = process.waitForError("capabilities dropped", 10);
        const auto answer = tcpExchange("127.0.0.1", port);
        const std::string capabilities = statusField(process.pid(), "CapEff");
        process.stop();
        run({"rm", "-rf", directory});
        CPPUNIT_ASSERT_MESSAGE(process.standardError(), ready);
        CPPUNIT_ASSERT(answer && answer->size() == 4);
        CPPUNIT_ASSERT_EQUAL(std::string("\t0000000000000000"), capabilities);
    }

    void testBusyPortIsReportedWithAddress() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(fd, 1);
        socklen_t length = sizeof address;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
        const std::string port = std::to_string(ntohs(address.sin_port));
        const auto result = run({timedBinary, "serve", "--bind", "127.0.0.1", "--time-port", port, "--daytime-port",
                                 "0", "--sntp-port", "0"},
                                10);
        ::close(fd);
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT_EQUAL(std::string("timed: 127.0.0.1:" + port + "/tcp: address already in use\n"), result.err);
    }

    void testDaemonWritesPidFileAndRefusesSecondInstance() {
        TempDir dir;
        const std::string pidFile = dir.path() + "/timed.pid";
        const auto port = freePort();
        const std::vector<std::string> argv = {
            timedBinary, "serve",       "--daemon",           "--pidfile",      pidFile, "--bind",
            "127.0.0.1", "--time-port", std::to_string(port), "--daytime-port", "0",     "--sntp-port",
            "0"};
        const auto started = run(argv, 10);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(started.err, 0, started.status);
        const pid_t daemon = static_cast<pid_t>(std::strtol(readFile(pidFile).c_str(), nullptr, 10));
        CPPUNIT_ASSERT(daemon > 1);
        CPPUNIT_ASSERT_EQUAL(0, ::kill(daemon, 0));
        const auto answer = tcpExchange("127.0.0.1", port);
        CPPUNIT_ASSERT(answer.has_value());
        CPPUNIT_ASSERT_EQUAL(size_t{4}, answer->size());
        const auto second = run({timedBinary, "serve", "--pidfile", pidFile, "--bind", "127.0.0.1", "--time-port",
                                 std::to_string(freePort()), "--daytime-port", "0", "--sntp-port", "0"},
                                10);
        CPPUNIT_ASSERT_EQUAL(1, second.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("timed: " + pidFile + ": already running as pid " + std::to_string(daemon) + "\n"), second.err);
        ::kill(daemon, SIGTERM);
        for (int i = 0; i < 200 && ::kill(daemon, 0) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CPPUNIT_ASSERT(::kill(daemon, 0) != 0);
    }

    void testSigtermExitsCleanlyWithCounters() {
        TimedServer server;
        CPPUNIT_ASSERT_EQUAL(0, run({timedBinary, "query", "-w", "2", server.hostPort(server.sntpPort)}).status);
        CPPUNIT_ASSERT_EQUAL(0, server.process().stop());
        const auto err = server.process().standardError();
        CPPUNIT_ASSERT_MESSAGE(err,
                               err.find("timed: exiting: answered time/udp 0 time/tcp 0 daytime/udp 0 daytime/tcp 0 "
                                        "sntp/udp 1;") != std::string::npos);
    }

private:
    static bool adjtimexSynchronised();
};

bool ServerTest::adjtimexSynchronised() {
    timex tx{};
    const int state = adjtimex(&tx);
    return state != TIME_ERROR && (tx.status & STA_UNSYNC) == 0;
}

CPPUNIT_TEST_SUITE_REGISTRATION(ServerTest);
