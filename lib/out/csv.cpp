// CSV output (RFC 4180).
#include "out/csv.h"

namespace wirekit::out {

std::string csvField(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string quoted = "\"";
    for (char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

void CsvWriter::writeRow(const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out_ << ',';
        out_ << csvField(fields[i]);
    }
    out_ << "\r\n";
}

}  // namespace wirekit::out
