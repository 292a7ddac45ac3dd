// Aligned text tables.
#include "out/table.h"

#include <algorithm>
#include <stdexcept>

namespace wirekit::out {

size_t displayWidth(const std::string& text) {
    // Continuation bytes (10xxxxxx) do not start a new column.
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TableWriter::TableWriter(std::vector<Column> columns) : columns_(std::move(columns)) {}

void TableWriter::addRow(std::vector<std::string> cells) {
    if (cells.size() != columns_.size())
        throw std::invalid_argument("table row has " + std::to_string(cells.size()) + " cells, expected " +
                                    std::to_string(columns_.size()));
    rows_.push_back(std::move(cells));
}

std::string TableWriter::render() const {
    std::string text;
    std::vector<size_t> widths;
    for (const auto& column : columns_) widths.push_back(displayWidth(column.heading));
    for (const auto& row : rows_)
        for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], displayWidth(row[i]));

    auto writeLine = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (size_t i = 0; i < cells.size(); ++i) {
            const size_t pad = widths[i] - displayWidth(cells[i]);
            if (i > 0) line += "  ";
            if (columns_[i].align == Align::right) line.append(pad, ' ');
            line += cells[i];
            if (columns_[i].align == Align::left) line.append(pad, ' ');
        }
        line.erase(line.find_last_not_of(' ') + 1);
        text += line;
        text += '\n';
    };
    std::vector<std::string> headings;
    for (const auto& column : columns_) headings.push_back(column.heading);
    writeLine(headings);
    for (const auto& row : rows_) writeLine(row);
    return text;
}

}  // namespace wirekit::out
