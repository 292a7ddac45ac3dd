// Charts.
#include "graph.h"

#include "units/human.h"

#include <Poco/SAX/AttributesImpl.h>
#include <Poco/XML/XMLWriter.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace wirekit::bwmeter {

namespace {

std::uint64_t whole(double bytes) { return static_cast<std::uint64_t>(std::llround(bytes)); }

std::string repeat(const std::string& glyph, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += glyph;
    return out;
}

/// A round step for the y axis, about five ticks: 1, 2 or 5 times a power
/// of ten of the largest binary unit (KiB, MiB, ...) under the maximum, so
/// labels read "2.0 MiB", not "1.9 MiB".
double tickStep(double maximum) {
    if (maximum <= 0) return 1;
    double unit = 1;
    while (maximum / unit >= 1024) unit *= 1024;
    const double rough = maximum / unit / 5;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (double factor : {1.0, 2.0, 5.0, 10.0})
        if (rough <= factor * power) return std::max(1.0, factor * power) * unit;
    return 10 * power * unit;
}

std::string text(double value) {
    std::ostringstream out;
    out.precision(1);
    out << std::fixed << value;
    return out.str();
}

}  // namespace

std::string terminalChart(const ReportSection& section, bool ascii, std::size_t width) {
    const std::string rxGlyph = ascii ? "#" : "\u2588", txGlyph = ascii ? "=" : "\u2592";
    std::ostringstream out;
    out << section.title << "  (" << rxGlyph << " receive, " << txGlyph << " transmit)\n";
    if (section.lines.empty()) {
        out << "  nothing recorded\n";
        return out.str();
    }
    double largest = 0;
    std::size_t labelWidth = 0, ifaceWidth = 0;
    for (const auto& line : section.lines) {
        largest = std::max(largest, line.rx + line.tx);
        labelWidth = std::max(labelWidth, line.label.size());
        ifaceWidth = std::max(ifaceWidth, line.iface.size());
    }
    for (const auto& line : section.lines) {
        const auto columns = [&](double bytes) {
            return largest > 0 ? static_cast<std::size_t>(std::lround(bytes / largest * static_cast<double>(width)))
                               : 0;
        };
        const std::size_t rx = columns(line.rx), total = columns(line.rx + line.tx);
        const std::size_t tx = total > rx ? total - rx : 0;
        out << line.label << std::string(labelWidth - line.label.size() + 2, ' ') << line.iface
            << std::string(ifaceWidth - line.iface.size() + 2, ' ') << repeat(rxGlyph, rx) << repeat(txGlyph, tx)
            << std::string(width - std::min(width, rx + tx) + 2, ' ') << units::formatBytes(whole(line.rx + line.tx))
            << '\n';
    }
    for (const auto& note : section.notes) out << note << '\n';
    return out.str();
}

