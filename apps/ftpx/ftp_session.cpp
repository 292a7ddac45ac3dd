// An FTP session over the control channel: login, TLS, commands, data
// connections.
#include "ftp_session.h"

#include "active_command.h"
#include "cli/diag.h"
#include "ftp_errors.h"
#include "list_listing.h"
#include "mlsx_listing.h"
#include "net/tls.h"
#include "passive_reply.h"
#include "socket_errors.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>

#include <openssl/ssl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <utility>

namespace wirekit::ftpx {

namespace {

Poco::Timespan timespan(double seconds) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(seconds * 1e6)); }

/// What OpenSSL reads from the socket at once. Without read-ahead it reads
/// each TLS record in two calls (the 5-byte header, then the rest): 131,000
/// reads for a 1 GiB download, 8,000 with read-ahead into 64 KiB. Nothing in
/// ftpx polls a TLS socket while OpenSSL could hold records it has read, so
/// read-ahead cannot leave bytes unseen behind a poll. 64 KiB stays below
/// malloc's mmap threshold: a mirror makes one such buffer per file.
constexpr long tlsReadAheadBytes = 64 * 1024;

Poco::Net::Context::Ptr tlsContext(const SessionSettings& settings) {
    Poco::Net::Context::Ptr context = net::clientContext(settings.caFile, settings.verifyCertificate, settings.tlsMax);
    SSL_CTX_set_read_ahead(context->sslContext(), 1);
    SSL_CTX_set_default_read_buffer_len(context->sslContext(), tlsReadAheadBytes);
    return context;
}

/// A listing larger than this is a hostile server's, not a directory's.
constexpr std::size_t maxListingBytes = 64 * 1024 * 1024;

}  // namespace

std::string replyMessage(const std::string& what, const FtpReply& reply) {
    return what.empty() ? reply.summary() : what + ": " + reply.summary();
}

DataConnection::DataConnection(Poco::Net::StreamSocket socket, Poco::Net::StreamSocket plain, bool secure,
                               std::string where, double timeoutSeconds)
    : socket_(std::move(socket)),
      plain_(std::move(plain)),
      watch_(plain_.impl()->sockfd()),
      secure_(secure),
      open_(true),
      where_(std::move(where)),
      timeoutSeconds_(timeoutSeconds) {
    // POCO's TLS read waits out the receive timeout in recv(), then polls as
    // long again before it gives up: half each, so a stall fails in one.
    socket_.setReceiveTimeout(timespan(secure ? timeoutSeconds / 2 : timeoutSeconds));
    socket_.setSendTimeout(timespan(timeoutSeconds));
}

DataConnection::DataConnection(DataConnection&& other) noexcept
    : socket_(other.socket_),
      plain_(other.plain_),
      watch_(std::move(other.watch_)),
      secure_(other.secure_),
      open_(std::exchange(other.open_, false)),
      where_(std::move(other.where_)),
      timeoutSeconds_(other.timeoutSeconds_),
      lowWater_(other.lowWater_) {}

DataConnection& DataConnection::operator=(DataConnection&& other) noexcept {
    if (this != &other) {
        abort();
        socket_ = other.socket_;
        plain_ = other.plain_;
        watch_ = std::move(other.watch_);
        secure_ = other.secure_;
        open_ = std::exchange(other.open_, false);
        where_ = std::move(other.where_);
        timeoutSeconds_ = other.timeoutSeconds_;
        lowWater_ = other.lowWater_;
    }
    return *this;
}

DataConnection::~DataConnection() {
    watch_.release();
    try {
        if (open_) socket_.close();
    } catch (const Poco::Exception&) {
    }
}

std::size_t DataConnection::receive(char* buffer, std::size_t size) {
    if (lowWater_ > 0) {
        // A blocking read would wait for the low-water mark itself, past a
        // pause that waitReadable() already judged.
        for (;;) {
            if (!waitReadable()) throw ConnectionError(where_ + ": data connection: timed out");
            const ssize_t got = ::recv(fd(), buffer, size, MSG_DONTWAIT);
            if (got >= 0) return static_cast<std::size_t>(got);
            if (errno != EAGAIN && errno != EINTR)
                throw ConnectionError(where_ + ": data connection: " + diag::errnoText(errno));
        }
    }
    try {
        const int got = socket_.receiveBytes(buffer, static_cast<int>(size));
        return got > 0 ? static_cast<std::size_t>(got) : 0;
    } catch (const Poco::Exception&) {
        rethrowSocketError(where_ + ": data connection");
    }
}

