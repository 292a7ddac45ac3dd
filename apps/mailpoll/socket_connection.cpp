// POCO sockets and TLS behind the Connection interface.
#include "socket_connection.h"

#include "net/resolve.h"
#include "net/tls.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace wirekit::mailpoll {

namespace {

/// "host:port: reason" from a POCO exception.
std::string describe(const std::string& where, const Poco::Exception& e) { return net::describeNetError(where, e); }

void verifyHostName(const Poco::Net::SecureStreamSocket& socket, const std::string& host) {
    try {
        net::verifyHostName(socket, host);
    } catch (const std::runtime_error& e) {
        throw ProtocolError(e.what());
    }
}

Poco::Net::Context::Ptr contextFor(const std::string& caFile) { return net::clientContext(caFile); }

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

void initializeTls() { net::initializeTls(); }

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
