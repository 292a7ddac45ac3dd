// Scripted loopback servers.
#include "scripted_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <vector>

namespace wirekit::test {

namespace {

int bindLoopback(int type, unsigned short& port) {
    const int fd = ::socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("scripted server: bind failed");
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    if (type == SOCK_STREAM) ::listen(fd, 64);
    return fd;
}

}  // namespace

ScriptedUdpServer::ScriptedUdpServer(Responder respond) : respond_(std::move(respond)) {
    fd_ = bindLoopback(SOCK_DGRAM, port_);
    if (::pipe(wake_) != 0) throw std::runtime_error("pipe failed");
    thread_ = std::thread([this] { loop(); });
}

ScriptedUdpServer::~ScriptedUdpServer() {
    [[maybe_unused]] auto w = ::write(wake_[1], "x", 1);
    thread_.join();
    ::close(fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void ScriptedUdpServer::loop() {
    for (;;) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        ::poll(fds, 2, -1);
        if (fds[1].revents) return;
        char buffer[2048];
        sockaddr_storage from{};
        socklen_t length = sizeof from;
        const ssize_t got = ::recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &length);
        if (got < 0) continue;
        ++requests_;
        if (const auto reply = respond_(std::string(buffer, static_cast<size_t>(got))))
            ::sendto(fd_, reply->data(), reply->size(), 0, reinterpret_cast<sockaddr*>(&from), length);
    }
}

ScriptedTcpServer::ScriptedTcpServer(std::string reply, double holdOpenSeconds)
    : reply_(std::move(reply)), hold_(holdOpenSeconds) {
    fd_ = bindLoopback(SOCK_STREAM, port_);
    if (::pipe(wake_) != 0) throw std::runtime_error("pipe failed");
    thread_ = std::thread([this] { loop(); });
}

ScriptedTcpServer::~ScriptedTcpServer() {
    [[maybe_unused]] auto w = ::write(wake_[1], "x", 1);
    thread_.join();
    ::close(fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void ScriptedTcpServer::loop() {
    std::vector<std::pair<int, std::chrono::steady_clock::time_point>> held;
    for (;;) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        ::poll(fds, 2, 20);
        const auto now = std::chrono::steady_clock::now();
        for (auto it = held.begin(); it != held.end();) {
            if (now >= it->second) {
                ::close(it->first);
                it = held.erase(it);
            } else {
                ++it;
            }
        }
        if (fds[1].revents) break;
        if (!(fds[0].revents & POLLIN)) continue;
        const int connection = ::accept(fd_, nullptr, nullptr);
        if (connection < 0) continue;
        if (!reply_.empty()) ::send(connection, reply_.data(), reply_.size(), MSG_NOSIGNAL);
        if (hold_ <= 0)
            ::close(connection);
        else
            held.emplace_back(connection, now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(hold_)));
    }
    for (auto& h : held) ::close(h.first);
}

}  // namespace wirekit::test
