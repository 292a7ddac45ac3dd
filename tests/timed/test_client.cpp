// `timed query` facing servers that lie, stall, mumble or refuse: a clear
// error within the timeout and a non-zero exit, never a hang or a bad time.
#include "prerequisite.h"
#include "scripted_server.h"
#include "support_timed.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

#include <unistd.h>

using namespace wirekit::test;

namespace {

/// A reply to an SNTP request: echoes its transmit time as origin, sets the
/// given first byte, stratum, reference id and server time (Unix seconds).
std::string craftSntpReply(const std::string& request, unsigned char firstByte, unsigned char stratum,
                           const char* refid, long long unixSeconds) {
    std::string reply(48, '\0');
    reply[0] = static_cast<char>(firstByte);
    reply[1] = static_cast<char>(stratum);
    std::memcpy(&reply[12], refid, 4);
    if (request.size() >= 48) reply.replace(24, 8, request.substr(40, 8));
    const auto wire =
        static_cast<unsigned long>(static_cast<unsigned long long>(unixSeconds + 2208988800LL) & 0xFFFFFFFFULL);
    for (int at : {32, 40}) {
        reply[at] = static_cast<char>(wire >> 24);
        reply[at + 1] = static_cast<char>(wire >> 16);
        reply[at + 2] = static_cast<char>(wire >> 8);
        reply[at + 3] = static_cast<char>(wire);
    }
    return reply;
}

std::string rfc868Bytes(long long unixSeconds) {
    const auto wire =
        static_cast<unsigned long>(static_cast<unsigned long long>(unixSeconds + 2208988800LL) & 0xFFFFFFFFULL);
    return {static_cast<char>(wire >> 24), static_cast<char>(wire >> 16), static_cast<char>(wire >> 8),
            static_cast<char>(wire)};
}

struct Timed {
    RunResult result;
    double seconds;
};

Timed query(const std::vector<std::string>& options) {
    std::vector<std::string> argv = {timedBinary, "query"};
    argv.insert(argv.end(), options.begin(), options.end());
    const auto start = std::chrono::steady_clock::now();
    Timed timed{run(argv, 20), 0};
    timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return timed;
}

std::string at(unsigned short port) { return "127.0.0.1:" + std::to_string(port); }

}  // namespace

class ClientTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClientTest);
    CPPUNIT_TEST(testSilentServerTimesOutWithinTheTimeout);
    CPPUNIT_TEST(testRetriesResendWithinTheTimeout);
    CPPUNIT_TEST(testGarbageDatagramIsReported);
    CPPUNIT_TEST(testKissOfDeathIsRefused);
    CPPUNIT_TEST(testUnsynchronisedServerIsRefused);
    CPPUNIT_TEST(testForgedReplyWithWrongOriginIsIgnored);
    CPPUNIT_TEST(testShortTcpReadIsReported);
    CPPUNIT_TEST(testOverlongTimeReplyIsReported);
    CPPUNIT_TEST(testStalledTcpServerTimesOut);
    CPPUNIT_TEST(testUnreadableDaytimeIsReported);
    CPPUNIT_TEST(testZeroTimeIsRefused);
    CPPUNIT_TEST(testConnectionRefusedIsNamed);
    CPPUNIT_TEST(testBestOfSeveralIsChosenAndFailuresReported);
    CPPUNIT_TEST(testTimesAfter2036AreDecodedInTheRightEra);
    CPPUNIT_TEST(testSetRefusesAnOffsetAboveMaxOffset);
    CPPUNIT_TEST(testSetWithoutPrivilegeFailsClearly);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSilentServerTimesOutWithinTheTimeout() {
        ScriptedUdpServer silent([](const std::string&) { return std::nullopt; });
        const auto t = query({"-w", "1", at(silent.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(silent.port()) + ": no answer within 1 s\n", t.result.err);
        CPPUNIT_ASSERT_EQUAL(std::string(), t.result.out);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(t.seconds), t.seconds >= 0.9 && t.seconds < 1.8);
    }

    void testRetriesResendWithinTheTimeout() {
        int seen = 0;
        // Answers only the third try.
        ScriptedUdpServer lossy([&seen](const std::string& request) -> std::optional<std::string> {
            if (++seen < 3) return std::nullopt;
            return craftSntpReply(request, 0x24, 2, "GPS\0", static_cast<long long>(time(nullptr)));
        });
        const auto t = query({"-w", "1.5", "-r", "2", at(lossy.port())});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(t.result.err, 0, t.result.status);
        CPPUNIT_ASSERT_EQUAL(3, lossy.requests());
        const auto none = query({"-w", "1", "-r", "0", at(lossy.port())});
        CPPUNIT_ASSERT_EQUAL(0, none.result.status);  // the 4th request is answered at once
    }

    void testGarbageDatagramIsReported() {
        ScriptedUdpServer garbage([](const std::string&) { return std::string("\x01\x02garbage!!"); });
        const auto t = query({"-w", "1", at(garbage.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(garbage.port()) + ": short reply (11 bytes, SNTP needs 48)\n",
                             t.result.err);
        CPPUNIT_ASSERT(t.seconds < 1.8);
    }

    void testKissOfDeathIsRefused() {
        ScriptedUdpServer kod([](const std::string& request) {
            return std::optional<std::string>(craftSntpReply(request, 0xE4, 0, "RATE", time(nullptr)));
        });
        const auto t = query({"-w", "2", at(kod.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(kod.port()) + ": server sent kiss-of-death RATE\n", t.result.err);
        CPPUNIT_ASSERT_MESSAGE("a kiss-of-death is final: no waiting", t.seconds < 1.0);
        CPPUNIT_ASSERT_EQUAL(1, kod.requests());
    }

    void testUnsynchronisedServerIsRefused() {
        ScriptedUdpServer unsynced([](const std::string& request) {
            return std::optional<std::string>(craftSntpReply(request, 0xE4, 3, "XFAC", time(nullptr)));
        });
        const auto t = query({"-w", "2", "--json", at(unsynced.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT(t.result.err.find("server clock is not synchronised") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL("{\"server\":\"" + at(unsynced.port()) +
                                 "\",\"protocol\":\"sntp\",\"transport\":\"udp\",\"error\":\"server clock is not "
                                 "synchronised (leap 3, stratum 3)\"}\n",
                             t.result.out);
    }

    void testForgedReplyWithWrongOriginIsIgnored() {
        ScriptedUdpServer forger([](const std::string&) {
            return std::optional<std::string>(craftSntpReply(sntpRequest(), 0x24, 1, "GPS\0", 0));
        });
        const auto t = query({"-w", "1", at(forger.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT(t.result.err.find("origin mismatch") != std::string::npos);
    }

    void testShortTcpReadIsReported() {
        ScriptedTcpServer shortReply(std::string("\xE9\x01", 2), 0);
        const auto t = query({"-P", "time", "-w", "2", at(shortReply.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(shortReply.port()) + ": reply of 2 bytes, RFC 868 sends 4\n", t.result.err);
    }

    void testOverlongTimeReplyIsReported() {
        ScriptedTcpServer longReply(rfc868Bytes(time(nullptr)) + "more", 0);
        const auto t = query({"-P", "time", "-w", "2", at(longReply.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT(t.result.err.find("reply of 8 bytes") != std::string::npos);
    }

    void testStalledTcpServerTimesOut() {
        ScriptedTcpServer stall("", 10);
        const auto t = query({"-P", "daytime", "-w", "1", at(stall.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(stall.port()) + ": no answer within 1 s\n", t.result.err);
        CPPUNIT_ASSERT(t.seconds < 1.8);
    }

    void testUnreadableDaytimeIsReported() {
        ScriptedTcpServer babble("It is about teatime\r\n", 0);
        const auto t = query({"-P", "daytime", "-w", "2", at(babble.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(babble.port()) + ": unreadable daytime reply 'It is about teatime'\n",
                             t.result.err);
    }

    void testZeroTimeIsRefused() {
        ScriptedUdpServer zero([](const std::string&) { return std::optional<std::string>(std::string(4, '\0')); });
        const auto t = query({"-P", "time", "-u", "-w", "1", at(zero.port())});
        CPPUNIT_ASSERT_EQUAL(1, t.result.status);
        CPPUNIT_ASSERT(t.result.err.find("server sent time zero") != std::string::npos);
    }

    void testConnectionRefusedIsNamed() {
        const auto port = freePort();
        const auto tcp = query({"-P", "time", "-w", "2", at(port)});
        CPPUNIT_ASSERT_EQUAL(1, tcp.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(port) + ": connection refused\n", tcp.result.err);
        const auto udp = query({"-w", "2", at(port)});
        CPPUNIT_ASSERT_EQUAL(1, udp.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(port) + ": connection refused\n", udp.result.err);
        CPPUNIT_ASSERT(udp.seconds < 1.0);
    }

    void testBestOfSeveralIsChosenAndFailuresReported() {
        TimedServer good;
        ScriptedUdpServer silent([](const std::string&) { return std::nullopt; });
        const auto t = query({"-w", "1", "--json", at(silent.port()), good.hostPort(good.sntpPort)});
        CPPUNIT_ASSERT_EQUAL(0, t.result.status);
        CPPUNIT_ASSERT_EQUAL("timed: " + at(silent.port()) + ": no answer within 1 s\n", t.result.err);
        const auto newline = t.result.out.find('\n');
        const std::string first = t.result.out.substr(0, newline), second = t.result.out.substr(newline + 1);
        CPPUNIT_ASSERT(first.find("\"error\":\"no answer within 1 s\"") != std::string::npos);
        CPPUNIT_ASSERT(second.find("\"best\":true") != std::string::npos);
        // The text report names the best when more than one answered.
        const auto text = query({"-w", "1", good.hostPort(good.sntpPort), good.hostPort(good.sntpPort)});
        CPPUNIT_ASSERT(text.result.out.find("best: " + good.hostPort(good.sntpPort) + " (lowest delay)\n") !=
                       std::string::npos);
    }

    void testTimesAfter2036AreDecodedInTheRightEra() {
        const long long in2040 = 2208988800LL + 0;  // 2040-01-01T00:00:00Z is unix 2208988800
        ScriptedUdpServer sntp([in2040](const std::string& request) {
            return std::optional<std::string>(craftSntpReply(request, 0x24, 2, "GPS\0", in2040));
        });
        const auto t = query({"-w", "2", "--json", at(sntp.port())});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(t.result.err, 0, t.result.status);
        CPPUNIT_ASSERT_MESSAGE(t.result.out, t.result.out.find("\"time\":\"2040-01-01T00:00:00") != std::string::npos);
        const auto offset = jsonNumber(t.result.out, "offset");
        CPPUNIT_ASSERT(offset && std::fabs(*offset - static_cast<double>(in2040 - time(nullptr))) < 2);

        ScriptedTcpServer rfc868(rfc868Bytes(in2040), 0);
        const auto r = query({"-P", "time", "-w", "2", "--json", at(rfc868.port())});
        CPPUNIT_ASSERT_EQUAL(0, r.result.status);
        CPPUNIT_ASSERT_MESSAGE(r.result.out, r.result.out.find("\"time\":\"2040-01-01T00:00:00") != std::string::npos);
    }

    void testSetRefusesAnOffsetAboveMaxOffset() {
        ScriptedUdpServer farOff([](const std::string& request) {
            return std::optional<std::string>(craftSntpReply(request, 0x24, 2, "GPS\0", time(nullptr) + 3600));
        });
        ProcessOptions asNobody;
        if (geteuid() == 0) asNobody.runAsUser = "nobody";  // so no bug here can touch the clock
        const auto result = run({timedBinary, "query", "-s", "-m", "600", "-w", "2", at(farOff.port())}, 10, asNobody);
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("timed: not setting the clock: offset +3") == 0);
        CPPUNIT_ASSERT(result.err.find("is larger than --max-offset 600s (use --force to set it anyway)") !=
                       std::string::npos);
    }

    void testSetWithoutPrivilegeFailsClearly() {
        if (!requirePrerequisite(geteuid() == 0, "root (to run the client as nobody)")) return;
        TimedServer good;
        ProcessOptions asNobody;
        asNobody.runAsUser = "nobody";
        const auto result = run({timedBinary, "query", "-s", "-w", "2", good.hostPort(good.sntpPort)}, 10, asNobody);
        CPPUNIT_ASSERT_EQUAL(1, result.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, std::string("timed: cannot slew the clock: operation not permitted\n"),
                                     result.err);
        // The report still comes first, on stdout.
        CPPUNIT_ASSERT(result.out.find("sntp/udp") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClientTest);
