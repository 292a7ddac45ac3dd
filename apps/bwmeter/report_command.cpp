// `report` and `graph`: reading the record back.
#include "cli/diag.h"
#include "commands.h"
#include "graph.h"
#include "interface_filter.h"
#include "report.h"
#include "traffic_store.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace wirekit::bwmeter {

namespace {

/// Reads the sections asked for (all but the profile by default) from the store.
std::vector<ReportSection> readSections(const Options& options, std::vector<Section> wanted) {
    TrafficStore store(databasePath(options), TrafficStore::Access::readOnly);
    const InterfaceFilter filter(options.interfaces);
    if (!options.interfaces.empty()) {
        const auto missing = filter.unmatched(store.interfaces());
        if (!missing.empty()) throw std::runtime_error("no interface matching '" + missing.front() + "' in the record");
    }
    const Zone zone = options.zone;
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    // --to names the last day or month included.
    const std::int64_t from = options.from ? parseDate(*options.from, zone) : 0;
    std::int64_t to = farFuture;
    if (options.to) {
        const std::int64_t start = parseDate(*options.to, zone);
        to = options.to->size() == 7 ? nextMonthStart(start, zone) : dayStart(start + 36 * 3600, zone);
    }
    const auto keep = [&](std::vector<TrafficRow> rows) {
        std::vector<TrafficRow> kept;
        for (auto& row : rows)
            if (filter.accepts(row.iface, false) || options.interfaces.empty()) kept.push_back(std::move(row));
        return kept;
    };
    std::vector<ReportSection> sections;
    for (Section section : wanted) {
        switch (section) {
            case Section::hours: {
                // The last 24 hours unless a range is given.
                const std::int64_t since = options.from ? from : hourStart(now, Zone::utc) - 23 * 3600;
                sections.push_back(bucketSection(section, keep(store.traffic(Span::hour, zone, since, to)), zone));
                break;
            }
            case Section::days: {
                const std::int64_t since = options.from ? from : dayStart(now - 29 * 86400, zone);
                sections.push_back(bucketSection(section, keep(store.traffic(Span::day, zone, since, to)), zone));
                break;
            }
            case Section::months:
                sections.push_back(bucketSection(section, keep(store.traffic(Span::month, zone, from, to)), zone));
                break;
            case Section::top:
                sections.push_back(
                    bucketSection(section, keep(store.traffic(Span::day, zone, from, to)), zone, options.top));
                break;
            case Section::profileHours:
            case Section::profileWeekdays: {
                // Profiles are kept per month: a range widens to whole months.
                const std::int64_t monthFrom = options.from ? monthStart(from, zone) : 0;
                auto cells = store.profile(zone, section == Section::profileHours ? 0 : 1, monthFrom, to);
                std::vector<ProfileCell> kept;
                for (auto& cell : cells)
                    if (options.interfaces.empty() || filter.accepts(cell.iface, false)) kept.push_back(cell);
                sections.push_back(profileSection(section, kept));
                break;
            }
        }
    }
    return sections;
}

}  // namespace

int runReport(const Options& options) {
    auto wanted = options.sections;
    if (wanted.empty()) wanted = {Section::hours, Section::days, Section::months, Section::top};
    const auto sections = readSections(options, wanted);
    const ReportFormat format = options.json  ? ReportFormat::json
                                : options.csv ? ReportFormat::csv
                                              : ReportFormat::text;
    std::cout << renderReport(sections, format, options.zone) << std::flush;
    return 0;
}

int runGraph(const Options& options) {
    auto wanted = options.sections;
    if (wanted.empty()) wanted = {Section::hours};
    const auto sections = readSections(options, wanted);
    if (!options.svgPath.empty()) {
        const std::string svg = svgChart(sections.front());
        if (options.svgPath == "-") {
            std::cout << svg << std::flush;
        } else {
            std::ofstream file(options.svgPath, std::ios::trunc);
            file << svg;
            file.close();
            if (!file) throw std::runtime_error(options.svgPath + ": cannot write the SVG");
        }
        return 0;
    }
    bool first = true;
    for (const auto& section : sections) {
        if (!first) std::cout << '\n';
        first = false;
        std::cout << terminalChart(section, options.ascii);
    }
    std::cout << std::flush;
    return 0;
}

}  // namespace wirekit::bwmeter
