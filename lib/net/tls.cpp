// TLS client contexts and checks on POCO NetSSL.
#include "net/tls.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace wirekit::net {

namespace {

/// "Connection refused" reads as the tail of "host:port: ..."; "TLS ..." stays.
std::string lowerFirst(std::string text) {
    if (text.size() > 1 && std::islower(static_cast<unsigned char>(text[1])))
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

}  // namespace

void initializeTls() {
    Poco::Net::initializeSSL();
    // Only the handler is set: every connection brings its own context, and
    // without a default one SSLManager makes none (an OpenSSL 3 SSL_CTX costs
    // milliseconds, and one with the system store parses ~140 certificates).
    Poco::Net::SSLManager::instance().initializeClient(
        nullptr, Poco::makeShared<Poco::Net::RejectCertificateHandler>(false), nullptr);
}

Poco::Net::Context::Ptr clientContext(const std::string& caFile, bool verify, TlsMax max) {
    static std::mutex mutex;
    static std::map<std::tuple<std::string, bool, TlsMax>, Poco::Net::Context::Ptr> contexts;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& context = contexts[{caFile, verify, max}];
    if (!context) {
        Poco::Net::Context::Params params;
        params.caLocation = verify ? caFile : std::string();
        params.loadDefaultCAs = verify && caFile.empty();
        params.verificationMode = verify ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
        // AES-128-GCM first here too (TLS 1.2), for the same reason as below.
        params.cipherList = "ECDHE+AES128+AESGCM:HIGH:!aNULL:!MD5:!RC4";
        context = Poco::makeAuto<Poco::Net::Context>(Poco::Net::Context::TLS_CLIENT_USE, params);
        // verifyHostName() checks the name. POCO's own check would first
        // look the host name up in DNS at every handshake (to spare
        // localhost), and for an address look up every name the certificate
        // holds: a DNS query for each FTPS data connection.
        context->enableExtendedCertificateVerification(false);
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        // P-256 first: OpenSSL 3 sends a key share for the first group only,
        // and servers built for OpenSSL 1.x (vsftpd 3.0) take P-256 alone, so
        // X25519 first costs every handshake a HelloRetryRequest: a round
        // trip and a second key exchange, per file in an FTPS mirror.
        SSL_CTX_set1_groups_list(context->sslContext(), "P-256:X25519:P-384:P-521");
        // AES-128 first: servers take the client's order in TLS 1.3, and the
        // server's decryption of a large upload is what limits its speed.
        SSL_CTX_set_ciphersuites(context->sslContext(),
                                 "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
        if (max != TlsMax::newest)
            SSL_CTX_set_max_proto_version(context->sslContext(),
                                          max == TlsMax::tls12 ? TLS1_2_VERSION : TLS1_3_VERSION);
    }
    return context;
}

void verifyHostName(const Poco::Net::SecureStreamSocket& socket, const std::string& host) {
    const Poco::Net::X509Certificate certificate = socket.peerCertificate();
    X509* x509 = const_cast<X509*>(certificate.certificate());
    Poco::Net::IPAddress address;
    const bool matches =
        Poco::Net::IPAddress::tryParse(host, address)
            ? X509_check_ip_asc(x509, host.c_str(), 0) == 1
            : X509_check_host(x509, host.c_str(), host.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr) == 1;
    if (!matches)
        throw std::runtime_error("TLS certificate is not for " + host + " (it names " + certificate.commonName() + ")");
}

std::string describeNetError(const std::string& where, const Poco::Exception& e) {
    std::string reason = e.message().empty() ? e.name() : e.message();
    if (dynamic_cast<const Poco::TimeoutException*>(&e)) reason = "timed out";
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e)) reason = "connection refused";
    if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&e)) reason = "connection reset by peer";
    if (dynamic_cast<const Poco::Net::SSLException*>(&e) && reason.find("certificate") != std::string::npos)
        reason = "TLS certificate not trusted: " + reason;
    return where + ": " + lowerFirst(reason);
}

}  // namespace wirekit::net
