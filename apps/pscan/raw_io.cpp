// libnet and libpcap at the edge of the SYN scan.
#include "raw_io.h"

#include "cli/diag.h"
#include "sys/unique_fd.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <libnet.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirekit::pscan {

SynSender::SynSender(const std::string& device, int family) : family_(family) {
    char error[LIBNET_ERRBUF_SIZE] = {};
    // libnet_t is libnet's own name for struct libnet_context.
    net_ = libnet_init(family == AF_INET6 ? LIBNET_RAW6 : LIBNET_RAW4, device.c_str(), error);
    if (net_ == nullptr) throw std::runtime_error(std::string("raw socket: ") + error);
}

SynSender::~SynSender() { libnet_destroy(net_); }

bool SynSender::send(const FlowKey& flow, std::uint16_t sourcePort, std::uint32_t sequence) {
    // Reusing the tags rewrites the same two headers in place: no allocation per probe.
    tcpTag_ = libnet_build_tcp(sourcePort, flow.targetPort, sequence, 0, TH_SYN, 1024, 0, 0, LIBNET_TCP_H, nullptr, 0,
                               net_, tcpTag_);
    if (family_ == AF_INET6) {
        libnet_in6_addr source{}, target{};
        std::memcpy(source.libnet_s6_addr, flow.source.data(), 16);
        std::memcpy(target.libnet_s6_addr, flow.target.data(), 16);
        ipTag_ = libnet_build_ipv6(0, 0, LIBNET_TCP_H, IPPROTO_TCP, 64, source, target, nullptr, 0, net_, ipTag_);
    } else {
        std::uint32_t source = 0, target = 0;  // network byte order, as libnet wants
        std::memcpy(&source, flow.source.data(), 4);
        std::memcpy(&target, flow.target.data(), 4);
        ipTag_ = libnet_build_ipv4(LIBNET_IPV4_H + LIBNET_TCP_H, 0, ipId_++, 0, 64, IPPROTO_TCP, 0, source, target,
                                   nullptr, 0, net_, ipTag_);
    }
    if (tcpTag_ == -1 || ipTag_ == -1) throw std::runtime_error(std::string("libnet: ") + libnet_geterror(net_));
    return libnet_write(net_) != -1;
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
