// The configuration file (mailpoll.conf(5)): one section per account,
//
//   # keys before the first section are defaults for every account
//   interval = 10m
//
//   [work]
//   protocol = imap
//   host = imap.example.org
//   user = alice
//   password-command = pass show mail/work
//   mailbox = INBOX
//   mailbox = Lists/wirekit
//   idle = yes
//
// and the same keys as command-line flags for a single account.
#pragma once

#include "account.h"

#include <string>
#include <vector>

namespace wirekit::mailpoll {

/// Sets one key of an account ("host", "port", "tls", ...). Throws
/// cli::UsageError naming the key and why the value was refused.
void setAccountKey(Account& account, const std::string& key, const std::string& value);

/// Throws cli::UsageError when the account lacks a host or a user.
void validateAccount(const Account& account);

/// Parses a whole file's text; `origin` (the path) prefixes messages as
/// "origin:LINE: ...". Every account is validated.
std::vector<Account> parseConfig(const std::string& text, const std::string& origin);

/// -f's default: $XDG_CONFIG_HOME/mailpoll/config, else ~/.config/mailpoll/config.
std::string defaultConfigPath();

/// "300", "45s", "5m", "1h" in seconds; throws cli::UsageError.
double parseDuration(const std::string& text, const std::string& what);

}  // namespace wirekit::mailpoll