void DataConnection::send(const char* buffer, std::size_t size) {
    try {
        for (std::size_t sent = 0; sent < size;) {
            const int put =
                socket_.sendBytes(buffer + sent, static_cast<int>(std::min<std::size_t>(size - sent, 1 << 30)));
            if (put <= 0) throw ConnectionError(where_ + ": data connection closed by the server");
            sent += static_cast<std::size_t>(put);
        }
    } catch (const Poco::Exception&) {
        rethrowSocketError(where_ + ": data connection");
    }
}

bool DataConnection::moreWaiting() const {
    if (socket_.available() > 0) return true;  // decrypted and not yet taken (SSL_pending)
    int queued = 0;
    return ::ioctl(fd(), FIONREAD, &queued) == 0 && queued > 0;
}

int DataConnection::fd() const { return socket_.impl()->sockfd(); }

void DataConnection::preferLargeReads(std::size_t bytes) {
    if (secure_ || bytes == 0) return;
    const int mark = static_cast<int>(std::min<std::size_t>(bytes, 1 << 30));
    if (::setsockopt(fd(), SOL_SOCKET, SO_RCVLOWAT, &mark, sizeof mark) == 0) lowWater_ = mark;
}

bool DataConnection::waitReadable() {
    using Clock = std::chrono::steady_clock;
    // Below the low-water mark poll() stays quiet, so the queue is looked
    // at every few milliseconds: bytes that stopped coming, or have waited
    // a second, are read; the timeout runs from the last arrival.
    constexpr auto slice = std::chrono::milliseconds(50);
    constexpr auto longestWait = std::chrono::seconds(1);
    const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeoutSeconds_));
    const auto start = Clock::now();
    auto lastArrival = start;
    int queuedBefore = 0;
    for (;;) {
        const auto now = Clock::now();
        if (now - lastArrival >= timeout) return false;
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - (now - lastArrival)) +
                    std::chrono::milliseconds(1);
        if (lowWater_ > 0) wait = std::min<std::chrono::milliseconds>(wait, slice);
        pollfd ready{fd(), POLLIN, 0};
        const int n = ::poll(&ready, 1, static_cast<int>(wait.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n != 0) return true;  // readable, the end, or an error the read will name
        if (lowWater_ == 0) continue;
        int queued = 0;
        if (::ioctl(fd(), FIONREAD, &queued) != 0) return true;
        if (queued == 0) continue;
        if (queued == queuedBefore || Clock::now() - start >= longestWait) return true;
        queuedBefore = queued;
        lastArrival = Clock::now();
    }
}

void DataConnection::close() {
    if (!open_) return;
    if (secure_) {
        // close_notify ends the data for the server. POCO would follow it
        // with shutdown(SHUT_RDWR) and leave whatever the server still sends
        // (TLS 1.3 session tickets, its own close_notify) unread, and a
        // close with unread bytes is a reset that can destroy the end of an
        // upload the server has not read yet. On a non-blocking socket POCO
        // sends close_notify alone; the half-close and the wait for the
        // server's end are done here.
        try {
            plain_.setBlocking(false);
            Poco::Net::SecureStreamSocket(socket_).shutdown();
        } catch (const Poco::Exception&) {
        }
        ::shutdown(fd(), SHUT_WR);
        awaitPeerClose();
        try {
            plain_.setBlocking(true);
        } catch (const Poco::Exception&) {
        }
    }
    abort();
}

void DataConnection::abort() {
    if (!open_) return;
    open_ = false;
    watch_.release();
    // Errors here are not reported: whether the data arrived whole is what
    // the transfer's final reply says.
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
}

void DataConnection::awaitPeerClose() {
    // The server closes once it has read everything: what comes before that
    // is taken off the socket below TLS, of no use to a connection that ends.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds_);
    char discard[4096];
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return;
        pollfd ready{fd(), POLLIN, 0};
        const int n = ::poll(&ready, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        const ssize_t got = ::recv(fd(), discard, sizeof discard, MSG_DONTWAIT);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) return;
    }
}

