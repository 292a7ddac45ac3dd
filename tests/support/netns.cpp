// Private network namespaces for integration tests.
#include "netns.h"

#include "process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace wirekit::test {

namespace {

void must(const std::vector<std::string>& argv) {
    const auto result = run(argv, 20);
    if (result.status != 0) {
        std::string command;
        for (const auto& a : argv) command += a + " ";
        throw std::runtime_error("netns setup failed: " + command + ": " + result.err);
    }
}

std::string uniqueName(const char* role) { return std::string("wk-") + role + "-" + std::to_string(getpid()); }

}  // namespace

bool canCreateNamespaces() {
    if (geteuid() != 0) return false;
    const std::string name = uniqueName("probe");
    if (run({"ip", "netns", "add", name}).status != 0) return false;
    run({"ip", "netns", "del", name});
    return true;
}

std::string nftBinary() { return std::string(WIREKIT_PEERS_DIR) + "/usr/sbin/nft"; }

NetnsPair::NetnsPair()
    : scanner(uniqueName("scan")),
      target(uniqueName("target")),
      scannerDevice("wks" + std::to_string(getpid() % 100000)),
      targetDevice("wkt" + std::to_string(getpid() % 100000)) {
    must({"ip", "netns", "add", scanner});
    must({"ip", "netns", "add", target});
    // Without duplicate address detection the link-local addresses are usable
    // at once; with it, neighbour discovery stalls for a second after link-up.
    for (const auto& ns : {scanner, target})
        must(
            inNamespace(ns, {"sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0"}));
    const std::string& a = scannerDevice;
    const std::string& b = targetDevice;
    must({"ip", "link", "add", a, "netns", scanner, "type", "veth", "peer", "name", b, "netns", target});
    struct End {
        std::string ns, device, v4, v6;
    };
    for (const End& end :
         {End{scanner, a, scannerAddress, scannerAddress6}, End{target, b, targetAddress, targetAddress6}}) {
        must(inNamespace(end.ns, {"ip", "link", "set", "lo", "up"}));
        must(inNamespace(end.ns, {"ip", "addr", "add", end.v4 + "/24", "dev", end.device}));
        must(inNamespace(end.ns, {"ip", "addr", "add", end.v6 + "/64", "dev", end.device, "nodad"}));
        must(inNamespace(end.ns, {"ip", "link", "set", end.device, "up"}));
    }
    // The kernel starts moving packets over a new link only once its link
    // watcher has seen the carrier, up to a second later; until then they are
    // dropped (the first IPv6 probes took a second to be answered).
    for (int waited = 0;; waited += 20) {
        const bool up =
            run(inNamespace(scanner, {"ip", "-o", "link", "show", "dev", a})).out.find("state UP") !=
                std::string::npos &&
            run(inNamespace(target, {"ip", "-o", "link", "show", "dev", b})).out.find("state UP") != std::string::npos;
        if (up) break;
        if (waited > 5000) throw std::runtime_error("the veth pair " + a + "/" + b + " did not come up");
        ::usleep(20000);
    }
    // Frames for the silent address go to a MAC nobody has: no answer, ever.
    must(inNamespace(scanner, {"ip", "neigh", "replace", silentAddress, "lladdr", "02:00:00:00:00:09", "dev", a, "nud",
                               "permanent"}));
}

NetnsPair::~NetnsPair() {
    for (pid_t child : children_) {
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
    }
    run({"ip", "netns", "del", scanner});
    run({"ip", "netns", "del", target});  // the veth pair goes with it
}

void NetnsPair::nft(const std::string& rules) {
    if (!tableMade_) {
        must(inNamespace(target, {nftBinary(),
                                  "add table inet wk; "
                                  "add chain inet wk in { type filter hook input priority 0; }; "
                                  "add chain inet wk out { type filter hook output priority 0; }"}));
        tableMade_ = true;
    }
    must(inNamespace(target, {nftBinary(), rules}));
}

void NetnsPair::dropInTarget(unsigned short port) {
    nft("add rule inet wk in tcp dport " + std::to_string(port) + " drop");
}

void NetnsPair::rejectInTarget(unsigned short port, const std::string& kind) {
    nft("add rule inet wk in tcp dport " + std::to_string(port) + " reject with icmpx type " + kind);
}

void NetnsPair::lossInTarget(int percent) {
    const std::string rule = " numgen random mod 100 < " + std::to_string(percent) + " drop";
    nft("add rule inet wk in" + rule);
    nft("add rule inet wk out" + rule);
}

void NetnsPair::dropSynAcksInTarget(unsigned short port, int count) {
    // numgen is evaluated only for packets that matched so far: it counts SYN-ACKs from `port`.
    nft("add rule inet wk out tcp sport " + std::to_string(port) + " tcp flags & (syn | ack) == syn | ack" +
        " numgen inc mod " + std::to_string(count + 1) + " < " + std::to_string(count) + " drop");
}

std::vector<std::string> NetnsPair::inNamespace(const std::string& name, std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {"ip", "netns", "exec", name});
    return argv;
}

void NetnsPair::listenInTarget(const std::vector<unsigned short>& ports) {
    int ready[2];
    if (::pipe(ready) != 0) throw std::runtime_error("pipe failed");
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("fork failed");
    if (child == 0) {
        ::close(ready[0]);
        const int ns = ::open(("/run/netns/" + target).c_str(), O_RDONLY | O_CLOEXEC);
        if (ns < 0 || ::setns(ns, CLONE_NEWNET) != 0) ::_exit(1);
        for (unsigned short port : ports) {
            // One IPv6 socket with V6ONLY off takes IPv4 too.
            const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
            const int off = 0, on = 1;
            ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
            sockaddr_in6 address{};
            address.sin6_family = AF_INET6;
            address.sin6_addr = in6addr_any;
            address.sin6_port = htons(port);
            if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4096) != 0)
                ::_exit(2);
        }
        [[maybe_unused]] auto w = ::write(ready[1], "r", 1);
        for (;;) ::pause();  // the kernel completes handshakes on its own
    }
    ::close(ready[1]);
    char byte = 0;
    const bool ok = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    children_.push_back(child);
    if (!ok) throw std::runtime_error("listener in namespace " + target + " failed to start");
}

}  // namespace wirekit::test
