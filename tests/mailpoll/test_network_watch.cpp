// AddressSet: which rtnetlink messages mean the network changed, on byte
// buffers shaped as the kernel sends them.
#include "network_watch.h"

#include <cppunit/extensions/HelperMacros.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstring>
#include <vector>

using namespace wirekit::mailpoll;

namespace {

/// One RTM_NEWADDR or RTM_DELADDR message for an IPv4 address on an interface.
std::vector<unsigned char> addressMessage(std::uint16_t type, int index, const char* address) {
    std::vector<unsigned char> bytes(NLMSG_SPACE(sizeof(ifaddrmsg)) + RTA_SPACE(4));
    nlmsghdr header{};
    header.nlmsg_len = static_cast<std::uint32_t>(bytes.size());
    header.nlmsg_type = type;
    ifaddrmsg message{};
    message.ifa_family = AF_INET;
    message.ifa_prefixlen = 24;
    message.ifa_index = static_cast<std::uint32_t>(index);
    rtattr attribute{};
    attribute.rta_len = RTA_LENGTH(4);
    attribute.rta_type = IFA_ADDRESS;
    in_addr value{};
    inet_pton(AF_INET, address, &value);
    std::memcpy(bytes.data(), &header, sizeof header);
    std::memcpy(bytes.data() + NLMSG_HDRLEN, &message, sizeof message);
    std::memcpy(bytes.data() + NLMSG_SPACE(sizeof(ifaddrmsg)), &attribute, sizeof attribute);
    std::memcpy(bytes.data() + NLMSG_SPACE(sizeof(ifaddrmsg)) + RTA_LENGTH(0), &value, 4);
    return bytes;
}

bool feed(AddressSet& set, const std::vector<unsigned char>& bytes) { return set.apply(bytes.data(), bytes.size()); }

}  // namespace

class NetworkWatchTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NetworkWatchTest);
    CPPUNIT_TEST(testNewAndRemovedAddressesAreChanges);
    CPPUNIT_TEST(testRefreshOfAKnownAddressIsNoChange);
    CPPUNIT_TEST(testSeveralMessagesInOneDatagram);
    CPPUNIT_TEST(testOtherMessagesAndTruncatedInputAreIgnored);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNewAndRemovedAddressesAreChanges() {
        AddressSet set;
        CPPUNIT_ASSERT(feed(set, addressMessage(RTM_NEWADDR, 2, "198.18.0.1")));
        CPPUNIT_ASSERT(feed(set, addressMessage(RTM_NEWADDR, 3, "198.18.0.1")));  // same address, other interface
        CPPUNIT_ASSERT(feed(set, addressMessage(RTM_DELADDR, 2, "198.18.0.1")));
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, set.size());
        CPPUNIT_ASSERT(!feed(set, addressMessage(RTM_DELADDR, 2, "198.18.0.1")));  // already gone
    }

    void testRefreshOfAKnownAddressIsNoChange() {
        AddressSet set;
        feed(set, addressMessage(RTM_NEWADDR, 2, "198.18.0.1"));
        CPPUNIT_ASSERT(!feed(set, addressMessage(RTM_NEWADDR, 2, "198.18.0.1")));
    }

    void testSeveralMessagesInOneDatagram() {
        AddressSet set;
        auto bytes = addressMessage(RTM_NEWADDR, 2, "198.18.0.1");
        const auto second = addressMessage(RTM_NEWADDR, 2, "198.18.0.2");
        bytes.insert(bytes.end(), second.begin(), second.end());
        CPPUNIT_ASSERT(feed(set, bytes));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, set.size());
    }

    void testOtherMessagesAndTruncatedInputAreIgnored() {
        AddressSet set;
        auto link = addressMessage(RTM_NEWLINK, 2, "198.18.0.1");
        CPPUNIT_ASSERT(!feed(set, link));
        auto bytes = addressMessage(RTM_NEWADDR, 2, "198.18.0.1");
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) CPPUNIT_ASSERT(!set.apply(bytes.data(), cut));
        // A length field that claims more than the datagram holds.
        bytes[0] = 0xff;
        CPPUNIT_ASSERT(!feed(set, bytes));
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, set.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NetworkWatchTest);
