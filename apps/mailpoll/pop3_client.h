// A POP3 client for checking mail (RFC 1939, CAPA and STLS from RFC 2449 and
// RFC 2595, AUTH from RFC 5034), read-only by construction: it has STAT,
// UIDL and TOP, and no RETR, DELE or RSET.
//
// POCO's POP3ClientSession (1.11) has no UIDL, CAPA, STLS or AUTH, cannot
// pipeline, and keeps its buffered socket private, so these commands cannot
// be added beside it on the same connection; the protocol is spoken here over
// the same Connection the IMAP client uses (POCO sockets underneath), and
// POCO's MessageHeader parses what TOP returns.
#pragma once

#include "connection.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace wirekit::mailpoll {

struct Pop3Limits {
    std::size_t maxLineBytes = 64 * 1024;
    std::size_t maxMultilineBytes = 32 << 20;  ///< UIDL of a very large maildrop fits
};

struct Pop3Reply {
    bool ok = false;
    std::string text;  ///< after "+OK " or "-ERR "
};

/// "+OK text" or "-ERR text"; throws ProtocolError for anything else.
Pop3Reply parsePop3Reply(const std::string& line);

/// One "n uid" line of a UIDL listing; throws ProtocolError when malformed.
std::pair<std::uint32_t, std::string> parseUidlLine(const std::string& line);

class Pop3Client {
public:
    explicit Pop3Client(Connection& connection, Pop3Limits limits = {});

    void readGreeting();
    /// CAPA's list (upper-cased first words); empty when the server has no CAPA.
    const std::set<std::string>& capabilities();
    /// STLS, then TLS. Throws when the server does not offer it.
    void startTls();
    void login(const std::string& user, const std::string& password);
    /// AUTH with an initial response (base64), RFC 5034.
    void authenticate(const std::string& mechanism, const std::string& initialResponse);

    struct Stat {
        std::uint32_t messages = 0;
        std::uint64_t bytes = 0;
    };
    Stat stat();
    /// Message numbers and unique ids, in the server's order.
    std::vector<std::pair<std::uint32_t, std::string>> uidl();
    /// Each message's header block (TOP n 0), pipelined when the server
    /// announces PIPELINING.
    std::vector<std::string> headers(const std::vector<std::uint32_t>& messageNumbers);
    void quit();

private:
    std::string readLine();
    Pop3Reply expectOk(const std::string& commandName);
    std::vector<std::string> readMultiline();
    void sendCommand(const std::string& line);

    Connection& connection_;
    Pop3Limits limits_;
    std::string buffer_;
    std::set<std::string> capabilities_;
    bool capabilitiesKnown_ = false;
};

}  // namespace wirekit::mailpoll
