// Diagnostics: "prog: message" on stderr, or syslog once a tool is a daemon.
#pragma once

#include <string>

namespace wirekit::diag {

enum class Level { error, warning, notice, info, debug };

/// Sets the name that prefixes every message (argv[0]'s basename, normally).
void setProgramName(const std::string& name);
const std::string& programName();

/// Routes messages to syslog(3) with LOG_DAEMON instead of stderr.
void useSyslog();
bool usingSyslog();

/// Messages at `debug` are shown only after setVerbosity(Level::debug), `info` after
/// setVerbosity(Level::info); the default shows notice and above.
void setVerbosity(Level level);
bool enabled(Level level);

void log(Level level, const std::string& message);
inline void error(const std::string& message) { log(Level::error, message); }
inline void warning(const std::string& message) { log(Level::warning, message); }
inline void notice(const std::string& message) { log(Level::notice, message); }
inline void info(const std::string& message) { log(Level::info, message); }
inline void debug(const std::string& message) { log(Level::debug, message); }

/// strerror(errnum) as a std::string, for "host:port: connection refused" messages;
/// lower-cased first letter to read as the tail of a sentence.
std::string errnoText(int errnum);

}  // namespace wirekit::diag
