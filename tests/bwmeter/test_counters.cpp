// Counters: parsing the kernel's two formats, and deltas across wraps,
// resets, reboots, renames and re-created interfaces.
#include "counter_tracker.h"
#include "interface_filter.h"
#include "link_stats.h"
#include "session.h"

#include <cppunit/extensions/HelperMacros.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <cstring>
#include <random>
#include <stdexcept>

using namespace wirekit::bwmeter;

namespace {

CounterSnapshot snapshotOf(std::vector<InterfaceCounters> interfaces, const std::string& boot = "boot-1") {
    CounterSnapshot s;
    s.interfaces = std::move(interfaces);
    s.bootId = boot;
    return s;
}

InterfaceCounters counters(const std::string& name, int ifindex, std::uint64_t rx, std::uint64_t tx,
                           unsigned width = 64) {
    InterfaceCounters c;
    c.name = name;
    c.ifindex = ifindex;
    c.rxBytes = rx;
    c.txBytes = tx;
    c.width = width;
    return c;
}

/// An RTM_NEWLINK message as the kernel sends it.
void appendLink(std::vector<std::uint8_t>& out, int index, const std::string& name, std::uint64_t rx, std::uint64_t tx,
                unsigned flags, bool stats64 = true) {
    std::vector<std::uint8_t> body(NLMSG_ALIGN(sizeof(ifinfomsg)), 0);
    ifinfomsg info{};
    info.ifi_index = index;
    info.ifi_flags = flags;
    std::memcpy(body.data(), &info, sizeof info);
    const auto attribute = [&](unsigned short type, const void* data, std::size_t size) {
        rtattr header{static_cast<unsigned short>(RTA_LENGTH(size)), type};
        const std::size_t at = body.size();
        body.resize(at + RTA_SPACE(size), 0);
        std::memcpy(body.data() + at, &header, sizeof header);
        std::memcpy(body.data() + at + RTA_LENGTH(0), data, size);
    };
    attribute(IFLA_IFNAME, name.c_str(), name.size() + 1);
    if (stats64) {
        rtnl_link_stats64 stats{};
        stats.rx_bytes = rx;
        stats.tx_bytes = tx;
        attribute(IFLA_STATS64, &stats, sizeof stats);
    } else {
        rtnl_link_stats stats{};
        stats.rx_bytes = static_cast<__u32>(rx);
        stats.tx_bytes = static_cast<__u32>(tx);
        attribute(IFLA_STATS, &stats, sizeof stats);
    }
    nlmsghdr header{};
    header.nlmsg_len = static_cast<__u32>(NLMSG_HDRLEN + body.size());
    header.nlmsg_type = RTM_NEWLINK;
    const std::size_t at = out.size();
    out.resize(at + NLMSG_ALIGN(header.nlmsg_len), 0);
    std::memcpy(out.data() + at, &header, sizeof header);
    std::memcpy(out.data() + at + NLMSG_HDRLEN, body.data(), body.size());
}

void appendDone(std::vector<std::uint8_t>& out) {
    nlmsghdr header{};
    header.nlmsg_len = NLMSG_HDRLEN + 4;
    header.nlmsg_type = NLMSG_DONE;
    const std::size_t at = out.size();
    out.resize(at + NLMSG_ALIGN(header.nlmsg_len), 0);
    std::memcpy(out.data() + at, &header, sizeof header);
}

}  // namespace

class CountersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CountersTest);
    CPPUNIT_TEST(testLinkDumpParses);
    CPPUNIT_TEST(testLinkDumpSurvivesGarbage);
    CPPUNIT_TEST(testStatsDumpParses);
    CPPUNIT_TEST(testReaderAgreesWithTheFullDump);
    CPPUNIT_TEST(testProcNetDevParses);
    CPPUNIT_TEST(testAdvanceAndWrap);
    CPPUNIT_TEST(testFirstSightCountsNothing);
    CPPUNIT_TEST(testThirtyTwoBitWrapIsCountedOnce);
    CPPUNIT_TEST(testSixtyFourBitCounterGoingDownIsAReset);
    CPPUNIT_TEST(testNewIfindexIsAResetNotAFourGigabyteSpike);
    CPPUNIT_TEST(testRebootIsAReset);
    CPPUNIT_TEST(testRenameIsFollowed);
    CPPUNIT_TEST(testInterfacesComingAndGoingAreCountedOnce);
    CPPUNIT_TEST(testMemoryCarriesOverToAnotherProcess);
    CPPUNIT_TEST(testFilterGlobsAndLoopback);
    CPPUNIT_TEST(testSessionTotalsRatesAndPeaks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLinkDumpParses() {
        std::vector<std::uint8_t> dump;
        appendLink(dump, 1, "lo", 100, 100, IFF_LOOPBACK | IFF_UP);
        appendLink(dump, 2, "eth0", 5000000000ULL, 42, IFF_UP);
        appendLink(dump, 3, "ppp0", 7, 9, IFF_UP, false);
        std::vector<InterfaceCounters> out;
        CPPUNIT_ASSERT(!parseLinkDump(dump.data(), dump.size(), out));  // no DONE yet: more to read
        appendDone(dump);
        out.clear();
        CPPUNIT_ASSERT(parseLinkDump(dump.data(), dump.size(), out));
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, out.size());
        CPPUNIT_ASSERT(out[0].loopback && out[0].name == "lo");
        CPPUNIT_ASSERT_EQUAL(std::string("eth0"), out[1].name);
        CPPUNIT_ASSERT_EQUAL(2, out[1].ifindex);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5000000000ULL}, out[1].rxBytes);
        CPPUNIT_ASSERT_EQUAL(64u, out[1].width);
        CPPUNIT_ASSERT_EQUAL(32u, out[2].width);  // only the 32-bit stats: wraps at 2^32
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{9}, out[2].txBytes);
    }

    void testLinkDumpSurvivesGarbage() {
        std::vector<std::uint8_t> dump;
        appendLink(dump, 2, "eth0", 1, 2, IFF_UP);
        std::mt19937 random(7);
        for (int round = 0; round < 2000; ++round) {
            auto broken = dump;
            broken.resize(random() % (dump.size() + 1));
            for (int flips = 0; flips < 4 && !broken.empty(); ++flips)
                broken[random() % broken.size()] = static_cast<std::uint8_t>(random());
            std::vector<InterfaceCounters> out;
            try {
                parseLinkDump(broken.data(), broken.size(), out);
            } catch (const std::runtime_error&) {
                // an NLMSG_ERROR made up by the flips: reported, not a crash
            }
            CPPUNIT_ASSERT(out.size() <= 1);
        }
    }

    void testStatsDumpParses() {
        std::vector<std::uint8_t> dump;
        const auto append = [&](int index, std::uint64_t rx, std::uint64_t tx) {
            std::vector<std::uint8_t> body(NLMSG_ALIGN(sizeof(if_stats_msg)), 0);
            if_stats_msg info{};
            info.ifindex = static_cast<__u32>(index);
            info.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
            std::memcpy(body.data(), &info, sizeof info);
            rtnl_link_stats64 stats{};
            stats.rx_bytes = rx;
            stats.tx_bytes = tx;
            rtattr header{static_cast<unsigned short>(RTA_LENGTH(sizeof stats)), IFLA_STATS_LINK_64};
            const std::size_t at = body.size();
            body.resize(at + RTA_SPACE(sizeof stats), 0);
            std::memcpy(body.data() + at, &header, sizeof header);
            std::memcpy(body.data() + at + RTA_LENGTH(0), &stats, sizeof stats);
            nlmsghdr message{};
            message.nlmsg_len = static_cast<__u32>(NLMSG_HDRLEN + body.size());
            message.nlmsg_type = RTM_NEWSTATS;
            const std::size_t start = dump.size();
            dump.resize(start + NLMSG_ALIGN(message.nlmsg_len), 0);
            std::memcpy(dump.data() + start, &message, sizeof message);
            std::memcpy(dump.data() + start + NLMSG_HDRLEN, body.data(), body.size());
        };
        append(1, 10, 20);
        append(7, 1ULL << 40, 3);
        appendDone(dump);
        std::vector<LinkStats> out;
        CPPUNIT_ASSERT(parseStatsDump(dump.data(), dump.size(), out));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, out.size());
        CPPUNIT_ASSERT_EQUAL(7, out[1].ifindex);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1} << 40, out[1].rxBytes);
        std::mt19937 random(3);
        for (int round = 0; round < 2000; ++round) {
            auto broken = dump;
            broken.resize(random() % (dump.size() + 1));
            if (!broken.empty()) broken[random() % broken.size()] = static_cast<std::uint8_t>(random());
            std::vector<LinkStats> some;
            try {
                parseStatsDump(broken.data(), broken.size(), some);
            } catch (const std::runtime_error&) {
            }
            CPPUNIT_ASSERT(some.size() <= 2);
        }
    }

    void testReaderAgreesWithTheFullDump() {
        // The cheap path (stats dump + cached names) names the same interfaces as a full dump.
        CounterReader reader;
        const auto cheap = reader.read();
        const auto again = reader.read();
        const auto full = readInterfaceCounters();
        CPPUNIT_ASSERT_EQUAL(full.size(), cheap.size());
        CPPUNIT_ASSERT_EQUAL(full.size(), again.size());
        for (std::size_t i = 0; i < full.size(); ++i) {
            bool found = false;
            for (const auto& c : cheap)
                if (c.ifindex == full[i].ifindex && c.name == full[i].name && c.loopback == full[i].loopback)
                    found = true;
            CPPUNIT_ASSERT_MESSAGE(full[i].name, found);
        }
    }

    void testProcNetDevParses() {
        const std::string text =
            "Inter-|   Receive                                                |  Transmit\n"
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
            "carrier compressed\n"
            "    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0 "
            "      0          0\n"
            "  eth0: 9876543210 7000 0 0 0 0 0 12 55555 600 0 0 0 0 0 0\n"
            "broken: 1 2\n";
        const auto out = parseProcNetDev(text, 32);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, out.size());
        CPPUNIT_ASSERT(out[0].loopback);
        CPPUNIT_ASSERT_EQUAL(std::string("eth0"), out[1].name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{9876543210ULL}, out[1].rxBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{55555}, out[1].txBytes);
        CPPUNIT_ASSERT_EQUAL(32u, out[1].width);
    }

    void testAdvanceAndWrap() {
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{10}, counterAdvance(5, 15, 64).value());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, counterAdvance(5, 5, 32).value());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{300}, counterAdvance(4294967196ULL, 200, 32).value());
        CPPUNIT_ASSERT(!counterAdvance(100, 50, 64).has_value());
        CPPUNIT_ASSERT(!counterAdvance(1ULL << 33, 50, 32).has_value());  // was never a 32-bit value
    }

    void testFirstSightCountsNothing() {
        CounterTracker tracker;
        const auto deltas = tracker.update(snapshotOf({counters("eth0", 2, 1000000, 2000)}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, deltas.size());
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::first);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, deltas[0].rxBytes + deltas[0].txBytes);
    }

    void testThirtyTwoBitWrapIsCountedOnce() {
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("eth0", 2, 4294967000ULL, 10, 32)}));
        const auto deltas = tracker.update(snapshotOf({counters("eth0", 2, 704, 20, 32)}));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::wrapped);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1000}, deltas[0].rxBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{10}, deltas[0].txBytes);
        const auto after = tracker.update(snapshotOf({counters("eth0", 2, 904, 20, 32)}));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{200}, after[0].rxBytes);
    }

    void testSixtyFourBitCounterGoingDownIsAReset() {
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("eth0", 2, 900000, 5000)}));
        const auto deltas = tracker.update(snapshotOf({counters("eth0", 2, 300, 40)}));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::reset);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{300}, deltas[0].rxBytes);  // what was counted since the reset
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{40}, deltas[0].txBytes);
    }

    void testNewIfindexIsAResetNotAFourGigabyteSpike() {
        // A PPPoE reconnect: ppp0 comes back as a new interface with 32-bit
        // counters from zero. Read as a wrap it would add almost 4 GiB.
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("ppp0", 7, 3000000000ULL, 100, 32)}));
        const auto deltas = tracker.update(snapshotOf({counters("ppp0", 9, 5000, 600, 32)}));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::reset);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5000}, deltas[0].rxBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{600}, deltas[0].txBytes);
    }

    void testRebootIsAReset() {
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("eth0", 2, 4000000000ULL, 100, 32)}, "boot-1"));
        // Same index, counters lower, a 32-bit counter: a wrap, were it not for the new boot id.
        const auto deltas = tracker.update(snapshotOf({counters("eth0", 2, 1234, 5, 32)}, "boot-2"));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::reset);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1234}, deltas[0].rxBytes);
    }

    void testRenameIsFollowed() {
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("eth0", 2, 1000, 100)}));
        const auto deltas = tracker.update(snapshotOf({counters("lan", 2, 1500, 150)}));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::renamed);
        CPPUNIT_ASSERT_EQUAL(std::string("eth0"), deltas[0].previousName);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{500}, deltas[0].rxBytes);
        Session session(0);
        session.add({InterfaceDelta{"eth0", 2, 10, 1, CounterEvent::steady, ""}}, 1);
        session.add(deltas, 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, session.interfaces().size());
        CPPUNIT_ASSERT_EQUAL(std::string("lan"), session.interfaces()[0].name);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{510}, session.interfaces()[0].rxBytes);
    }

    void testInterfacesComingAndGoingAreCountedOnce() {
        CounterTracker tracker;
        tracker.update(snapshotOf({counters("eth0", 2, 1000, 100), counters("ppp0", 7, 50000, 9000)}));
        // A USB adapter plugged in: everything on its counters happened since.
        auto deltas = tracker.update(snapshotOf({counters("eth0", 2, 1000, 100), counters("usb0", 8, 700, 70)}));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, deltas.size());  // ppp0 is down
        CPPUNIT_ASSERT(deltas[1].event == CounterEvent::appeared);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{700}, deltas[1].rxBytes);
        // ppp0 back with a new index, its counters from zero: a reset, nothing counted twice.
        deltas = tracker.update(
            snapshotOf({counters("eth0", 2, 1000, 100), counters("usb0", 8, 900, 70), counters("ppp0", 9, 300, 30)}));
        CPPUNIT_ASSERT(deltas[2].event == CounterEvent::reset);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{300}, deltas[2].rxBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{200}, deltas[1].rxBytes);
        // eth0 goes, usb0 is renamed eth0: followed by index, not mistaken for eth0 coming back.
        deltas = tracker.update(snapshotOf({counters("eth0", 8, 1000, 70), counters("ppp0", 9, 300, 30)}));
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::renamed);
        CPPUNIT_ASSERT_EQUAL(std::string("usb0"), deltas[0].previousName);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{100}, deltas[0].rxBytes);
    }

    void testMemoryCarriesOverToAnotherProcess() {
        CounterTracker first;
        first.update(snapshotOf({counters("eth0", 2, 1000, 100), counters("wlan0", 3, 5, 5)}));
        CounterTracker second;
        second.remember(first.memory());
        const auto deltas = second.update(snapshotOf({counters("eth0", 2, 4000, 200), counters("wlan0", 3, 5, 5)}));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{3000}, deltas[0].rxBytes);
        CPPUNIT_ASSERT(deltas[0].event == CounterEvent::steady);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, deltas[1].rxBytes);
    }

    void testFilterGlobsAndLoopback() {
        const InterfaceFilter everything;
        CPPUNIT_ASSERT(everything.accepts("eth0", false));
        CPPUNIT_ASSERT(!everything.accepts("lo", true));
        const InterfaceFilter some({"eth*", "lo"});
        CPPUNIT_ASSERT(some.accepts("eth1", false));
        CPPUNIT_ASSERT(some.accepts("lo", true));
        CPPUNIT_ASSERT(!some.accepts("wlan0", false));
        CPPUNIT_ASSERT((some.unmatched({"eth0", "wlan0"}) == std::vector<std::string>{"lo"}));
    }

    void testSessionTotalsRatesAndPeaks() {
        Session session(100);
        session.add({InterfaceDelta{"eth0", 2, 0, 0, CounterEvent::first, ""}}, 100);
        session.add({InterfaceDelta{"eth0", 2, 2000, 500, CounterEvent::steady, ""}}, 102);
        session.add({InterfaceDelta{"eth0", 2, 1000, 100, CounterEvent::steady, ""}}, 103);
        const auto& s = session.interfaces().at(0);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{3000}, s.rxBytes);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{600}, s.txBytes);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1000.0, s.rxRate, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1000.0, s.rxPeak, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(250.0, s.txPeak, 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3.0, session.seconds(), 1e-9);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CountersTest);
