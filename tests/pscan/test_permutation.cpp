// The probe order: a bijection, seeded, shardable into disjoint complete parts.
#include "permutation.h"
#include "scan_plan.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

using namespace wirekit::pscan;

class PermutationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PermutationTest);
    CPPUNIT_TEST(testBijectionForManySizes);
    CPPUNIT_TEST(testSeedDecidesTheOrder);
    CPPUNIT_TEST(testNeighboursAreScattered);
    CPPUNIT_TEST(testShardsAreDisjointAndComplete);
    CPPUNIT_TEST(testPlanVisitsEveryPairOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBijectionForManySizes() {
        for (std::uint64_t size : {1ULL, 2ULL, 3ULL, 5ULL, 64ULL, 65535ULL, 65536ULL, 100003ULL}) {
            const Permutation permutation(size, 42);
            std::vector<bool> seen(size, false);
            for (std::uint64_t i = 0; i < size; ++i) {
                const auto value = permutation.at(i);
                CPPUNIT_ASSERT(value < size);
                CPPUNIT_ASSERT_MESSAGE("repeated value", !seen[value]);
                seen[value] = true;
            }
        }
    }

    void testSeedDecidesTheOrder() {
        const Permutation a(1000, 1), b(1000, 1), c(1000, 2);
        bool differs = false;
        for (std::uint64_t i = 0; i < 1000; ++i) {
            CPPUNIT_ASSERT_EQUAL(a.at(i), b.at(i));
            differs |= a.at(i) != c.at(i);
        }
        CPPUNIT_ASSERT(differs);
    }

    void testNeighboursAreScattered() {
        // Consecutive probes rarely hit consecutive elements (one host's ports in a row).
        const Permutation permutation(65536, 7);
        int adjacent = 0;
        for (std::uint64_t i = 0; i + 1 < 65536; ++i) {
            const auto a = permutation.at(i), b = permutation.at(i + 1);
            adjacent += (a > b ? a - b : b - a) < 16;
        }
        CPPUNIT_ASSERT_MESSAGE(std::to_string(adjacent), adjacent < 200);
    }

    void testShardsAreDisjointAndComplete() {
        const std::uint64_t size = 10007;
        const Permutation permutation(size, 99);
        std::set<std::uint64_t> seen;
        for (std::uint64_t index = 0; index < 3; ++index) {
            const Shard shard{index, 3};
            for (std::uint64_t n = 0; n < shard.positions(size); ++n)
                CPPUNIT_ASSERT(seen.insert(permutation.at(shard.position(n))).second);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{size}, seen.size());
    }

    void testPlanVisitsEveryPairOnce() {
        std::vector<AddressRange> ranges = parseTargetSpec("198.18.0.1-3").ranges;
        ScanPlan plan(TargetSet(ranges, {}), {22, 80, 443, 8080}, 5, Shard{});
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{12}, plan.size());
        std::set<std::string> seen;
        while (const auto next = plan.next()) CPPUNIT_ASSERT(seen.insert(next->toString()).second);
        CPPUNIT_ASSERT_EQUAL(std::size_t{12}, seen.size());
        CPPUNIT_ASSERT(seen.count("198.18.0.3:8080") == 1);
        CPPUNIT_ASSERT(!plan.next().has_value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PermutationTest);
