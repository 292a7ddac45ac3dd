// Deciding how to correct the clock: slew, step, or refuse (never applied here).
#include "clock_adjust.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

using namespace wirekit::timed;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

class ClockAdjustTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClockAdjustTest);
    CPPUNIT_TEST(testSmallOffsetsAreSlewed);
    CPPUNIT_TEST(testHalfASecondAndMoreIsStepped);
    CPPUNIT_TEST(testPlanKeepsTheOffset);
    CPPUNIT_TEST(testMaxOffsetRefusesUnlessForced);
    CPPUNIT_TEST(testOffsetAtMaxOffsetIsAllowed);
    CPPUNIT_TEST(testNotANumberIsRefused);
    CPPUNIT_TEST(testApplyingARefusalThrowsWithItsReason);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSmallOffsetsAreSlewed() {
        CPPUNIT_ASSERT(planAdjustment(0.2, std::nullopt, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(-0.49, std::nullopt, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(0.4999, std::nullopt, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(0.0, 1.0, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(0.2, 0.1, true).action == AdjustAction::slew);  // forced past --max-offset
    }

    void testHalfASecondAndMoreIsStepped() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, slewThresholdSeconds, 0.0);
        CPPUNIT_ASSERT(planAdjustment(0.5, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(-0.5, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(3600, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(-3600, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(1.8e9, std::nullopt, false).action ==
                       AdjustAction::step);  // a Pi booting in 1970
    }

    void testPlanKeepsTheOffset() {
        const auto slew = planAdjustment(-0.125, std::nullopt, false);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(-0.125, slew.offset, 0.0);
        CPPUNIT_ASSERT_EQUAL(std::string(), slew.reason);
        const auto step = planAdjustment(3600, 7200.0, false);
        CPPUNIT_ASSERT(step.action == AdjustAction::step);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3600.0, step.offset, 0.0);
        CPPUNIT_ASSERT_EQUAL(std::string(), step.reason);
    }

    void testMaxOffsetRefusesUnlessForced() {
        const auto refused = planAdjustment(3600, 600.0, false);
        CPPUNIT_ASSERT(refused.action == AdjustAction::refuse);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3600.0, refused.offset, 0.0);
        CPPUNIT_ASSERT_MESSAGE(refused.reason, contains(refused.reason, "--max-offset"));
        CPPUNIT_ASSERT_MESSAGE(refused.reason, contains(refused.reason, "--force"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("offset +3600s is larger than --max-offset 600s (use --force to set it anyway)"),
            refused.reason);
        CPPUNIT_ASSERT(planAdjustment(-3600, 600.0, false).action == AdjustAction::refuse);
        CPPUNIT_ASSERT(planAdjustment(0.3, 0.1, false).action == AdjustAction::refuse);  // a small slew too
        const auto forced = planAdjustment(3600, 600.0, true);
        CPPUNIT_ASSERT(forced.action == AdjustAction::step);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(3600.0, forced.offset, 0.0);
    }

    void testOffsetAtMaxOffsetIsAllowed() {
        CPPUNIT_ASSERT(planAdjustment(599, 600.0, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(600, 600.0, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(-600, 600.0, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(600.001, 600.0, false).action == AdjustAction::refuse);
    }

    void testNotANumberIsRefused() {
        const auto nan = planAdjustment(std::nan(""), std::nullopt, true);
        CPPUNIT_ASSERT(nan.action == AdjustAction::refuse);
        CPPUNIT_ASSERT_EQUAL(std::string("offset is not a number"), nan.reason);
        CPPUNIT_ASSERT(planAdjustment(std::nan(""), 600.0, false).action == AdjustAction::refuse);
        CPPUNIT_ASSERT(planAdjustment(std::numeric_limits<double>::infinity(), std::nullopt, true).action ==
                       AdjustAction::refuse);
        CPPUNIT_ASSERT(planAdjustment(-std::numeric_limits<double>::infinity(), std::nullopt, true).action ==
                       AdjustAction::refuse);
    }

    void testApplyingARefusalThrowsWithItsReason() {
        // Only a refusal is applied here: a slew or a step would change this machine's clock.
        const auto plan = planAdjustment(3600, 600.0, false);
        CPPUNIT_ASSERT(plan.action == AdjustAction::refuse);
        try {
            applyAdjustment(plan);
            CPPUNIT_FAIL("a refusal was applied");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL("not setting the clock: " + plan.reason, std::string(e.what()));
        }
        AdjustPlan bare;
        bare.reason = "because";
        CPPUNIT_ASSERT_THROW_MESSAGE("a default plan is a refusal", applyAdjustment(bare), std::runtime_error);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClockAdjustTest);
