// Private vsftpd and pyftpdlib instances for ftpx's integration tests.
#include "ftp_servers.h"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <thread>

namespace wirekit::test {

namespace {

const std::string peers = WIREKIT_PEERS_DIR;

bool bindable(unsigned short port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

/// The first of `count` consecutive free ports, below the ephemeral range
/// (as freePort) so that no client socket takes one of them meanwhile.
unsigned short freePortRange(int count, unsigned short avoid) {
    static std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<int> pick(20000, 32000 - count);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto low = static_cast<unsigned short>(pick(random));
        bool free = true;
        for (int i = 0; i < count && free; ++i) {
            const auto port = static_cast<unsigned short>(low + i);
            free = port != avoid && bindable(port);
        }
        if (free) return low;
    }
    throw std::runtime_error("no free range of " + std::to_string(count) + " ports");
}

void writeWhole(const std::string& path, const std::string& content, mode_t mode) {
    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw std::runtime_error(path + ": cannot write");
    const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
    if (std::fclose(file) != 0 || !written) throw std::runtime_error(path + ": cannot write");
    chmod(path.c_str(), mode);
}

bool isDirectory(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

FtpServer::FtpServer(FtpTls tls, const char* owner) : tls_(tls) {
    const passwd* account = getpwnam(owner);
    if (account == nullptr) throw std::runtime_error(std::string("no account ") + owner);
    ownerUid_ = account->pw_uid;
    ownerGid_ = account->pw_gid;
    root_ = dir_.path() + "/root";
    // Root-owned and not writable by the server's account: vsftpd refuses a
    // writable chroot. Everything the tests change lives in pub/.
    mkdir(root_.c_str(), 0755);
    makeDirectory("pub");
    port_ = freePort(false);
    passiveLow_ = freePortRange(passiveCount, port_);
    makeCertificate();
}

FtpServer::~FtpServer() {
    if (process_) process_->stop(5);
}

void FtpServer::makeCertificate() const {
    const auto made = run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                           "-keyout", dir_.path() + "/key.pem", "-out", dir_.path() + "/cert.pem", "-days", "30"});
    if (made.status != 0) throw std::runtime_error("openssl req failed: " + made.err);
}

void FtpServer::start(const std::vector<std::string>& argv, const ProcessOptions& options) {
    process_ = std::make_unique<Process>(argv, options);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!acceptsOnLoopback(port_)) {
        if (!process_->running() || std::chrono::steady_clock::now() > deadline) {
            const std::string why = process_->standardError() + process_->standardOutput() + log();
            process_->stop(2);
            throw std::runtime_error(std::string(name()) + " did not start: " + why);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string FtpServer::url(const std::string& remotePath) const { return anonymousUrl(remotePath); }

std::string FtpServer::anonymousUrl(const std::string& remotePath) const {
    return std::string(tls_ == FtpTls::implicitTls ? "ftps" : "ftp") + "://127.0.0.1:" + std::to_string(port_) + "/" +
           remotePath;
}

void FtpServer::makeDirectory(const std::string& relative) const {
    std::string at = root_;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto slash = relative.find('/', start);
        if (slash == std::string::npos) slash = relative.size();
        if (slash > start) {
            at += "/" + relative.substr(start, slash - start);
            if (!isDirectory(at)) {
                if (mkdir(at.c_str(), 0755) != 0) throw std::runtime_error(at + ": cannot create");
                if (chown(at.c_str(), ownerUid_, ownerGid_) != 0) throw std::runtime_error(at + ": cannot chown");
            }
        }
        start = slash + 1;
    }
}

void FtpServer::writeFile(const std::string& relative, const std::string& content) const {
    const auto slash = relative.rfind('/');
    if (slash != std::string::npos) makeDirectory(relative.substr(0, slash));
    const std::string at = path(relative);
    writeWhole(at, content, 0644);
    if (chown(at.c_str(), ownerUid_, ownerGid_) != 0) throw std::runtime_error(at + ": cannot chown");
}

void FtpServer::setModificationTime(const std::string& relative, std::time_t when) const {
    const utimbuf times{when, when};
    if (utime(path(relative).c_str(), &times) != 0) throw std::runtime_error(path(relative) + ": cannot set its time");
}

void FtpServer::handOver() const {
    const auto done = run({"chown", "-R", std::to_string(ownerUid_) + ":" + std::to_string(ownerGid_), path("pub")});
    if (done.status != 0) throw std::runtime_error("chown -R failed: " + done.err);
}

// --- vsftpd ----------------------------------------------------------------

std::string VsftpdServer::binary() { return peers + "/usr/sbin/vsftpd"; }

std::string VsftpdServer::transferUser() {
    // Anonymous sessions run as ftp_username, and vsftpd changes into that
    // account's home directory before it changes into anon_root and
    // chroots: an account whose home does not exist fails every login with
    // "500 OOPS: cannot change directory". The package is only unpacked, so
    // its `ftp` account (home /srv/ftp) is usually missing, and nobody's home
    // is /nonexistent; Debian's `daemon` (uid 1, home /usr/sbin) is always
    // there and unprivileged. vsftpd only reads that home, never writes it.
    for (const char* candidate : {"ftp", "nobody", "daemon"}) {
        const passwd* account = getpwnam(candidate);
        if (account != nullptr && account->pw_uid != 0 && isDirectory(account->pw_dir)) return candidate;
    }
    return "";
}

bool VsftpdServer::available() {
    return isExecutable(binary()) && isExecutable("/usr/bin/openssl") && !transferUser().empty() &&
           getpwnam("nobody") != nullptr;
}

VsftpdServer::VsftpdServer(FtpTls tls, unsigned long maxRate) : FtpServer(tls, transferUser().c_str()) {
    const std::string& dir = dir_.path();
    // The unprivileged pre-login process (nopriv_user) chroots here.
    mkdir((dir + "/empty").c_str(), 0755);
    std::string config =
        "listen=YES\n"
        "listen_ipv6=NO\n"
        "background=NO\n"
        "listen_address=127.0.0.1\n"
        "listen_port=" +
        std::to_string(port_) +
        "\n"
        "anonymous_enable=YES\n"
        "local_enable=NO\n"
        "write_enable=YES\n"
        "anon_upload_enable=YES\n"
        "anon_mkdir_write_enable=YES\n"
        // Delete, rename, and overwrite or append to existing files.
        "anon_other_write_enable=YES\n"
        "anon_world_readable_only=NO\n"
        "anon_umask=022\n"
        "anon_root=" +
        root_ +
        "\n"
        "ftp_username=" +
        transferUser() +
        "\n"
        "nopriv_user=nobody\n"
        "secure_chroot_dir=" +
        dir +
        "/empty\n"
        "pasv_enable=YES\n"
        "pasv_min_port=" +
        std::to_string(passiveLow_) +
        "\n"
        "pasv_max_port=" +
        std::to_string(passiveLow_ + passiveCount - 1) +
        "\n"
        "port_enable=YES\n"
        "connect_from_port_20=NO\n"
        // Times in listings and MDTM in UTC.
        "use_localtime=NO\n"
        "dirmessage_enable=NO\n"
        "idle_session_timeout=120\n"
        "data_connection_timeout=120\n"
        // Every command and reply in the log (PASS shown as "<password>").
        "xferlog_enable=YES\n"
        "xferlog_std_format=NO\n"
        "log_ftp_protocol=YES\n"
        "vsftpd_log_file=" +
        dir +
        "/vsftpd.log\n"
        // With its seccomp sandbox every session dies here after login
        // (curl: "response reading failed"): the tests need vsftpd's
        // protocol, not its sandbox.
        "seccomp_sandbox=NO\n"
        "anon_max_rate=" +
        std::to_string(maxRate) + "\n";
    if (tls != FtpTls::none) {
        config +=
            "ssl_enable=YES\n"
            "allow_anon_ssl=YES\n"
            // Cleartext stays allowed: ftpx's --tls is asked for, not forced.
            "force_anon_logins_ssl=NO\n"
            "force_anon_data_ssl=NO\n"
            "rsa_cert_file=" +
            dir +
            "/cert.pem\n"
            "rsa_private_key_file=" +
            dir +
            "/key.pem\n"
            // Debian's default list (ECDHE-RSA-AES256-GCM-SHA384) has no
            // suite for an EC key: TLS 1.2 clients would fail the handshake.
            "ssl_ciphers=HIGH\n"
            "debug_ssl=YES\n";
        // require_ssl_reuse keeps its default, YES: a data connection that
        // does not resume the control connection's TLS session is refused.
        if (tls == FtpTls::implicitTls) config += "implicit_ssl=YES\n";
    }
    writeWhole(dir + "/vsftpd.conf", config, 0600);
    start({binary(), dir + "/vsftpd.conf"});
}

VsftpdServer::~VsftpdServer() = default;

std::string VsftpdServer::log() const { return readFile(dir_.path() + "/vsftpd.log"); }

std::size_t VsftpdServer::commandsReceived(const std::string& verb) const {
    // FTP command: Client "127.0.0.1", "PASS <password>"
    const std::string text = log();
    return count(text, "FTP command: Client \"127.0.0.1\", \"" + verb + " ") +
           count(text, "FTP command: Client \"127.0.0.1\", \"" + verb + "\"");
}

// --- pyftpdlib -------------------------------------------------------------

namespace {

const char* const pyftpdlibScript = R"PY(# pyftpdlib for wirekit's tests.
# argv: port root passive-low passive-high tls(0|1) cert key log max-rate
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

port, root, low, high, tls, cert, key, log, rate = sys.argv[1:]
# DEBUG logs every command ("<- PASS ******" for the password) and reply.
logging.basicConfig(filename=log, level=logging.DEBUG, format="%(asctime)s %(message)s")
authorizer = DummyAuthorizer()
authorizer.add_user("alice", "secret", root, perm="elradfmwMT")
authorizer.add_anonymous(root)  # read-only: "elr"
if tls == "1":
    from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler

    class DataHandler(TLS_DTPHandler):
        # pyftpdlib 1.5.7 (Debian 12) resets a data connection whose TLS
        # handshake starts before the transfer command, as curl's does:
        # upstream issue #604, fixed in 1.5.8 (pull request #612) this way.
        def readable(self):
            return self._ssl_accepting or super().readable()

    handler = TLS_FTPHandler
    handler.dtp_handler = DataHandler
    handler.certfile = cert
    handler.keyfile = key
else:
    handler = FTPHandler
if int(rate) > 0:
    from pyftpdlib.handlers import ThrottledDTPHandler
    ThrottledDTPHandler.read_limit = int(rate)
    ThrottledDTPHandler.write_limit = int(rate)
    handler.dtp_handler = ThrottledDTPHandler
handler.authorizer = authorizer
handler.passive_ports = range(int(low), int(high) + 1)
handler.banner = "pyftpdlib for wirekit ready."
server = FTPServer(("127.0.0.1", int(port)), handler)
server.serve_forever()
)PY";

std::string pyftpdlibPath() { return peers + "/usr/lib/python3/dist-packages"; }

}  // namespace

bool PyftpdlibServer::available() {
    return isExecutable(python) && isExecutable("/usr/bin/openssl") && isDirectory(pyftpdlibPath() + "/pyftpdlib") &&
           isDirectory("/usr/lib/python3/dist-packages/OpenSSL");
}

PyftpdlibServer::PyftpdlibServer(FtpTls tls, unsigned long maxRate) : FtpServer(tls, "root") {
    // pyftpdlib 1.5's TLS_FTPHandler only knows AUTH TLS.
    if (tls == FtpTls::implicitTls) throw std::invalid_argument("pyftpdlib has no implicit TLS");
    // ThrottledDTPHandler is no TLS_DTPHandler.
    if (tls != FtpTls::none && maxRate > 0) throw std::invalid_argument("pyftpdlib throttles plain FTP only");
    const std::string& dir = dir_.path();
    writeWhole(dir + "/server.py", pyftpdlibScript, 0644);
    ProcessOptions options;
    options.extraEnv = {"PYTHONPATH=" + pyftpdlibPath(), "PYTHONDONTWRITEBYTECODE=1"};
    start({python, dir + "/server.py", std::to_string(port_), root_, std::to_string(passiveLow_),
           std::to_string(passiveLow_ + passiveCount - 1), tls == FtpTls::none ? "0" : "1", dir + "/cert.pem",
           dir + "/key.pem", dir + "/pyftpdlib.log", std::to_string(maxRate)},
          options);
}

PyftpdlibServer::~PyftpdlibServer() = default;

std::string PyftpdlibServer::log() const { return readFile(dir_.path() + "/pyftpdlib.log"); }

std::size_t PyftpdlibServer::commandsReceived(const std::string& verb) const {
    // 127.0.0.1:54630-[alice] <- PASS ******
    const std::string text = log();
    return count(text, "] <- " + verb + " ") + count(text, "] <- " + verb + "\n");
}

std::string PyftpdlibServer::url(const std::string& remotePath) const {
    return "ftp://" + std::string(user) + ":" + password + "@127.0.0.1:" + std::to_string(port_) + "/" + remotePath;
}

}  // namespace wirekit::test
