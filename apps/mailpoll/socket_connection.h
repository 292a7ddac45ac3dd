// The network edge: a Connection over POCO's StreamSocket, with TLS from
// POCO NetSSL (OpenSSL) either from the start or after STARTTLS/STLS.
#pragma once

#include "account.h"
#include "connection.h"

#include <memory>
#include <string>

namespace wirekit::mailpoll {

/// Initializes POCO's SSL layer so that a certificate that fails verification
/// is rejected (POCO's default handler would ask on the console).
/// Call once before any connection; undone at exit.
void initializeTls();

/// Connects to the account's server (every address the name resolves to, in
/// turn, each within the account's timeout) and, for TlsMode::tls, completes
/// the TLS handshake, verifying the certificate against the account's CA
/// file or the system's store and the host name. Errors name "host:port".
std::unique_ptr<Connection> connectTo(const Account& account);

}  // namespace wirekit::mailpoll
