// A scripted FTP server (RFC 959, EPSV of RFC 2428, SIZE/MDTM/MLSD of RFC
// 3659) on 127.0.0.1 over an in-memory tree, whose tests hook in the lies,
// stalls and floods a hostile server would send, and which logs every
// command line the client sent.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace wirekit::test {

class HostileFtpServer {
public:
    /// One command line as the client sent it (without CRLF).
    struct Command {
        int session = 0;       ///< 1 for the first control connection, 2 for the next...
        std::string line;      ///< the whole line
        std::string verb;      ///< the first word, upper-cased ("RETR")
        std::string argument;  ///< what follows the first space ("" when none)
    };

    /// One control connection, as the hooks see it. Every wait in here ends
    /// when the server is destroyed, so a hook may stall as long as it likes.
    class Session {
    public:
        Session(HostileFtpServer& server, int fd, int number);
        ~Session();
        Session(const Session&) = delete;
        Session& operator=(const Session&) = delete;

        int number() const { return number_; }
        HostileFtpServer& server() { return server_; }

        /// Sends `text` and CRLF on the control connection.
        void reply(const std::string& text);
        /// From now on reply() sends nothing: a change the server makes whose
        /// answer the network loses.
        void discardReplies() { discardReplies_ = true; }
        /// Sends `bytes` as they are. False once the client is gone.
        bool sendRaw(const std::string& bytes);
        /// The next command line (logged), nothing when the client closed, the
        /// server stops, or after `seconds`.
        std::optional<std::string> readLine(double seconds = 10);
        /// Whatever bytes arrive within `seconds` (at most `maxBytes`), not
        /// logged: the client's TLS ClientHello after a 234, for instance.
        std::string readRaw(double seconds, std::size_t maxBytes = 65536);
        /// Waits `seconds`, or until the client closes the control connection
        /// or the server stops; command lines that arrive meanwhile are logged
        /// and not answered. True when the client closed.
        bool stall(double seconds);
        /// Closes the control connection (the session ends after the hook).
        void close();
        bool closed() const { return fd_ < 0; }

        /// Opens a fresh passive data listener on 127.0.0.1 and returns its port.
        unsigned short openPassive();
        /// Accepts the client's data connection on the passive listener (once
        /// per transfer); false when it did not come within `seconds`.
        bool acceptData(double seconds = 5);
        /// Sends on the data connection, accepting it first if need be.
        bool sendData(const std::string& bytes);
        /// Everything the client sends on the data connection until it closes
        /// it (at most 64 MiB, for at most `seconds`), accepting it first.
        std::string receiveData(double seconds = 10);
        /// Closes the data connection and the passive listener.
        void closeData();
        /// A whole transfer as a hook would script it: 150, `bytes` on the
        /// data connection, close, 226 (425 when no data connection came).
        void sendTransfer(const std::string& bytes);

        /// The absolute, normalised path `argument` names from the current
        /// directory ("" is the current directory; ".." stops at "/").
        std::string resolve(const std::string& argument) const;
        const std::string& currentDirectory() const { return cwd_; }
        /// The directory LIST, NLST or MLSD `argument` names, after options
        /// such as "-a" or "-la" that clients put before it.
        std::string listingPath(const std::string& argument) const;

        /// What the server does for `command` when no hook takes it: the
        /// ordinary dialogue over the in-memory tree.
        void standard(const Command& command);

    private:
        friend class HostileFtpServer;
        bool waitReadable(int fd, double seconds);
        void sendListing(const std::string& argument, bool machine, bool namesOnly);

        HostileFtpServer& server_;
        int fd_ = -1;
        int number_ = 0;
        int passiveFd_ = -1;
        int dataFd_ = -1;
        std::string input_;        ///< bytes of the control connection not yet cut into lines
        bool peerClosed_ = false;  ///< the client closed the control connection
        bool discardReplies_ = false;
        std::string cwd_ = "/";
        std::uint64_t restOffset_ = 0;
        std::string renameFrom_;
    };

