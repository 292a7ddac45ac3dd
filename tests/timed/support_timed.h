// Shared pieces of timed's integration suites: the binaries, a running
// `timed serve` on free loopback ports, raw UDP and TCP exchanges.
#pragma once

#include "process.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wirekit::test {

const std::string timedBinary = WIREKIT_TIMED;
const std::string peersRoot = WIREKIT_PEERS_DIR;

/// `timed serve` on 127.0.0.1 (or `address`) with every service on its own
/// free port; started and ready on construction, stopped by PID on destruction.
class TimedServer {
public:
    explicit TimedServer(std::vector<std::string> extraOptions = {}, const std::string& address = "127.0.0.1");
    unsigned short timePort, daytimePort, sntpPort;
    Process& process() { return *process_; }
    std::string hostPort(unsigned short port) const;

private:
    std::string address_;
    std::unique_ptr<Process> process_;
};

/// Sends `request` to address:port over UDP and returns the first reply
/// within `seconds`, or nothing.
std::optional<std::string> udpExchange(const std::string& address, unsigned short port, const std::string& request,
                                       double seconds = 1.0);

/// Connects over TCP, optionally sends `request`, and reads until the server
/// closes or `seconds` pass. Nothing when the connection fails.
std::optional<std::string> tcpExchange(const std::string& address, unsigned short port, double seconds = 2.0);

/// A 48-byte SNTP request: byte 0 as given (0x23 = LI 0, version 4, mode 3).
std::string sntpRequest(unsigned char firstByte = 0x23);

/// The Unix time of a 4-byte RFC 868 reply, assuming the current era.
long long rfc868Seconds(const std::string& reply);

/// The number in a JSON object's field: "offset":-0.0001 → -0.0001.
std::optional<double> jsonNumber(const std::string& line, const std::string& key);

}  // namespace wirekit::test