FtpSession::FtpSession(const SessionSettings& settings) : settings_(settings), channel_(settings.channel) {
    if (!settings_.note) settings_.note = [](const std::string&) {};
    if (settings_.tls == TlsMode::implicitTls) channel_.startTls(tlsContext(settings_), settings_.verifyCertificate);
    readGreeting();
    if (settings_.tls == TlsMode::explicitTls) startExplicitTls();
    login();
    if (channel_.secure()) {
        // RFC 4217 9: PBSZ 0 before PROT; PROT P protects every data connection.
        channel_.command("PBSZ 0");
        const FtpReply prot = channel_.command("PROT P");
        if (prot.isCompletion())
            protectData_ = true;
        else if (settings_.tlsRequired)
            throw TlsError(replyMessage(where() + ": server refused PROT P", prot));
        else
            settings_.note("server refused PROT P (" + prot.summary() + "): data connections in cleartext");
    }
    features_ = parseFeatures(channel_.command("FEAT"));
    if (features_.has("UTF8")) channel_.command("OPTS UTF8 ON");
    // pyftpdlib and others list the mode only when asked (RFC 3659 7.9);
    // asking names every fact wanted, unique too (a mirror's loop guard).
    if (features_.mlstFacts.find("unix.mode") != std::string::npos &&
        features_.mlstFacts.find("unix.mode*") == std::string::npos) {
        const bool unique = features_.mlstFacts.find("unique") != std::string::npos;
        channel_.command(std::string("OPTS MLST type;size;modify;unix.mode;") + (unique ? "unique;" : ""));
    }
    expect("TYPE I", 2, "TYPE I");
}

FtpSession::~FtpSession() = default;

FtpReply FtpSession::expect(const std::string& command, int firstDigit, const std::string& what) {
    FtpReply reply = channel_.command(command);
    if (reply.code / 100 != firstDigit) throw ReplyError(replyMessage(what, reply), reply);
    return reply;
}

void FtpSession::readGreeting() {
    FtpReply greeting = channel_.readReply();
    // 120: "service ready in nnn minutes"; the 220 follows.
    if (greeting.code == 120) greeting = channel_.readReply();
    if (greeting.code / 100 == 4) throw ConnectionError(replyMessage(where() + ": server busy", greeting));
    if (greeting.code != 220) throw ProtocolError(replyMessage(where() + ": unexpected greeting", greeting));
}

void FtpSession::startExplicitTls() {
    const FtpReply reply = channel_.command("AUTH TLS");
    if (reply.code == 234) {
        channel_.startTls(tlsContext(settings_), settings_.verifyCertificate);
        return;
    }
    if (settings_.tlsRequired) throw TlsError(replyMessage(where() + ": server refused AUTH TLS", reply));
    settings_.note("server refused AUTH TLS (" + reply.summary() + "): continuing in cleartext");
}

void FtpSession::login() {
    FtpReply reply = channel_.command("USER " + settings_.user);
    if (reply.code == 331 || reply.code == 332) reply = channel_.command("PASS " + settings_.password);
    if (reply.code == 230 || reply.code == 202) return;
    if (reply.code / 100 == 4) throw ConnectionError(replyMessage(where() + ": login failed", reply));
    throw LoginError(replyMessage(where() + ": login failed", reply));
}

std::string FtpSession::currentDirectory() { return parsePathReply(expect("PWD", 2, "PWD")); }

void FtpSession::changeDirectory(const std::string& path) { expect("CWD " + path, 2, path); }

void FtpSession::changeToParent() { expect("CDUP", 2, "CDUP"); }

std::optional<std::uint64_t> FtpSession::size(const std::string& path) {
    const FtpReply reply = channel_.command("SIZE " + path);
    if (reply.code != 213) return std::nullopt;
    return parseSizeReply(reply);
}

std::optional<std::int64_t> FtpSession::modificationTime(const std::string& path) {
    const FtpReply reply = channel_.command("MDTM " + path);
    if (reply.code != 213) return std::nullopt;
    try {
        return parseMdtmReply(reply);
    } catch (const ProtocolError&) {
        return std::nullopt;
    }
}

bool FtpSession::setModificationTime(const std::string& path, std::int64_t seconds) {
    if (!features_.has("MFMT")) return false;
    return channel_.command("MFMT " + ftpTimestamp(seconds) + " " + path).isCompletion();
}

