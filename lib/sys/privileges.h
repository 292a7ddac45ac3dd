// Giving up root once the privileged resources are open.
#pragma once

#include <string>

namespace wirekit::sys {

/// What dropPrivileges did, for a log line.
enum class DropOutcome { dropped, notPrivileged };

/// When running as root (or holding capabilities), switches to `user`: sets
/// its groups, gid and uid (setgroups, setresgid, setresuid), clears every
/// capability, and checks that regaining root fails. An unprivileged process
/// is left as it is. Throws std::runtime_error on any failure: a failed drop
/// is fatal, never ignored.
DropOutcome dropPrivileges(const std::string& user);

}  // namespace wirekit::sys
