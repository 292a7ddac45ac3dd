// Random and mutated bytes through every parser of timed: no crash, no read
// past the input (run it under SANITIZE=1), and the invariants still hold.
#include "measurement.h"
#include "ntp_packet.h"
#include "rfc867.h"
#include "rfc868.h"
#include "sntp_responder.h"

#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <vector>

using namespace wirekit;
using namespace wirekit::timed;

class RandomInputTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RandomInputTest);
    CPPUNIT_TEST(testServerAnswersOnlyClientRequests);
    CPPUNIT_TEST(testClientRefusesOrAcceptsButNeverCrashes);
    CPPUNIT_TEST(testDaytimeParserOnRandomLines);
    CPPUNIT_TEST_SUITE_END();

public:
    void testServerAnswersOnlyClientRequests() {
        std::mt19937 random(868);
        ServerClockState clock;
        clock.stratum = 2;
        for (int i = 0; i < 100000; ++i) {
            std::vector<std::uint8_t> bytes(random() % 80);
            for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
            const auto answer = answerSntp(bytes.data(), bytes.size(), {}, {}, clock);
            const bool isClientRequest =
                bytes.size() >= 48 && (bytes[0] & 7) == 3 && ((bytes[0] >> 3) & 7) >= 1 && ((bytes[0] >> 3) & 7) <= 4;
            CPPUNIT_ASSERT_EQUAL(isClientRequest, answer.verdict == SntpVerdict::reply);
            if (isClientRequest) CPPUNIT_ASSERT_EQUAL(4, answer.reply[0] & 7);
        }
    }

    void testClientRefusesOrAcceptsButNeverCrashes() {
        std::mt19937 random(4330);
        const SntpExchange exchange(sys::WallTime{1795564800, 0}, 7);
        int accepted = 0;
        for (int i = 0; i < 100000; ++i) {
            // Mutate a valid reply so that some get through the checks.
            auto bytes = std::vector<std::uint8_t>(exchange.request().begin(), exchange.request().end());
            bytes[0] = 0x24;
            bytes[1] = 2;
            std::copy(bytes.begin() + 40, bytes.begin() + 48, bytes.begin() + 24);
            const int flips = static_cast<int>(random() % 4);
            for (int f = 0; f < flips; ++f)
                bytes[random() % bytes.size()] ^= static_cast<std::uint8_t>(1u << (random() % 8));
            bytes.resize(random() % 5 == 0 ? random() % 60 : 48);
            try {
                const auto m = exchange.interpret(bytes.data(), bytes.size(), sys::WallTime{1795564800, 1000});
                CPPUNIT_ASSERT(m.delay >= 0);
                ++accepted;
            } catch (const ProtocolError&) {
            }
            try {
                interpretTimeReply(bytes.data(), bytes.size() % 6, {}, {});
            } catch (const ProtocolError&) {
            }
        }
        CPPUNIT_ASSERT(accepted > 1000);  // the mutations leave many valid replies
    }

    void testDaytimeParserOnRandomLines() {
        std::mt19937 random(867);
        const std::string alphabet = "0123456789 :,-+ADEFJMNOSTUWadehinortuvy\r\n\x01\xff";
        const std::string seed = "Wednesday, November 25, 2026 01:52:55-UTC\r\n";
        for (int i = 0; i < 100000; ++i) {
            std::string line = random() % 2 ? seed : std::string();
            const auto length = random() % 50;
            for (std::size_t c = 0; c < length; ++c) {
                const char ch = alphabet[random() % alphabet.size()];
                if (!line.empty() && random() % 2)
                    line[random() % line.size()] = ch;
                else
                    line += ch;
            }
            const auto parsed = rfc867::parse(line);
            if (parsed) {
                CPPUNIT_ASSERT(parsed->month >= 1 && parsed->month <= 12);
                CPPUNIT_ASSERT(parsed->hour >= 0 && parsed->hour <= 23);
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RandomInputTest);