std::optional<bool> FtpSession::isDirectory(const std::string& path) {
    std::string here;
    try {
        here = currentDirectory();
    } catch (const ReplyError&) {
        return std::nullopt;
    } catch (const ProtocolError&) {
        return std::nullopt;  // a PWD reply without a quoted path
    }
    const FtpReply entered = channel_.command("CWD " + path);
    if (entered.code == 550) return false;
    if (!entered.isCompletion()) return std::nullopt;
    try {
        changeDirectory(here);
    } catch (const ReplyError&) {
        // Relative names would now be taken from `path`.
        usable_ = false;
    }
    return true;
}

std::optional<bool> FtpSession::hasFile(const std::string& path) {
    if (!features_.has("SIZE")) return std::nullopt;
    const FtpReply reply = channel_.command("SIZE " + path);
    if (reply.code == 213) return true;
    if (reply.code == 550) return false;
    return std::nullopt;
}

void FtpSession::makeDirectory(const std::string& path) { expect("MKD " + path, 2, path); }

void FtpSession::removeDirectory(const std::string& path) { expect("RMD " + path, 2, path); }

void FtpSession::removeFile(const std::string& path) { expect("DELE " + path, 2, path); }

void FtpSession::renameFrom(const std::string& from) { expect("RNFR " + from, 3, from); }

void FtpSession::renameTo(const std::string& to) { expect("RNTO " + to, 2, to); }

std::pair<std::string, FtpReply> FtpSession::readListing(const std::string& command, std::size_t maxBytes) {
    DataConnection data = openData(command);
    std::string text;
    char buffer[65536];
    try {
        while (const std::size_t got = data.receive(buffer, sizeof buffer)) {
            text.append(buffer, got);
            if (text.size() > maxBytes)
                throw ProtocolError(where() + ": listing larger than " + std::to_string(maxBytes >> 10) + " KiB");
        }
    } catch (...) {
        abandonTransfer(data);
        throw;
    }
    FtpReply done = finishTransfer(data);
    return {std::move(text), std::move(done)};
}

Listing FtpSession::list(const std::string& path) {
    const bool machine = features_.has("MLST");
    std::string previous;
    if (!machine && !path.empty()) {
        // LIST's argument is the server's ls argument: a name starting with
        // '-' would be an option. Entering the directory avoids that.
        previous = currentDirectory();
        changeDirectory(path);
    }
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::pair<std::string, FtpReply> listed;
    std::optional<Listing> parsed;  // LIST -a's, parsed once for the check below
    try {
        if (machine) {
            listed = readListing(path.empty() ? "MLSD" : "MLSD " + path, maxListingBytes);
        } else if (listsHidden()) {
            // LIST without -a hides dotfiles on Unix servers (vsftpd,
            // ProFTPD): a mirror would miss them, and --delete remove their
            // local copies. A server that refuses -a, or takes it for a name
            // and lists nothing where plain LIST lists something, gets
            // plain LIST from then on.
            try {
                listed = readListing("LIST -a", maxListingBytes);
                // Once -a has listed something it is known to be an option:
                // an empty directory after that needs no second LIST.
                parsed = parseListListing(listed.first, now);
                if (!parsed->entries.empty()) {
                    hiddenListingShown_ = true;
                } else if (!hiddenListingShown_) {
                    auto plain = readListing("LIST", maxListingBytes);
                    Listing plainListing = parseListListing(plain.first, now);
                    if (!plainListing.entries.empty()) {
                        unixServer_ = false;
                        listed = std::move(plain);
                        parsed = std::move(plainListing);
                    }
                }
            } catch (const ReplyError& e) {
                if (e.reply().code / 100 != 5) throw;
                unixServer_ = false;
                parsed.reset();
                listed = readListing("LIST", maxListingBytes);
            }
        } else {
            listed = readListing("LIST", maxListingBytes);
        }
    } catch (const ReplyError&) {
        // LIST refused: go back, or the shell's next relative name would be
        // taken from the directory the listing was for.
        if (!previous.empty()) {
            try {
                changeDirectory(previous);
            } catch (const std::exception&) {
                // The refusal is the error to report.
            }
        }
        throw;
    }
    if (!previous.empty()) changeDirectory(previous);
    const auto& [text, done] = listed;
    Listing listing = parsed ? std::move(*parsed) : machine ? parseMlsdListing(text) : parseListListing(text, now);
    // vsftpd answers a directory it cannot open with "226 Transfer done (but
    // failed to open directory)." and no lines: not an empty directory.
    if (Poco::toLower(done.text()).find("fail") != std::string::npos) {
        listing.incomplete = true;
        listing.warnings.push_back("the server's listing is incomplete: " + done.summary());
    }
    return listing;
}

