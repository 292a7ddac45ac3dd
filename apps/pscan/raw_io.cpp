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

SynSender::SynSender(const std::string& device) {
    char error[LIBNET_ERRBUF_SIZE] = {};
    // libnet_t is libnet's own name for struct libnet_context.
    net_ = libnet_init(LIBNET_RAW4, device.c_str(), error);
    if (net_ == nullptr) throw std::runtime_error(std::string("raw socket: ") + error);
}

SynSender::~SynSender() { libnet_destroy(net_); }

bool SynSender::send(std::uint32_t source, std::uint32_t target, std::uint16_t sourcePort, std::uint16_t targetPort,
                     std::uint32_t sequence) {
    // Reusing the tags rewrites the same two headers in place: no allocation per probe.
    tcpTag_ = libnet_build_tcp(sourcePort, targetPort, sequence, 0, TH_SYN, 1024, 0, 0, LIBNET_TCP_H, nullptr, 0, net_,
                               tcpTag_);
    ipTag_ = libnet_build_ipv4(LIBNET_IPV4_H + LIBNET_TCP_H, 0, ipId_++, 0, 64, IPPROTO_TCP, 0, htonl(source),
                               htonl(target), nullptr, 0, net_, ipTag_);
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

Route routeTo(std::uint32_t target) {
    sys::UniqueFd probe(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(9);  // connecting a UDP socket sends nothing
    address.sin_addr.s_addr = htonl(target);
    if (::connect(probe.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("no route to " + std::string(inet_ntoa(address.sin_addr)) + ": " +
                                 diag::errnoText(errno));
    sockaddr_in local{};
    socklen_t length = sizeof local;
    getsockname(probe.get(), reinterpret_cast<sockaddr*>(&local), &length);
    Route route;
    route.source = ntohl(local.sin_addr.s_addr);
    ifaddrs* interfaces = nullptr;
    if (getifaddrs(&interfaces) != 0) throw std::runtime_error("getifaddrs: " + diag::errnoText(errno));
    for (const ifaddrs* i = interfaces; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
        if (reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr == local.sin_addr.s_addr) {
            route.device = i->ifa_name;
            if (i->ifa_netmask != nullptr)
                route.netmask = ntohl(reinterpret_cast<const sockaddr_in*>(i->ifa_netmask)->sin_addr.s_addr);
            break;
        }
    }
    freeifaddrs(interfaces);
    if (route.device.empty()) throw std::runtime_error("no interface holds the source address for that target");
    return route;
}

bool hasRawSocketPrivilege() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &header, data) != 0) return false;
    return (data[0].effective & (1u << CAP_NET_RAW)) != 0;
}

}  // namespace wirekit::pscan
