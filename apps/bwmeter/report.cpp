// Report building and rendering.
#include "report.h"

#include "live_format.h"
#include "out/csv.h"
#include "out/json_lines.h"
#include "out/table.h"
#include "units/human.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace wirekit::bwmeter {

namespace {

const char* typeName(Section section) {
    switch (section) {
        case Section::hours: return "hour";
        case Section::days: return "day";
        case Section::months: return "month";
        case Section::top: return "top";
        case Section::profileHours: return "profile_hour";
        case Section::profileWeekdays: return "profile_weekday";
    }
    return "";
}

bool isProfile(Section section) { return section == Section::profileHours || section == Section::profileWeekdays; }

std::uint64_t whole(double bytes) { return static_cast<std::uint64_t>(std::llround(bytes)); }

}  // namespace

const char* weekdayName(int day) {
    static const char* const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    return day >= 0 && day < 7 ? names[day] : "?";
}

ReportSection bucketSection(Section section, const std::vector<TrafficRow>& rows, Zone zone, std::size_t top) {
    ReportSection result{section, "", {}, {}};
    for (const auto& row : rows) {
        ReportLine line;
        line.iface = row.iface;
        line.start = row.start;
        line.rx = static_cast<double>(row.rx);
        line.tx = static_cast<double>(row.tx);
        line.label = section == Section::hours    ? formatHour(row.start, zone)
                     : section == Section::months ? formatMonth(row.start, zone)
                                                  : formatDay(row.start, zone);
        result.lines.push_back(line);
    }
    switch (section) {
        case Section::hours: result.title = "traffic per hour"; break;
        case Section::days: result.title = "traffic per day"; break;
        case Section::months: result.title = "traffic per month"; break;
        default:
            result.title = "top days";
            std::stable_sort(result.lines.begin(), result.lines.end(),
                             [](const ReportLine& a, const ReportLine& b) { return a.rx + a.tx > b.rx + b.tx; });
            if (result.lines.size() > top) result.lines.resize(top);
            break;
    }
    return result;
}

ReportSection profileSection(Section section, const std::vector<ProfileCell>& cells) {
    const bool byHour = section == Section::profileHours;
    ReportSection result{
        section,
        byHour ? "average traffic per hour, by hour of the day" : "average traffic per hour, by day of the week",
        {},
        {}};
    std::map<std::pair<std::string, int>, ProfileCell> sums;
    for (const auto& cell : cells) {
        auto& sum = sums[{cell.iface, cell.slot}];
        sum.rx += cell.rx;
        sum.tx += cell.tx;
        sum.hours += cell.hours;
    }
    std::map<std::string, std::vector<ReportLine>> perInterface;
    for (const auto& [key, sum] : sums) {
        if (sum.hours == 0) continue;
        ReportLine line;
        line.iface = key.first;
        char label[8];
        std::snprintf(label, sizeof label, "%02d", key.second);
        line.label = byHour ? label : weekdayName(key.second);
        line.rx = static_cast<double>(sum.rx) / static_cast<double>(sum.hours);
        line.tx = static_cast<double>(sum.tx) / static_cast<double>(sum.hours);
        line.hours = sum.hours;
        perInterface[key.first].push_back(line);
    }
    for (auto& [iface, lines] : perInterface) {
        const auto total = [](const ReportLine& l) { return l.rx + l.tx; };
        const auto [quietest, busiest] = std::minmax_element(
            lines.begin(), lines.end(), [&](const ReportLine& a, const ReportLine& b) { return total(a) < total(b); });
        const std::string unit = byHour ? ":00" : "";
        result.notes.push_back(iface + ": busiest " + busiest->label + unit + " (" +
                               units::formatBytes(whole(total(*busiest))) + " an hour), quietest " + quietest->label +
                               unit + " (" + units::formatBytes(whole(total(*quietest))) + " an hour)");
        result.lines.insert(result.lines.end(), lines.begin(), lines.end());
    }
    return result;
}

std::string renderReport(const std::vector<ReportSection>& sections, ReportFormat format, Zone zone) {
    std::ostringstream out;
    if (format == ReportFormat::csv)
        out::CsvWriter(out).writeRow({"type", "iface", "label", "start", "rx_bytes", "tx_bytes", "hours"});
    bool first = true;
    for (const auto& section : sections) {
        const bool profile = isProfile(section.section);
        if (format == ReportFormat::text) {
            if (!first) out << '\n';
            first = false;
            out << section.title << (profile ? "" : zone == Zone::utc ? " (UTC)" : "") << '\n';
            if (section.lines.empty()) {
                out << "  nothing recorded\n";
                continue;
            }
            out::TableWriter table({{profile ? (section.section == Section::profileHours ? "HOUR" : "DAY")
                                     : section.section == Section::hours  ? "HOUR"
                                     : section.section == Section::months ? "MONTH"
                                                                          : "DAY"},
                                    {"IFACE"},
                                    {"RX", out::Align::right},
                                    {"TX", out::Align::right},
                                    {"TOTAL", out::Align::right}});
            for (const auto& line : section.lines)
                table.addRow({line.label, line.iface, units::formatBytes(whole(line.rx)),
                              units::formatBytes(whole(line.tx)), units::formatBytes(whole(line.rx + line.tx))});
            table.write(out);
            for (const auto& note : section.notes) out << note << '\n';
        } else if (format == ReportFormat::json) {
            out::JsonLinesWriter writer(out);
            for (const auto& line : section.lines) {
                auto record = out::JsonLinesWriter::makeRecord();
                record.set("type", typeName(section.section));
                record.set("iface", line.iface);
                record.set("label", line.label);
                if (!profile) record.set("start", isoTime(line.start, zone == Zone::utc));
                record.set("rx_bytes", whole(line.rx));
                record.set("tx_bytes", whole(line.tx));
                if (profile) record.set("hours", line.hours);
                writer.write(record);
            }
        } else {
            out::CsvWriter writer(out);
            for (const auto& line : section.lines)
                writer.writeRow({typeName(section.section), line.iface, line.label,
                                 profile ? "" : isoTime(line.start, zone == Zone::utc), std::to_string(whole(line.rx)),
                                 std::to_string(whole(line.tx)), profile ? std::to_string(line.hours) : ""});
        }
    }
    return out.str();
}

}  // namespace wirekit::bwmeter
