// IMAP commands a mail checker sends, and what it makes of the answers.
#include "imap_client.h"

#include "sasl.h"

#include <algorithm>
#include <memory>

namespace wirekit::mailpoll {

namespace {

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::uint32_t numberOf(const ImapValue& value, const char* what) {
    if (const auto n = value.asNumber()) return *n;
    throw ProtocolError(std::string("malformed IMAP response: ") + what + " is not a number");
}

/// What a response code or an untagged response says about the selected mailbox.
void noteMailboxData(const ImapResponse& response, MailboxStatus& status) {
    if (response.code == "UIDVALIDITY" && !response.codeArguments.empty())
        status.uidValidity = numberOf(response.codeArguments[0], "UIDVALIDITY");
    if (response.code == "UIDNEXT" && !response.codeArguments.empty())
        status.uidNext = numberOf(response.codeArguments[0], "UIDNEXT");
    if (response.number && response.name == "EXISTS") status.messages = *response.number;
}

}  // namespace

ImapClient::ImapClient(Connection& connection, ImapLimits limits) : connection_(connection), framer_(limits) {}

ImapResponse ImapClient::read() {
    char buffer[16384];
    for (;;) {
        if (auto text = framer_.next()) return parseImapResponse(*text);
        const std::size_t got = connection_.receive(buffer, sizeof buffer);
        if (got == 0) throw ProtocolError("server closed the connection");
        framer_.feed(std::string_view(buffer, got));
    }
}

std::string ImapClient::nextTag() { return "m" + std::to_string(++tagNumber_); }

void ImapClient::noteUntagged(const ImapResponse& response) {
    if (response.status == "BYE") throw ProtocolError("server said goodbye: " + response.text);
    if (response.name == "CAPABILITY" || response.code == "CAPABILITY") {
        capabilities_.clear();
        for (const auto& value : response.name == "CAPABILITY" ? response.data : response.codeArguments)
            capabilities_.insert(upper(value.text));
        capabilitiesKnown_ = true;
    }
}

std::string ImapClient::begin(const std::string& text, UntaggedHandler untagged) {
    const std::string tag = nextTag();
    outgoing_ += tag + " " + text + "\r\n";
    // "UID FETCH refused", not "UID refused".
    const auto space = text.find(' ');
    std::string verb = text.substr(0, text.rfind("UID ", 0) == 0 ? text.find(' ', space + 1) : space);
    pending_.push_back(PendingCommand{tag, std::move(verb), std::move(untagged), std::nullopt});
    return tag;
}

void ImapClient::flush() {
    if (outgoing_.empty()) return;
    const std::string bytes = std::move(outgoing_);
    outgoing_.clear();
    connection_.send(bytes);
}

ImapResponse ImapClient::finish(std::string tag) {  // by value: it may name a pending entry that is popped
    flush();
    const auto answered = [&] {
        for (const auto& command : pending_)
            if (command.tag == tag) return command.reply.has_value();
        throw ProtocolError("internal: no pending command " + tag);
    };
    while (!answered()) {
        ImapResponse response = read();
        if (response.kind == ImapResponse::Kind::continuation)
            throw ProtocolError("unexpected continuation request: " + response.text);
        noteUntagged(response);  // a tagged OK may carry [CAPABILITY ...]
        if (response.kind == ImapResponse::Kind::tagged) {
            PendingCommand* match = nullptr;
            for (auto& command : pending_)
                if (command.tag == response.tag && !command.reply) match = &command;
            if (!match)
                throw ProtocolError("server answered tag " + response.tag + ", expected " + pending_.front().tag);
            match->reply = std::move(response);
            continue;
        }
        for (auto& command : pending_)
            if (!command.reply && command.untagged) command.untagged(response);
    }
    // Commands complete in order for the caller: the first refusal up to `tag` wins.
    for (;;) {
        PendingCommand command = std::move(pending_.front());
        pending_.pop_front();
        if (!command.reply) throw ProtocolError("server answered " + tag + " before " + command.tag);
        if (command.reply->status != "OK")
            throw CommandRefused(command.verb + " refused: " +
                                 (command.reply->text.empty() ? command.reply->status : command.reply->text));
        if (command.tag == tag) return std::move(*command.reply);
    }
}

void ImapClient::readGreeting() {
    const ImapResponse greeting = read();
    if (greeting.kind != ImapResponse::Kind::untagged || greeting.status.empty())
        throw ProtocolError("server greeting is not an IMAP greeting");
    if (greeting.status == "BYE") throw ProtocolError("server refused the connection: " + greeting.text);
    if (greeting.status != "OK" && greeting.status != "PREAUTH")
        throw ProtocolError("server greeting is " + greeting.status + ": " + greeting.text);
    noteUntagged(greeting);
    loggedIn_ = greeting.status == "PREAUTH";
}

const std::set<std::string>& ImapClient::capabilities() {
    if (!capabilitiesKnown_) command("CAPABILITY");
    if (!capabilitiesKnown_) throw ProtocolError("server did not list its capabilities");
    return capabilities_;
}

void ImapClient::startTls() {
    if (!hasCapability("STARTTLS")) throw CommandRefused("server does not offer STARTTLS");
    command("STARTTLS");
    // Bytes that came after the OK were sent in cleartext before the
    // handshake: an attacker's injection (CVE-2011-0411 class).
    if (framer_.pending() != 0) throw ProtocolError("server sent data after STARTTLS before the TLS handshake");
    connection_.startTls();
    capabilities_.clear();  // RFC 3501 6.2.1: forget what was said in cleartext
    capabilitiesKnown_ = false;
}

std::string ImapClient::loginCommand(const std::string& user, const std::string& password) {
    if (hasCapability("LOGINDISABLED")) return "";
    const bool literalPlus = hasCapability("LITERAL+");
    const std::string userArgument = imapString(user, literalPlus);
    const std::string passwordArgument = imapString(password, literalPlus);
    // A synchronizing literal needs a round trip per argument; PLAIN carries any bytes.
    if (!literalPlus && (userArgument[0] == '{' || passwordArgument[0] == '{')) return "";
    return "LOGIN " + userArgument + " " + passwordArgument;
}

void ImapClient::beginLogin(const std::string& user, const std::string& password) {
    const std::string text = loginCommand(user, password);
    if (text.empty()) {
        if (!hasCapability("AUTH=PLAIN")) throw CommandRefused("server allows neither LOGIN nor AUTHENTICATE PLAIN");
        authenticate("PLAIN", saslInitialResponse(AuthMethod::plain, user, password, "", 0));
        return;
    }
    begin(text, {});
    loggedIn_ = true;
    // Capabilities may change after login; LOGIN's OK usually lists them again.
    capabilitiesKnown_ = false;
}

void ImapClient::login(const std::string& user, const std::string& password) {
    beginLogin(user, password);
    if (pending_.empty()) return;
    try {
        finish(pending_.back().tag);
    } catch (const CommandRefused&) {
        loggedIn_ = false;
        throw;
    }
}

void ImapClient::authenticate(const std::string& mechanism, const std::string& initialResponse) {
    const bool inlineResponse = hasCapability("SASL-IR");
    flush();
    const std::string tag = nextTag();
    connection_.send(tag + " AUTHENTICATE " + mechanism + (inlineResponse ? " " + initialResponse : "") + "\r\n");
    bool sentResponse = inlineResponse;
    for (;;) {
        ImapResponse response = read();
        if (response.kind == ImapResponse::Kind::continuation) {
            // The first challenge asks for the initial response; a later one
            // carries an error (XOAUTH2, OAUTHBEARER), answered with an empty line.
            connection_.send(sentResponse ? std::string("\r\n") : initialResponse + "\r\n");
            sentResponse = true;
            continue;
        }
        if (response.kind == ImapResponse::Kind::untagged) {
            noteUntagged(response);
            continue;
        }
        if (response.tag != tag) throw ProtocolError("server answered tag " + response.tag + ", expected " + tag);
        noteUntagged(response);
        if (response.status != "OK")
            throw CommandRefused("AUTHENTICATE " + mechanism +
                                 " refused: " + (response.text.empty() ? response.status : response.text));
        loggedIn_ = true;
        if (response.code != "CAPABILITY") capabilitiesKnown_ = false;
        return;
    }
}

ImapClient::UntaggedHandler ImapClient::statusHandler(MailboxStatus& status, bool& answered,
                                                      const std::string& encodedMailbox) {
    return [&status, &answered, encodedMailbox](const ImapResponse& response) {
        if (response.name != "STATUS" || response.data.size() < 2) return;
        // Pipelined STATUS commands each see every STATUS response: take one's own.
        const std::string& name = response.data[0].text;
        if (name != encodedMailbox && !(upper(name) == "INBOX" && upper(encodedMailbox) == "INBOX")) return;
        const auto& items = response.data[1].items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            const std::string item = upper(items[i].text);
            const std::uint32_t value = numberOf(items[i + 1], "a STATUS item");
            if (item == "MESSAGES") status.messages = value;
            if (item == "UNSEEN") status.unseen = value;
            if (item == "UIDNEXT") status.uidNext = value;
            if (item == "UIDVALIDITY") status.uidValidity = value;
        }
        answered = true;
    };
}

