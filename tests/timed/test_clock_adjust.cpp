// Deciding how to correct the clock: slew, step, or refuse.
#include "clock_adjust.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <stdexcept>

using namespace wirekit::timed;

class ClockAdjustTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClockAdjustTest);
    CPPUNIT_TEST(testSmallOffsetsAreSlewed);
    CPPUNIT_TEST(testLargeOffsetsAreStepped);
    CPPUNIT_TEST(testMaxOffsetRefusesUnlessForced);
    CPPUNIT_TEST(testNotANumberIsRefused);
    CPPUNIT_TEST(testApplyingARefusalThrowsWithItsReason);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSmallOffsetsAreSlewed() {
        CPPUNIT_ASSERT(planAdjustment(0.2, std::nullopt, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(-0.49, std::nullopt, false).action == AdjustAction::slew);
        CPPUNIT_ASSERT(planAdjustment(0.0, 1.0, false).action == AdjustAction::slew);
    }

    void testLargeOffsetsAreStepped() {
        CPPUNIT_ASSERT(planAdjustment(0.5, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(-3600, std::nullopt, false).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(1.8e9, std::nullopt, false).action ==
                       AdjustAction::step);  // a Pi booting in 1970
    }

    void testMaxOffsetRefusesUnlessForced() {
        const auto refused = planAdjustment(3600, 600.0, false);
        CPPUNIT_ASSERT(refused.action == AdjustAction::refuse);
        CPPUNIT_ASSERT_EQUAL(
            std::string("offset +3600s is larger than --max-offset 600s (use --force to set it anyway)"),
            refused.reason);
        CPPUNIT_ASSERT(planAdjustment(-3600, 600.0, false).action == AdjustAction::refuse);
        CPPUNIT_ASSERT(planAdjustment(3600, 600.0, true).action == AdjustAction::step);
        CPPUNIT_ASSERT(planAdjustment(599, 600.0, false).action == AdjustAction::step);
    }

    void testNotANumberIsRefused() {
        CPPUNIT_ASSERT(planAdjustment(std::nan(""), std::nullopt, true).action == AdjustAction::refuse);
        CPPUNIT_ASSERT(planAdjustment(INFINITY, std::nullopt, true).action == AdjustAction::refuse);
    }

    void testApplyingARefusalThrowsWithItsReason() {
        AdjustPlan plan;
        plan.reason = "because";
        try {
            applyAdjustment(plan);
            CPPUNIT_FAIL("a refusal was applied");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("not setting the clock: because"), std::string(e.what()));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ClockAdjustTest);
