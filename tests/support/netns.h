// Private network namespaces for integration tests: a veth pair between a
// "scanner" and a "target" namespace, addresses from 198.18.0.0/15 and the
// private IPv6 prefix fd00:5718::/64. Removed on destruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace wirekit::test {

class NetnsPair {
public:
    /// Creates the namespaces; throws std::runtime_error naming the command that failed.
    NetnsPair();
    ~NetnsPair();
    NetnsPair(const NetnsPair&) = delete;
    NetnsPair& operator=(const NetnsPair&) = delete;

    const std::string scanner, target;              ///< namespace names
    const std::string scannerDevice, targetDevice;  ///< the veth's two ends
    static constexpr const char* scannerAddress = "198.18.0.1";
    static constexpr const char* targetAddress = "198.18.0.2";
    static constexpr const char* scannerAddress6 = "fd00:5718::1";
    static constexpr const char* targetAddress6 = "fd00:5718::2";
    /// An address on the link that no host owns: its frames go nowhere.
    static constexpr const char* silentAddress = "198.18.0.9";

    /// argv prefixed with `ip netns exec NAME`.
    std::vector<std::string> inNamespace(const std::string& name, std::vector<std::string> argv) const;

    /// Forks a child that enters `target` and listens on TCP `ports` on every
    /// address; returns once they are bound. The child is killed by PID on
    /// destruction.
    void listenInTarget(const std::vector<unsigned short>& ports);

    /// Drops TCP to `port` in the target namespace (nft): the port is filtered.
    void dropInTarget(unsigned short port);
    /// Answers TCP to `port` in the target namespace with an ICMP/ICMPv6
    /// unreachable (nft `reject with icmpx type KIND`, e.g. admin-prohibited).
    void rejectInTarget(unsigned short port, const std::string& kind);
    /// Drops `percent`% of packets at random each way in the target namespace.
    void lossInTarget(int percent);
    /// Drops the target's first `count` SYN-ACKs from `port` of every
    /// `count + 1`: only every (count+1)th handshake answer gets out.
    void dropSynAcksInTarget(unsigned short port, int count);

private:
    void nft(const std::string& rules);
    bool tableMade_ = false;
    std::vector<pid_t> children_;
};

/// Whether this process can create network namespaces (root and a kernel that allows it).
bool canCreateNamespaces();

/// The nft program that make deps unpacks.
std::string nftBinary();

}  // namespace wirekit::test
