// The control connection on POCO sockets, with bounded reply reading.
#include "control_channel.h"

#include "cli/diag.h"
#include "ftp_errors.h"
#include "ftp_url.h"
#include "net/resolve.h"
#include "net/tls.h"
#include "socket_errors.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

namespace wirekit::ftpx {

namespace {

Poco::Timespan timespan(double seconds) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds * 1e6)); }

/// Marks the channel broken unless the step it guards gets to done(): once a
/// send or a read failed part way, no reply can be matched to its command.
class BrokenUnlessDone {
public:
    explicit BrokenUnlessDone(bool& broken) : broken_(broken) {}
    ~BrokenUnlessDone() {
        if (!done_) broken_ = true;
    }
    BrokenUnlessDone(const BrokenUnlessDone&) = delete;
    BrokenUnlessDone& operator=(const BrokenUnlessDone&) = delete;
    void done() { done_ = true; }

private:
    bool& broken_;
    bool done_ = false;
};

}  // namespace

ControlChannel::ControlChannel(const ChannelSettings& settings)
    : settings_(settings), where_(urlHost(settings.host) + ":" + std::to_string(settings.port)) {
    std::vector<net::SocketAddress> addresses;
    try {
        addresses = net::resolve(settings.host, settings.port, SOCK_STREAM, settings.family);
    } catch (const std::runtime_error& e) {
        // Not a ConnectionError: a name that does not resolve is not retried.
        throw std::runtime_error(e.what());
    }
    std::string lastError = where_ + ": no address";
    for (const auto& address : addresses) {
        try {
            // Connected in slices rather than in one wait: ^C in the shell
            // must end a connect to a host that does not answer at once.
            Poco::Net::StreamSocket socket;
            socket.connectNB(Poco::Net::SocketAddress(address.get(), address.length()));
            const auto deadline =
                std::chrono::steady_clock::now() + std::chrono::duration<double>(settings.timeoutSeconds);
            for (;;) {
                throwIfInterrupted();
                const auto left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
                if (left <= 0) throw Poco::TimeoutException();
                if (socket.poll(timespan(std::min(left, 0.1)),
                                Poco::Net::Socket::SELECT_WRITE | Poco::Net::Socket::SELECT_ERROR))
                    break;
            }
            if (const int error = socket.impl()->socketError()) {
                lastError = where_ + ": " + diag::errnoText(error);
                continue;
            }
            socket.setBlocking(true);
            socket.setNoDelay(true);
            socket_ = socket;
            watch_ = WatchedSocket(socket_.impl()->sockfd());
            return;
        } catch (const Poco::Exception& e) {
            lastError = net::describeNetError(where_, e);
        }
    }
    throw ConnectionError(lastError);
}

ControlChannel::~ControlChannel() {
    watch_.release();
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
        // Closing a broken connection has nothing left to report.
    }
}

void ControlChannel::send(const std::string& line) {
    if (line.find_first_of(std::string("\r\n\0", 3)) != std::string::npos)
        throw ProtocolError("refusing to send a command holding CR, LF or NUL");
    if (broken_) throw NotSentError(where_ + ": the control connection is out of step with the server");
    const std::string bytes = line + "\r\n";
    // Whatever part of the line went out, the dialogue is lost with it.
    BrokenUnlessDone guard(broken_);
    if (!secure_ && reader_.pending() == 0) {
        // A server that closed an idle session: the command would go out
        // into a closed connection. (Under TLS, bytes waiting may be a
        // session ticket, not the end, and cannot be told apart here.)
        pollfd ready{socket_.impl()->sockfd(), POLLIN, 0};
        char byte = 0;
        if (::poll(&ready, 1, 0) > 0 && ::recv(ready.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
            throw NotSentError(where_ + ": connection closed by the server");
    }
    try {
        socket_.setSendTimeout(timespan(settings_.timeoutSeconds));
        for (std::size_t sent = 0; sent < bytes.size();) {
            const int put = socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
            if (put <= 0) throw NotSentError(where_ + ": connection closed while sending");
            sent += static_cast<std::size_t>(put);
        }
    } catch (const Poco::Exception&) {
        try {
            rethrowSocketError(where_);
        } catch (const ConnectionError& e) {
            throw NotSentError(e.what());
        }
    }
    guard.done();
}

FtpReply ControlChannel::readReply() {
    using Clock = std::chrono::steady_clock;
    const auto deadline =
        Clock::now() + std::chrono::microseconds(static_cast<long long>(settings_.timeoutSeconds * 1e6));
    char buffer[4096];
    // Until a whole reply is read: after a timeout, a closed connection or
    // bytes that are no reply, the next one read could answer an earlier
    // command.
    BrokenUnlessDone guard(broken_);
    for (;;) {
        try {
            if (auto reply = reader_.next()) {
                guard.done();
                return *reply;
            }
        } catch (const ProtocolError& e) {
            throw ProtocolError(where_ + ": " + e.what());
        }
        const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
        if (left <= 0) throw ConnectionError(where_ + ": timed out");
        int got = 0;
        try {
            socket_.setReceiveTimeout(timespan(left));
            got = socket_.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception&) {
            rethrowSocketError(where_);
        }
        if (got <= 0) throw ConnectionError(where_ + ": connection closed by the server");
        reader_.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    }
}

void ControlChannel::startTls(const Poco::Net::Context::Ptr& context, bool verifyName) {
    if (reader_.pending() != 0) throw TlsError(where_ + ": server sent data ahead of the TLS handshake");
    // The handshake reads before any reply does, so nothing else has set a
    // timeout yet; without one a silent server would hold ftps:// forever.
    socket_.setReceiveTimeout(timespan(settings_.timeoutSeconds));
    socket_.setSendTimeout(timespan(settings_.timeoutSeconds));
    const auto start = std::chrono::steady_clock::now();
    // POCO reports a handshake cut short by the timeout as a missing
    // certificate; the time it took tells the two apart.
    const auto timedOut = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >=
               settings_.timeoutSeconds * 0.9;
    };
    try {
        Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(socket_, settings_.host, context);
        if (verifyName) net::verifyHostName(secure, settings_.host);
        socket_ = secure;
        context_ = context;
        secure_ = true;
    } catch (const Poco::Exception& e) {
        if (timedOut()) throw ConnectionError(where_ + ": TLS handshake timed out");
        const std::string reason = net::describeNetError(where_, e);
        if (reason.find("certificate") != std::string::npos) throw TlsError(reason);
        throw TlsError(net::describeNetError(where_ + ": TLS handshake failed", e));
    } catch (const std::runtime_error& e) {
        throw TlsError(where_ + ": " + e.what());
    }
}

Poco::Net::Session::Ptr ControlChannel::tlsSession() {
    if (!secure_) return nullptr;
    Poco::Net::SecureStreamSocket secure(socket_);
    return secure.currentSession();
}

std::string ControlChannel::peerHost() const { return socket_.peerAddress().host().toString(); }

std::string ControlChannel::localHost() const { return socket_.address().host().toString(); }

void ControlChannel::quit() {
    try {
        settings_.timeoutSeconds = std::min(settings_.timeoutSeconds, 2.0);
        command("QUIT");
    } catch (const std::exception&) {
        // The work is done; a server that drops QUIT loses nothing of ours.
    }
    watch_.release();
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
}

}  // namespace wirekit::ftpx
