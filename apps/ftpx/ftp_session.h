// One logged-in FTP session (RFC 959, with RFC 2228/4217 TLS, RFC 2428
// EPSV/EPRT, RFC 3659 SIZE/MDTM/MLSD/REST): the commands ftpx needs, data
// connections that always go to the control connection's peer, and nothing
// that decides what to transfer.
#pragma once

#include "control_channel.h"
#include "file_entry.h"
#include "ftp_url.h"
#include "interrupt.h"
#include "net/tls.h"
#include "reply_values.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace wirekit::ftpx {

struct SessionSettings {
    ChannelSettings channel;
    TlsMode tls = TlsMode::none;
    bool tlsRequired = false;  ///< --tls-required: no cleartext fallback
    std::string caFile;        ///< empty: the system's store
    bool verifyCertificate = true;
    net::TlsMax tlsMax = net::TlsMax::newest;  ///< --tls-max
    bool active = false;                       ///< EPRT/PORT instead of EPSV/PASV
    std::string user = "anonymous";
    std::string password;  ///< never printed
    /// Called with notes for verbose mode (an ignored PASV address, a
    /// cleartext fallback); never with a password.
    std::function<void(const std::string&)> note;
};

/// An open data connection: plain or TLS, read or written in large blocks.
class DataConnection {
public:
    DataConnection() = default;
    /// `socket` is what is read and written; `plain` the TCP socket under
    /// it (the same one when not secure).
    DataConnection(Poco::Net::StreamSocket socket, Poco::Net::StreamSocket plain, bool secure, std::string where,
                   double timeoutSeconds);
    /// A moved-from connection is closed: it no longer closes the socket
    /// (POCO's sockets share one descriptor when copied).
    DataConnection(DataConnection&& other) noexcept;
    DataConnection& operator=(DataConnection&& other) noexcept;
    ~DataConnection();

    /// Up to `size` bytes; 0 at the end of the data. Throws ConnectionError
    /// on timeout or reset.
    std::size_t receive(char* buffer, std::size_t size);
    /// All of `size` bytes, or throws ConnectionError.
    void send(const char* buffer, std::size_t size);
    /// Whether a receive() now would find bytes already here: in the TLS
    /// layer or queued on the socket. A reader collects those before it
    /// writes, and writes what it has before it would wait.
    bool moreWaiting() const;
    /// The descriptor, for sendfile(2) and splice(2) on a plain connection.
    int fd() const;
    /// Waits for bytes to read (or the end); false once nothing has arrived
    /// for the timeout.
    bool waitReadable();
    /// A plain connection wakes its reader only once `bytes` have arrived
    /// (SO_RCVLOWAT) or the data ended, instead of at every segment: fewer
    /// wake-ups and window updates let the server send in larger pieces (a
    /// 1 GiB download to /dev/null went from 1.4 to 2.6 GiB/s on loopback,
    /// bench medians). A slower trickle is still read when it pauses, and the
    /// timeout counts from the last byte that arrived.
    void preferLargeReads(std::size_t bytes);
    bool secure() const { return secure_; }
    /// Ends the data in order: TLS close_notify, a half-close, and the
    /// server's own close awaited (within the timeout). An upload's server
    /// counts the file complete only after this.
    void close();
    /// Closes at once, for a transfer that failed.
    void abort();

private:
    void awaitPeerClose();

    Poco::Net::StreamSocket socket_;
    Poco::Net::StreamSocket plain_;
    WatchedSocket watch_;  ///< ^C in the shell cuts the transfer
    bool secure_ = false;
    bool open_ = false;
    std::string where_;
    double timeoutSeconds_ = 30;
    int lowWater_ = 0;
};

class FtpSession {
public:
    /// Connects, protects (implicit TLS, or AUTH TLS), logs in, reads FEAT
    /// and sets binary mode. Throws ConnectionError, TlsError (refused AUTH
    /// TLS with tlsRequired, an untrusted certificate), LoginError,
    /// ProtocolError. The password goes out only over TLS when TLS was asked.
    explicit FtpSession(const SessionSettings& settings);
    ~FtpSession();
    FtpSession(const FtpSession&) = delete;
    FtpSession& operator=(const FtpSession&) = delete;

    const Features& features() const { return features_; }
    const std::string& where() const { return channel_.where(); }
    bool secure() const { return channel_.secure(); }