MailboxStatus ImapClient::status(const std::string& mailbox) { return statuses({mailbox}).front(); }

std::vector<MailboxStatus> ImapClient::statuses(const std::vector<std::string>& mailboxes) {
    std::vector<MailboxStatus> result(mailboxes.size());
    // Not vector<bool>: each handler holds a reference to its flag.
    const auto answered = std::make_unique<bool[]>(mailboxes.size());
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < mailboxes.size(); ++i) {
        const std::string encoded = toModifiedUtf7(mailboxes[i]);
        tags.push_back(begin("STATUS " + imapString(encoded, false) + " (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)",
                             statusHandler(result[i], answered[i], encoded)));
    }
    for (std::size_t i = 0; i < tags.size(); ++i) {
        finish(tags[i]);
        if (!answered[i]) throw ProtocolError("server answered STATUS without a STATUS response");
    }
    return result;
}

MailboxStatus ImapClient::examine(const std::string& mailbox) {
    selected_ = MailboxStatus{};
    const auto ok = command("EXAMINE " + imapString(toModifiedUtf7(mailbox), false),
                            [&](const ImapResponse& response) { noteMailboxData(response, selected_); });
    noteMailboxData(ok, selected_);
    return selected_;
}

std::vector<std::uint32_t> ImapClient::searchUnseen() {
    std::vector<std::uint32_t> uids;
    command("UID SEARCH UNSEEN", [&](const ImapResponse& response) {
        if (response.name != "SEARCH") return;
        for (const auto& value : response.data) uids.push_back(numberOf(value, "a SEARCH result"));
    });
    std::sort(uids.begin(), uids.end());
    return uids;
}

