// CSV output as RFC 4180 defines it, for spreadsheets and scripts.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace wirekit::out {

std::string csvField(const std::string& field);
/// One record as CSV, with its CRLF (no iostreams needed; see table.h).
std::string csvRow(const std::vector<std::string>& fields);

class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out) : out_(out) {}

    /// Writes one record; fields holding a comma, quote, CR or LF are quoted,
    /// quotes doubled. Lines end in CRLF as RFC 4180 asks.
    void writeRow(const std::vector<std::string>& fields) { out_ << csvRow(fields); }

private:
    std::ostream& out_;
};

}  // namespace wirekit::out