    /// PWD. Throws ReplyError.
    std::string currentDirectory();
    /// CWD; "/" is the server's root. Throws ReplyError.
    void changeDirectory(const std::string& path);
    void changeToParent();
    /// SIZE, nothing when the server has no SIZE or the file none (550).
    std::optional<std::uint64_t> size(const std::string& path);
    /// MDTM (UTC), nothing when unknown.
    std::optional<std::int64_t> modificationTime(const std::string& path);
    /// MFMT when the server has it; false when it has not.
    bool setModificationTime(const std::string& path, std::int64_t seconds);
    /// Whether `path` is a directory, by entering it and coming back (a
    /// session that cannot come back is no longer usable); nothing when the
    /// server cannot tell (no PWD, a reply other than 2yz or 550).
    std::optional<bool> isDirectory(const std::string& path);
    /// Whether a file `path` exists, by SIZE: 213 yes, 550 no; nothing on a
    /// server without SIZE or for any other reply.
    std::optional<bool> hasFile(const std::string& path);
    void makeDirectory(const std::string& path);
    void removeDirectory(const std::string& path);
    void removeFile(const std::string& path);
    /// RNFR then RNTO: only RNTO changes anything.
    void renameFrom(const std::string& from);
    void renameTo(const std::string& to);

    /// The entries of directory `path` ("" for the current one): MLSD where
    /// the server has MLST, else LIST (-a on a UNIX server) parsed in its
    /// UNIX and DOS styles. Warnings about lines skipped are in the Listing;
    /// a listing the server says failed is marked incomplete.
    Listing list(const std::string& path);
    /// One entry's facts: MLST where the server has it, else LIST of that
    /// name (not one that starts with '-', which LIST would take for an
    /// option). Nothing when the server will not say.
    std::optional<FileEntry> entryOf(const std::string& path);
    /// MLST's unique fact for `path` (RFC 3659 7.5.2); "" where the server
    /// has none or will not say.
    std::string uniqueOf(const std::string& path);

    /// RETR `path` from byte `offset` (REST first when non-zero). Returns the
    /// open data connection; call finishTransfer() after reading it all.
    DataConnection beginDownload(const std::string& path, std::uint64_t offset = 0);
    /// STOR `path`, or REST `offset` + STOR (or APPE where the server lacks
    /// REST STREAM) to continue a partial file.
    DataConnection beginUpload(const std::string& path, std::uint64_t offset = 0);
    /// The final reply of a transfer: throws ReplyError unless it is 2yz.
    FtpReply finishTransfer(DataConnection& data);
    /// After a failed transfer: closes the data connection and marks the
    /// session unusable. Waiting for the server's word on a transfer that
    /// stalled would double the time a user waits for the error; a new
    /// session is cheaper than resynchronizing this one.
    void abandonTransfer(DataConnection& data);
    /// False after abandonTransfer, after a transfer command failed once
    /// the server had answered it 1xx, and when the control connection
    /// broke: the Connector makes a new session.
    bool usable() const { return usable_ && !channel_.broken(); }

    /// QUIT and close; errors after the work is done are not reported.
    void quit() { channel_.quit(); }

private:
    FtpReply expect(const std::string& command, int firstDigit, const std::string& what);
    void readGreeting();
    void startExplicitTls();
    /// Whether LIST takes -a (hidden files too): SYST says UNIX, and no
    /// listing showed otherwise.
    bool listsHidden();
    /// COMMAND's whole listing (at most `maxBytes`) and its final reply.
    std::pair<std::string, FtpReply> readListing(const std::string& command, std::size_t maxBytes);
    void login();
    DataConnection openData(const std::string& command);
    /// After the 1xx: accepts (active) and secures the data connection.
    DataConnection connectData(Poco::Net::StreamSocket socket, std::optional<Poco::Net::ServerSocket>& listener);
    Poco::Net::StreamSocket connectPassive();

    SessionSettings settings_;
    ControlChannel channel_;
    Features features_;
    bool protectData_ = false;
    bool epsvRefused_ = false;
    std::optional<bool> unixServer_;
    bool hiddenListingShown_ =
        false;  ///< a LIST -a listed entries: the server takes -a  ///< SYST's answer, asked before the first LIST
    bool eprtRefused_ = false;
    bool usable_ = true;
};

/// The error text for a negative reply: "what: 550 Failed to open file.".
std::string replyMessage(const std::string& what, const FtpReply& reply);

}  // namespace wirekit::ftpx
