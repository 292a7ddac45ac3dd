// Diagnostics to stderr or syslog.
#include "cli/diag.h"

#include <syslog.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace wirekit::diag {

namespace {

struct State {
    std::string name = "wirekit";
    bool syslog = false;
    Level verbosity = Level::notice;
};

State& state() {
    static State instance;
    return instance;
}

int syslogPriority(Level level) {
    switch (level) {
        case Level::error: return LOG_ERR;
        case Level::warning: return LOG_WARNING;
        case Level::notice: return LOG_NOTICE;
        case Level::info: return LOG_INFO;
        case Level::debug: return LOG_DEBUG;
    }
    return LOG_NOTICE;
}

}  // namespace

void setProgramName(const std::string& name) {
    const auto slash = name.rfind('/');
    state().name = slash == std::string::npos ? name : name.substr(slash + 1);
}

const std::string& programName() { return state().name; }

void useSyslog() {
    // openlog keeps the pointer: the string lives in the static State.
    openlog(state().name.c_str(), LOG_PID | LOG_NDELAY, LOG_DAEMON);
    state().syslog = true;
}

bool usingSyslog() { return state().syslog; }

void setVerbosity(Level level) { state().verbosity = level; }

bool enabled(Level level) { return static_cast<int>(level) <= static_cast<int>(state().verbosity); }

void log(Level level, const std::string& message) {
    if (!enabled(level)) return;
    if (state().syslog) {
        syslog(syslogPriority(level), "%s", message.c_str());
        return;
    }
    std::string line = state().name + ": ";
    if (level == Level::warning) line += "warning: ";
    line += message;
    line += '\n';
    // One write per line so lines from concurrent processes do not interleave.
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

std::string errnoText(int errnum) {
    std::string text = std::strerror(errnum);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

}  // namespace wirekit::diag
