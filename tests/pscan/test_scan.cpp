// pscan against the truth: a target namespace with a known set of open
// ports across a veth pair, a silent address, and loopback listeners.
#include "netns.h"
#include "prerequisite.h"
#include "process.h"
#include "scripted_server.h"

#include <cppunit/extensions/HelperMacros.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <set>
#include <sstream>
#include <vector>

using namespace wirekit::test;

namespace {

const std::string pscan = WIREKIT_PSCAN;

/// The ports a JSON Lines report gives each state.
struct Found {
    std::set<unsigned> open, closed, filtered;
    std::set<std::string> reasons;
    std::size_t lines = 0;
};

Found parse(const std::string& jsonLines) {
    Found found;
    std::istringstream in(jsonLines);
    std::string line;
    while (std::getline(in, line)) {
        ++found.lines;
        const auto portAt = line.find("\"port\":");
        const unsigned port = static_cast<unsigned>(std::stoul(line.substr(portAt + 7)));
        if (line.find("\"state\":\"open\"") != std::string::npos) found.open.insert(port);
        if (line.find("\"state\":\"closed\"") != std::string::npos) found.closed.insert(port);
        if (line.find("\"state\":\"filtered\"") != std::string::npos) found.filtered.insert(port);
        const auto reasonAt = line.find("\"reason\":\"") + 10;
        found.reasons.insert(line.substr(reasonAt, line.find('"', reasonAt) - reasonAt));
    }
    return found;
}

}  // namespace

class ScanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ScanTest);
    CPPUNIT_TEST(testConnectScanOfAllPortsFindsExactlyTheOpenOnes);
    CPPUNIT_TEST(testSynScanOfAllPortsFindsExactlyTheOpenOnes);
    CPPUNIT_TEST(testSynScanSilentHostIsFiltered);
    CPPUNIT_TEST(testSynScanKeepsToItsRate);
    CPPUNIT_TEST(testDroppedPortIsFilteredBothWays);
    CPPUNIT_TEST(testSynScanUnderLossFindsTheOpenPorts);
    CPPUNIT_TEST(testSynScanFindsAPortThatAnswersOnlyTheLastRetry);
    CPPUNIT_TEST(testInterruptedScanResumesToTheWholeResult);
    CPPUNIT_TEST(testSynScanDropsPrivilegesAndReportsTtl);
    CPPUNIT_TEST(testSynScanWithFileCapabilitiesInsteadOfRoot);
    CPPUNIT_TEST(testLoopbackAllPortsHasNoSelfConnects);
    CPPUNIT_TEST(testIpv6ConnectScan);
    CPPUNIT_TEST(testIpv6SynScan);
    CPPUNIT_TEST(testIcmpUnreachableIsFilteredWithItsReason);
    CPPUNIT_TEST(testOneSynScanOverSeveralInterfacesAndBothFamilies);
    CPPUNIT_TEST(testUdpScanStates);
    CPPUNIT_TEST(testSilentHostIsFiltered);
    CPPUNIT_TEST(testShardsTogetherEqualTheWhole);
    CPPUNIT_TEST(testNdiffFindsNoDifferenceFromNmap);
    CPPUNIT_TEST(testLoopbackReportText);
    CPPUNIT_TEST(testBannerOfAnOpenPort);
    CPPUNIT_TEST_SUITE_END();