std::optional<FileEntry> FtpSession::entryOf(const std::string& path) {
    // The server names the entry by the path it was asked; ls shows the name.
    const std::string name = path.substr(path.rfind('/') + 1);
    if (features_.has("MLST")) {
        const FtpReply reply = channel_.command("MLST " + path);
        if (reply.code != 250) return std::nullopt;
        try {
            FileEntry entry = parseMlstReply(reply.lines);
            entry.name = name;
            return entry;
        } catch (const ProtocolError&) {
            return std::nullopt;
        }
    }
    if (name.empty() || name.front() == '-') return std::nullopt;
    std::string text;
    try {
        text = readListing("LIST " + path, 65536).first;
    } catch (const ReplyError&) {
        return std::nullopt;
    }
    Listing listing = parseListListing(text, static_cast<std::int64_t>(std::time(nullptr)));
    if (listing.entries.size() != 1) return std::nullopt;
    listing.entries[0].name = name;
    return listing.entries[0];
}

std::string FtpSession::uniqueOf(const std::string& path) {
    if (!features_.has("MLST") || features_.mlstFacts.find("unique") == std::string::npos) return {};
    const FtpReply reply = channel_.command(path.empty() ? "MLST" : "MLST " + path);
    if (reply.code != 250) return {};
    try {
        return parseMlstReply(reply.lines).unique;
    } catch (const ProtocolError&) {
        return {};
    }
}

bool FtpSession::listsHidden() {
    if (!unixServer_) {
        const FtpReply system = channel_.command("SYST");
        unixServer_ = system.code == 215 && Poco::toLower(system.text()).rfind("unix", 0) == 0;
    }
    return *unixServer_;
}

DataConnection FtpSession::beginDownload(const std::string& path, std::uint64_t offset) {
    if (offset > 0) expect("REST " + std::to_string(offset), 3, "REST");
    return openData("RETR " + path);
}

DataConnection FtpSession::beginUpload(const std::string& path, std::uint64_t offset) {
    if (offset == 0) return openData("STOR " + path);
    if (features_.has("REST STREAM")) {
        expect("REST " + std::to_string(offset), 3, "REST");
        return openData("STOR " + path);
    }
    // APPE appends at the file's end, which is `offset` when nothing else
    // wrote to it since its SIZE was read.
    return openData("APPE " + path);
}

Poco::Net::StreamSocket FtpSession::connectPassive() {
    const std::string peer = channel_.peerHost();
    std::uint16_t port = 0;
    if (!epsvRefused_) {
        const FtpReply reply = channel_.command("EPSV");
        if (reply.code == 229)
            port = parseEpsvReply(reply);
        else if (reply.code / 100 == 5)
            epsvRefused_ = true;
        else
            throw ReplyError(replyMessage("EPSV", reply), reply);
    }
    if (port == 0) {
        const FtpReply reply = channel_.command("PASV");
        if (reply.code != 227) throw ReplyError(replyMessage("PASV", reply), reply);
        const DataEndpoint endpoint = choosePasvEndpoint(parsePasvReply(reply), peer);
        if (endpoint.offeredAddressIgnored)
            settings_.note("server offered data address " + endpoint.offeredHost + "; connecting to " + peer +
                           ", the control connection's peer, instead");
        port = endpoint.port;
    }
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(peer, port), timespan(settings_.channel.timeoutSeconds));
        return socket;
    } catch (const Poco::Exception& e) {
        throw ConnectionError(net::describeNetError(where() + ": data connection to port " + std::to_string(port), e));
    }
}

