// A private dovecot for integration tests and the demo: its own
// configuration, certificate, users and Maildir in a temporary directory,
// IMAP, IMAPS, POP3 and POP3S on loopback high ports. Stopped by PID.
#pragma once

#include "prerequisite.h"
#include "process.h"

#include <map>
#include <memory>
#include <string>

namespace wirekit::test {

class DovecotServer {
public:
    static constexpr const char* binary = "/usr/sbin/dovecot";
    static constexpr const char* user = "alice";
    static constexpr const char* password = "secret";

    /// Whether dovecot and the users its package creates are here.
    static bool available();

    /// Starts dovecot with a Maildir of `unseen` unseen and `seen` seen
    /// messages for `user` and waits until every port accepts; inside the
    /// network namespace `netns` and on `address` when given.
    DovecotServer(int unseen, int seen, const std::string& netns = "", const std::string& address = "127.0.0.1");
    ~DovecotServer();

    unsigned short imapPort() const { return imap_; }
    unsigned short imapsPort() const { return imaps_; }
    unsigned short pop3Port() const { return pop3_; }
    unsigned short pop3sPort() const { return pop3s_; }
    /// The self-signed certificate (CN localhost, SANs localhost and 127.0.0.1).
    std::string certificate() const { return dir_.path() + "/cert.pem"; }
    /// A 0600 file holding the password.
    std::string passwordFile() const { return dir_.path() + "/password"; }
    const std::string& directory() const { return dir_.path(); }

    /// Delivers a message the way an MDA does (tmp/, then rename into new/).
    void deliver(const std::string& from, const std::string& subject);
    /// Every message's flags by its unique name, as the Maildir holds them
    /// (dovecot may move a file from new/ to cur/; the flags are what count).
    std::map<std::string, std::string> flags() const;
    std::string log() const;

private:
    TempDir dir_;
    std::unique_ptr<Process> process_;
    unsigned short imap_ = 0, imaps_ = 0, pop3_ = 0, pop3s_ = 0;
    int delivered_ = 0;
    std::string netns_, address_;
    bool accepts(unsigned short port) const;
};

}  // namespace wirekit::test
