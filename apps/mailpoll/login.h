// From a fresh connection to a logged-in session: TLS as the account asks,
// then the authentication it asks for.
#pragma once

#include "account.h"
#include "imap_client.h"
#include "pop3_client.h"

#include <string>

namespace wirekit::mailpoll {

/// Greeting, STARTTLS when asked, login. A STARTTLS the server does not offer
/// is an error: never a silent fallback to cleartext. An IMAP LOGIN is only
/// queued (ImapClient::beginLogin): it leaves with the first commands of
/// the check, and its refusal is thrown by the first command that waits.
void loginImap(ImapClient& client, const Account& account, const std::string& secret);
void loginPop3(Pop3Client& client, const Account& account, const std::string& secret);

}  // namespace wirekit::mailpoll