DataConnection FtpSession::openData(const std::string& command) {
    Poco::Net::StreamSocket socket;
    std::optional<Poco::Net::ServerSocket> listener;
    if (settings_.active) {
        const std::string local = channel_.localHost();
        listener.emplace();
        listener->bind(Poco::Net::SocketAddress(local, 0), false);
        listener->listen(1);
        const std::uint16_t port = listener->address().port();
        FtpReply reply;
        const bool ipv6 = local.find(':') != std::string::npos;
        if (!eprtRefused_) {
            reply = channel_.command(eprtCommand(local, port));
            if (reply.code / 100 == 5 && !ipv6) eprtRefused_ = true;
        }
        if (eprtRefused_) reply = channel_.command(portCommand(local, port));
        if (!reply.isCompletion()) throw ReplyError(replyMessage("EPRT", reply), reply);
    } else {
        socket = connectPassive();
    }

    const FtpReply reply = channel_.transferCommand(command);
    // RFC 959 5.4: a transfer command is answered 125 or 150 first; a
    // completion before any data is a server that is lying or broken.
    if (reply.isCompletion())
        throw ProtocolError(where() + ": server answered " + command.substr(0, command.find(' ')) + " with '" +
                            reply.summary() + "' before opening the data connection");
    if (!reply.isPreliminary()) throw ReplyError(reply.summary(), reply);
    try {
        return connectData(std::move(socket), listener);
    } catch (...) {
        // The server's word on this transfer is still to come, and would be
        // read as the answer to the next command.
        usable_ = false;
        throw;
    }
}

DataConnection FtpSession::connectData(Poco::Net::StreamSocket socket,
                                       std::optional<Poco::Net::ServerSocket>& listener) {
    if (listener) {
        if (!listener->poll(timespan(settings_.channel.timeoutSeconds), Poco::Net::Socket::SELECT_READ))
            throw ConnectionError(where() + ": the server did not open the data connection");
        Poco::Net::SocketAddress from;
        socket = listener->acceptConnection(from);
        // Only the server we talk to may deliver our data (RFC 2577 5).
        if (!sameHostAddress(from.host().toString(), channel_.peerHost()))
            throw ProtocolError(where() + ": data connection from " + from.host().toString() + " refused");
    }

    // Before the handshake, which attach() performs: a server that never
    // answers it must not hold us past the timeout.
    socket.setReceiveTimeout(timespan(settings_.channel.timeoutSeconds));
    socket.setSendTimeout(timespan(settings_.channel.timeoutSeconds));
    const Poco::Net::StreamSocket plain = socket;
    if (protectData_) {
        try {
            // The data connection resumes the control connection's TLS
            // session: vsftpd (require_ssl_reuse) and FileZilla Server refuse
            // one that does not, since anyone could connect to a passive port.
            // attach() handshakes on a blocking socket with no deadline of
            // its own; on a non-blocking one it leaves the handshake to
            // completeHandshake(), which waits at most the timeout, so a
            // stalled one fails before a local file is opened.
            socket.setBlocking(false);
            Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(
                socket, settings_.channel.host, channel_.tlsContext(), channel_.tlsSession());
            socket.setBlocking(true);
            try {
                if (secure.completeHandshake() != 1) throw Poco::TimeoutException();
            } catch (const Poco::Exception&) {
                // No close_notify into a handshake that never finished: it
                // would wait out the timeout once more.
                secure.abort();
                throw;
            }
            // A server that did not resume the session showed a certificate
            // of its own on this connection: it must be for the host too.
            if (settings_.verifyCertificate) {
                try {
                    net::verifyHostName(secure, settings_.channel.host);
                } catch (const std::runtime_error& e) {
                    throw TlsError(where() + ": data connection: " + e.what());
                }
            }
            socket = secure;
        } catch (const Poco::TimeoutException&) {
            throw ConnectionError(where() + ": data connection: TLS handshake timed out");
        } catch (const Poco::Exception& e) {
            throw TlsError(net::describeNetError(where() + ": data connection", e));
        }
    }
    socket.setNoDelay(false);
    return DataConnection(std::move(socket), plain, protectData_, where(), settings_.channel.timeoutSeconds);
}

FtpReply FtpSession::finishTransfer(DataConnection& data) {
    data.close();
    FtpReply reply = channel_.readReply();
    if (!reply.isCompletion()) throw ReplyError(reply.summary(), reply);
    return reply;
}

void FtpSession::abandonTransfer(DataConnection& data) {
    usable_ = false;
    data.abort();
}

}  // namespace wirekit::ftpx
