// The record: calendar buckets in local time (DST included) and UTC, the
// SQLite store, and reports, charts and metrics built from it.
#include "graph.h"
#include "metrics.h"
#include "pending_traffic.h"
#include "process.h"
#include "report.h"
#include "time_buckets.h"
#include "traffic_store.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <stdexcept>

using namespace wirekit::bwmeter;
using wirekit::test::readFile;
using wirekit::test::TempDir;

namespace {

/// Central European time by POSIX rule, so the test needs no tzdata:
/// CEST from the last Sunday of March 02:00 to the last Sunday of October 03:00.
const char* const berlin = "CET-1CEST,M3.5.0,M10.5.0/3";

class ScopedZone {
public:
    explicit ScopedZone(const char* zone) {
        if (const char* old = std::getenv("TZ")) saved_ = old, had_ = true;
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~ScopedZone() {
        if (had_)
            ::setenv("TZ", saved_.c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }

private:
    std::string saved_;
    bool had_ = false;
};

std::int64_t utc(int year, int month, int day, int hour, int minute = 0) {
    std::tm parts{};
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    return static_cast<std::int64_t>(timegm(&parts));
}

}  // namespace

class RecordTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RecordTest);
    CPPUNIT_TEST(testBucketsAcrossMidnightMonthEndAndYear);
    CPPUNIT_TEST(testDaylightSavingDaysHaveTwentyThreeAndTwentyFiveHours);
    CPPUNIT_TEST(testWeekdaysAndDates);
    CPPUNIT_TEST(testStoreKeepsTrafficPerHourDayMonthInBothZones);
    CPPUNIT_TEST(testProfileCountsHoursOnceAndNamesBusiestAndQuietest);
    CPPUNIT_TEST(testClockStepsMakeNoNegativeOrDoubledBuckets);
    CPPUNIT_TEST(testCounterMemoryRoundTrip);
    CPPUNIT_TEST(testForeignFilesAreRefusedAndLeftUntouched);
    CPPUNIT_TEST(testNewerSchemaIsRefused);
    CPPUNIT_TEST(testReportFormats);
    CPPUNIT_TEST(testSvgIsWellFormedWithOneBarPairPerLine);
    CPPUNIT_TEST(testTerminalChart);
    CPPUNIT_TEST(testPrometheusText);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBucketsAcrossMidnightMonthEndAndYear() {
        ScopedZone zone(berlin);
        // 2026-12-31 23:30 UTC is 2027-01-01 00:30 in Berlin (CET, +1).
        const std::int64_t t = utc(2026, 12, 31, 23, 30);
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 31, 23), dayStart(t, Zone::local));
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 31, 0), dayStart(t, Zone::utc));
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 31, 23), monthStart(t, Zone::local));  // 2027-01-01 00:00 local
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 1, 0), monthStart(t, Zone::utc));
        CPPUNIT_ASSERT_EQUAL(utc(2027, 1, 1, 0), nextMonthStart(t, Zone::utc));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01"), formatMonth(monthStart(t, Zone::local), Zone::local));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-31"), formatDay(dayStart(t, Zone::utc), Zone::utc));
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 31, 23), hourStart(t, Zone::local));
        CPPUNIT_ASSERT_EQUAL(0, hourOfDay(t, Zone::local));
        CPPUNIT_ASSERT_EQUAL(23, hourOfDay(t, Zone::utc));
        CPPUNIT_ASSERT_EQUAL(utc(2026, 12, 31, 23, 30), quarterStart(t + 899));
    }

    void testDaylightSavingDaysHaveTwentyThreeAndTwentyFiveHours() {
        ScopedZone zone(berlin);
        // 2026-03-29: clocks go from 02:00 to 03:00. 2026-10-25: from 03:00 back to 02:00.
        const std::int64_t spring = dayStart(utc(2026, 3, 29, 12), Zone::local);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{23 * 3600}, dayStart(utc(2026, 3, 30, 12), Zone::local) - spring);
        const std::int64_t autumn = dayStart(utc(2026, 10, 25, 12), Zone::local);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{25 * 3600}, dayStart(utc(2026, 10, 26, 12), Zone::local) - autumn);
        // The doubled 02:00 hour: two different hours, both labelled 02:00.
        const std::int64_t first = utc(2026, 10, 25, 0, 30), second = utc(2026, 10, 25, 1, 30);
        CPPUNIT_ASSERT(hourStart(first, Zone::local) != hourStart(second, Zone::local));
        CPPUNIT_ASSERT_EQUAL(2, hourOfDay(first, Zone::local));
        CPPUNIT_ASSERT_EQUAL(2, hourOfDay(second, Zone::local));
    }

    void testWeekdaysAndDates() {
        ScopedZone zone(berlin);
        CPPUNIT_ASSERT_EQUAL(2, weekday(utc(2026, 11, 25, 12), Zone::utc));  // a Wednesday
        CPPUNIT_ASSERT_EQUAL(6, weekday(utc(2026, 11, 29, 12), Zone::utc));  // Sunday
        CPPUNIT_ASSERT_EQUAL(utc(2026, 11, 24, 23), parseDate("2026-11-25", Zone::local));
        CPPUNIT_ASSERT_EQUAL(utc(2026, 11, 1, 0), parseDate("2026-11", Zone::utc));
        for (const char* bad : {"2026-13", "2026-02-30", "yesterday", "2026-1-5", "26-11-25"})
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, parseDate(bad, Zone::utc), std::invalid_argument);
    }

    void testStoreKeepsTrafficPerHourDayMonthInBothZones() {
        ScopedZone zone(berlin);
        TempDir dir;
        const std::string path = dir.path() + "/bw.db";
        const std::int64_t lateEvening = utc(2026, 11, 30, 22, 50);    // 23:50 local, 30 November
        const std::int64_t afterMidnight = utc(2026, 11, 30, 23, 10);  // 00:10 local, 1 December
        {
            TrafficStore store(path, TrafficStore::Access::readWrite);
            PendingTraffic pending;
            pending.add("eth0", lateEvening, 1000, 10);
            pending.add("eth0", lateEvening + 60, 500, 5);  // same slot: summed
            pending.add("eth0", afterMidnight, 2000, 20);
            pending.add("wlan0", afterMidnight, 7, 7);
            store.commit(pending, {}, afterMidnight);
            PendingTraffic more;
            more.add("eth0", afterMidnight + 300, 3000, 30);
            store.commit(more, {}, afterMidnight + 300);
        }
        TrafficStore store(path, TrafficStore::Access::readOnly);
        const auto hours = store.traffic(Span::hour, Zone::local, 0, 1LL << 40);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, hours.size());  // eth0 at 22:00 and 23:00 UTC, wlan0 at 23:00
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1500}, hours[0].rx);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5000}, hours[1].rx);
        const auto localDays = store.traffic(Span::day, Zone::local, 0, 1LL << 40);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, localDays.size());  // eth0 on 30 Nov and 1 Dec, wlan0 on 1 Dec
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-30"), formatDay(localDays[0].start, Zone::local));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1500}, localDays[0].rx);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{5000}, localDays[1].rx);
        const auto utcDays = store.traffic(Span::day, Zone::utc, 0, 1LL << 40);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, utcDays.size());  // all of it on 30 November in UTC
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{6500}, utcDays[0].rx);
        const auto localMonths = store.traffic(Span::month, Zone::local, 0, 1LL << 40);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, localMonths.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11"), formatMonth(localMonths[0].start, Zone::local));
        CPPUNIT_ASSERT((store.interfaces() == std::vector<std::string>{"eth0", "wlan0"}));
    }

    void testProfileCountsHoursOnceAndNamesBusiestAndQuietest() {
        TempDir dir;
        const std::string path = dir.path() + "/bw.db";
        TrafficStore store(path, TrafficStore::Access::readWrite);
        // Two days; 09:00 UTC busy, 03:00 UTC quiet; 09:00 committed in two parts.
        for (int day = 1; day <= 2; ++day) {
            PendingTraffic first, second;
            first.add("eth0", utc(2026, 6, day, 9, 5), 4000, 0);
            second.add("eth0", utc(2026, 6, day, 9, 40), 2000, 0);
            first.add("eth0", utc(2026, 6, day, 3, 0), 100, 0);
            store.commit(first, {}, utc(2026, 6, day, 10));
            store.commit(second, {}, utc(2026, 6, day, 10));
        }
        const auto cells = store.profile(Zone::utc, 0, 0, 1LL << 40);
        const auto section = profileSection(Section::profileHours, cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, section.lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("03"), section.lines[0].label);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(100.0, section.lines[0].rx, 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("09"), section.lines[1].label);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{2}, section.lines[1].hours);  // two hours, not four commits
        CPPUNIT_ASSERT_DOUBLES_EQUAL(6000.0, section.lines[1].rx, 1e-9);
        CPPUNIT_ASSERT_EQUAL(std::string("eth0: busiest 09:00 (5.9 KiB an hour), quietest 03:00 (100 B an hour)"),
                             section.notes.at(0));
        const auto weekdays = profileSection(Section::profileWeekdays, store.profile(Zone::utc, 1, 0, 1LL << 40));
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, weekdays.lines.size());  // 1 June 2026 is a Monday
        CPPUNIT_ASSERT_EQUAL(std::string("Mon"), weekdays.lines[0].label);
        CPPUNIT_ASSERT_EQUAL(std::string("Tue"), weekdays.lines[1].label);
    }

    void testClockStepsMakeNoNegativeOrDoubledBuckets() {
        // Samples at 10:00, then the clock steps back an hour (an NTP
        // correction), then forward a day: each delta lands in the bucket of
        // the wall time it was read at, once.
        TempDir dir;
        TrafficStore store(dir.path() + "/bw.db", TrafficStore::Access::readWrite);
        PendingTraffic pending;
        pending.add("eth0", utc(2026, 5, 4, 10, 0), 100, 1);
        pending.add("eth0", utc(2026, 5, 4, 9, 0), 200, 2);
        pending.add("eth0", utc(2026, 5, 4, 9, 0), 300, 3);
        pending.add("eth0", utc(2026, 5, 5, 9, 0), 400, 4);
        store.commit(pending, {}, utc(2026, 5, 5, 9, 0));
        const auto hours = store.traffic(Span::hour, Zone::utc, 0, 1LL << 40);
        CPPUNIT_ASSERT_EQUAL(std::size_t{3}, hours.size());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{500}, hours[0].rx);  // 09:00 on the 4th
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{100}, hours[1].rx);  // 10:00 on the 4th
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{400}, hours[2].rx);
        std::uint64_t total = 0;
        for (const auto& day : store.traffic(Span::day, Zone::utc, 0, 1LL << 40)) total += day.rx;
        CPPUNIT_ASSERT_EQUAL(std::uint64_t{1000}, total);
    }

    void testCounterMemoryRoundTrip() {
        TempDir dir;
        const std::string path = dir.path() + "/bw.db";
        {
            TrafficStore store(path, TrafficStore::Access::readWrite);
            store.commit({}, {CounterMemory{"eth0", 2, 1ULL << 40, 77, 64, "boot"}}, 0);
            store.commit({}, {CounterMemory{"eth0", 2, (1ULL << 40) + 5, 78, 64, "boot"}}, 0);
        }
        TrafficStore store(path, TrafficStore::Access::readWrite);
        const auto memory = store.counterMemory();
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, memory.size());
        CPPUNIT_ASSERT_EQUAL((1ULL << 40) + 5, static_cast<unsigned long long>(memory[0].rxBytes));
        CPPUNIT_ASSERT_EQUAL(std::string("boot"), memory[0].bootId);
    }

    void testForeignFilesAreRefusedAndLeftUntouched() {
        TempDir dir;
        const std::string text = dir.write("notes.db", "my notes, not a database\n");
        CPPUNIT_ASSERT_THROW(TrafficStore(text, TrafficStore::Access::readWrite), std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(std::string("my notes, not a database\n"), readFile(text));
        // Another program's SQLite database.
        const std::string other = dir.path() + "/other.db";
        CPPUNIT_ASSERT_EQUAL(0, std::system(("python3 -c \"import sqlite3; c = sqlite3.connect('" + other +
                                             "'); c.execute('create table t(x)'); c.commit()\"")
                                                .c_str()));
        const std::string before = readFile(other);
        try {
            TrafficStore store(other, TrafficStore::Access::readWrite);
            CPPUNIT_FAIL("accepted another program's database");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT(std::string(e.what()).find("not a bwmeter database; left untouched") != std::string::npos);
        }
        CPPUNIT_ASSERT(before == readFile(other));
        CPPUNIT_ASSERT_THROW(TrafficStore(dir.path() + "/missing.db", TrafficStore::Access::readOnly),
                             std::runtime_error);
    }

    void testNewerSchemaIsRefused() {
        TempDir dir;
        const std::string path = dir.path() + "/bw.db";
        { TrafficStore store(path, TrafficStore::Access::readWrite); }
        CPPUNIT_ASSERT_EQUAL(0, std::system(("python3 -c \"import sqlite3; c = sqlite3.connect('" + path +
                                             "'); c.execute(\\\"update meta set value = '9' where key = "
                                             "'schema'\\\"); c.commit()\"")
                                                .c_str()));
        try {
            TrafficStore store(path, TrafficStore::Access::readWrite);
            CPPUNIT_FAIL("accepted a newer schema");
        } catch (const std::runtime_error& e) {
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("schema 9 is not 1") != std::string::npos);
        }
    }

    void testReportFormats() {
        const std::vector<TrafficRow> rows = {{"eth0", utc(2026, 11, 24, 0), 3000, 1000},
                                              {"eth0", utc(2026, 11, 25, 0), 100, 50},
                                              {"eth0", utc(2026, 11, 26, 0), 9000, 9000}};
        const auto days = bucketSection(Section::days, rows, Zone::utc);
        const auto top = bucketSection(Section::top, rows, Zone::utc, 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, top.lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-26"), top.lines[0].label);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-11-24"), top.lines[1].label);
        const auto json = renderReport({days}, ReportFormat::json, Zone::utc);
        CPPUNIT_ASSERT(json.find("{\"type\":\"day\",\"iface\":\"eth0\",\"label\":\"2026-11-24\","
                                 "\"start\":\"2026-11-24T00:00:00+00:00\",\"rx_bytes\":3000,\"tx_bytes\":1000}\n") !=
                       std::string::npos);
        const auto csv = renderReport({days}, ReportFormat::csv, Zone::utc);
        CPPUNIT_ASSERT(csv.rfind("type,iface,label,start,rx_bytes,tx_bytes,hours\r\n", 0) == 0);
        const auto text = renderReport({days}, ReportFormat::text, Zone::utc);
        CPPUNIT_ASSERT_EQUAL(std::string("traffic per day (UTC)\n"
                                         "DAY         IFACE       RX       TX     TOTAL\n"
                                         "2026-11-24  eth0   2.9 KiB   1000 B   3.9 KiB\n"
                                         "2026-11-25  eth0     100 B     50 B     150 B\n"
                                         "2026-11-26  eth0   8.8 KiB  8.8 KiB  17.6 KiB\n"),
                             text);
    }

    void testSvgIsWellFormedWithOneBarPairPerLine() {
        const std::vector<TrafficRow> rows = {{"eth0", utc(2026, 11, 24, 0), 3000, 1000},
                                              {"eth0", utc(2026, 11, 25, 0), 100, 50},
                                              {"eth<0>&", utc(2026, 11, 26, 0), 9000, 9000}};
        const std::string svg = svgChart(bucketSection(Section::days, rows, Zone::utc));
        Poco::XML::DOMParser parser;
        Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(svg);  // throws if not well-formed
        CPPUNIT_ASSERT_EQUAL(std::string("svg"), document->documentElement()->localName());
        Poco::AutoPtr<Poco::XML::NodeList> rects = document->getElementsByTagName("rect");
        int rx = 0, tx = 0;
        double tallest = 0;
        for (unsigned long i = 0; i < rects->length(); ++i) {
            auto* rect = static_cast<Poco::XML::Element*>(rects->item(i));
            if (rect->getAttribute("class") == "rx") ++rx;
            if (rect->getAttribute("class") == "tx") ++tx;
            if (!rect->getAttribute("class").empty())
                tallest = std::max(tallest, std::stod(rect->getAttribute("height")));
        }
        CPPUNIT_ASSERT_EQUAL(3, rx);
        CPPUNIT_ASSERT_EQUAL(3, tx);
        CPPUNIT_ASSERT(tallest > 200 && tallest <= 300);  // the largest bar fills most of the plot
        CPPUNIT_ASSERT(svg.find("receive") != std::string::npos && svg.find("transmit") != std::string::npos);
        CPPUNIT_ASSERT(svg.find("8.8 KiB") != std::string::npos || svg.find("KiB") != std::string::npos);
    }

    void testTerminalChart() {
        const std::vector<TrafficRow> rows = {{"eth0", utc(2026, 11, 24, 0), 3000, 1000},
                                              {"eth0", utc(2026, 11, 25, 0), 1000, 1000}};
        const std::string chart = terminalChart(bucketSection(Section::days, rows, Zone::utc), true, 20);
        CPPUNIT_ASSERT_EQUAL(std::string("traffic per day  (# receive, = transmit)\n"
                                         "2026-11-24  eth0  ###############=====  3.9 KiB\n"
                                         "2026-11-25  eth0  #####=====            2.0 KiB\n"),
                             chart);
    }

    void testPrometheusText() {
        InterfaceCounters eth;
        eth.name = "eth\"0";
        eth.rxBytes = 10;
        eth.txBytes = 20;
        const std::string text = prometheusText({eth}, {RecordedTotals{"eth\"0", 1, 2, 3, 4}});
        CPPUNIT_ASSERT(text.rfind("# HELP bwmeter_receive_bytes_total ", 0) == 0);
        CPPUNIT_ASSERT(text.find("# TYPE bwmeter_receive_bytes_total counter\n"
                                 "bwmeter_receive_bytes_total{interface=\"eth\\\"0\"} 10\n") != std::string::npos);
        CPPUNIT_ASSERT(text.find("bwmeter_month_transmit_bytes{interface=\"eth\\\"0\"} 4\n") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecordTest);
