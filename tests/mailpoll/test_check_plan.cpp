// What counts as new: the decisions over saved state and what the server
// reports (IMAP UIDs, POP3 unique ids), the suspend detector that makes a
// daemon reconnect after a resume, and the back-off of a failing account.
#include "check_plan.h"
#include "retry_backoff.h"
#include "wake_detector.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace wirekit::mailpoll;

namespace {

MailboxStatus statusOf(std::uint32_t uidValidity, std::uint32_t uidNext, std::uint32_t messages = 3) {
    MailboxStatus status;
    status.uidValidity = uidValidity;
    status.uidNext = uidNext;
    status.messages = messages;
    return status;
}

std::string kindOf(const ImapCheckPlan& plan) {
    switch (plan.kind) {
        case ImapCheckPlan::Kind::nothing: return "nothing";
        case ImapCheckPlan::Kind::sinceUid: return "sinceUid " + std::to_string(plan.sinceUid);
        case ImapCheckPlan::Kind::firstCheck: return "firstCheck";
    }
    return "?";
}

using Listing = std::vector<std::pair<std::uint32_t, std::string>>;

}  // namespace

class CheckPlanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CheckPlanTest);
    CPPUNIT_TEST(testMailboxNeverCheckedIsAFirstCheck);
    CPPUNIT_TEST(testChangedUidValidityIsAFirstCheck);
    CPPUNIT_TEST(testUnchangedUidNextMeansNothingToFetch);
    CPPUNIT_TEST(testMovedUidNextFetchesFromTheKnownOne);
    CPPUNIT_TEST(testServerWithoutUidNextIsAskedAnyway);
    CPPUNIT_TEST(testStateAfterIsTheServersUidNext);
    CPPUNIT_TEST(testStateAfterMovesPastMailThatArrivedDuringTheCheck);
    CPPUNIT_TEST(testStateAfterNeverGoesBackwards);
    CPPUNIT_TEST(testStateAfterNewUidValidityForgetsTheOldUidNext);
    CPPUNIT_TEST(testFirstPop3CheckReportsEveryMessage);
    CPPUNIT_TEST(testLaterPop3CheckReportsOnlyUnknownUids);
    CPPUNIT_TEST(testDeletedPop3MessagesAreDroppedFromTheState);
    CPPUNIT_TEST(testCheckedEmptyMaildropMakesEveryArrivalNew);
    CPPUNIT_TEST(testWakeDetectorFirstReadingIsNotASleep);
    CPPUNIT_TEST(testWakeDetectorWithoutSuspend);
    CPPUNIT_TEST(testWakeDetectorNoticesASixtySecondSuspend);
    CPPUNIT_TEST(testWakeDetectorThresholdIsExclusive);
    CPPUNIT_TEST(testWakeDetectorOnTheRealClocks);
    CPPUNIT_TEST(testRetryDelayDoublesFromFifteenSeconds);
    CPPUNIT_TEST(testRetryDelayIsCappedAtHalfAnHour);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMailboxNeverCheckedIsAFirstCheck() {
        CPPUNIT_ASSERT_EQUAL(std::string("firstCheck"), kindOf(planImapCheck(std::nullopt, statusOf(1795597429, 4))));
    }

    void testChangedUidValidityIsAFirstCheck() {
        // The mailbox was recreated: old UIDs mean nothing.
        const MailboxState known{1795597429, 4};
        CPPUNIT_ASSERT_EQUAL(std::string("firstCheck"), kindOf(planImapCheck(known, statusOf(1795597430, 4))));
        // A server that reports no UIDVALIDITY cannot be trusted with UIDs either.
        const MailboxState unknownValidity{0, 4};
        CPPUNIT_ASSERT_EQUAL(std::string("firstCheck"), kindOf(planImapCheck(unknownValidity, statusOf(0, 4))));
    }

    void testUnchangedUidNextMeansNothingToFetch() {
        const MailboxState known{1795597429, 4};
        CPPUNIT_ASSERT_EQUAL(std::string("nothing"), kindOf(planImapCheck(known, statusOf(1795597429, 4))));
        // Messages expunged, none arrived: UIDNEXT stays, nothing is new.
        CPPUNIT_ASSERT_EQUAL(std::string("nothing"), kindOf(planImapCheck(known, statusOf(1795597429, 4, 1))));
    }

    void testMovedUidNextFetchesFromTheKnownOne() {
        const MailboxState known{1795597429, 4};
        CPPUNIT_ASSERT_EQUAL(std::string("sinceUid 4"), kindOf(planImapCheck(known, statusOf(1795597429, 6))));
        const MailboxState fresh{1795597429, 0};
        CPPUNIT_ASSERT_EQUAL(std::string("sinceUid 1"), kindOf(planImapCheck(fresh, statusOf(1795597429, 2))));
    }

    void testServerWithoutUidNextIsAskedAnyway() {
        const MailboxState known{1795597429, 4};
        CPPUNIT_ASSERT_EQUAL(std::string("sinceUid 4"), kindOf(planImapCheck(known, statusOf(1795597429, 0))));
    }

    void testStateAfterIsTheServersUidNext() {
        CPPUNIT_ASSERT((imapStateAfter(std::nullopt, statusOf(1795597429, 4), 3) == MailboxState{1795597429, 4}));
        CPPUNIT_ASSERT((imapStateAfter(std::nullopt, statusOf(1795597429, 4), 0) == MailboxState{1795597429, 4}));
    }

    void testStateAfterMovesPastMailThatArrivedDuringTheCheck() {
        // STATUS said UIDNEXT 4; by the FETCH "4:*" UID 5 had arrived and was reported.
        const MailboxState known{1795597429, 4};
        CPPUNIT_ASSERT((imapStateAfter(known, statusOf(1795597429, 4), 5) == MailboxState{1795597429, 6}));
    }

    void testStateAfterNeverGoesBackwards() {
        const MailboxState known{1795597429, 10};
        // A server that omits UIDNEXT and had nothing new.
        CPPUNIT_ASSERT((imapStateAfter(known, statusOf(1795597429, 0), 0) == MailboxState{1795597429, 10}));
        // A server whose UIDNEXT went backwards.
        CPPUNIT_ASSERT((imapStateAfter(known, statusOf(1795597429, 7), 0) == MailboxState{1795597429, 10}));
        // The last message, fetched again by "10:*", is older than what is known.
        CPPUNIT_ASSERT((imapStateAfter(known, statusOf(1795597429, 0), 9) == MailboxState{1795597429, 10}));
    }

    void testStateAfterNewUidValidityForgetsTheOldUidNext() {
        const MailboxState known{1795597429, 100};
        CPPUNIT_ASSERT((imapStateAfter(known, statusOf(1795597430, 3), 2) == MailboxState{1795597430, 3}));
    }

    void testFirstPop3CheckReportsEveryMessage() {
        const Listing listing = {{1, "000000016b06a475"}, {2, "000000026b06a475"}, {3, "000000036b06a475"}};
        const auto plan = planPop3Check(std::nullopt, listing);
        CPPUNIT_ASSERT(plan.newMessages == listing);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, plan.uids.size());
    }

    void testLaterPop3CheckReportsOnlyUnknownUids() {
        const std::set<std::string> known = {"000000016b06a475", "000000026b06a475"};
        const Listing listing = {{1, "000000016b06a475"}, {2, "000000026b06a475"}, {3, "000000036b06a475"}};
        const auto plan = planPop3Check(known, listing);
        CPPUNIT_ASSERT((plan.newMessages == Listing{{3, "000000036b06a475"}}));
        CPPUNIT_ASSERT(
            (plan.uids == std::set<std::string>{"000000016b06a475", "000000026b06a475", "000000036b06a475"}));
    }

    void testDeletedPop3MessagesAreDroppedFromTheState() {
        // Message 1 was deleted by another client; numbers shifted down.
        const std::set<std::string> known = {"000000016b06a475", "000000026b06a475"};
        const Listing listing = {{1, "000000026b06a475"}, {2, "000000046b06a475"}};
        const auto plan = planPop3Check(known, listing);
        CPPUNIT_ASSERT((plan.newMessages == Listing{{2, "000000046b06a475"}}));
        CPPUNIT_ASSERT((plan.uids == std::set<std::string>{"000000026b06a475", "000000046b06a475"}));
    }

    void testCheckedEmptyMaildropMakesEveryArrivalNew() {
        const std::set<std::string> known;
        const Listing listing = {{1, "000000056b06a475"}};
        CPPUNIT_ASSERT(planPop3Check(known, listing).newMessages == listing);
        CPPUNIT_ASSERT(planPop3Check(known, {}).newMessages.empty());
        CPPUNIT_ASSERT(planPop3Check(known, {}).uids.empty());
    }

    void testWakeDetectorFirstReadingIsNotASleep() {
        WakeDetector detector;
        CPPUNIT_ASSERT(!detector.sleptSince(1000, 5000));  // boot time far ahead: the machine slept before we started
    }

    void testWakeDetectorWithoutSuspend() {
        WakeDetector detector;
        detector.sleptSince(100, 100);
        CPPUNIT_ASSERT(!detector.sleptSince(130, 130));
        CPPUNIT_ASSERT(!detector.sleptSince(160, 160.5));
    }

    void testWakeDetectorNoticesASixtySecondSuspend() {
        WakeDetector detector;
        detector.sleptSince(100, 100);
        CPPUNIT_ASSERT(detector.sleptSince(110, 170));   // 10 s awake, 60 s asleep
        CPPUNIT_ASSERT(!detector.sleptSince(120, 180));  // and awake again since
    }

    void testWakeDetectorThresholdIsExclusive() {
        WakeDetector detector(5);
        detector.sleptSince(100, 200);
        CPPUNIT_ASSERT(!detector.sleptSince(110, 215));   // exactly 5 s
        CPPUNIT_ASSERT(detector.sleptSince(120, 230.5));  // 5.5 s
        WakeDetector strict(0.5);
        strict.sleptSince(0, 0);
        CPPUNIT_ASSERT(strict.sleptSince(1, 2));
    }

    void testWakeDetectorOnTheRealClocks() {
        WakeDetector detector;
        CPPUNIT_ASSERT(!detector.sleptSinceLastCall());
        CPPUNIT_ASSERT(!detector.sleptSinceLastCall());
    }

    void testRetryDelayDoublesFromFifteenSeconds() {
        const std::vector<double> expected = {15, 30, 60, 120, 240, 480, 960};
        for (std::size_t i = 0; i < expected.size(); ++i)
            CPPUNIT_ASSERT_DOUBLES_EQUAL(expected[i], retryDelaySeconds(static_cast<int>(i) + 1), 1e-9);
    }

    void testRetryDelayIsCappedAtHalfAnHour() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1800.0, retryDelaySeconds(8), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1800.0, retryDelaySeconds(9), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1800.0, retryDelaySeconds(1000000), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1800.0, retryDelaySeconds(2147483647), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(15.0, retryDelaySeconds(0), 1e-9);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CheckPlanTest);
