// JSON Lines output (one object per line) through POCO JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <ostream>

namespace wirekit::out {

/// Writes each record as one compact JSON object followed by a newline, and
/// flushes, so a consumer reading a pipe sees every record as it happens.
/// Keys keep their insertion order so the output is stable for scripts.
class JsonLinesWriter {
public:
    explicit JsonLinesWriter(std::ostream& out) : out_(out) {}

    /// An empty object that keeps keys in the order they are set.
    static Poco::JSON::Object makeRecord() { return Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

    void write(const Poco::JSON::Object& record);

private:
    std::ostream& out_;
};

}  // namespace wirekit::out
