// Shared pieces of timed's integration suites.
#include "support_timed.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <thread>

namespace wirekit::test {

namespace {

sockaddr_storage makeAddress(const std::string& address, unsigned short port, socklen_t& length) {
    sockaddr_storage storage{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof *v6;
    } else {
        throw std::runtime_error("bad test address " + address);
    }
    return storage;
}

}  // namespace

TimedServer::TimedServer(std::vector<std::string> extraOptions, const std::string& address) : address_(address) {
    timePort = freePort();
    daytimePort = freePort();
    sntpPort = freePort();
    std::vector<std::string> argv = {timedBinary,       "serve",
                                     "--bind",          address,
                                     "--time-port",     std::to_string(timePort),
                                     "--daytime-port",  std::to_string(daytimePort),
                                     "--sntp-port",     std::to_string(sntpPort),
                                     "--local-stratum", "10"};
    argv.insert(argv.end(), extraOptions.begin(), extraOptions.end());
    process_ = std::make_unique<Process>(argv);
    // The last socket bound is SNTP's; the privilege drop follows it.
    if (!process_->waitForError("listening: sntp", 10))
        throw std::runtime_error("timed serve did not start: " + process_->standardError());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

std::string TimedServer::hostPort(unsigned short port) const {
    if (address_.find(':') != std::string::npos) return "[" + address_ + "]:" + std::to_string(port);
    return address_ + ":" + std::to_string(port);
}

std::optional<std::string> udpExchange(const std::string& address, unsigned short port, const std::string& request,
                                       double seconds) {
    socklen_t length = 0;
    const auto target = makeAddress(address, port, length);
    const int fd = ::socket(target.ss_family, SOCK_DGRAM, 0);
    ::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&target), length);
    pollfd p{fd, POLLIN, 0};
    std::optional<std::string> reply;
    if (::poll(&p, 1, static_cast<int>(seconds * 1000)) == 1) {
        char buffer[2048];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got >= 0) reply = std::string(buffer, static_cast<size_t>(got));
    }
    ::close(fd);
    return reply;
}

std::optional<std::string> tcpExchange(const std::string& address, unsigned short port, double seconds) {
    socklen_t length = 0;
    const auto target = makeAddress(address, port, length);
    const int fd = ::socket(target.ss_family, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&target), length) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    std::string reply;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) != 1) break;
        char buffer[512];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        reply.append(buffer, static_cast<size_t>(got));
    }
    ::close(fd);
    return reply;
}

std::string sntpRequest(unsigned char firstByte) {
    std::string request(48, '\0');
    request[0] = static_cast<char>(firstByte);
    request[40] = 0x12;  // a non-zero transmit timestamp to be echoed
    request[47] = 0x34;
    return request;
}

long long rfc868Seconds(const std::string& reply) {
    if (reply.size() != 4) return -1;
    const auto* b = reinterpret_cast<const unsigned char*>(reply.data());
    const unsigned long wire = static_cast<unsigned long>(b[0]) << 24 | static_cast<unsigned long>(b[1]) << 16 |
                               static_cast<unsigned long>(b[2]) << 8 | b[3];
    long long value = static_cast<long long>(wire) - 2208988800LL;
    // Before 2036 wire values are above the 1970 offset; after it they wrapped.
    if (value < 0) value += 4294967296LL;
    return value;
}

std::optional<double> jsonNumber(const std::string& line, const std::string& key) {
    const auto at = line.find("\"" + key + "\":");
    if (at == std::string::npos) return std::nullopt;
    return std::strtod(line.c_str() + at + key.size() + 3, nullptr);
}

}  // namespace wirekit::test
