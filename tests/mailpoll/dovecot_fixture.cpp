// Private dovecot instances.
#include "dovecot_fixture.h"

#include <dirent.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <thread>

namespace wirekit::test {

namespace {

std::string message(int number, const std::string& from, const std::string& subject) {
    char date[64];
    const std::time_t when = 1795593600 + number * 60;  // 2026-11-25 08:00 UTC onwards
    std::tm utc{};
    gmtime_r(&when, &utc);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    return "From: " + from + "\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\nDate: " + date +
           "\r\nMessage-ID: <" + std::to_string(number) + "@wirekit.test>\r\n\r\nBody of message " +
           std::to_string(number) + ".\r\n";
}

void writeFile(const std::string& path, const std::string& content, mode_t mode) {
    FILE* file = std::fopen(path.c_str(), "w");
    if (!file) throw std::runtime_error(path + ": cannot write");
    std::fwrite(content.data(), 1, content.size(), file);
    std::fclose(file);
    chmod(path.c_str(), mode);
}

}  // namespace

bool DovecotServer::available() {
    return isExecutable(binary) && getpwnam("dovecot") != nullptr && getpwnam("dovenull") != nullptr;
}

bool DovecotServer::accepts(unsigned short port) const {
    if (netns_.empty()) return acceptsOnLoopback(port);
    return run({"ip", "netns", "exec", netns_, "bash", "-c",
                "exec 3<>/dev/tcp/" + address_ + "/" + std::to_string(port)},
               5)
               .status == 0;
}

DovecotServer::DovecotServer(int unseen, int seen, const std::string& netns, const std::string& address)
    : netns_(netns), address_(address) {
    const std::string& dir = dir_.path();
    // The mail processes run as nobody: they must reach the Maildir.
    chmod(dir.c_str(), 0755);
    const passwd* nobody = getpwnam("nobody");
    const std::string maildir = dir + "/home/" + user + "/Maildir";
    for (const std::string sub : {"/home", "/home/alice", "/home/alice/Maildir", "/home/alice/Maildir/new",
                                  "/home/alice/Maildir/cur", "/home/alice/Maildir/tmp", "/run", "/state"}) {
        mkdir((dir + sub).c_str(), 0755);
        if (sub.rfind("/home", 0) == 0) chown((dir + sub).c_str(), nobody->pw_uid, nobody->pw_gid);
    }
    for (int i = 1; i <= seen + unseen; ++i) {
        const bool isSeen = i <= seen;
        const std::string name = std::to_string(1795593600 + i) + ".M" + std::to_string(i) + "P1.wirekit";
        const std::string path = maildir + (isSeen ? "/cur/" + name + ":2,S" : "/new/" + name);
        writeFile(path,
                  message(i, "Sender " + std::to_string(i) + " <s" + std::to_string(i) + "@example.org>",
                          "Message " + std::to_string(i)),
                  0644);
        chown(path.c_str(), nobody->pw_uid, nobody->pw_gid);
    }
    delivered_ = seen + unseen;

    const auto made =
        run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
             "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:" + address, "-keyout",
             dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "30"});
    if (made.status != 0) throw std::runtime_error("openssl req failed: " + made.err);
    writeFile(dir + "/passwd", std::string(user) + ":{PLAIN}" + password + "\nbob:{PLAIN}hunter2\n", 0644);
    writeFile(passwordFile(), std::string(password) + "\n", 0600);

    imap_ = freePort(false);
    do imaps_ = freePort(false);
    while (imaps_ == imap_);
    do pop3_ = freePort(false);
    while (pop3_ == imap_ || pop3_ == imaps_);
    do pop3s_ = freePort(false);
    while (pop3s_ == imap_ || pop3s_ == imaps_ || pop3s_ == pop3_);
    const std::string config = "base_dir = " + dir +
                               "/run\n"
                               "state_dir = " +
                               dir +
                               "/state\n"
                               "log_path = " +
                               dir +
                               "/dovecot.log\n"
                               "instance_name = wirekit-" +
                               std::to_string(getpid()) + "-" + std::to_string(imap_) +
                               "\n"
                               "listen = " +
                               address +
                               "\n"
                               "protocols = imap pop3\n"
                               "ssl = yes\n"
                               "ssl_cert = <" +
                               dir +
                               "/cert.pem\n"
                               "ssl_key = <" +
                               dir +
                               "/key.pem\n"
                               "disable_plaintext_auth = no\n"
                               "auth_mechanisms = plain login\n"
                               "passdb {\n  driver = passwd-file\n  args = " +
                               dir +
                               "/passwd\n}\n"
                               "userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=" +
                               dir +
                               "/home/%u\n}\n"
                               "mail_location = maildir:~/Maildir\n"
                               "service imap-login {\n  chroot =\n"
                               "  inet_listener imap {\n    port = " +
                               std::to_string(imap_) +
                               "\n  }\n"
                               "  inet_listener imaps {\n    port = " +
                               std::to_string(imaps_) +
                               "\n    ssl = yes\n  }\n}\n"
                               "service pop3-login {\n  chroot =\n"
                               "  inet_listener pop3 {\n    port = " +
                               std::to_string(pop3_) +
                               "\n  }\n"
                               "  inet_listener pop3s {\n    port = " +
                               std::to_string(pop3s_) +
                               "\n    ssl = yes\n  }\n}\n"
                               "pop3_uidl_format = %08Xu%08Xv\n";
    writeFile(dir + "/dovecot.conf", config, 0644);
    std::vector<std::string> argv = {binary, "-F", "-c", dir + "/dovecot.conf"};
    if (!netns.empty()) argv.insert(argv.begin(), {"ip", "netns", "exec", netns});
    process_ = std::make_unique<Process>(argv);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    for (const unsigned short port : {imap_, imaps_, pop3_, pop3s_}) {
        while (!accepts(port)) {
            if (!process_->running() || std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("dovecot did not start: " + process_->standardError() + log());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

DovecotServer::~DovecotServer() {
    if (process_) process_->stop(10);
}

void DovecotServer::deliver(const std::string& from, const std::string& subject) {
    ++delivered_;
    const passwd* nobody = getpwnam("nobody");
    const std::string maildir = dir_.path() + "/home/" + user + "/Maildir";
    const std::string name = std::to_string(1795593600 + delivered_) + ".M" + std::to_string(delivered_) + "P2.wirekit";
    writeFile(maildir + "/tmp/" + name, message(delivered_, from, subject), 0644);
    chown((maildir + "/tmp/" + name).c_str(), nobody->pw_uid, nobody->pw_gid);
    if (rename((maildir + "/tmp/" + name).c_str(), (maildir + "/new/" + name).c_str()) != 0)
        throw std::runtime_error("cannot deliver into " + maildir);
}

std::map<std::string, std::string> DovecotServer::flags() const {
    std::map<std::string, std::string> result;
    const std::string maildir = dir_.path() + "/home/" + user + "/Maildir";
    for (const char* sub : {"/new", "/cur"}) {
        DIR* directory = opendir((maildir + sub).c_str());
        if (!directory) continue;
        while (const dirent* entry = readdir(directory)) {
            const std::string name = entry->d_name;
            if (name[0] == '.') continue;
            const auto info = name.find(":2,");
            result[name.substr(0, name.find(':'))] = info == std::string::npos ? "" : name.substr(info + 3);
        }
        closedir(directory);
    }
    return result;
}

std::string DovecotServer::log() const { return readFile(dir_.path() + "/dovecot.log"); }

}  // namespace wirekit::test
