// A scripted mail server for the protocol client tests: what it says is
// written down in advance, each reply released only after the client's next
// send, and everything the client sent is recorded so tests can assert the
// exact commands (and that nothing was sent that should not have been).
#pragma once

#include "connection.h"
#include "mail_errors.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace wirekit::mailpoll::test {

class FakeConnection : public Connection {
public:
    /// Bytes the server sends without waiting for the client (a greeting, or
    /// a further segment of the last reply). Each call is one segment: one
    /// receive() never returns bytes of two segments.
    FakeConnection& serve(std::string bytes) {
        chunks_.push_back(Chunk{std::move(bytes), gate_, false});
        return *this;
    }
    /// Bytes the server sends once the client has sent one more time.
    FakeConnection& reply(std::string bytes) {
        ++gate_;
        return serve(std::move(bytes));
    }
    /// The server closes the connection after what is scripted so far.
    FakeConnection& close() {
        chunks_.push_back(Chunk{"", gate_, true});
        return *this;
    }
    /// The server closes the connection in answer to the client's next send.
    FakeConnection& closeOnReply() {
        ++gate_;
        return close();
    }

    void send(std::string_view bytes) override { sent_.emplace_back(bytes); }

    std::size_t receive(char* buffer, std::size_t size) override {
        if (!available())
            throw TimeoutError("fake server: nothing scripted to send now (after send #" +
                               std::to_string(sent_.size()) + ")");
        Chunk& chunk = chunks_.front();
        if (chunk.close) return 0;
        const std::size_t count = std::min({size, chunk.bytes.size(), maxChunk});
        std::memcpy(buffer, chunk.bytes.data(), count);
        chunk.bytes.erase(0, count);
        if (chunk.bytes.empty()) chunks_.pop_front();
        ++receives;
        return count;
    }

    bool waitReadable(double seconds) override {
        if (available()) return true;
        waitedSeconds += seconds;
        return false;
    }

    void startTls() override {
        ++tlsStarts;
        sendsBeforeTls = sent_.size();
    }
    bool secure() const override { return tlsStarts > 0; }

    /// Each send() as the client made it.
    const std::vector<std::string>& sends() const { return sent_; }
    /// All sends, joined.
    std::string sentText() const {
        std::string text;
        for (const auto& bytes : sent_) text += bytes;
        return text;
    }
    /// All sends cut at CRLF (the CRLF dropped); a final unterminated piece is kept.
    std::vector<std::string> sentLines() const {
        std::vector<std::string> lines;
        const std::string text = sentText();
        std::size_t at = 0;
        while (at < text.size()) {
            const auto end = text.find("\r\n", at);
            if (end == std::string::npos) {
                lines.push_back(text.substr(at));
                break;
            }
            lines.push_back(text.substr(at, end - at));
            at = end + 2;
        }
        return lines;
    }
    /// Whether scripted bytes are left that the client never read.
    bool unread() const {
        for (const auto& chunk : chunks_)
            if (!chunk.close) return true;
        return false;
    }

    std::size_t maxChunk = std::numeric_limits<std::size_t>::max();  ///< 1: the server dribbles byte by byte
    double waitedSeconds = 0;                                        ///< what waitReadable waited in vain
    int tlsStarts = 0;
    std::size_t sendsBeforeTls = 0;
    int receives = 0;

private:
    struct Chunk {
        std::string bytes;
        std::size_t gate;  ///< released once the client has sent this many times
        bool close;
    };
    bool available() const { return !chunks_.empty() && chunks_.front().gate <= sent_.size(); }

    std::deque<Chunk> chunks_;
    std::size_t gate_ = 0;
    std::vector<std::string> sent_;
};

}  // namespace wirekit::mailpoll::test
