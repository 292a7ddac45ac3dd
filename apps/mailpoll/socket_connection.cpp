// POCO sockets and TLS behind the Connection interface.
#include "socket_connection.h"

#include "net/resolve.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <Poco/Net/IPAddress.h>
#include <openssl/x509v3.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cctype>
#include <map>
#include <mutex>

namespace wirekit::mailpoll {

namespace {

/// "Connection refused" reads as the tail of "host:port: ..."; "TLS ..." stays.
std::string lowerFirst(std::string text) {
    if (text.size() > 1 && std::islower(static_cast<unsigned char>(text[1])))
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

/// RFC 6125 name (or RFC 5280 IP address) check with OpenSSL's own matcher.
/// POCO's check compares IP addresses by resolving the certificate's names,
/// and passes a certificate for another name when the host is an address.
void verifyHostName(const Poco::Net::SecureStreamSocket& socket, const std::string& host) {
    const Poco::Net::X509Certificate certificate = socket.peerCertificate();
    X509* x509 = const_cast<X509*>(certificate.certificate());
    Poco::Net::IPAddress address;
    const bool matches =
        Poco::Net::IPAddress::tryParse(host, address)
            ? X509_check_ip_asc(x509, host.c_str(), 0) == 1
            : X509_check_host(x509, host.c_str(), host.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr) == 1;
    if (!matches)
        throw ProtocolError("TLS certificate is not for " + host + " (it names " + certificate.commonName() + ")");
}

/// "host:port: reason" from a POCO exception, without POCO's class names.
std::string describe(const std::string& where, const Poco::Exception& e) {
    std::string reason = e.message().empty() ? e.name() : e.message();
    if (dynamic_cast<const Poco::TimeoutException*>(&e)) reason = "timed out";
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e)) reason = "connection refused";
    if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&e)) reason = "connection reset by peer";
    if (dynamic_cast<const Poco::Net::SSLException*>(&e) && reason.find("certificate") != std::string::npos)
        reason = "TLS certificate not trusted: " + reason;
    return where + ": " + lowerFirst(reason);
}

/// One context per CA file, made once: loading a CA store is not free.
Poco::Net::Context::Ptr contextFor(const std::string& caFile) {
    static std::mutex mutex;
    static std::map<std::string, Poco::Net::Context::Ptr> contexts;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& context = contexts[caFile];
    if (!context) {
        Poco::Net::Context::Params params;
        params.caLocation = caFile;
        params.loadDefaultCAs = caFile.empty();
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
        params.cipherList = "HIGH:!aNULL:!MD5:!RC4";
        context = Poco::makeAuto<Poco::Net::Context>(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
    }
    return context;
}

class SocketConnection final : public Connection {
public:
    SocketConnection(const Account& account, Poco::Net::StreamSocket socket, std::string where)
        : account_(account), socket_(std::move(socket)), where_(std::move(where)) {}

    ~SocketConnection() override {
        try {
            socket_.close();
        } catch (const Poco::Exception&) {
            // Closing a broken connection has nothing left to report.
        }
    }

    void send(std::string_view bytes) override {
        try {
            for (std::size_t sent = 0; sent < bytes.size();) {
                const int put = socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
                if (put <= 0) throw ProtocolError(where_ + ": connection closed while sending");
                sent += static_cast<std::size_t>(put);
            }
        } catch (const Poco::TimeoutException&) {
            throw TimeoutError(where_ + ": timed out sending");
        } catch (const Poco::Exception& e) {
            throw ProtocolError(describe(where_, e));
        }
    }

    std::size_t receive(char* buffer, std::size_t size) override {
        try {
            const int got = socket_.receiveBytes(buffer, static_cast<int>(size));
            return got > 0 ? static_cast<std::size_t>(got) : 0;
        } catch (const Poco::TimeoutException&) {
            throw TimeoutError(where_ + ": no answer within " +
                               std::to_string(static_cast<int>(account_.timeoutSeconds)) + " s");
        } catch (const Poco::Exception& e) {
            throw ProtocolError(describe(where_, e));
        }
    }

    bool waitReadable(double seconds) override {
        try {
            // Bytes OpenSSL already decrypted are invisible to poll(2).
            if (secure_ && socket_.available() > 0) return true;
            return socket_.poll(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds * 1e6)),
                                Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
        } catch (const Poco::Exception& e) {
            throw ProtocolError(describe(where_, e));
        }
    }

    void startTls() override {
        try {
            Poco::Net::SecureStreamSocket secure =
                Poco::Net::SecureStreamSocket::attach(socket_, account_.host, contextFor(account_.caFile));
            verifyHostName(secure, account_.host);
            socket_ = secure;
            secure_ = true;
        } catch (const Poco::Exception& e) {
            throw ProtocolError(describe(where_, e));
        } catch (const ProtocolError& e) {
            throw ProtocolError(where_ + ": " + e.what());
        }
    }

    bool secure() const override { return secure_; }

private:
    const Account& account_;
    Poco::Net::StreamSocket socket_;
    std::string where_;
    bool secure_ = false;
};

}  // namespace

void initializeTls() {
    Poco::Net::initializeSSL();
    // Only the handler is set: every connection brings its own context, and
    // without a default one SSLManager makes none (an OpenSSL 3 SSL_CTX costs
    // milliseconds, and one with the system store parses ~140 certificates).
    Poco::Net::SSLManager::instance().initializeClient(
        nullptr, Poco::makeShared<Poco::Net::RejectCertificateHandler>(false), nullptr);
}

std::unique_ptr<Connection> connectTo(const Account& account) {
    const std::string where = account.host + ":" + std::to_string(account.effectivePort());
    std::vector<net::SocketAddress> addresses;
    try {
        addresses = net::resolve(account.host, account.effectivePort(), SOCK_STREAM);
    } catch (const std::runtime_error& e) {
        throw ProtocolError(e.what());
    }
    const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(account.timeoutSeconds * 1e6));
    std::string lastError = where + ": no address";
    for (const auto& address : addresses) {
        try {
            Poco::Net::StreamSocket socket;
            const Poco::Net::SocketAddress target(address.get(), address.length());
            socket.connect(target, timeout);
            socket.setReceiveTimeout(timeout);
            socket.setSendTimeout(timeout);
            socket.setNoDelay(true);
            // A dead peer (a suspended laptop's NAT entry gone) shows within
            // minutes even while IDLE waits in silence.
            socket.setKeepAlive(true);
            const int idle = 60, interval = 15, count = 4;
            setsockopt(socket.impl()->sockfd(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
            setsockopt(socket.impl()->sockfd(), IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
            setsockopt(socket.impl()->sockfd(), IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
            auto connection = std::make_unique<SocketConnection>(account, std::move(socket), where);
            if (account.tls == TlsMode::tls) connection->startTls();
            return connection;
        } catch (const Poco::Exception& e) {
            lastError = describe(where, e);
        }
    }
    throw ProtocolError(lastError);
}

}  // namespace wirekit::mailpoll