ImapClient::UntaggedHandler ImapClient::fetchHandler(std::vector<FetchedHeaders>& fetched, std::uint32_t minUid) {
    return [&fetched, minUid](const ImapResponse& response) {
        if (response.name != "FETCH" || response.data.empty()) return;
        const auto& items = response.data[0].items;
        FetchedHeaders headers;
        bool hasBody = false;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            const std::string name = upper(items[i].text);
            if (name == "UID") headers.uid = numberOf(items[i + 1], "a UID");
            if (name.rfind("BODY[", 0) == 0) {
                headers.headerBlock = items[i + 1].text;
                hasBody = true;
            }
        }
        // A FETCH without the body item is a flag update another client
        // caused (RFC 3501 7.4.2), not a message.
        if (hasBody && headers.uid >= minUid && headers.uid != 0) fetched.push_back(std::move(headers));
    };
}

namespace {
std::string fetchCommand(const std::string& uidSet) {
    return "UID FETCH " + uidSet + " (UID BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])";
}
void sortByUid(std::vector<FetchedHeaders>& fetched) {
    std::sort(fetched.begin(), fetched.end(),
              [](const FetchedHeaders& a, const FetchedHeaders& b) { return a.uid < b.uid; });
}
}  // namespace

std::vector<FetchedHeaders> ImapClient::fetchHeaders(const std::string& uidSet, std::uint32_t minUid) {
    std::vector<FetchedHeaders> fetched;
    command(fetchCommand(uidSet), fetchHandler(fetched, minUid));
    sortByUid(fetched);
    return fetched;
}

std::pair<MailboxStatus, std::vector<FetchedHeaders>> ImapClient::examineAndFetch(const std::string& mailbox,
                                                                                  const std::string& uidSet,
                                                                                  std::uint32_t minUid) {
    selected_ = MailboxStatus{};
    const std::string examineTag =
        begin("EXAMINE " + imapString(toModifiedUtf7(mailbox), false),
              [this](const ImapResponse& response) { noteMailboxData(response, selected_); });
    std::vector<FetchedHeaders> fetched;
    const std::string fetchTag = begin(fetchCommand(uidSet), fetchHandler(fetched, minUid));
    noteMailboxData(finish(examineTag), selected_);
    finish(fetchTag);
    sortByUid(fetched);
    return {selected_, std::move(fetched)};
}

std::pair<MailboxStatus, std::vector<std::uint32_t>> ImapClient::examineAndSearchUnseen(const std::string& mailbox) {
    selected_ = MailboxStatus{};
    const std::string examineTag =
        begin("EXAMINE " + imapString(toModifiedUtf7(mailbox), false),
              [this](const ImapResponse& response) { noteMailboxData(response, selected_); });
    std::vector<std::uint32_t> uids;
    const std::string searchTag = begin("UID SEARCH UNSEEN", [&](const ImapResponse& response) {
        if (response.name != "SEARCH") return;
        for (const auto& value : response.data) uids.push_back(numberOf(value, "a SEARCH result"));
    });
    noteMailboxData(finish(examineTag), selected_);
    finish(searchTag);
    std::sort(uids.begin(), uids.end());
    return {selected_, std::move(uids)};
}

