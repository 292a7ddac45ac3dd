// POP3 commands a mail checker sends, and what it makes of the answers.
#include "pop3_client.h"

#include "mail_errors.h"

#include <algorithm>
#include <cctype>

namespace wirekit::mailpoll {

namespace {

std::string printable(const std::string& text) {
    std::string result = text.substr(0, 120);
    for (char& c : result)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return result;
}

}  // namespace

Pop3Reply parsePop3Reply(const std::string& line) {
    const auto startsWith = [&](const char* prefix) { return line.rfind(prefix, 0) == 0; };
    Pop3Reply reply;
    if (startsWith("+OK")) {
        reply.ok = true;
        reply.text = line.substr(3);
    } else if (startsWith("-ERR")) {
        reply.text = line.substr(4);
    } else {
        throw ProtocolError("malformed POP3 reply: " + printable(line));
    }
    if (!reply.text.empty() && reply.text[0] == ' ') reply.text.erase(0, 1);
    return reply;
}

std::pair<std::uint32_t, std::string> parseUidlLine(const std::string& line) {
    std::size_t at = 0;
    std::uint64_t number = 0;
    while (at < line.size() && std::isdigit(static_cast<unsigned char>(line[at])) && number <= 0xffffffffu)
        number = number * 10 + static_cast<std::uint64_t>(line[at++] - '0');
    const auto space = at;
    while (at < line.size() && line[at] == ' ') ++at;
    std::string uid = line.substr(at);
    while (!uid.empty() && uid.back() == ' ') uid.pop_back();
    // RFC 1939: 1 to 70 characters in the range 0x21 to 0x7E.
    bool valid = space > 0 && at > space && number > 0 && number <= 0xffffffffu && !uid.empty() && uid.size() <= 70;
    for (const char c : uid) valid = valid && c >= 0x21 && c <= 0x7e;
    if (!valid) throw ProtocolError("malformed UIDL line: " + printable(line));
    return {static_cast<std::uint32_t>(number), uid};
}

Pop3Client::Pop3Client(Connection& connection, Pop3Limits limits) : connection_(connection), limits_(limits) {}

std::string Pop3Client::readLine() {
    char chunk[16384];
    for (;;) {
        const auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            if (newline > limits_.maxLineBytes)
                throw ProtocolError("server sent a line longer than " + std::to_string(limits_.maxLineBytes) +
                                    " bytes");
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (buffer_.size() > limits_.maxLineBytes)
            throw ProtocolError("server sent a line longer than " + std::to_string(limits_.maxLineBytes) + " bytes");
        const std::size_t got = connection_.receive(chunk, sizeof chunk);
        if (got == 0) throw ProtocolError("server closed the connection");
        buffer_.append(chunk, got);
    }
}

void Pop3Client::sendCommand(const std::string& line) { connection_.send(line + "\r\n"); }

Pop3Reply Pop3Client::expectOk(const std::string& commandName) {
    Pop3Reply reply = parsePop3Reply(readLine());
    if (!reply.ok) throw CommandRefused(commandName + " refused: " + printable(reply.text));
    return reply;
}

std::vector<std::string> Pop3Client::readMultiline() {
    std::vector<std::string> lines;
    std::size_t total = 0;
    for (;;) {
        std::string line = readLine();
        if (line == ".") return lines;
        if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-stuffing
        total += line.size() + 2;
        if (total > limits_.maxMultilineBytes)
            throw ProtocolError("server sent a listing longer than " + std::to_string(limits_.maxMultilineBytes) +
                                " bytes");
        lines.push_back(std::move(line));
    }
}

void Pop3Client::readGreeting() {
    const Pop3Reply greeting = parsePop3Reply(readLine());
    if (!greeting.ok) throw CommandRefused("server refused the connection: " + printable(greeting.text));
}

const std::set<std::string>& Pop3Client::capabilities() {
    if (capabilitiesKnown_) return capabilities_;
    sendCommand("CAPA");
    capabilities_.clear();
    if (parsePop3Reply(readLine()).ok) {
        for (const auto& line : readMultiline()) {
            std::string word = line.substr(0, line.find(' '));
            for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            capabilities_.insert(word);
            if (word == "SASL")  // "SASL PLAIN XOAUTH2": one entry per mechanism
                for (std::size_t at = line.find(' '); at != std::string::npos;) {
                    const auto end = line.find(' ', at + 1);
                    std::string mechanism = line.substr(at + 1, end == std::string::npos ? end : end - at - 1);
                    for (char& c : mechanism) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    if (!mechanism.empty()) capabilities_.insert("SASL=" + mechanism);
                    at = end;
                }
        }
    }
    capabilitiesKnown_ = true;
    return capabilities_;
}

void Pop3Client::startTls() {
    if (!capabilities().count("STLS")) throw CommandRefused("server does not offer STLS");
    sendCommand("STLS");
    expectOk("STLS");
    if (!buffer_.empty()) throw ProtocolError("server sent data after STLS before the TLS handshake");
    connection_.startTls();
    capabilitiesKnown_ = false;
}

void Pop3Client::login(const std::string& user, const std::string& password) {
    for (const auto& text : {user, password})
        for (const char c : text)
            if (c == '\r' || c == '\n' || c == '\0') throw CommandRefused("user or password holds a line break");
    sendCommand("USER " + user);
    expectOk("USER");
    sendCommand("PASS " + password);
    expectOk("PASS");
}

void Pop3Client::authenticate(const std::string& mechanism, const std::string& initialResponse) {
    sendCommand("AUTH " + mechanism + " " + initialResponse);
    for (;;) {
        const std::string line = readLine();
        if (line.rfind("+ ", 0) == 0 || line == "+") {
            // A challenge after the initial response carries an error (XOAUTH2): answer empty.
            sendCommand("");
            continue;
        }
        const Pop3Reply reply = parsePop3Reply(line);
        if (!reply.ok) throw CommandRefused("AUTH " + mechanism + " refused: " + printable(reply.text));
        return;
    }
}

Pop3Client::Stat Pop3Client::stat() {
    sendCommand("STAT");
    const Pop3Reply reply = expectOk("STAT");
    Stat stat;
    std::size_t at = 0;
    const auto number = [&](std::uint64_t limit) {
        while (at < reply.text.size() && reply.text[at] == ' ') ++at;
        const std::size_t start = at;
        std::uint64_t value = 0;
        while (at < reply.text.size() && std::isdigit(static_cast<unsigned char>(reply.text[at])) && value <= limit)
            value = value * 10 + static_cast<std::uint64_t>(reply.text[at++] - '0');
        if (at == start || value > limit) throw ProtocolError("malformed STAT reply: " + printable(reply.text));
        return value;
    };
    stat.messages = static_cast<std::uint32_t>(number(0xffffffffu));
    stat.bytes = number(~0ull / 16);
    return stat;
}

std::vector<std::pair<std::uint32_t, std::string>> Pop3Client::uidl() {
    sendCommand("UIDL");
    expectOk("UIDL");
    std::vector<std::pair<std::uint32_t, std::string>> listing;
    for (const auto& line : readMultiline()) listing.push_back(parseUidlLine(line));
    return listing;
}

std::vector<std::string> Pop3Client::headers(const std::vector<std::uint32_t>& messageNumbers) {
    std::vector<std::string> blocks;
    const bool pipelining = capabilities().count("PIPELINING") != 0;
    // Without PIPELINING one command at a time; with it, in windows, so the
    // server's replies never fill both socket buffers while we still send.
    const std::size_t window = pipelining ? 32 : 1;
    for (std::size_t sent = 0; sent < messageNumbers.size();) {
        const std::size_t batch = std::min(window, messageNumbers.size() - sent);
        std::string commands;
        for (std::size_t i = 0; i < batch; ++i)
            commands += "TOP " + std::to_string(messageNumbers[sent + i]) + " 0\r\n";
        connection_.send(commands);
        for (std::size_t i = 0; i < batch; ++i) {
            expectOk("TOP");
            std::string block;
            for (const auto& line : readMultiline()) block += line + "\r\n";
            blocks.push_back(std::move(block));
        }
        sent += batch;
    }
    return blocks;
}

void Pop3Client::quit() {
    sendCommand("QUIT");
    try {
        readLine();
    } catch (const std::exception&) {
        // The session is over either way.
    }
}

}  // namespace wirekit::mailpoll
