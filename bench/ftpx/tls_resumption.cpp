// What one resumed TLS handshake costs each side in this machine's OpenSSL,
// with nothing else around it: client and server in one process, joined by
// an in-memory BIO pair (no sockets, no kernel, no other process), set up as
// ftpx and the benchmark's vsftpd are (P-256 key shares and certificate,
// AES-128-GCM first, the server's default tickets). Each round is what an
// FTPS data connection does: a handshake that resumes the control
// connection's session, the client reading what the server sends after it
// (TLS 1.3 session tickets), close_notify both ways. The CPU of each side's
// calls is timed apart (CLOCK_THREAD_CPUTIME_ID).
//
// bench/ftpx/run.sh prints this beside the FTPS mirrors: a mirror of N files
// makes N such handshakes, so N times the server's figure over the cores is
// a floor under any client's mirror time, before any byte is moved.
//
//   ftpx-tls-resumption [HANDSHAKES]     (default 2000, five batches each)

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Ctx = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using Ssl = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;
using Session = std::unique_ptr<SSL_SESSION, Deleter<SSL_SESSION, SSL_SESSION_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

[[noreturn]] void fail(const std::string& what) {
    char text[256] = "";
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    throw std::runtime_error(what + ": " + text);
}

double threadSeconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

/// Adds the CPU of each call to one side's account.
class Meter {
public:
    template <typename F>
    auto operator()(F&& call) {
        const double start = threadSeconds();
        auto result = call();
        seconds_ += threadSeconds() - start;
        return result;
    }
    double seconds() const { return seconds_; }

private:
    double seconds_ = 0;
};

/// A self-signed P-256 certificate, as cmake/private-vsftpd.sh makes.
std::pair<Key, Cert> makeCertificate() {
    Key key(EVP_EC_gen("P-256"));
    if (!key) fail("EC key");
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                               0);
    X509_set_issuer_name(cert.get(), name);
    X509_set_pubkey(cert.get(), key.get());
    if (!X509_sign(cert.get(), key.get(), EVP_sha256())) fail("certificate");
    return {std::move(key), std::move(cert)};
}

Ctx serverContext(int version, EVP_PKEY* key, X509* cert) {
    Ctx ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx) fail("server context");
    SSL_CTX_set_min_proto_version(ctx.get(), version);
    SSL_CTX_set_max_proto_version(ctx.get(), version);
    if (SSL_CTX_use_certificate(ctx.get(), cert) != 1 || SSL_CTX_use_PrivateKey(ctx.get(), key) != 1)
        fail("server certificate");
    // vsftpd 3.0's one ECDH curve (SSL_CTX_set_tmp_ecdh with P-256).
    SSL_CTX_set1_groups_list(ctx.get(), "P-256");
    SSL_CTX_set_cipher_list(ctx.get(), "HIGH");
    return ctx;
}

/// lib/net/tls.cpp's client settings.
Ctx clientContext(int version) {
    Ctx ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) fail("client context");
    SSL_CTX_set_min_proto_version(ctx.get(), version);
    SSL_CTX_set_max_proto_version(ctx.get(), version);
    SSL_CTX_set1_groups_list(ctx.get(), "P-256:X25519:P-384:P-521");
    SSL_CTX_set_cipher_list(ctx.get(), "ECDHE+AES128+AESGCM:HIGH:!aNULL:!MD5:!RC4");
    SSL_CTX_set_ciphersuites(ctx.get(), "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    return ctx;
}

bool pending(int rc, SSL* ssl) {
    if (rc == 1) return false;
    const int error = SSL_get_error(ssl, rc);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return true;
    fail("handshake");
}

/// One data connection's TLS life; returns whether the session was resumed.
bool connection(SSL_CTX* clientCtx, SSL_CTX* serverCtx, SSL_SESSION* resume, Session* keep, Meter& client,
                Meter& server) {
    Ssl c = client([&] { return Ssl(SSL_new(clientCtx)); });
    Ssl s = server([&] { return Ssl(SSL_new(serverCtx)); });
    BIO *clientEnd = nullptr, *serverEnd = nullptr;
    if (!BIO_new_bio_pair(&clientEnd, 64 * 1024, &serverEnd, 64 * 1024)) fail("BIO pair");
    SSL_set_bio(c.get(), clientEnd, clientEnd);
    SSL_set_bio(s.get(), serverEnd, serverEnd);
    if (resume) client([&] { return SSL_set_session(c.get(), resume); });
    SSL_set_connect_state(c.get());
    SSL_set_accept_state(s.get());

    bool clientBusy = true, serverBusy = true;
    for (int step = 0; clientBusy || serverBusy; ++step) {
        if (step > 100) throw std::runtime_error("handshake does not finish");
        if (clientBusy) clientBusy = pending(client([&] { return SSL_do_handshake(c.get()); }), c.get());
        if (serverBusy) serverBusy = pending(server([&] { return SSL_do_handshake(s.get()); }), s.get());
    }
    // The server's close_notify follows its tickets; the client reads both.
    server([&] { return SSL_shutdown(s.get()); });
    char byte;
    const int got = client([&] { return SSL_read(c.get(), &byte, 1); });
    if (got > 0 || SSL_get_error(c.get(), got) != SSL_ERROR_ZERO_RETURN) fail("reading the server's end");
    client([&] { return SSL_shutdown(c.get()); });
    server([&] { return SSL_shutdown(s.get()); });

    const bool resumed = SSL_session_reused(c.get()) == 1;
    if (keep) keep->reset(SSL_get1_session(c.get()));
    // Freeing is part of each side's cost.
    client([&] {
        c.reset();
        return 0;
    });
    server([&] {
        s.reset();
        return 0;
    });
    return resumed;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int handshakes = argc > 1 ? std::atoi(argv[1]) : 2000;
    if (handshakes <= 0) {
        std::fprintf(stderr, "usage: ftpx-tls-resumption [HANDSHAKES]\n");
        return 2;
    }
    try {
        auto [key, cert] = makeCertificate();
        std::printf("%s, one resumed handshake and close per FTPS data connection, CPU per connection\n",
                    OpenSSL_version(OPENSSL_VERSION));
        for (const int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
            const Ctx serverCtx = serverContext(version, key.get(), cert.get());
            const Ctx clientCtx = clientContext(version);
            Meter ignored;
            Session control;  // the control connection's session, full handshake
            connection(clientCtx.get(), serverCtx.get(), nullptr, &control, ignored, ignored);
            std::vector<double> clientUs, serverUs;
            for (int batch = 0; batch < 5; ++batch) {
                Meter client, server;
                for (int i = 0; i < handshakes; ++i)
                    if (!connection(clientCtx.get(), serverCtx.get(), control.get(), nullptr, client, server))
                        throw std::runtime_error("a data connection did not resume the session");
                clientUs.push_back(client.seconds() * 1e6 / handshakes);
                serverUs.push_back(server.seconds() * 1e6 / handshakes);
            }
            std::printf(
                "TLS 1.%d: client %4.0f us, server %4.0f us (medians of 5 batches of %d; %d x server = %.2f s)\n",
                version == TLS1_3_VERSION ? 3 : 2, median(clientUs), median(serverUs), handshakes, handshakes,
                median(serverUs) * handshakes / 1e6);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ftpx-tls-resumption: %s\n", e.what());
        return 1;
    }
    return 0;
}
