// SASL initial responses (RFC 4422) for the mechanisms a mail checker uses.
#pragma once

#include "account.h"

#include <string>

namespace wirekit::mailpoll {

std::string base64(const std::string& bytes);

/// The base64 initial response for PLAIN, XOAUTH2 (Google, Microsoft) or
/// OAUTHBEARER (RFC 7628); `secret` is the password or the access token.
std::string saslInitialResponse(AuthMethod method, const std::string& user, const std::string& secret,
                                const std::string& host, unsigned port);

/// "PLAIN", "XOAUTH2" or "OAUTHBEARER".
const char* saslMechanismName(AuthMethod method);

}  // namespace wirekit::mailpoll
