// SYN cookies and reply parsing over byte buffers: what proves a reply ours,
// and every malformed frame refused.
#include "packet_parse.h"
#include "syn_cookie.h"

#include <cppunit/extensions/HelperMacros.h>

#include <netinet/in.h>

#include <random>
#include <set>
#include <vector>

using namespace wirekit::pscan;

namespace {

const std::array<std::uint8_t, 16> key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

FlowKey flow(std::uint8_t lastOctet, std::uint16_t port) {
    FlowKey f;
    f.source = {198, 18, 0, 1};
    f.target = {198, 18, 0, lastOctet};
    f.targetPort = port;
    return f;
}

void put16(std::vector<std::uint8_t>& b, std::size_t at, unsigned v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
    put16(b, at, v >> 16);
    put16(b, at + 2, v & 0xFFFF);
}

/// An Ethernet frame carrying IPv4/TCP from target to us.
std::vector<std::uint8_t> tcpFrame(const FlowKey& f, std::uint16_t toPort, std::uint8_t flags, std::uint32_t ack,
                                   std::size_t ipOptions = 0, std::size_t tcpOptions = 0) {
    const std::size_t ipLength = 20 + ipOptions, tcpLength = 20 + tcpOptions;
    std::vector<std::uint8_t> b(14 + ipLength + tcpLength, 0);
    b[6] = 0x02;  // the sender's MAC starts at byte 6
    put16(b, 12, 0x0800);
    std::uint8_t* ip = &b[14];
    ip[0] = static_cast<std::uint8_t>(0x40 | (ipLength / 4));
    put16(b, 16, static_cast<unsigned>(ipLength + tcpLength));
    ip[8] = 63;
    ip[9] = IPPROTO_TCP;
    std::copy(f.target.begin(), f.target.begin() + 4, ip + 12);
    std::copy(f.source.begin(), f.source.begin() + 4, ip + 16);
    const std::size_t tcp = 14 + ipLength;
    put16(b, tcp, f.targetPort);
    put16(b, tcp + 2, toPort);
    put32(b, tcp + 8, ack);
    b[tcp + 12] = static_cast<std::uint8_t>((tcpLength / 4) << 4);
    b[tcp + 13] = flags;
    return b;
}

}  // namespace

class SynProbeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SynProbeTest);
    CPPUNIT_TEST(testSipHashReferenceVector);
    CPPUNIT_TEST(testCookieDependsOnEveryPartOfTheFlow);
    CPPUNIT_TEST(testEachAttemptLeavesFromItsOwnPort);
    CPPUNIT_TEST(testSequenceCarriesTheSendStamp);
    CPPUNIT_TEST(testProbeFieldsComeFromOneHash);
    CPPUNIT_TEST(testSynAckAndResetParseAndValidate);
    CPPUNIT_TEST(testOptionsAreSkipped);
    CPPUNIT_TEST(testIcmpUnreachableQuotingOurProbe);
    CPPUNIT_TEST(testUnreachableReasonsFollowEachFamily);
    CPPUNIT_TEST(testTruncatedFragmentedAndOtherFramesAreRefused);
    CPPUNIT_TEST(testRandomBytesNeverCrash);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSipHashReferenceVector() {
        // The reference implementation's test vector: key 00..0f, message 00..0e (15 bytes).
        std::array<std::uint8_t, 16> k{};
        for (int i = 0; i < 16; ++i) k[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
        std::uint8_t message[15];
        for (int i = 0; i < 15; ++i) message[i] = static_cast<std::uint8_t>(i);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0xa129ca6149be45e5ULL}, sipHash24(k, message, 15));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0x726fdb47dd0e0e31ULL}, sipHash24(k, message, 0));
    }

    void testCookieDependsOnEveryPartOfTheFlow() {
        const SynCookie cookie(key);
        const auto base = cookie.sequence(flow(2, 80));
        CPPUNIT_ASSERT(base != cookie.sequence(flow(3, 80)));
        CPPUNIT_ASSERT(base != cookie.sequence(flow(2, 81)));
        auto otherSource = flow(2, 80);
        otherSource.source[3] = 7;
        CPPUNIT_ASSERT(base != cookie.sequence(otherSource));
        auto otherKey = key;
        otherKey[0] ^= 1;
        CPPUNIT_ASSERT(base != SynCookie(otherKey).sequence(flow(2, 80)));
        const auto port = cookie.sourcePort(flow(2, 80));
        CPPUNIT_ASSERT(port >= SynCookie::portBase && port < SynCookie::portBase + SynCookie::portSpan);
        CPPUNIT_ASSERT(cookie.validates(flow(2, 80), port, base + 1));
        CPPUNIT_ASSERT(!cookie.validates(flow(2, 80), port, base));
        CPPUNIT_ASSERT(!cookie.validates(flow(2, 80), static_cast<std::uint16_t>(port + 1), base + 1));
    }

    void testSequenceCarriesTheSendStamp() {
        const SynCookie cookie(key, 3);
        const auto f = flow(9, 443);
        for (std::uint32_t stamp : {0u, 1u, 777u, 65535u}) {
            const auto sequence = cookie.sequence(f, static_cast<std::uint16_t>(stamp));
            CPPUNIT_ASSERT_EQUAL(static_cast<std::uint16_t>(stamp), SynCookie::stampOf(sequence));
            CPPUNIT_ASSERT(cookie.sequenceMatches(f, sequence));
            // The answer acknowledges sequence + 1, whatever the stamp (65535 + 1 carries into the hash half).
            CPPUNIT_ASSERT(cookie.validates(f, cookie.sourcePort(f, 2), sequence + 1));
            CPPUNIT_ASSERT(!cookie.sequenceMatches(flow(10, 443), sequence));
        }
    }

    void testProbeFieldsComeFromOneHash() {
        const SynCookie cookie(key, 3);
        std::set<std::uint32_t> halves;
        for (unsigned target = 1; target < 200; ++target) {
            const auto f = flow(static_cast<std::uint8_t>(target), 8080);
            for (unsigned attempt = 0; attempt < 3; ++attempt) {
                const auto fields = cookie.probe(f, attempt, static_cast<std::uint16_t>(target * 7));
                CPPUNIT_ASSERT_EQUAL(cookie.sourcePort(f, attempt), fields.sourcePort);
                CPPUNIT_ASSERT_EQUAL(cookie.sequence(f, static_cast<std::uint16_t>(target * 7)), fields.sequence);
                // An ICMP error quoting the probe proves it as the two checks would.
                CPPUNIT_ASSERT(cookie.quotes(f, fields.sourcePort, fields.sequence));
                CPPUNIT_ASSERT(!cookie.quotes(f, fields.sourcePort, fields.sequence ^ 0x00010000u));
                CPPUNIT_ASSERT(!cookie.quotes(f, cookie.sourcePort(f, 3), fields.sequence));
            }
            halves.insert(cookie.sequence(f) >> 16);
        }
        // The sequence's half and the port come from different bits: the halves still differ by flow.
        CPPUNIT_ASSERT(halves.size() > 190);
    }

    void testEachAttemptLeavesFromItsOwnPort() {
        const SynCookie cookie(key, 3);
        for (unsigned target = 1; target < 200; ++target) {
            const auto f = flow(static_cast<std::uint8_t>(target), 443);
            std::set<std::uint16_t> ports;
            for (unsigned attempt = 0; attempt < 3; ++attempt) {
                const auto port = cookie.sourcePort(f, attempt);
                ports.insert(port);
                CPPUNIT_ASSERT(port >= SynCookie::portBase && port < SynCookie::portBase + SynCookie::portSpan);
                CPPUNIT_ASSERT_EQUAL(attempt, cookie.attemptOf(f, port).value_or(99));
                CPPUNIT_ASSERT(cookie.validates(f, port, cookie.sequence(f) + 1));
            }
            CPPUNIT_ASSERT_EQUAL(std::size_t{3}, ports.size());
            // A fourth attempt was never made: its port proves nothing.
            CPPUNIT_ASSERT(!cookie.attemptOf(f, cookie.sourcePort(f, 3)).has_value());
            CPPUNIT_ASSERT(!cookie.validates(f, cookie.sourcePort(f, 3), cookie.sequence(f) + 1));
        }
        CPPUNIT_ASSERT(!cookie.attemptOf(flow(2, 80), 1234).has_value());
    }

    void testSynAckAndResetParseAndValidate() {
        const SynCookie cookie(key);
        const auto f = flow(2, 22);
        const auto frame = tcpFrame(f, cookie.sourcePort(f), 0x12, cookie.sequence(f) + 1);
        const auto reply = parseReply(frame.data(), frame.size(), true);
        CPPUNIT_ASSERT(reply.has_value());
        CPPUNIT_ASSERT(reply->kind == ReplyKind::synAck);
        CPPUNIT_ASSERT_EQUAL(AF_INET, reply->family);
        CPPUNIT_ASSERT_EQUAL(63, reply->ttl);
        CPPUNIT_ASSERT(reply->flow.target == f.target && reply->flow.source == f.source);
        CPPUNIT_ASSERT(cookie.validates(reply->flow, reply->ourPort, reply->ack));
        CPPUNIT_ASSERT(reply->hasSourceMac);
        CPPUNIT_ASSERT(!parseReply(frame.data() + 14, frame.size() - 14, false)->hasSourceMac);
        const auto reset = tcpFrame(f, cookie.sourcePort(f), 0x14, cookie.sequence(f) + 1);
        CPPUNIT_ASSERT(parseReply(reset.data(), reset.size(), true)->kind == ReplyKind::reset);
        // A SYN alone (our own probe seen on loopback) is no reply.
        const auto syn = tcpFrame(f, cookie.sourcePort(f), 0x02, 0);
        CPPUNIT_ASSERT(!parseReply(syn.data(), syn.size(), true).has_value());
        // A reply acknowledging a number whose hash half is wrong fails the cookie.
        const auto stale = tcpFrame(f, cookie.sourcePort(f), 0x12, (cookie.sequence(f) ^ 0x00010000u) + 1);
        const auto staleReply = parseReply(stale.data(), stale.size(), true);
        CPPUNIT_ASSERT(!cookie.validates(staleReply->flow, staleReply->ourPort, staleReply->ack));
    }

    void testOptionsAreSkipped() {
        const auto f = flow(2, 443);
        const auto frame = tcpFrame(f, 41000, 0x12, 77, 8, 12);
        const auto reply = parseReply(frame.data(), frame.size(), true);
        CPPUNIT_ASSERT(reply.has_value());
        CPPUNIT_ASSERT_EQUAL(std::uint16_t{443}, reply->flow.targetPort);
        CPPUNIT_ASSERT_EQUAL(std::uint32_t{77}, reply->ack);
    }

    void testIcmpUnreachableQuotingOurProbe() {
        const SynCookie cookie(key);
        const auto f = flow(9, 25);
        // ICMP type 3 code 13 from a router 198.18.0.254, quoting IP + 8 bytes of our SYN.
        std::vector<std::uint8_t> b(14 + 20 + 8 + 20 + 8, 0);
        put16(b, 12, 0x0800);
        b[14] = 0x45;
        put16(b, 16, static_cast<unsigned>(b.size() - 14));
        b[22] = 64;
        b[23] = IPPROTO_ICMP;
        const std::uint8_t router[4] = {198, 18, 0, 254};
        std::copy(router, router + 4, &b[26]);
        std::copy(f.source.begin(), f.source.begin() + 4, &b[30]);
        b[34] = 3;
        b[35] = 13;
        const std::size_t q = 42;
        b[q] = 0x45;
        b[q + 9] = IPPROTO_TCP;
        std::copy(f.source.begin(), f.source.begin() + 4, &b[q + 12]);
        std::copy(f.target.begin(), f.target.begin() + 4, &b[q + 16]);
        put16(b, q + 20, cookie.sourcePort(f));
        put16(b, q + 22, f.targetPort);
        put32(b, q + 24, cookie.sequence(f));
        const auto reply = parseReply(b.data(), b.size(), true);
        CPPUNIT_ASSERT(reply.has_value());
        CPPUNIT_ASSERT(reply->kind == ReplyKind::unreachable);
        CPPUNIT_ASSERT_EQUAL(std::uint8_t{13}, reply->icmpCode);
        CPPUNIT_ASSERT(reply->flow.target == f.target);
        CPPUNIT_ASSERT_EQUAL(cookie.sequence(f), reply->sequence);
        CPPUNIT_ASSERT_EQUAL(cookie.sourcePort(f), reply->ourPort);
    }

    void testUnreachableReasonsFollowEachFamily() {
        CPPUNIT_ASSERT_EQUAL(std::string("host-unreach"), std::string(unreachableReason(AF_INET, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("port-unreach"), std::string(unreachableReason(AF_INET, 3)));
        CPPUNIT_ASSERT_EQUAL(std::string("admin-prohibited"), std::string(unreachableReason(AF_INET, 13)));
        // ICMPv6 numbers its codes differently: 1 is "administratively prohibited".
        CPPUNIT_ASSERT_EQUAL(std::string("admin-prohibited"), std::string(unreachableReason(AF_INET6, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string("addr-unreach"), std::string(unreachableReason(AF_INET6, 3)));
        CPPUNIT_ASSERT_EQUAL(std::string("port-unreach"), std::string(unreachableReason(AF_INET6, 4)));
        CPPUNIT_ASSERT_EQUAL(std::string("unreach"), std::string(unreachableReason(AF_INET, 200)));
    }

    void testTruncatedFragmentedAndOtherFramesAreRefused() {
        const auto f = flow(2, 22);
        const auto frame = tcpFrame(f, 41000, 0x12, 1);
        for (std::size_t cut : {std::size_t{0}, std::size_t{13}, std::size_t{20}, std::size_t{34}, frame.size() - 1})
            CPPUNIT_ASSERT_MESSAGE(std::to_string(cut), !parseReply(frame.data(), cut, true).has_value());
        auto fragment = frame;
        fragment[14 + 6] = 0x20;  // more fragments
        CPPUNIT_ASSERT(!parseReply(fragment.data(), fragment.size(), true).has_value());
        auto arp = frame;
        put16(arp, 12, 0x0806);
        CPPUNIT_ASSERT(!parseReply(arp.data(), arp.size(), true).has_value());
        auto udp = frame;
        udp[14 + 9] = IPPROTO_UDP;
        CPPUNIT_ASSERT(!parseReply(udp.data(), udp.size(), true).has_value());
        auto badOffset = frame;
        badOffset[14 + 20 + 12] = 0xF0;  // TCP header longer than the packet
        CPPUNIT_ASSERT(!parseReply(badOffset.data(), badOffset.size(), true).has_value());
        // Bare IP (no Ethernet header) parses too.
        CPPUNIT_ASSERT(parseReply(frame.data() + 14, frame.size() - 14, false).has_value());
    }

    void testRandomBytesNeverCrash() {
        std::mt19937 random(5);
        const auto valid = tcpFrame(flow(2, 22), 41000, 0x12, 1, 4, 4);
        for (int i = 0; i < 200000; ++i) {
            auto bytes = valid;
            for (int flips = static_cast<int>(random() % 6); flips > 0; --flips)
                bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
            bytes.resize(random() % (bytes.size() + 1));
            parseReply(bytes.data(), bytes.size(), random() % 2 == 0);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SynProbeTest);
