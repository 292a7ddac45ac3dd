// The raw socket and libpcap at the edge of the SYN scan.
#include "raw_io.h"

#include "cli/diag.h"
#include "sys/unique_fd.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/capability.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirekit::pscan {

namespace {

/// A raw socket that takes whole IP packets, opened as libnet_init opens it
/// for LIBNET_RAW4 and LIBNET_RAW6 (header included, broadcast allowed, IPv6
/// bound to the device), but with the send buffer set in one call: libnet
/// climbs to the same size 128 bytes at a time, 6,500 setsockopt(2)s and
/// 10 ms per path.
sys::UniqueFd openRawSocket(const std::string& device, int family) {
    // IPPROTO_RAW: we write the IP header ourselves (for IPv6 this alone says so).
    sys::UniqueFd fd(::socket(family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
    const int on = 1, sendBuffer = 1 << 20;  // the kernel caps it at net.core.wmem_max
    const bool ready = fd &&
                       (family == AF_INET6 || ::setsockopt(fd.get(), IPPROTO_IP, IP_HDRINCL, &on, sizeof on) == 0) &&
                       ::setsockopt(fd.get(), SOL_SOCKET, SO_BROADCAST, &on, sizeof on) == 0 &&
                       ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUF, &sendBuffer, sizeof sendBuffer) == 0 &&
                       (family != AF_INET6 || ::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                                                           static_cast<socklen_t>(device.size())) == 0);
    if (!ready) throw std::runtime_error("raw socket: " + diag::errnoText(errno));
    return fd;
}

}  // namespace

SynSender::SynSender(const std::string& device, int family)
    : socket_(openRawSocket(device, family)), batch_(family, batchSize) {}

void SynSender::queue(const FlowKey& flow, std::uint16_t sourcePort, std::uint32_t sequence) {
    SynProbe probe;
    probe.flow = flow;
    probe.sourcePort = sourcePort;
    probe.sequence = sequence;
    probe.ipId = ipId_++;
    batch_.add(probe);
    if (batch_.full()) flush();
}

std::size_t SynSender::flush() {
    std::size_t refused = 0;
    for (std::size_t next = 0; next < batch_.size();) {
        const int sent =
            ::sendmmsg(socket_.get(), batch_.messages() + next, static_cast<unsigned>(batch_.size() - next), 0);
        if (sent > 0) {
            next += static_cast<std::size_t>(sent);
        } else if (!(sent < 0 && errno == EINTR)) {
            // The first message of the rest failed (ENOBUFS): that probe is
            // lost, and the ones after it may still go.
            ++refused;
            ++next;
        }
    }
    batch_.clear();
    return refused;
}

Capture::Capture(const std::string& device, const std::string& filter) {
    char error[PCAP_ERRBUF_SIZE] = {};
    pcap_ = pcap_create(device.c_str(), error);
    if (pcap_ == nullptr) throw std::runtime_error(device + ": " + error);
    pcap_set_snaplen(pcap_, 256);          // headers are all a reply has for us
    pcap_set_immediate_mode(pcap_, 1);     // no batching delay: RTTs stay honest
    pcap_set_buffer_size(pcap_, 2 << 20);  // drained every 64 probes: ample, and it is resident memory
    if (pcap_activate(pcap_) < 0) {
        const std::string reason = pcap_geterr(pcap_);
        pcap_close(pcap_);
        throw std::runtime_error(device + ": " + reason);
    }
    ethernet_ = pcap_datalink(pcap_) == DLT_EN10MB;
    // Only what arrives: our own probes going out are no answers. libpcap
    // drops outgoing frames in user space; PACKET_IGNORE_OUTGOING (Linux
    // 4.20) spares the kernel copying each probe to this socket at all.
    pcap_setdirection(pcap_, PCAP_D_IN);
    bpf_program program{};
    if (pcap_compile(pcap_, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 ||
        pcap_setfilter(pcap_, &program) != 0) {
        const std::string reason = pcap_geterr(pcap_);
        pcap_freecode(&program);
        pcap_close(pcap_);
        throw std::runtime_error(device + ": filter '" + filter + "': " + reason);
    }
    pcap_freecode(&program);
    pcap_setnonblock(pcap_, 1, error);
    fd_ = pcap_get_selectable_fd(pcap_);
    const int ignoreOutgoing = 1;  // an older kernel refuses it: libpcap still filters
    ::setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &ignoreOutgoing, sizeof ignoreOutgoing);
}

Capture::~Capture() { pcap_close(pcap_); }

int Capture::drain(const std::function<void(const std::uint8_t*, std::size_t)>& frame) {
    struct Context {
        const std::function<void(const std::uint8_t*, std::size_t)>* frame;
    } context{&frame};
    const int count = pcap_dispatch(
        pcap_, -1,
        [](u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
            (*reinterpret_cast<Context*>(user)->frame)(bytes, header->caplen);
        },
        reinterpret_cast<u_char*>(&context));
    return count < 0 ? 0 : count;
}

bool Route::onLink(const std::array<std::uint8_t, 16>& target) const {
    for (std::size_t i = 0; i < 16; ++i)
        if ((target[i] & netmask[i]) != (source[i] & netmask[i])) return false;
    return true;
}

std::string Route::sourceText() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, source.data(), text, sizeof text);
    return text;
}

namespace {

/// The address bytes of an AF_INET or AF_INET6 sockaddr, and how many.
std::pair<const void*, std::size_t> addressBytes(const sockaddr* address, int family) {
    if (family == AF_INET) return {&reinterpret_cast<const sockaddr_in*>(address)->sin_addr, 4};
    return {&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, 16};
}

}  // namespace

Route routeTo(const net::SocketAddress& target) {
    sys::UniqueFd probe(::socket(target.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
    net::SocketAddress where = target;
    where.setPort(9);  // connecting a UDP socket sends nothing
    if (!probe || ::connect(probe.get(), where.get(), where.length()) != 0)
        throw std::runtime_error("no route to " + target.host() + ": " + diag::errnoText(errno));
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    getsockname(probe.get(), reinterpret_cast<sockaddr*>(&local), &length);
    Route route;
    route.family = target.family();
    const auto [sourceBytes, size] = addressBytes(reinterpret_cast<const sockaddr*>(&local), route.family);
    std::memcpy(route.source.data(), sourceBytes, size);
    ifaddrs* interfaces = nullptr;
    if (getifaddrs(&interfaces) != 0) throw std::runtime_error("getifaddrs: " + diag::errnoText(errno));
    for (const ifaddrs* i = interfaces; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != route.family) continue;
        if (std::memcmp(addressBytes(i->ifa_addr, route.family).first, sourceBytes, size) != 0) continue;
        route.device = i->ifa_name;
        if (i->ifa_netmask != nullptr)
            std::memcpy(route.netmask.data(), addressBytes(i->ifa_netmask, route.family).first, size);
        break;
    }
    freeifaddrs(interfaces);
    if (route.device.empty()) throw std::runtime_error("no interface holds the source address for " + target.host());
    return route;
}

bool hasRawSocketPrivilege() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &header, data) != 0) return false;
    return (data[0].effective & (1u << CAP_NET_RAW)) != 0;
}

}  // namespace wirekit::pscan
