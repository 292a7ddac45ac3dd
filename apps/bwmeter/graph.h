// Reports as bar charts: in the terminal (Unicode blocks, or ASCII) and as
// a standalone SVG document a browser shows. Receive and transmit are told
// apart by glyph (terminal) and by colour and legend (SVG). Pure.
#pragma once

#include "report.h"

#include <string>

namespace wirekit::bwmeter {

/// One horizontal bar per line: label, interface, the receive part then the
/// transmit part scaled to `width` columns for the largest total, and the total.
std::string terminalChart(const ReportSection& section, bool ascii, std::size_t width = 50);

/// An SVG document: one group of two vertical bars (receive, transmit) per
/// line, a y axis in bytes with human units, x labels, title and legend.
std::string svgChart(const ReportSection& section);

}  // namespace wirekit::bwmeter
