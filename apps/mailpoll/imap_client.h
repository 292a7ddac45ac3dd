// An IMAP4rev1 client for checking mail (RFC 3501), read-only by
// construction: it can EXAMINE but not SELECT, fetch with BODY.PEEK only,
// and has no command that stores flags, copies, moves or expunges.
#pragma once

#include "connection.h"
#include "imap_framer.h"
#include "imap_response.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
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
    /// The same, but a plain LOGIN is only queued: it goes out with the next
    /// commands in one write (RFC 3501 5.5), and its refusal is thrown by the
    /// first command that waits.
    void beginLogin(const std::string& user, const std::string& password);
    /// AUTHENTICATE with a SASL mechanism and its initial response (already
    /// base64), sent inline with SASL-IR or after the first continuation.
    void authenticate(const std::string& mechanism, const std::string& initialResponse);

    MailboxStatus status(const std::string& mailbox);
    /// STATUS of several mailboxes, pipelined.
    std::vector<MailboxStatus> statuses(const std::vector<std::string>& mailboxes);
    /// EXAMINE (read-only SELECT); returns what STATUS would.
    MailboxStatus examine(const std::string& mailbox);
    std::vector<std::uint32_t> searchUnseen();
    /// UID FETCH of Date, From and Subject with BODY.PEEK (nothing marked
    /// \Seen) for `uidSet` ("5:*", "1,4,9:12"); only UIDs >= `minUid` kept,
    /// since "N:*" always names the last message.
    std::vector<FetchedHeaders> fetchHeaders(const std::string& uidSet, std::uint32_t minUid);
    /// EXAMINE and a UID FETCH (as fetchHeaders), pipelined.
    std::pair<MailboxStatus, std::vector<FetchedHeaders>> examineAndFetch(const std::string& mailbox,
                                                                          const std::string& uidSet,
                                                                          std::uint32_t minUid);
    /// EXAMINE and UID SEARCH UNSEEN, pipelined.
    std::pair<MailboxStatus, std::vector<std::uint32_t>> examineAndSearchUnseen(const std::string& mailbox);

    /// IDLE (RFC 2177) on the examined mailbox until the server reports a
    /// change, `maxSeconds` pass, or `interrupted` (asked every
    /// `pollSeconds`) says to stop. On a change or timeout the client leaves
    /// IDLE (DONE) before returning; when interrupted it returns at once and
    /// the connection should be dropped.
    IdleEnd idle(double maxSeconds, double pollSeconds, const std::function<bool()>& interrupted);

    /// LOGOUT, sent without waiting for the goodbye: the session is over.
    void logout();

private:
    using UntaggedHandler = std::function<void(const ImapResponse&)>;
    struct PendingCommand {
        std::string tag;
        std::string verb;  ///< "UID FETCH", for messages
        UntaggedHandler untagged;
        std::optional<ImapResponse> reply;
    };

    ImapResponse read();
    /// Queues `text` with a new tag; untagged responses that arrive while it
    /// is pending go to `untagged`. Returns the tag.
    std::string begin(const std::string& text, UntaggedHandler untagged = {});
    /// Sends what is queued and reads until `tag` is answered. Throws the
    /// refusal (CommandRefused) of the first command up to `tag` that failed.
    ImapResponse finish(std::string tag);
    ImapResponse command(const std::string& text, UntaggedHandler untagged = {}) {
        return finish(begin(text, std::move(untagged)));
    }
    void flush();
    void noteUntagged(const ImapResponse& response);
    std::string nextTag();
    UntaggedHandler statusHandler(MailboxStatus& status, bool& answered, const std::string& encodedMailbox);
    UntaggedHandler fetchHandler(std::vector<FetchedHeaders>& fetched, std::uint32_t minUid);
    std::string loginCommand(const std::string& user, const std::string& password);

    Connection& connection_;
    ImapFramer framer_;
    std::set<std::string> capabilities_;
    bool capabilitiesKnown_ = false;
    bool loggedIn_ = false;
    unsigned tagNumber_ = 0;
    std::deque<PendingCommand> pending_;
    std::string outgoing_;
    MailboxStatus selected_;
};

/// A mailbox name in IMAP's modified UTF-7 (RFC 3501 section 5.1.3), from UTF-8.
std::string toModifiedUtf7(const std::string& utf8);

/// "1:3,7,9:10" for a sorted list of UIDs.
std::string uidSetOf(const std::vector<std::uint32_t>& uids);

}  // namespace wirekit::mailpoll
