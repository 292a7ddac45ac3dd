// IMAP commands a mail checker sends, and what it makes of the answers.
#include "imap_client.h"

#include "sasl.h"

#include <algorithm>

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

ImapResponse ImapClient::command(const std::string& text, const std::function<void(const ImapResponse&)>& untagged) {
    const std::string tag = nextTag();
    connection_.send(tag + " " + text + "\r\n");
    for (;;) {
        ImapResponse response = read();
        if (response.kind == ImapResponse::Kind::tagged) {
            if (response.tag != tag) throw ProtocolError("server answered tag " + response.tag + ", expected " + tag);
            noteUntagged(response);  // a tagged OK may carry [CAPABILITY ...]
            if (response.status != "OK") {
                // "UID FETCH refused", not "UID refused".
                const auto space = text.find(' ');
                const std::string verb = text.substr(0, text.rfind("UID ", 0) == 0 ? text.find(' ', space + 1) : space);
                throw CommandRefused(verb + " refused: " + (response.text.empty() ? response.status : response.text));
            }
            return response;
        }
        if (response.kind == ImapResponse::Kind::continuation)
            throw ProtocolError("unexpected continuation request: " + response.text);
        noteUntagged(response);
        if (untagged) untagged(response);
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

void ImapClient::login(const std::string& user, const std::string& password) {
    if (hasCapability("LOGINDISABLED")) {
        if (!hasCapability("AUTH=PLAIN")) throw CommandRefused("server allows neither LOGIN nor AUTHENTICATE PLAIN");
        authenticate("PLAIN", saslInitialResponse(AuthMethod::plain, user, password, "", 0));
        return;
    }
    const bool literalPlus = hasCapability("LITERAL+");
    const std::string userArgument = imapString(user, literalPlus);
    const std::string passwordArgument = imapString(password, literalPlus);
    if (!literalPlus && (userArgument[0] == '{' || passwordArgument[0] == '{')) {
        // A synchronizing literal needs a round trip per argument; PLAIN carries any bytes.
        authenticate("PLAIN", saslInitialResponse(AuthMethod::plain, user, password, "", 0));
        return;
    }
    const auto ok = command("LOGIN " + userArgument + " " + passwordArgument);
    loggedIn_ = true;
    if (ok.code != "CAPABILITY") capabilitiesKnown_ = false;  // they may change after login
}

void ImapClient::authenticate(const std::string& mechanism, const std::string& initialResponse) {
    const std::string tag = nextTag();
    const bool inlineResponse = hasCapability("SASL-IR");
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

MailboxStatus ImapClient::status(const std::string& mailbox) {
    MailboxStatus status;
    bool answered = false;
    command("STATUS " + imapString(toModifiedUtf7(mailbox), false) + " (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)",
            [&](const ImapResponse& response) {
                if (response.name != "STATUS" || response.data.size() < 2) return;
                const auto& items = response.data[1].items;
                for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
                    const std::string name = upper(items[i].text);
                    const std::uint32_t value = numberOf(items[i + 1], "a STATUS item");
                    if (name == "MESSAGES") status.messages = value;
                    if (name == "UNSEEN") status.unseen = value;
                    if (name == "UIDNEXT") status.uidNext = value;
                    if (name == "UIDVALIDITY") status.uidValidity = value;
                }
                answered = true;
            });
    if (!answered) throw ProtocolError("server answered STATUS without a STATUS response");
    return status;
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

std::vector<FetchedHeaders> ImapClient::fetchHeaders(const std::string& uidSet, std::uint32_t minUid) {
    std::vector<FetchedHeaders> fetched;
    command("UID FETCH " + uidSet + " (UID BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])",
            [&](const ImapResponse& response) {
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
                // A FETCH without the body item is a flag update another
                // client caused (RFC 3501 7.4.2), not a message.
                if (hasBody && headers.uid >= minUid && headers.uid != 0) fetched.push_back(std::move(headers));
            });
    std::sort(fetched.begin(), fetched.end(),
              [](const FetchedHeaders& a, const FetchedHeaders& b) { return a.uid < b.uid; });
    return fetched;
}

IdleEnd ImapClient::idle(double maxSeconds, double pollSeconds, const std::function<bool()>& interrupted) {
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
    try {
        command("LOGOUT");
    } catch (const ProtocolError&) {
        // BYE comes before the tagged OK; a server that then closes is done too.
    }
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
