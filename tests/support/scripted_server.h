// A scripted loopback server (in the spirit of POCO's DialogServer) that
// plays a hostile or broken peer for a protocol client under test.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace wirekit::test {

/// Answers each datagram on 127.0.0.1 with what `respond` returns (nothing:
/// no answer). Runs on its own thread until destroyed.
class ScriptedUdpServer {
public:
    using Responder = std::function<std::optional<std::string>(const std::string& request)>;
    explicit ScriptedUdpServer(Responder respond);
    ~ScriptedUdpServer();
    unsigned short port() const { return port_; }
    int requests() const { return requests_; }

private:
    void loop();
    Responder respond_;
    int fd_ = -1;
    int wake_[2] = {-1, -1};
    unsigned short port_ = 0;
    std::atomic<int> requests_{0};
    std::thread thread_;
};

/// For each TCP connection on 127.0.0.1: sends `reply`, then closes at once
/// (`holdOpenSeconds` 0) or after holding the connection that long.
class ScriptedTcpServer {
public:
    ScriptedTcpServer(std::string reply, double holdOpenSeconds);
    ~ScriptedTcpServer();
    unsigned short port() const { return port_; }

private:
    void loop();
    std::string reply_;
    double hold_;
    int fd_ = -1;
    int wake_[2] = {-1, -1};
    unsigned short port_ = 0;
    std::thread thread_;
};

}  // namespace wirekit::test
