// Private FTP servers for ftpx's integration tests: vsftpd and pyftpdlib,
// each with its own configuration, files and certificate in a temporary
// directory, on 127.0.0.1 and high ports. Stopped by PID.
#pragma once

#include "prerequisite.h"
#include "process.h"

#include <ctime>
#include <memory>
#include <string>

namespace wirekit::test {

/// How a server speaks TLS: not at all, after AUTH TLS on the control
/// connection (RFC 4217), or from the first byte (ftps://, "implicit").
enum class FtpTls { none, explicitTls, implicitTls };

/// What both fixtures share: a served tree on disk that tests write and read
/// directly, a self-signed certificate, a log, and URLs for the login that
/// may write under `pub/`.
class FtpServer {
public:
    virtual ~FtpServer();
    FtpServer(const FtpServer&) = delete;
    FtpServer& operator=(const FtpServer&) = delete;

    /// "vsftpd" or "pyftpdlib", for test messages.
    virtual const char* name() const = 0;
    /// Everything the server logged so far (commands and replies included).
    virtual std::string log() const = 0;
    /// How many commands with this verb ("PASS", "AUTH", "MFMT") the log
    /// shows the server received; replies that mention the word do not count.
    virtual std::size_t commandsReceived(const std::string& verb) const = 0;
    /// Whether the server implements MFMT (setting a file's time on upload).
    virtual bool hasMfmt() const = 0;
    /// Whether it has MLSD/MLST (else clients fall back on LIST, MDTM, SIZE).
    virtual bool hasMlsd() const = 0;

    unsigned short port() const { return port_; }
    FtpTls tls() const { return tls_; }
    /// The directory the login sees as "/"; the writable one is root() + "/pub".
    const std::string& root() const { return root_; }
    /// root() + "/" + relative.
    std::string path(const std::string& relative) const { return root_ + "/" + relative; }
    /// The self-signed certificate (CN localhost, SANs localhost and 127.0.0.1).
    std::string certificate() const { return dir_.path() + "/cert.pem"; }
    /// A scratch directory of the fixture's own, outside the served tree.
    const std::string& directory() const { return dir_.path(); }

    /// "ftp://127.0.0.1:PORT/" + remotePath with the writing login (none for
    /// vsftpd's anonymous, alice's user and password for pyftpdlib);
    /// "ftps://..." for implicit TLS.
    virtual std::string url(const std::string& remotePath) const;
    /// The same URL without user or password (anonymous, or a login given
    /// by -u, a netrc file or FTPX_PASSWORD).
    std::string anonymousUrl(const std::string& remotePath) const;

    /// Writes a file under root(), creating its parents, owned by the user
    /// the server writes as (so that it may overwrite, append to or delete it).
    void writeFile(const std::string& relative, const std::string& content) const;
    /// Creates a directory (and its parents) under root(), owned likewise.
    void makeDirectory(const std::string& relative) const;
    /// Sets a file's modification (and access) time.
    void setModificationTime(const std::string& relative, std::time_t when) const;
    /// Gives everything under root() + "/pub" to the user the server writes as,
    /// after a test changed the tree behind the fixture's back.
    void handOver() const;

protected:
    FtpServer(FtpTls tls, const char* owner);
    /// Starts `argv` and waits up to 15 s until the port accepts; throws with
    /// the server's stderr and log if it exits or never listens.
    void start(const std::vector<std::string>& argv, const ProcessOptions& options = {});
    void makeCertificate() const;

    TempDir dir_;
    std::string root_;
    unsigned short port_ = 0;
    /// The first of a private range of passive ports.
    unsigned short passiveLow_ = 0;
    static constexpr int passiveCount = 40;
    FtpTls tls_;
    std::unique_ptr<Process> process_;
    /// The account owning what the server may change under pub/ (uid, gid).
    unsigned ownerUid_ = 0, ownerGid_ = 0;
};

/// vsftpd, unpacked under WIREKIT_PEERS_DIR, in the foreground with a private
/// configuration: anonymous login only (any password is accepted),
/// chrooted into root(), which is root-owned (vsftpd refuses a writable
/// chroot) and holds pub/, writable, where uploads, mkdir, delete and rename
/// are allowed. No MLSD, no MFMT: clients use LIST, MDTM and SIZE.
class VsftpdServer : public FtpServer {
public:
    /// Whether the unpacked vsftpd, openssl and an account to write as are here.
    static bool available();
    static std::string binary();

    /// Starts vsftpd and waits until it accepts; `maxRate` > 0 limits every
    /// transfer to that many bytes per second (anon_max_rate).
    explicit VsftpdServer(FtpTls tls = FtpTls::none, unsigned long maxRate = 0);
    ~VsftpdServer() override;

    const char* name() const override { return "vsftpd"; }
    std::string log() const override;
    bool hasMfmt() const override { return false; }
    bool hasMlsd() const override { return false; }
    std::size_t commandsReceived(const std::string& verb) const override;
    /// The system account anonymous sessions run as (see ftp_servers.cpp).
    static std::string transferUser();
};

/// pyftpdlib (unpacked under WIREKIT_PEERS_DIR) under /usr/bin/python3: user
/// alice/secret with every permission ("elradfmwMT") whose home is root(),
/// and anonymous read-only on the same tree. MLSD, MLST and MFMT supported.
/// Plain FTP or explicit TLS (TLS_FTPHandler, python3-openssl); pyftpdlib
/// 1.5 has no implicit TLS.
class PyftpdlibServer : public FtpServer {
public:
    static constexpr const char* user = "alice";
    static constexpr const char* password = "secret";
    static constexpr const char* python = "/usr/bin/python3";

    /// Whether python3, the unpacked pyftpdlib and python3-openssl are here.
    static bool available();

    /// Starts pyftpdlib and waits until it accepts; `maxRate` > 0 limits
    /// every transfer to that many bytes per second (ThrottledDTPHandler,
    /// plain FTP only). Throws std::invalid_argument for implicit TLS.
    explicit PyftpdlibServer(FtpTls tls = FtpTls::none, unsigned long maxRate = 0);
    ~PyftpdlibServer() override;

    const char* name() const override { return "pyftpdlib"; }
    std::string log() const override;
    bool hasMfmt() const override { return true; }
    bool hasMlsd() const override { return true; }
    std::size_t commandsReceived(const std::string& verb) const override;
    std::string url(const std::string& remotePath) const override;
};

}  // namespace wirekit::test
