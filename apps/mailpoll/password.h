// Where an account's secret comes from: ~/.netrc, a file only the user can
// read, or a command (a password manager, an OAuth2 token helper).
#pragma once

#include "account.h"

#include <string>

namespace wirekit::mailpoll {

/// The password (or OAuth2 access token) for `account`. Throws
/// std::runtime_error saying which source failed and why, never what it held.
std::string obtainPassword(const Account& account);

/// Reads the first line of `path`, refusing a file that others than its owner
/// may read or that belongs to someone else.
std::string readPasswordFile(const std::string& path);

}  // namespace wirekit::mailpoll
