// Aligned text tables for humans: columns padded to their widest cell.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace wirekit::out {

enum class Align { left, right };

class TableWriter {
public:
    struct Column {
        std::string heading;
        Align align = Align::left;
    };

    explicit TableWriter(std::vector<Column> columns);

    /// Adds a row; throws std::invalid_argument if it has the wrong cell count.
    void addRow(std::vector<std::string> cells);

    /// The heading and every row, columns separated by two spaces, without
    /// trailing blanks.
    std::string render() const;
    /// render() to `out`. Inline so that a binary that only renders links no
    /// iostreams (their static setup costs a router's daemon a megabyte).
    void write(std::ostream& out) const { out << render(); }

private:
    std::vector<Column> columns_;
    std::vector<std::vector<std::string>> rows_;
};

/// Display width of UTF-8 text, counting each code point as one column.
size_t displayWidth(const std::string& text);

}  // namespace wirekit::out