    /// Decides what the server says first; the default sends
    /// "220 hostile FTP server ready". Return from it to start reading commands.
    using GreetingHook = std::function<void(Session&)>;
    /// Sees each command before the standard handling; true when it has
    /// answered the command itself (Session::standard may be called from it).
    /// Hooks run on the session threads until the server is destroyed: what
    /// they capture must be declared before the server.
    using CommandHook = std::function<bool(Session&, const Command&)>;

    HostileFtpServer();
    /// Stops accepting, ends every session (closing its sockets) and joins the threads.
    ~HostileFtpServer();
    HostileFtpServer(const HostileFtpServer&) = delete;
    HostileFtpServer& operator=(const HostileFtpServer&) = delete;

    unsigned short port() const { return port_; }

    void onGreeting(GreetingHook hook);
    void onCommand(CommandHook hook);
    /// The lines FEAT lists (default: EPSV, PASV, SIZE, MDTM, REST STREAM,
    /// MLST type*;size*;modify*;, UTF8). Without an "MLST" line, MLSD and MLST
    /// answer 500, as on a server that only has LIST.
    void setFeatures(std::vector<std::string> features);

    /// A file at `path` ("/docs/a.txt"); its parent directories are made.
    /// `mtime` in seconds since the epoch (default 2024-01-02 03:04:05 UTC).
    void addFile(const std::string& path, const std::string& content, std::int64_t mtime = 1704164645);
    void addDirectory(const std::string& path, std::int64_t mtime = 1704164645);
    void addSymlink(const std::string& path, const std::string& target, std::int64_t mtime = 1704164645);
    /// A file's content (uploads included); nothing when there is no such file.
    std::optional<std::string> file(const std::string& path) const;
    bool hasDirectory(const std::string& path) const;

    /// Every command line received so far, in order.
    std::vector<Command> commands() const;
    /// The commands with this verb ("RETR").
    std::vector<Command> commands(const std::string& verb) const;
    /// How many commands with this verb arrived.
    std::size_t count(const std::string& verb) const;
    /// The whole log, one line per command ("2: RETR a.txt"), for messages.
    std::string transcript() const;
    /// Control connections accepted so far.
    int connections() const { return connections_; }

    /// "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" for `host` (dotted quad).
    static std::string pasvReply(const std::string& host, unsigned short port);

private:
    struct Node {
        enum class Type { file, directory, symlink } type = Type::file;
        std::string content;  ///< a file's bytes, a symlink's target
        std::int64_t mtime = 0;
    };

    void acceptLoop();
    void runSession(int fd, int number);
    void log(int session, const std::string& line);
    void addNode(const std::string& path, Node node);
    std::optional<Node> node(const std::string& path) const;
    std::vector<std::pair<std::string, Node>> children(const std::string& directory) const;
    bool hasMachineListings() const;

    int listenFd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread acceptThread_;
    std::vector<std::thread> sessionThreads_;  ///< touched only by acceptThread_ until it is joined

    mutable std::mutex mutex_;  ///< guards everything below
    GreetingHook greeting_;
    CommandHook command_;
    std::vector<std::string> features_;
    std::map<std::string, Node> tree_;  ///< absolute path -> node; "/" always there
    std::vector<Command> log_;
};

/// A listener that only counts connections, to prove that nobody connected
/// to an address a hostile server named (127.0.0.2 in a lying PASV reply).
class CountingListener {
public:
    /// Listens on `host`:`port`; throws std::runtime_error when it cannot bind.
    CountingListener(const std::string& host, unsigned short port);
    ~CountingListener();
    CountingListener(const CountingListener&) = delete;
    CountingListener& operator=(const CountingListener&) = delete;
    int connections() const { return connections_; }

private:
    int fd_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

}  // namespace wirekit::test
