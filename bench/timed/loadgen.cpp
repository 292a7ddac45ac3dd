// timed-loadgen: floods a UDP time server (RFC 868 or SNTP) on loopback with
// a bounded window of requests in flight and counts valid answers. Requests
// unanswered for 20 ms are written off, so a server that drops requests does
// not stall the run. Bounded by --duration.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int batch = 64;

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: timed-loadgen --protocol time|sntp --target 127.0.0.1:PORT --duration SECONDS "
                 "[--window N]\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char* argv[]) {
    std::string protocol, target;
    double duration = 3;
    long window = 256;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--protocol")
            protocol = argv[i + 1];
        else if (option == "--target")
            target = argv[i + 1];
        else if (option == "--duration")
            duration = std::atof(argv[i + 1]);
        else if (option == "--window")
            window = std::atol(argv[i + 1]);
        else
            usage();
    }
    const auto colon = target.rfind(':');
    if ((protocol != "time" && protocol != "sntp") || colon == std::string::npos || duration <= 0 || window <= 0)
        usage();
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::atoi(target.c_str() + colon + 1)));
    if (inet_pton(AF_INET, target.substr(0, colon).c_str(), &address.sin_addr) != 1) usage();

    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    const int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        std::perror("connect");
        return 1;
    }

    const bool sntp = protocol == "sntp";
    unsigned char requests[batch][48] = {};
    unsigned char replies[batch][128];
    iovec sendVectors[batch], receiveVectors[batch];
    mmsghdr outgoing[batch], incoming[batch];
    for (int i = 0; i < batch; ++i) {
        requests[i][0] = 0x23;  // LI 0, version 4, mode 3 (client)
        sendVectors[i] = {requests[i], sntp ? size_t{48} : size_t{0}};
        receiveVectors[i] = {replies[i], sizeof replies[i]};
        outgoing[i] = {};
        outgoing[i].msg_hdr.msg_iov = &sendVectors[i];
        outgoing[i].msg_hdr.msg_iovlen = 1;
    }

    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
    long long sent = 0, answered = 0, writtenOff = 0;
    unsigned long long sequence = 0;
    while (Clock::now() < end) {
        const long inFlight = static_cast<long>(sent - answered - writtenOff);
        const long room = window - inFlight;
        if (room > 0) {
            const int count = static_cast<int>(room < batch ? room : batch);
            if (sntp)
                for (int i = 0; i < count; ++i) {  // a distinct transmit timestamp per request
                    ++sequence;
                    std::memcpy(&requests[i][40], &sequence, sizeof sequence);
                }
            const int n = sendmmsg(fd, outgoing, static_cast<unsigned>(count), 0);
            if (n > 0) sent += n;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = poll(&p, 1, room > 0 ? 0 : 20);
        if (ready == 0 && room <= 0) {
            writtenOff = sent - answered;  // nothing for 20 ms: the window was lost
            continue;
        }
        for (;;) {
            for (int i = 0; i < batch; ++i) {
                incoming[i] = {};
                incoming[i].msg_hdr.msg_iov = &receiveVectors[i];
                incoming[i].msg_hdr.msg_iovlen = 1;
            }
            const int n = recvmmsg(fd, incoming, batch, MSG_DONTWAIT, nullptr);
            if (n <= 0) break;
            for (int i = 0; i < n; ++i) {
                const unsigned length = incoming[i].msg_len;
                const bool valid = sntp ? length >= 48 && (replies[i][0] & 7) == 4 : length == 4;
                if (valid) ++answered;
            }
            if (n < batch) break;
        }
        if (answered + writtenOff > sent) writtenOff = sent - answered;  // late answers to written-off requests
        if (writtenOff < 0) writtenOff = 0;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("answered=%lld sent=%lld seconds=%.3f rate=%.0f\n", answered, sent, seconds, answered / seconds);
    close(fd);
    return 0;
}