public:
    void testConnectScanOfAllPortsFindsExactlyTheOpenOnes() { allPortsFindExactlyTheOpenOnes("-sT", "conn-refused"); }
    void testSynScanOfAllPortsFindsExactlyTheOpenOnes() { allPortsFindExactlyTheOpenOnes("-sS", "reset"); }

    void allPortsFindExactlyTheOpenOnes(const std::string& scanType, const std::string& closedReason) {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({1, 22, 8080, 65535});
        const auto result = run(
            net.inNamespace(net.scanner, {pscan, scanType, "-p-", "--json", "--all", "-q", NetnsPair::targetAddress}),
            120);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT((found.open == std::set<unsigned>{1, 22, 8080, 65535}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{65531}, found.closed.size());
        CPPUNIT_ASSERT(found.filtered.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t{65535}, found.lines);
        CPPUNIT_ASSERT((found.reasons == std::set<std::string>{"syn-ack", closedReason}));
    }

    void testSynScanKeepsToItsRate() {
        // Probes go out in batches, but a rate-limited one leaves when its
        // token comes, not when a batch fills: the scan takes as long as the
        // rate says, and the round trips (measured from when each probe was
        // built) stay those of the link.
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({22});
        const auto started = std::chrono::steady_clock::now();
        const auto result = run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "1-1500", "--rate", "1000", "--json",
                                                              "--all", "-q", NetnsPair::targetAddress}),
                                60);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1500}, found.lines);
        CPPUNIT_ASSERT((found.open == std::set<unsigned>{22}));
        // 1,500 probes at 1,000 a second, less the bucket's first 10.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(elapsed.count()), elapsed.count() >= 1.45);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(elapsed.count()), elapsed.count() < 10);
        std::vector<double> rtts;
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) {
            const auto at = line.find("\"rtt\":");
            if (at != std::string::npos) rtts.push_back(std::stod(line.substr(at + 6)));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{1500}, rtts.size());
        std::nth_element(rtts.begin(), rtts.begin() + rtts.size() / 2, rtts.end());
        // Waiting in a batch of 64 at this rate would add 32 ms on average.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(rtts[rtts.size() / 2]), rtts[rtts.size() / 2] < 0.016);
    }

    void testLoopbackAllPortsHasNoSelfConnects() {
        // On loopback the kernel sometimes picks the target port as the source
        // port, and the socket connects to itself: that is not an open port.
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({37, 65535});
        for (int run_ = 0; run_ < 2; ++run_) {
            const auto result = run(net.inNamespace(net.target, {pscan, "-p-", "--json", "-q", "127.0.0.1"}), 120);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
            const auto found = parse(result.out);
            CPPUNIT_ASSERT_MESSAGE(result.out, (found.open == std::set<unsigned>{37, 65535}));
        }
    }

    void testUdpScanStates() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        // Linux allows one ICMP error a second per peer after a burst of six;
        // in this private namespace let every closed port say so at once.
        CPPUNIT_ASSERT_EQUAL(0,
                             run(net.inNamespace(net.target, {"sysctl", "-qw", "net.ipv4.icmp_ratelimit=0"})).status);
        // timed answers RFC 868 on UDP 37 (any datagram) and listens for SNTP on
        // 161, where the SNMP probe is no NTP request: it stays silent.
        Process server(net.inNamespace(
            net.target, {WIREKIT_TIMED, "serve", "--bind", NetnsPair::targetAddress, "--time-port", "37",
                         "--daytime-port", "0", "--sntp-port", "161", "--local-stratum", "10", "--rate-limit", "0"}));
        CPPUNIT_ASSERT(server.waitForError("running as", 10));
        const auto result = run(net.inNamespace(net.scanner, {pscan, "-sU", "-p", "30-40,161", "--timeout", "0.5",
                                                              "--json", "--all", NetnsPair::targetAddress}),
                                60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_MESSAGE(result.out, (found.open == std::set<unsigned>{37}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{10}, found.closed.size());
        CPPUNIT_ASSERT(result.out.find("\"port\":161,\"proto\":\"udp\",\"state\":\"open|filtered\","
                                       "\"reason\":\"no-response\"") != std::string::npos);
        CPPUNIT_ASSERT(
            result.out.find("\"port\":37,\"proto\":\"udp\",\"state\":\"open\",\"reason\":\"udp-response\"") !=
            std::string::npos);
        CPPUNIT_ASSERT(result.out.find("\"reason\":\"port-unreach\"") != std::string::npos);
    }

    void testOneSynScanOverSeveralInterfacesAndBothFamilies() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({22});
        // Loopback (lo), the target over IPv4 and over IPv6 (the veth): three paths, one scan.
        const auto result =
            run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "20-25", "--json", "--all", "127.0.0.1",
                                              NetnsPair::targetAddress, NetnsPair::targetAddress6}),
                60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.out, std::size_t{18}, found.lines);
        CPPUNIT_ASSERT((found.reasons == std::set<std::string>{"syn-ack", "reset"}));
        for (const std::string address : {NetnsPair::targetAddress, NetnsPair::targetAddress6})
            CPPUNIT_ASSERT_MESSAGE(
                address, result.out.find("{\"addr\":\"" + address +
                                         "\",\"port\":22,\"proto\":\"tcp\",\"state\":\"open\"") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find("{\"addr\":\"127.0.0.1\",\"port\":22,\"proto\":\"tcp\",\"state\":\"closed\"") !=
                       std::string::npos);
    }

    void testIcmpUnreachableIsFilteredWithItsReason() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable(nftBinary()), nftBinary() + " (make deps)")) return;
        NetnsPair net;
        net.listenInTarget({22});
        net.rejectInTarget(25, "admin-prohibited");
        net.rejectInTarget(26, "port-unreachable");
        for (const char* target : {NetnsPair::targetAddress, NetnsPair::targetAddress6}) {
            const auto result = run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "20-30", "--json", "--all",
                                                                  "--retries", "0", target}),
                                    60);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
            const auto found = parse(result.out);
            CPPUNIT_ASSERT_MESSAGE(result.out, (found.open == std::set<unsigned>{22}));
            CPPUNIT_ASSERT_MESSAGE(result.out, (found.filtered == std::set<unsigned>{25, 26}));
            CPPUNIT_ASSERT_EQUAL(std::size_t{8}, found.closed.size());
            CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find("\"port\":25,\"proto\":\"tcp\",\"state\":\"filtered\","
                                                               "\"reason\":\"admin-prohibited\"") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find("\"port\":26,\"proto\":\"tcp\",\"state\":\"filtered\","
                                                               "\"reason\":\"port-unreach\"") != std::string::npos);
        }
    }

    void testIpv6SynScan() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({22, 443, 65535});
        const auto result =
            run(net.inNamespace(net.scanner, {pscan, "-sS", "-p-", "--json", "--all", "-q", NetnsPair::targetAddress6}),
                120);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_MESSAGE(result.out.substr(0, 500), (found.open == std::set<unsigned>{22, 443, 65535}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{65532}, found.closed.size());
        CPPUNIT_ASSERT((found.reasons == std::set<std::string>{"syn-ack", "reset"}));
        CPPUNIT_ASSERT(result.out.find("\"addr\":\"fd00:5718::2\"") != std::string::npos);
    }

    void testIpv6ConnectScan() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({22, 443});
        const auto result = run(
            net.inNamespace(net.scanner, {pscan, "-sT", "-p", "20-25,443", "--json", NetnsPair::targetAddress6}), 60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_MESSAGE(result.out + result.err, (found.open == std::set<unsigned>{22, 443}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, found.lines);  // without --all, only the open ones
        CPPUNIT_ASSERT(result.out.find("\"addr\":\"fd00:5718::2\"") != std::string::npos);
    }

    void testSilentHostIsFiltered() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        const auto result = run(net.inNamespace(net.scanner, {pscan, "-p", "1-20", "--timeout", "0.3", "--retries", "1",
                                                              "--json", "--all", NetnsPair::silentAddress}),
                                60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_EQUAL(std::size_t{20}, found.filtered.size());
        CPPUNIT_ASSERT((found.reasons == std::set<std::string>{"no-response"}));
    }

    void testSynScanSilentHostIsFiltered() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        const auto result = run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "1-50", "--timeout", "0.3", "--json",
                                                              "--all", NetnsPair::silentAddress}),
                                60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_EQUAL(std::size_t{50}, found.filtered.size());
        CPPUNIT_ASSERT((found.reasons == std::set<std::string>{"no-response"}));
    }

    void testDroppedPortIsFilteredBothWays() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable(nftBinary()), nftBinary() + " (make deps)")) return;
        NetnsPair net;
        net.listenInTarget({22, 81});
        net.dropInTarget(81);  // open behind a firewall that drops: filtered
        for (const std::string type : {"-sS", "-sT"}) {
            const auto result = run(net.inNamespace(net.scanner, {pscan, type, "-p", "20-90", "--timeout", "0.3",
                                                                  "--json", "--all", NetnsPair::targetAddress}),
                                    60);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type + result.err, 0, result.status);
            const auto found = parse(result.out);
            CPPUNIT_ASSERT_MESSAGE(type, (found.open == std::set<unsigned>{22}));
            CPPUNIT_ASSERT_MESSAGE(type, (found.filtered == std::set<unsigned>{81}));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, std::size_t{69}, found.closed.size());
        }
    }

    void testSynScanUnderLossFindsTheOpenPorts() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable(nftBinary()), nftBinary() + " (make deps)")) return;
        NetnsPair net;
        net.listenInTarget({1, 22, 8080, 65535});
        net.lossInTarget(3);
        const auto result =
            run(net.inNamespace(net.scanner, {pscan, "-sS", "-p-", "--json", "-q", NetnsPair::targetAddress}), 120);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.out, (parse(result.out).open == std::set<unsigned>{1, 22, 8080, 65535}));
    }

    void testSynScanFindsAPortThatAnswersOnlyTheLastRetry() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable(nftBinary()), nftBinary() + " (make deps)")) return;
        NetnsPair net;
        net.listenInTarget({22});
        net.dropSynAcksInTarget(22, 2);  // the first two answers are lost, the third gets out
        // The closed ports answer at once, so the passes follow each other
        // faster than the target's own SYN-ACK retransmission (1 s).
        const auto result = run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "20-30", "--json", "--all",
                                                              "--retries", "2", NetnsPair::targetAddress}),
                                60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        const auto found = parse(result.out);
        CPPUNIT_ASSERT_MESSAGE(result.out, (found.open == std::set<unsigned>{22}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{10}, found.closed.size());
    }

    void testInterruptedScanResumesToTheWholeResult() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({1, 22, 8080, 65535});
        for (const std::string type : {"-sS", "-sT"}) {
            TempDir dir;
            ProcessOptions inDir;
            inDir.workingDirectory = dir.path();
            // Slow enough to be caught halfway.
            Process first(net.inNamespace(net.scanner, {pscan, type, "-p-", "--rate", "20000", "--json", "--all",
                                                        NetnsPair::targetAddress}),
                          inDir);
            ::usleep(1200 * 1000);
            first.signal(SIGINT);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(first.standardError(), 1, first.wait(30));
            CPPUNIT_ASSERT_MESSAGE(first.standardError(),
                                   first.standardError().find(
                                       "probes sent; continue with: pscan --resume pscan.resume") != std::string::npos);
            const std::string saved = readFile(dir.path() + "/pscan.resume");
            CPPUNIT_ASSERT(saved.find("\nseed ") != std::string::npos);
            const auto second = run(net.inNamespace(net.scanner, {pscan, "--resume", "pscan.resume"}), 120, inDir);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type + second.err, 0, second.status);
            // Together the two runs report every port once, and the truth.
            const auto found = parse(first.standardOutput() + second.out);
            CPPUNIT_ASSERT_MESSAGE(type, first.standardOutput().size() > 1000 && second.out.size() > 1000);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, std::size_t{65535}, found.lines);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, std::size_t{65535},
                                         found.open.size() + found.closed.size() + found.filtered.size());
            CPPUNIT_ASSERT_MESSAGE(type, (found.open == std::set<unsigned>{1, 22, 8080, 65535}));
            // A finished resume spends its file.
            CPPUNIT_ASSERT(::access((dir.path() + "/pscan.resume").c_str(), F_OK) != 0);
        }
    }

    void testSynScanDropsPrivilegesAndReportsTtl() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({22});
        // Without -s the SYN scan is chosen for a privileged process and an IPv4 target.
        const auto result =
            run(net.inNamespace(net.scanner, {pscan, "-v", "-p", "20-25", "--json", NetnsPair::targetAddress}), 60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT(result.err.find("pscan: SYN scan of 1 address x 6 ports") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find("\"port\":22,\"proto\":\"tcp\",\"state\":\"open\",\"reason\":\"syn-ack\","
                                       "\"ttl\":64,") != std::string::npos);
        // An unknown user to drop to is fatal, before any probe leaves.
        const auto bad = run(net.inNamespace(net.scanner, {pscan, "-sS", "--user", "no-such-user-here", "-p", "22",
                                                           NetnsPair::targetAddress}),
                             30);
        CPPUNIT_ASSERT_EQUAL(1, bad.status);
        CPPUNIT_ASSERT_EQUAL(std::string("pscan: cannot drop privileges: unknown user 'no-such-user-here'\n"), bad.err);
    }

    void testSynScanWithFileCapabilitiesInsteadOfRoot() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable("/usr/sbin/setcap"), "/usr/sbin/setcap (libcap2-bin)")) return;
        if (!requirePrerequisite(isExecutable("/usr/bin/setpriv"), "/usr/bin/setpriv (util-linux)")) return;
        NetnsPair net;
        net.listenInTarget({22});
        const std::string copy = std::string(WIREKIT_BINARY_DIR) + "/pscan-caps-" + std::to_string(getpid());
        CPPUNIT_ASSERT_EQUAL(0, run({"cp", pscan, copy}).status);
        CPPUNIT_ASSERT_EQUAL(0, run({"/usr/sbin/setcap", "cap_net_raw,cap_net_admin+ep", copy}).status);
        // As nobody, the binary's file capabilities are all it has.
        const auto result =
            run(net.inNamespace(net.scanner, {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                              copy, "-v", "-p", "20-25", "--json", NetnsPair::targetAddress}),
                60);
        ::unlink(copy.c_str());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("pscan: SYN scan of 1 address") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, parse(result.out).open.size());
    }

    void testShardsTogetherEqualTheWhole() {
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        NetnsPair net;
        net.listenInTarget({7, 77, 777, 7777});
        std::set<unsigned> open;
        std::size_t lines = 0;
        for (const char* shard : {"1/3", "2/3", "3/3"}) {
            const auto result = run(net.inNamespace(net.scanner, {pscan, "-p", "1-10000", "--seed", "12345", "--shard",
                                                                  shard, "--json", "--all", NetnsPair::targetAddress}),
                                    60);
            CPPUNIT_ASSERT_EQUAL(0, result.status);
            const auto found = parse(result.out);
            open.insert(found.open.begin(), found.open.end());
            lines += found.lines;
        }
        CPPUNIT_ASSERT((open == std::set<unsigned>{7, 77, 777, 7777}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{10000}, lines);  // disjoint and complete
    }

    void testNdiffFindsNoDifferenceFromNmap() {
        // Tools that read nmap's XML read ours: ndiff compares an nmap scan
        // and a pscan scan of the same host and finds nothing to report.
        const std::string peers = WIREKIT_PEERS_DIR;
        const std::string nmap = peers + "/usr/bin/nmap", ndiff = peers + "/usr/bin/ndiff";
        if (!requirePrerequisite(canCreateNamespaces(), "root and network namespaces")) return;
        if (!requirePrerequisite(isExecutable(nmap) && isExecutable(ndiff), nmap + " and " + ndiff + " (make deps)"))
            return;
        NetnsPair net;
        net.listenInTarget({22, 80, 443});
        TempDir dir;
        const auto theirs =
            run(net.inNamespace(net.scanner, {nmap, "--datadir", peers + "/usr/share/nmap", "-sS", "-p", "1-1024", "-n",
                                              "-Pn", "-oX", dir.path() + "/nmap.xml", NetnsPair::targetAddress}),
                120);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(theirs.err, 0, theirs.status);
        const auto ours = run(net.inNamespace(net.scanner, {pscan, "-sS", "-p", "1-1024", "-q", "-oX",
                                                            dir.path() + "/pscan.xml", NetnsPair::targetAddress}),
                              60);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(ours.err, 0, ours.status);
        ProcessOptions python;
        python.extraEnv = {"PYTHONPATH=" + peers + "/usr/lib/python3/dist-packages"};
        const auto diff =
            run({"/usr/bin/python3", ndiff, dir.path() + "/nmap.xml", dir.path() + "/pscan.xml"}, 60, python);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(diff.out + diff.err, 0, diff.status);
        CPPUNIT_ASSERT_MESSAGE(diff.out, diff.out.find("open") == std::string::npos);  // no port lines differ
    }

    void testLoopbackReportText() {
        // Listeners in this process, on ephemeral ports of 127.0.0.1.
        std::vector<int> listeners;
        std::set<unsigned> ports;
        for (int i = 0; i < 3; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
            ::listen(fd, 16);
            socklen_t length = sizeof address;
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
            listeners.push_back(fd);
            ports.insert(ntohs(address.sin_port));
        }
        std::string spec;
        for (unsigned port : ports) spec += std::to_string(port) + "," + std::to_string(port + 1) + ",";
        spec.pop_back();
        const auto result = run({pscan, "-p", spec, "127.0.0.1"}, 30);
        for (int fd : listeners) ::close(fd);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT(result.out.rfind("pscan report for 127.0.0.1\nNot shown: ", 0) == 0);
        for (unsigned port : ports)
            CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find(std::to_string(port) + "/tcp") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find("pscan done: 1 address, ") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(), result.err);  // no progress line when stderr is not a terminal
    }

    void testBannerOfAnOpenPort() {
        // A scripted service that greets, and a listener that says nothing.
        ScriptedTcpServer greeter("SSH-2.0-wirekit_test\r\n", 5);
        ScriptedTcpServer silent("", 5);
        const std::string ports = std::to_string(greeter.port()) + "," + std::to_string(silent.port());
        const auto result = run({pscan, "--banner", "--timeout", "0.5", "-p", ports, "--json", "127.0.0.1"}, 30);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.status);
        CPPUNIT_ASSERT_MESSAGE(result.out,
                               result.out.find("\"port\":" + std::to_string(greeter.port()) +
                                               ",\"proto\":\"tcp\",\"state\":\"open\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.out,
                               result.out.find("\"banner\":\"SSH-2.0-wirekit_test\"}") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.out, result.out.find("\"banner\":null}") != std::string::npos);
        const auto refused = run({pscan, "-sS", "--banner", "127.0.0.1"});
        CPPUNIT_ASSERT_EQUAL(2, refused.status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ScanTest);
