// The control connection (RFC 959 section 2.3) at the network edge: a POCO
// StreamSocket, TLS from POCO NetSSL after AUTH TLS or from the start
// (RFC 4217), commands out, whole bounded replies in, every wait bounded.
#pragma once

#include "interrupt.h"

#include "ftp_reply.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/Session.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <string>

namespace wirekit::ftpx {

struct ChannelSettings {
    std::string host;
    std::uint16_t port = 21;
    double timeoutSeconds = 30;
    int family = 0;  ///< AF_UNSPEC, AF_INET or AF_INET6
};

class ControlChannel {
public:
    /// Connects to every address the host resolves to, in turn, each within
    /// the timeout. Throws ConnectionError "host:port: reason".
    explicit ControlChannel(const ChannelSettings& settings);
    ~ControlChannel();
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;

    /// Sends `line` and CRLF. Throws ProtocolError for a line holding CR, LF
    /// or NUL (it would smuggle a second command), ConnectionError when the
    /// connection fails.
    void send(const std::string& line);

    /// The next whole reply, within the timeout for all of it (a server that
    /// trickles a byte a second does not hold us forever). Throws
    /// ConnectionError on timeout or close, ProtocolError on a malformed or
    /// overlong reply.
    FtpReply readReply();

    /// send() then readReply(). A 1xx leaves the channel broken: the final
    /// reply is still to come, and only a transfer waits for it.
    FtpReply command(const std::string& line) {
        FtpReply reply = transferCommand(line);
        if (reply.isPreliminary()) broken_ = true;
        return reply;
    }
    /// send() then readReply(), for RETR, STOR, LIST and the like, whose 1xx
    /// the caller follows with readReply() once the data has moved.
    FtpReply transferCommand(const std::string& line) {
        send(line);
        return readReply();
    }

    /// Starts TLS on the open connection, verifying the certificate and the
    /// host name unless the context does not verify. Throws TlsError,
    /// including when the server sent bytes after its 234 reply (they would be
    /// cleartext injected ahead of the handshake).
    void startTls(const Poco::Net::Context::Ptr& context, bool verifyName);

    bool secure() const { return secure_; }
    /// The TLS session, for data connections to resume (vsftpd's
    /// require_ssl_reuse); null before TLS.
    Poco::Net::Session::Ptr tlsSession();
    Poco::Net::Context::Ptr tlsContext() const { return context_; }

    /// The server's address as connected ("127.0.0.1", "::1"): where every
    /// data connection goes.
    std::string peerHost() const;
    /// Our own address on this connection: where active mode listens.
    std::string localHost() const;
    /// "host:port" for messages.
    const std::string& where() const { return where_; }
    const ChannelSettings& settings() const { return settings_; }
    /// After a send or a reply read that failed part way: the replies that
    /// follow would no longer answer the commands sent.
    bool broken() const { return broken_; }

    /// Sends QUIT and waits briefly for its reply; errors are not reported
    /// (the work is done). Then closes.
    void quit();

private:
    ChannelSettings settings_;
    std::string where_;
    Poco::Net::StreamSocket socket_;
    WatchedSocket watch_;  ///< ^C in the shell cuts a wait for a reply
    Poco::Net::Context::Ptr context_;
    ReplyReader reader_;
    bool secure_ = false;
    bool broken_ = false;
};

}  // namespace wirekit::ftpx