IdleEnd ImapClient::idle(double maxSeconds, double pollSeconds, const std::function<bool()>& interrupted) {
    flush();
    const std::string tag = nextTag();
    connection_.send(tag + " IDLE\r\n");
    for (;;) {
        const ImapResponse response = read();
        if (response.kind == ImapResponse::Kind::continuation) break;
        if (response.kind == ImapResponse::Kind::tagged)
            throw CommandRefused("IDLE refused: " + (response.text.empty() ? response.status : response.text));
        noteUntagged(response);
    }
    IdleEnd end = IdleEnd::timeout;
    double waited = 0;
    char buffer[16384];
    for (;;) {
        // What came with the continuation (or after it) counts before any wait.
        while (auto text = framer_.next()) {
            const ImapResponse response = parseImapResponse(*text);
            noteUntagged(response);
            if (response.name == "EXISTS" || response.name == "RECENT" || response.name == "EXPUNGE")
                end = IdleEnd::changed;
        }
        if (end != IdleEnd::timeout || waited >= maxSeconds) break;
        if (interrupted && interrupted()) return IdleEnd::interrupted;
        const double slice = std::min(pollSeconds, maxSeconds - waited);
        if (!connection_.waitReadable(slice)) {
            waited += slice;
            continue;
        }
        const std::size_t got = connection_.receive(buffer, sizeof buffer);
        if (got == 0) throw ProtocolError("server closed the connection during IDLE");
        framer_.feed(std::string_view(buffer, got));
    }
    connection_.send("DONE\r\n");
    for (;;) {
        const ImapResponse response = read();
        if (response.kind != ImapResponse::Kind::tagged) {
            noteUntagged(response);
            if (response.name == "EXISTS") end = IdleEnd::changed;
            continue;
        }
        if (response.tag != tag) throw ProtocolError("server answered tag " + response.tag + ", expected " + tag);
        if (response.status != "OK") throw CommandRefused("IDLE ended with " + response.status + ": " + response.text);
        return end;
    }
}

void ImapClient::logout() {
    // Waiting for BYE and the tagged OK would only cost the server another
    // wakeup and us a round trip; what it says can change nothing.
    begin("LOGOUT", {});
    flush();
    pending_.clear();
}

std::string toModifiedUtf7(const std::string& utf8) {
    std::string out;
    std::u16string pending;
    const auto flush = [&] {
        if (pending.empty()) return;
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
        std::string bytes;
        for (const char16_t unit : pending) {
            bytes += static_cast<char>(unit >> 8);
            bytes += static_cast<char>(unit & 0xff);
        }
        out += '&';
        std::uint32_t bits = 0;
        int count = 0;
        for (const char c : bytes) {
            bits = (bits << 8) | static_cast<unsigned char>(c);
            count += 8;
            while (count >= 6) {
                count -= 6;
                out += alphabet[(bits >> count) & 0x3f];
            }
        }
        if (count > 0) out += alphabet[(bits << (6 - count)) & 0x3f];
        out += '-';
        pending.clear();
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if (byte >= 0x20 && byte < 0x7f) {
            flush();
            out += byte == '&' ? std::string("&-") : std::string(1, static_cast<char>(byte));
            ++i;
            continue;
        }
        std::uint32_t code = byte;
        int extra = byte >= 0xf0 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc0 ? 1 : 0;
        if (extra) code = byte & (0x3f >> extra);
        ++i;
        for (; extra > 0 && i < utf8.size(); --extra, ++i)
            code = (code << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3f);
        if (code >= 0x10000) {
            code -= 0x10000;
            pending += static_cast<char16_t>(0xd800 + (code >> 10));
            pending += static_cast<char16_t>(0xdc00 + (code & 0x3ff));
        } else {
            pending += static_cast<char16_t>(code);
        }
    }
    flush();
    return out;
}

std::string uidSetOf(const std::vector<std::uint32_t>& uids) {
    std::string set;
    for (std::size_t i = 0; i < uids.size();) {
        std::size_t j = i;
        while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
        if (!set.empty()) set += ',';
        set += std::to_string(uids[i]);
        if (j > i) set += ":" + std::to_string(uids[j]);
        i = j + 1;
    }
    return set;
}

}  // namespace wirekit::mailpoll
