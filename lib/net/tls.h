// TLS client contexts and checks on POCO NetSSL (OpenSSL), for every tool
// that speaks TLS: one way to trust a server, one wording of its failures.
#pragma once

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>

#include <string>

namespace wirekit::net {

/// Initializes POCO's SSL layer so that a certificate that fails
/// verification is rejected (POCO's default handler would ask on the
/// console). Call once before any TLS connection; undone at exit.
void initializeTls();

/// The newest TLS version a client offers (curl's --tls-max).
enum class TlsMax { newest, tls12, tls13 };

/// A client context trusting `caFile`, or the system's store when it is
/// empty; TLS 1.2 and later, up to `max`. With `verify` false nothing is
/// checked (curl's --insecure). Contexts are made once per (file, verify,
/// max) and shared: loading a CA store is not free.
Poco::Net::Context::Ptr clientContext(const std::string& caFile, bool verify = true, TlsMax max = TlsMax::newest);

/// RFC 6125 name (or RFC 5280 IP address) check with OpenSSL's own matcher.
/// POCO's check compares IP addresses by resolving the certificate's names,
/// and passes a certificate for another name when the host is an address.
/// Throws std::runtime_error "TLS certificate is not for HOST (it names CN)".
void verifyHostName(const Poco::Net::SecureStreamSocket& socket, const std::string& host);

/// "where: reason" for a POCO exception, without POCO's class names:
/// "connection refused", "timed out", "TLS certificate not trusted: ...".
std::string describeNetError(const std::string& where, const Poco::Exception& e);

}  // namespace wirekit::net
