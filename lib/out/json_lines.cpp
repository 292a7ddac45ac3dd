// JSON Lines output.
#include "out/json_lines.h"

namespace wirekit::out {

void JsonLinesWriter::write(const Poco::JSON::Object& record) {
    record.stringify(out_, 0);
    out_ << '\n';
    out_.flush();
}

}  // namespace wirekit::out
