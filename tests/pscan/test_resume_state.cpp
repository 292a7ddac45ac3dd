// Resuming an interrupted scan: the saved state's format, and a plan that
// skips exactly what the first run reported.
#include "resume_state.h"
#include "scan_plan.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <stdexcept>

using namespace wirekit::pscan;

namespace {

ScanPlan planOf(const std::string& targets, std::vector<std::uint16_t> ports, std::uint64_t seed = 9,
                Shard shard = {}) {
    return ScanPlan(TargetSet(parseTargetSpec(targets).ranges, {}), std::move(ports), seed, shard);
}

}  // namespace

class ResumeStateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResumeStateTest);
    CPPUNIT_TEST(testFormatAndParseRoundTrip);
    CPPUNIT_TEST(testBadFilesAreRefusedWithTheLine);
    CPPUNIT_TEST(testInterruptedAndResumedRunsTogetherVisitEveryProbeOnce);
    CPPUNIT_TEST(testFingerprintFollowsTargetsPortsAndShard);
    CPPUNIT_TEST(testLocateFindsTheProbeIndex);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFormatAndParseRoundTrip() {
        ResumeState state;
        state.args = {"-sS", "-p-", "odd\\name\nwith a line break", "198.18.0.0/24"};
        state.seed = 18446744073709551615ULL;
        state.fingerprint = 42;
        state.position = 1000;
        state.pending = {{3, 3}, {10, 20}};
        const auto text = formatResumeState(state);
        CPPUNIT_ASSERT(text.find("\npending 10-20\n") != std::string::npos);
        const auto back = parseResumeState(text);
        CPPUNIT_ASSERT(back.args == state.args);
        CPPUNIT_ASSERT_EQUAL(state.seed, back.seed);
        CPPUNIT_ASSERT_EQUAL(state.fingerprint, back.fingerprint);
        CPPUNIT_ASSERT_EQUAL(state.position, back.position);
        CPPUNIT_ASSERT(back.pending == state.pending);
    }

    void testBadFilesAreRefusedWithTheLine() {
        const struct {
            const char* text;
            const char* message;
        } cases[] = {
            {"", "not a pscan resume file (no version, seed or position)"},
            {"version 2\n", "line 1: unknown version"},
            {"version 1\nseed x1\n", "line 2: 'x1' is not a number"},
            {"version 1\nseed 1\nposition 5\npending 9\npending 4\n", "line 5: pending probes out of order"},
            {"version 1\nseed 1\nposition 5\npending 9-4\n", "line 4: pending probes out of order"},
            {"version 1\narg bad\\escape\n", "line 2: bad escape"},
            {"version 1\nwhat 1\n", "line 2: unknown key 'what'"},
        };
        for (const auto& c : cases) {
            try {
                parseResumeState(c.text);
                CPPUNIT_FAIL(std::string("accepted: ") + c.text);
            } catch (const std::runtime_error& e) {
                CPPUNIT_ASSERT_EQUAL(std::string(c.message), std::string(e.what()));
            }
        }
    }

    void testInterruptedAndResumedRunsTogetherVisitEveryProbeOnce() {
        auto first = planOf("198.18.0.1-4", {22, 80, 443, 8080, 9000});
        std::vector<bool> reported(first.probeCount(), false);
        std::multiset<std::string> visited;
        // The first run sends 12 probes and hears back from all but two.
        for (int sent = 0; sent < 12; ++sent) {
            const auto target = first.next();
            if (sent == 3 || sent == 7) continue;  // unanswered when interrupted
            reported[first.locate(*target)->probe] = true;
            visited.insert(target->toString());
        }
        const auto pending = unfinishedProbes(first, reported);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, pending.size());
        auto second = planOf("198.18.0.1-4", {22, 80, 443, 8080, 9000});
        second.resumeAt(first.furthest(), pending);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{20 - 12 + 2}, second.toDo());
        std::vector<bool> reportedAgain(second.probeCount(), false);
        // Interrupted again after four probes, all answered ...
        for (int sent = 0; sent < 4; ++sent) {
            const auto target = second.next();
            reportedAgain[second.locate(*target)->probe] = true;
            visited.insert(target->toString());
        }
        const auto stillPending = unfinishedProbes(second, reportedAgain);
        auto third = planOf("198.18.0.1-4", {22, 80, 443, 8080, 9000});
        third.resumeAt(second.furthest(), stillPending);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{6}, third.toDo());
        // ... and the third run finishes: every probe exactly once across the three.
        while (const auto target = third.next()) visited.insert(target->toString());
        CPPUNIT_ASSERT_EQUAL(std::size_t{20}, visited.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t{20}, std::set<std::string>(visited.begin(), visited.end()).size());
    }

    void testFingerprintFollowsTargetsPortsAndShard() {
        const auto base = planOf("198.18.0.0/24", {22, 80}).fingerprint();
        CPPUNIT_ASSERT_EQUAL(base, planOf("198.18.0.0/24", {22, 80}, 12345).fingerprint());  // not the seed
        CPPUNIT_ASSERT(base != planOf("198.18.0.0/25", {22, 80}).fingerprint());
        CPPUNIT_ASSERT(base != planOf("198.18.0.0/24", {22, 81}).fingerprint());
        CPPUNIT_ASSERT(base != planOf("198.18.0.0/24", {22, 80}, 9, Shard{1, 2}).fingerprint());
    }

    void testLocateFindsTheProbeIndex() {
        auto plan = planOf("198.18.0.1-2,fd00:5718::5", {22, 80});
        std::set<std::uint64_t> probes;
        while (const auto target = plan.next()) {
            const auto where = plan.locate(*target);
            CPPUNIT_ASSERT(where.has_value());
            probes.insert(where->probe);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{6}, probes.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5}, *probes.rbegin());
        CPPUNIT_ASSERT(!plan.locate(AF_INET, 0xC6120003, 22).has_value());  // 198.18.0.3: not a target
        CPPUNIT_ASSERT(!plan.locate(AF_INET, 0xC6120001, 23).has_value());  // not a scanned port
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResumeStateTest);