std::string svgChart(const ReportSection& section) {
    const double left = 90, right = 20, top = 50, bottom = 90, plotHeight = 300;
    const double groupWidth = std::max(18.0, 600.0 / std::max<std::size_t>(1, section.lines.size()));
    const double plotWidth = groupWidth * static_cast<double>(std::max<std::size_t>(1, section.lines.size()));
    const double width = left + plotWidth + right, height = top + plotHeight + bottom;
    double largest = 0;
    for (const auto& line : section.lines) largest = std::max({largest, line.rx, line.tx});
    const double step = tickStep(largest);
    const double axisMax = std::max(step, std::ceil(largest / step) * step);
    const auto y = [&](double bytes) { return top + plotHeight - bytes / axisMax * plotHeight; };

    std::ostringstream out;
    Poco::XML::XMLWriter xml(out, Poco::XML::XMLWriter::WRITE_XML_DECLARATION | Poco::XML::XMLWriter::PRETTY_PRINT);
    const std::string ns;  // the SVG namespace goes in as a plain xmlns attribute
    const auto element = [&](const std::string& name, std::initializer_list<std::pair<std::string, std::string>> attrs,
                             const std::string& content = "", bool close = true) {
        Poco::XML::AttributesImpl attributes;
        for (const auto& [key, value] : attrs) attributes.addAttribute("", "", key, "CDATA", value);
        xml.startElement(ns, "", name, attributes);
        if (!content.empty()) xml.characters(content);
        if (close) xml.endElement(ns, "", name);
    };
    xml.startDocument();
    element("svg",
            {{"xmlns", "http://www.w3.org/2000/svg"},
             {"width", text(width)},
             {"height", text(height)},
             {"viewBox", "0 0 " + text(width) + " " + text(height)},
             {"font-family", "sans-serif"},
             {"font-size", "11"}},
            "", false);
    element("title", {}, section.title);
    element("rect", {{"x", "0"}, {"y", "0"}, {"width", text(width)}, {"height", text(height)}, {"fill", "white"}});
    element("text", {{"x", text(left)}, {"y", "24"}, {"font-size", "15"}}, section.title);
    // Legend.
    element("rect", {{"x", text(width - 200)}, {"y", "14"}, {"width", "12"}, {"height", "12"}, {"fill", "#1f77b4"}});
    element("text", {{"x", text(width - 184)}, {"y", "24"}}, "receive");
    element("rect", {{"x", text(width - 110)}, {"y", "14"}, {"width", "12"}, {"height", "12"}, {"fill", "#ff7f0e"}});
    element("text", {{"x", text(width - 94)}, {"y", "24"}}, "transmit");
    // Y axis with ticks in bytes.
    for (double tick = 0; tick <= axisMax + step / 2; tick += step) {
        element("line", {{"x1", text(left)},
                         {"x2", text(left + plotWidth)},
                         {"y1", text(y(tick))},
                         {"y2", text(y(tick))},
                         {"stroke", "#dddddd"}});
        element("text", {{"x", text(left - 6)}, {"y", text(y(tick) + 4)}, {"text-anchor", "end"}},
                units::formatBytes(whole(tick)));
    }
    element("line", {{"x1", text(left)},
                     {"x2", text(left)},
                     {"y1", text(top)},
                     {"y2", text(top + plotHeight)},
                     {"stroke", "black"}});
    element("line", {{"x1", text(left)},
                     {"x2", text(left + plotWidth)},
                     {"y1", text(top + plotHeight)},
                     {"y2", text(top + plotHeight)},
                     {"stroke", "black"}});
    // Bars: receive then transmit in each group, the label under it.
    for (std::size_t i = 0; i < section.lines.size(); ++i) {
        const auto& line = section.lines[i];
        const double x = left + groupWidth * static_cast<double>(i);
        const double bar = groupWidth * 0.4;
        const std::string name = line.label + " " + line.iface;
        element("rect",
                {{"class", "rx"},
                 {"x", text(x + groupWidth * 0.1)},
                 {"y", text(y(line.rx))},
                 {"width", text(bar)},
                 {"height", text(top + plotHeight - y(line.rx))},
                 {"fill", "#1f77b4"}},
                "", false);
        element("title", {}, name + ": receive " + units::formatBytes(whole(line.rx)));
        xml.endElement(ns, "", "rect");
        element("rect",
                {{"class", "tx"},
                 {"x", text(x + groupWidth * 0.5)},
                 {"y", text(y(line.tx))},
                 {"width", text(bar)},
                 {"height", text(top + plotHeight - y(line.tx))},
                 {"fill", "#ff7f0e"}},
                "", false);
        element("title", {}, name + ": transmit " + units::formatBytes(whole(line.tx)));
        xml.endElement(ns, "", "rect");
        const double labelX = x + groupWidth / 2, labelY = top + plotHeight + 12;
        element("text",
                {{"x", text(labelX)},
                 {"y", text(labelY)},
                 {"text-anchor", "end"},
                 {"transform", "rotate(-60 " + text(labelX) + " " + text(labelY) + ")"}},
                line.label);
    }
    if (section.lines.empty())
        element("text", {{"x", text(left + 20)}, {"y", text(top + plotHeight / 2)}}, "nothing recorded");
    xml.endElement(ns, "", "svg");
    xml.endDocument();
    return out.str();
}

}  // namespace wirekit::bwmeter
