// SYN probes as bytes: the rewritten template is what libnet crafts, byte for
// byte, and batches hold what sendmmsg(2) needs.
#include "syn_packet.h"

#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>

#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace wirekit::pscan;

namespace {

unsigned get16(const std::vector<std::uint8_t>& b, std::size_t at) { return b[at] << 8 | b[at + 1]; }

/// The one's complement sum of `size` bytes: 0xFFFF over a header whose checksum is right.
unsigned onesComplementSum(const std::uint8_t* bytes, std::size_t size, unsigned sum = 0) {
    for (std::size_t i = 0; i < size; i += 2) sum += static_cast<unsigned>(bytes[i] << 8 | bytes[i + 1]);
    while (sum > 0xFFFF) sum = (sum >> 16) + (sum & 0xFFFF);
    return sum;
}

/// Whether the TCP checksum of `packet` (IP header of `ipLength` bytes) is right.
bool tcpChecksumHolds(int family, const std::vector<std::uint8_t>& packet, std::size_t ipLength) {
    const std::size_t tcpLength = packet.size() - ipLength;
    unsigned sum = 6 + static_cast<unsigned>(tcpLength);  // the pseudo-header's protocol and length
    sum = family == AF_INET6 ? onesComplementSum(&packet[8], 32, sum) : onesComplementSum(&packet[12], 8, sum);
    return onesComplementSum(&packet[ipLength], tcpLength, sum) == 0xFFFF;
}

SynProbe randomProbe(int family, std::mt19937& random) {
    SynProbe probe;
    const std::size_t addressSize = family == AF_INET6 ? 16 : 4;
    for (std::size_t i = 0; i < addressSize; ++i) {
        probe.flow.source[i] = static_cast<std::uint8_t>(random());
        probe.flow.target[i] = static_cast<std::uint8_t>(random());
    }
    probe.flow.targetPort = static_cast<std::uint16_t>(random());
    probe.sourcePort = static_cast<std::uint16_t>(random());
    probe.sequence = static_cast<std::uint32_t>(random());
    probe.ipId = family == AF_INET6 ? 0 : static_cast<std::uint16_t>(random());
    return probe;
}

std::vector<std::uint8_t> written(const SynPacketTemplate& packet, const SynProbe& probe) {
    std::vector<std::uint8_t> bytes(packet.size(), 0xEE);  // stale bytes must all be overwritten
    packet.write(probe, bytes.data());
    return bytes;
}

}  // namespace

class SynPacketTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SynPacketTest);
    CPPUNIT_TEST(testLibnetCraftsTheSynNmapSends);
    CPPUNIT_TEST(testTemplateGivesLibnetsBytes);
    CPPUNIT_TEST(testChecksumsThatFoldToZeroMatchLibnet);
    CPPUNIT_TEST(testBatchHoldsMessagesForSendmmsg);
    CPPUNIT_TEST(testBatchBoundsAreKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLibnetCraftsTheSynNmapSends() {
        std::mt19937 random(1);
        const SynProbe probe = randomProbe(AF_INET, random);
        const auto v4 = craftSynProbe(AF_INET, probe);
        CPPUNIT_ASSERT_EQUAL(std::size_t{40}, v4.size());
        CPPUNIT_ASSERT_EQUAL(0x45u, unsigned{v4[0]});  // version 4, 5 words of header
        CPPUNIT_ASSERT_EQUAL(40u, get16(v4, 2));       // total length
        CPPUNIT_ASSERT_EQUAL(unsigned{probe.ipId}, get16(v4, 4));
        CPPUNIT_ASSERT_EQUAL(64u, unsigned{v4[8]});  // TTL
        CPPUNIT_ASSERT_EQUAL(6u, unsigned{v4[9]});   // TCP
        CPPUNIT_ASSERT_EQUAL(0xFFFFu, onesComplementSum(v4.data(), 20));
        CPPUNIT_ASSERT(std::memcmp(&v4[12], probe.flow.source.data(), 4) == 0);
        CPPUNIT_ASSERT(std::memcmp(&v4[16], probe.flow.target.data(), 4) == 0);
        CPPUNIT_ASSERT_EQUAL(unsigned{probe.sourcePort}, get16(v4, 20));
        CPPUNIT_ASSERT_EQUAL(unsigned{probe.flow.targetPort}, get16(v4, 22));
        CPPUNIT_ASSERT_EQUAL(probe.sequence, static_cast<std::uint32_t>(get16(v4, 24) << 16 | get16(v4, 26)));
        CPPUNIT_ASSERT_EQUAL(0x50u, unsigned{v4[32]});  // 5 words of TCP header, no options
        CPPUNIT_ASSERT_EQUAL(0x02u, unsigned{v4[33]});  // SYN alone
        CPPUNIT_ASSERT_EQUAL(1024u, get16(v4, 34));     // window
        CPPUNIT_ASSERT(tcpChecksumHolds(AF_INET, v4, 20));

        const auto v6 = craftSynProbe(AF_INET6, randomProbe(AF_INET6, random));
        CPPUNIT_ASSERT_EQUAL(std::size_t{60}, v6.size());
        CPPUNIT_ASSERT_EQUAL(0x60u, unsigned{v6[0]});  // version 6
        CPPUNIT_ASSERT_EQUAL(20u, get16(v6, 4));       // payload length
        CPPUNIT_ASSERT_EQUAL(6u, unsigned{v6[6]});     // next header: TCP
        CPPUNIT_ASSERT_EQUAL(64u, unsigned{v6[7]});    // hop limit
        CPPUNIT_ASSERT(tcpChecksumHolds(AF_INET6, v6, 40));
    }

    void testTemplateGivesLibnetsBytes() {
        std::mt19937 random(7);
        for (const int family : {AF_INET, AF_INET6}) {
            const SynPacketTemplate packet(family);
            CPPUNIT_ASSERT_EQUAL(craftSynProbe(family, SynProbe{}).size(), packet.size());
            for (int i = 0; i < 2000; ++i) {
                const SynProbe probe = randomProbe(family, random);
                CPPUNIT_ASSERT_MESSAGE(std::to_string(family) + " probe " + std::to_string(i),
                                       written(packet, probe) == craftSynProbe(family, probe));
            }
        }
    }

    void testChecksumsThatFoldToZeroMatchLibnet() {
        // A one's complement sum of 0xFFFF gives checksum 0 (never 0xFFFF):
        // find the sequence number, and the IP id, that do it and compare.
        for (const int family : {AF_INET, AF_INET6}) {
            const SynPacketTemplate packet(family);
            const std::size_t tcp = family == AF_INET6 ? 40 : 20;
            std::mt19937 random(11);
            SynProbe probe = randomProbe(family, random);
            bool found = false;
            for (std::uint32_t low = 0; low <= 0xFFFF && !found; ++low) {
                probe.sequence = (probe.sequence & 0xFFFF0000u) | low;
                const auto bytes = written(packet, probe);
                if (get16(bytes, tcp + 16) != 0) continue;
                found = true;
                CPPUNIT_ASSERT(bytes == craftSynProbe(family, probe));
            }
            CPPUNIT_ASSERT(found);
        }
        const SynPacketTemplate packet(AF_INET);
        std::mt19937 random(13);
        SynProbe probe = randomProbe(AF_INET, random);
        bool found = false;
        for (std::uint32_t id = 0; id <= 0xFFFF && !found; ++id) {
            probe.ipId = static_cast<std::uint16_t>(id);
            const auto bytes = written(packet, probe);
            if (get16(bytes, 10) != 0) continue;
            found = true;
            CPPUNIT_ASSERT(bytes == craftSynProbe(AF_INET, probe));
        }
        CPPUNIT_ASSERT(found);
    }

    void testBatchHoldsMessagesForSendmmsg() {
        std::mt19937 random(3);
        for (const int family : {AF_INET, AF_INET6}) {
            ProbeBatch batch(family, 4);
            CPPUNIT_ASSERT(batch.empty());
            std::vector<SynProbe> probes;
            for (int round = 0; round < 2; ++round) {  // the second round reuses the buffers
                batch.clear();
                probes.clear();
                for (int i = 0; i < 4; ++i) {
                    probes.push_back(randomProbe(family, random));
                    batch.add(probes.back());
                }
                CPPUNIT_ASSERT(batch.full());
                CPPUNIT_ASSERT_EQUAL(std::size_t{4}, batch.size());
                for (std::size_t i = 0; i < probes.size(); ++i) {
                    const msghdr& message = batch.messages()[i].msg_hdr;
                    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, static_cast<std::size_t>(message.msg_iovlen));
                    const auto* bytes = static_cast<const std::uint8_t*>(message.msg_iov[0].iov_base);
                    const std::vector<std::uint8_t> sent(bytes, bytes + message.msg_iov[0].iov_len);
                    CPPUNIT_ASSERT(sent == craftSynProbe(family, probes[i]));
                    CPPUNIT_ASSERT(bytes == batch.packet(i));
                    // Named by its target address alone, as libnet's raw write names it.
                    if (family == AF_INET) {
                        CPPUNIT_ASSERT_EQUAL(static_cast<socklen_t>(sizeof(sockaddr_in)), message.msg_namelen);
                        const auto* name = static_cast<const sockaddr_in*>(message.msg_name);
                        CPPUNIT_ASSERT_EQUAL(AF_INET, int{name->sin_family});
                        CPPUNIT_ASSERT_EQUAL(0, int{name->sin_port});
                        CPPUNIT_ASSERT(std::memcmp(&name->sin_addr, probes[i].flow.target.data(), 4) == 0);
                    } else {
                        CPPUNIT_ASSERT_EQUAL(static_cast<socklen_t>(sizeof(sockaddr_in6)), message.msg_namelen);
                        const auto* name = static_cast<const sockaddr_in6*>(message.msg_name);
                        CPPUNIT_ASSERT_EQUAL(AF_INET6, int{name->sin6_family});
                        CPPUNIT_ASSERT_EQUAL(0, int{name->sin6_port});
                        CPPUNIT_ASSERT(std::memcmp(&name->sin6_addr, probes[i].flow.target.data(), 16) == 0);
                    }
                }
            }
        }
    }

    void testBatchBoundsAreKept() {
        CPPUNIT_ASSERT_THROW(ProbeBatch(AF_INET, 0), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(ProbeBatch(AF_INET, 1025), std::invalid_argument);
        ProbeBatch batch(AF_INET, 1);
        batch.add(SynProbe{});
        CPPUNIT_ASSERT_THROW(batch.add(SynProbe{}), std::logic_error);
        batch.clear();
        CPPUNIT_ASSERT(batch.empty());
        batch.add(SynProbe{});
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, batch.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SynPacketTest);
