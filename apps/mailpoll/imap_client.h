// An IMAP4rev1 client for checking mail (RFC 3501), read-only by
// construction: it can EXAMINE but not SELECT, fetch with BODY.PEEK only,
// and has no command that stores flags, copies, moves or expunges.
#pragma once

#include "connection.h"
#include "imap_framer.h"
#include "imap_response.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace wirekit::mailpoll {

struct MailboxStatus {
    std::uint32_t messages = 0;
    std::uint32_t unseen = 0;
    std::uint32_t uidNext = 0;
    std::uint32_t uidValidity = 0;
};

/// The header fields a new-mail line shows, as the server sent them.
struct FetchedHeaders {
    std::uint32_t uid = 0;
    std::string headerBlock;  ///< "Date: ...\r\nFrom: ...\r\nSubject: ...\r\n\r\n"
};

enum class IdleEnd { changed, timeout, interrupted };

class ImapClient {
public:
    explicit ImapClient(Connection& connection, ImapLimits limits = {});

    /// Reads the greeting. Throws when the server says BYE; PREAUTH is taken
    /// as logged in.
    void readGreeting();
    bool loggedIn() const { return loggedIn_; }

    /// The server's capabilities (upper case), asked for when not yet known.
    const std::set<std::string>& capabilities();
    bool hasCapability(const std::string& name) { return capabilities().count(name) != 0; }

    /// STARTTLS, then TLS on the connection. Throws when the server does not
    /// offer it: a check that asked for TLS never goes on in cleartext.
    void startTls();

    /// LOGIN, or AUTHENTICATE PLAIN when the server prefers it (LOGINDISABLED).
    void login(const std::string& user, const std::string& password);
    /// AUTHENTICATE with a SASL mechanism and its initial response (already
    /// base64), sent inline with SASL-IR or after the first continuation.
    void authenticate(const std::string& mechanism, const std::string& initialResponse);

    MailboxStatus status(const std::string& mailbox);
    /// EXAMINE (read-only SELECT); returns what STATUS would.
    MailboxStatus examine(const std::string& mailbox);
    std::vector<std::uint32_t> searchUnseen();
    /// UID FETCH of Date, From and Subject with BODY.PEEK (nothing marked
    /// \Seen) for `uidSet` ("5:*", "1,4,9:12"); only UIDs >= `minUid` kept,
    /// since "N:*" always names the last message.
    std::vector<FetchedHeaders> fetchHeaders(const std::string& uidSet, std::uint32_t minUid);

    /// IDLE (RFC 2177) on the examined mailbox until the server reports a
    /// change, `maxSeconds` pass, or `interrupted` (asked every
    /// `pollSeconds`) says to stop. On a change or timeout the client leaves
    /// IDLE (DONE) before returning; when interrupted it returns at once and
    /// the connection should be dropped.
    IdleEnd idle(double maxSeconds, double pollSeconds, const std::function<bool()>& interrupted);

    void logout();

private:
    ImapResponse read();
    /// Sends `text` with a new tag; untagged responses go to `untagged`;
    /// returns the tagged OK or throws CommandRefused.
    ImapResponse command(const std::string& text, const std::function<void(const ImapResponse&)>& untagged = {});
    void noteUntagged(const ImapResponse& response);
    std::string nextTag();

    Connection& connection_;
    ImapFramer framer_;
    std::set<std::string> capabilities_;
    bool capabilitiesKnown_ = false;
    bool loggedIn_ = false;
    unsigned tagNumber_ = 0;
    MailboxStatus selected_;
};

/// A mailbox name in IMAP's modified UTF-7 (RFC 3501 section 5.1.3), from UTF-8.
std::string toModifiedUtf7(const std::string& utf8);

/// "1:3,7,9:10" for a sorted list of UIDs.
std::string uidSetOf(const std::vector<std::uint32_t>& uids);

}  // namespace wirekit::mailpoll
