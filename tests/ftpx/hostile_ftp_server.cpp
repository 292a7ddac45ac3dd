// The scripted FTP server: one thread accepting on 127.0.0.1, one thread per
// control connection, every wait cut into short polls so the destructor can
// end a session that a hook keeps stalling.
#include "hostile_ftp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace wirekit::test {

namespace {

using Clock = std::chrono::steady_clock;

/// Polls are cut into ticks this long so that a stopping server is noticed.
constexpr int tickMilliseconds = 50;
/// A line the client sends without LF is cut here (a TLS ClientHello, say).
constexpr std::size_t maxCommandBytes = 64 * 1024;
/// receiveData's bound on one upload.
constexpr std::size_t maxUploadBytes = 64 * 1024 * 1024;

Clock::time_point deadlineAfter(double seconds) {
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

int millisecondsLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, tickMilliseconds));
}

int listenOn(const std::string& host, unsigned short port, unsigned short& bound) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("hostile FTP server: socket failed");
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0) {
        ::close(fd);
        throw std::runtime_error("hostile FTP server: cannot listen on " + host + ":" + std::to_string(port));
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    bound = ntohs(address.sin_port);
    return fd;
}

void closeFd(int& fd) {
    if (fd < 0) return;
    ::close(fd);
    fd = -1;
}

std::string upper(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

HostileFtpServer::Command parseCommand(int session, const std::string& line) {
    HostileFtpServer::Command command;
    command.session = session;
    command.line = line;
    const auto space = line.find(' ');
    command.verb = upper(line.substr(0, space));
    if (space != std::string::npos) command.argument = line.substr(space + 1);
    return command;
}

std::string normalise(const std::string& path) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const std::string name = path.substr(start, end - start);
        if (name == "..") {
            if (!names.empty()) names.pop_back();
        } else if (!name.empty() && name != ".") {
            names.push_back(name);
        }
        start = end + 1;
    }
    std::string result;
    for (const auto& name : names) result += "/" + name;
    return result.empty() ? "/" : result;
}

std::string parentOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::tm utcParts(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm parts{};
    ::gmtime_r(&t, &parts);
    return parts;
}

/// A time like MDTM and MLSD's modify fact write it (RFC 3659 2.3), UTC.
std::string machineTime(std::int64_t seconds) {
    const std::tm parts = utcParts(seconds);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &parts);
    return text;
}

/// "Jan 02  2024": the date column of "ls -l" for a file older than six months.
std::string listDate(std::int64_t seconds) {
    const std::tm parts = utcParts(seconds);
    char text[32];
    std::strftime(text, sizeof text, "%b %d  %Y", &parts);
    return text;
}

std::optional<std::int64_t> parseMachineTime(const std::string& text) {
    std::tm parts{};
    if (text.size() < 14 || ::strptime(text.substr(0, 14).c_str(), "%Y%m%d%H%M%S", &parts) == nullptr)
        return std::nullopt;
    return static_cast<std::int64_t>(::timegm(&parts));
}

}  // namespace

// ---- Session ----

HostileFtpServer::Session::Session(HostileFtpServer& server, int fd, int number)
    : server_(server), fd_(fd), number_(number) {}

HostileFtpServer::Session::~Session() {
    closeData();
    closeFd(fd_);
}

bool HostileFtpServer::Session::waitReadable(int fd, double seconds) {
    const auto deadline = deadlineAfter(seconds);
    do {
        if (server_.stopping_ || fd < 0) return false;
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, millisecondsLeft(deadline)) > 0) return true;
    } while (Clock::now() < deadline);
    return false;
}

bool HostileFtpServer::Session::sendRaw(const std::string& bytes) {
    // Non-blocking sends between polls: a client that stops reading must not
    // pin this thread when the server is destroyed.
    for (std::size_t sent = 0; sent < bytes.size();) {
        if (server_.stopping_ || fd_ < 0) return false;
        pollfd entry{fd_, POLLOUT, 0};
        if (::poll(&entry, 1, tickMilliseconds) <= 0) continue;
        const ssize_t put = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (put < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (put <= 0) return false;
        sent += static_cast<std::size_t>(put);
    }
    return true;
}

void HostileFtpServer::Session::reply(const std::string& text) {
    if (!discardReplies_) sendRaw(text + "\r\n");
}

std::optional<std::string> HostileFtpServer::Session::readLine(double seconds) {
    const auto deadline = deadlineAfter(seconds);
    for (;;) {
        const auto end = input_.find('\n');
        if (end != std::string::npos || input_.size() >= maxCommandBytes) {
            const std::size_t cut = end == std::string::npos ? maxCommandBytes : end;
            std::string line = input_.substr(0, cut);
            input_.erase(0, end == std::string::npos ? cut : cut + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            server_.log(number_, line);
            return line;
        }
        if (peerClosed_ || Clock::now() >= deadline) return std::nullopt;
        const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
        if (!waitReadable(fd_, left)) return std::nullopt;
        char buffer[4096];
        const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
        if (got <= 0) {
            peerClosed_ = true;
            return std::nullopt;
        }
        input_.append(buffer, static_cast<std::size_t>(got));
    }
}

std::string HostileFtpServer::Session::readRaw(double seconds, std::size_t maxBytes) {
    std::string bytes = std::move(input_);
    input_.clear();
    const auto deadline = deadlineAfter(seconds);
    while (bytes.size() < maxBytes && !peerClosed_ && Clock::now() < deadline) {
        if (!waitReadable(fd_, std::chrono::duration<double>(deadline - Clock::now()).count())) break;
        char buffer[4096];
        const ssize_t got = ::recv(fd_, buffer, std::min(sizeof buffer, maxBytes - bytes.size()), 0);
        if (got <= 0) {
            peerClosed_ = true;
            break;
        }
        bytes.append(buffer, static_cast<std::size_t>(got));
    }
    return bytes;
}

bool HostileFtpServer::Session::stall(double seconds) {
    const auto deadline = deadlineAfter(seconds);
    while (!peerClosed_ && !server_.stopping_ && Clock::now() < deadline)
        readLine(std::chrono::duration<double>(deadline - Clock::now()).count());
    return peerClosed_;
}

void HostileFtpServer::Session::close() {
    closeData();
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
    closeFd(fd_);
}

unsigned short HostileFtpServer::Session::openPassive() {
    closeData();
    unsigned short port = 0;
    passiveFd_ = listenOn("127.0.0.1", 0, port);
    return port;
}

bool HostileFtpServer::Session::acceptData(double seconds) {
    if (dataFd_ >= 0) return true;
    if (passiveFd_ < 0 || !waitReadable(passiveFd_, seconds)) return false;
    dataFd_ = ::accept4(passiveFd_, nullptr, nullptr, SOCK_CLOEXEC);
    return dataFd_ >= 0;
}

bool HostileFtpServer::Session::sendData(const std::string& bytes) {
    if (!acceptData()) return false;
    for (std::size_t sent = 0; sent < bytes.size();) {
        if (server_.stopping_) return false;
        pollfd entry{dataFd_, POLLOUT, 0};
        if (::poll(&entry, 1, tickMilliseconds) <= 0) continue;
        const ssize_t put = ::send(dataFd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (put < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (put <= 0) return false;
        sent += static_cast<std::size_t>(put);
    }
    return true;
}

std::string HostileFtpServer::Session::receiveData(double seconds) {
    std::string bytes;
    const auto deadline = deadlineAfter(seconds);
    if (!acceptData(seconds)) return bytes;
    while (bytes.size() < maxUploadBytes && Clock::now() < deadline) {
        if (!waitReadable(dataFd_, std::chrono::duration<double>(deadline - Clock::now()).count())) break;
        char buffer[65536];
        const ssize_t got = ::recv(dataFd_, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        bytes.append(buffer, static_cast<std::size_t>(got));
    }
    return bytes;
}

void HostileFtpServer::Session::closeData() {
    closeFd(dataFd_);
    closeFd(passiveFd_);
}

std::string HostileFtpServer::Session::resolve(const std::string& argument) const {
    if (!argument.empty() && argument.front() == '/') return normalise(argument);
    return normalise(cwd_ + "/" + argument);
}

void HostileFtpServer::Session::sendTransfer(const std::string& bytes) {
    if (passiveFd_ < 0 && dataFd_ < 0) return reply("425 Use PASV or EPSV first.");
    reply("150 Opening BINARY mode data connection.");
    const bool sent = sendData(bytes);
    closeData();
    reply(sent ? "226 Transfer complete." : "425 Can't open data connection.");
}

std::string HostileFtpServer::Session::listingPath(const std::string& argument) const {
    // "LIST -la dir": options as ls takes them come first, as many servers allow.
    std::string rest = argument;
    while (!rest.empty() && rest.front() == '-') {
        const auto space = rest.find(' ');
        rest = space == std::string::npos ? "" : rest.substr(space + 1);
    }
    return resolve(rest);
}

void HostileFtpServer::Session::sendListing(const std::string& argument, bool machine, bool namesOnly) {
    const std::string path = machine ? resolve(argument) : listingPath(argument);
    const auto target = server_.node(path);
    if (!target) return reply("550 No such file or directory.");
    if (passiveFd_ < 0) return reply("425 Use PASV or EPSV first.");
    std::vector<std::pair<std::string, Node>> entries;
    if (target->type == Node::Type::directory)
        entries = server_.children(path);
    else
        entries.emplace_back(path, *target);
    std::string text;
    if (machine) text += "type=cdir;modify=" + machineTime(target->mtime) + ";UNIX.mode=0755; " + path + "\r\n";
    for (const auto& [childPath, child] : entries) {
        const std::string name = baseName(childPath);
        if (namesOnly) {
            text += name + "\r\n";
        } else if (machine) {
            if (child.type == Node::Type::file)
                text += "type=file;size=" + std::to_string(child.content.size()) +
                        ";modify=" + machineTime(child.mtime) + ";UNIX.mode=0644; " + name + "\r\n";
            else if (child.type == Node::Type::directory)
                text += "type=dir;modify=" + machineTime(child.mtime) + ";UNIX.mode=0755; " + name + "\r\n";
            else
                text += "type=OS.unix=slink:" + child.content + ";modify=" + machineTime(child.mtime) + "; " + name +
                        "\r\n";
        } else {
            // The "ls -l" style of vsftpd; a year instead of the time, as ls
            // shows it for anything older than six months.
            const char* mode = child.type == Node::Type::file        ? "-rw-r--r--"
                               : child.type == Node::Type::directory ? "drwxr-xr-x"
                                                                     : "lrwxrwxrwx";
            const std::size_t size = child.type == Node::Type::directory ? 4096 : child.content.size();
            char head[96];
            std::snprintf(head, sizeof head, "%s    1 ftp      ftp      %12zu ", mode, size);
            text += head + listDate(child.mtime) + " " + name;
            if (child.type == Node::Type::symlink) text += " -> " + child.content;
            text += "\r\n";
        }
    }
    reply(machine ? "150 Here comes the machine listing." : "150 Here comes the directory listing.");
    if (!sendData(text)) {
        closeData();
        return reply("425 Can't open data connection.");
    }
    closeData();
    reply("226 Directory send OK.");
}

void HostileFtpServer::Session::standard(const Command& command) {
    const std::string& verb = command.verb;
    const std::string& argument = command.argument;
    if (verb == "USER") return reply("331 Please specify the password.");
    if (verb == "PASS") return reply("230 Login successful.");
    if (verb == "SYST") return reply("215 UNIX Type: L8");
    if (verb == "FEAT") {
        std::vector<std::string> features;
        {
            std::lock_guard<std::mutex> lock(server_.mutex_);
            features = server_.features_;
        }
        std::string text = "211-Features:\r\n";
        for (const auto& feature : features) text += " " + feature + "\r\n";
        return reply(text + "211 End");
    }
    if (verb == "OPTS") return reply("200 Always in UTF8 mode.");
    if (verb == "TYPE")
        return reply("200 Switching to " + std::string(upper(argument) == "A" ? "ASCII" : "Binary") + " mode.");
    if (verb == "MODE" || verb == "STRU" || verb == "NOOP") return reply("200 OK.");
    if (verb == "PWD" || verb == "XPWD") return reply("257 \"" + cwd_ + "\" is the current directory");
    if (verb == "CWD" || verb == "CDUP" || verb == "XCUP") {
        const std::string path = resolve(verb == "CWD" ? argument : "..");
        const auto target = server_.node(path);
        if (!target || target->type != Node::Type::directory) return reply("550 Failed to change directory.");
        cwd_ = path;
        return reply("250 Directory successfully changed.");
    }
    if (verb == "SIZE" || verb == "MDTM") {
        const auto target = server_.node(resolve(argument));
        if (!target || target->type != Node::Type::file) return reply("550 Could not get file size.");
        return reply("213 " + (verb == "SIZE" ? std::to_string(target->content.size()) : machineTime(target->mtime)));
    }
    if (verb == "MFMT") {
        const auto space = argument.find(' ');
        const auto when = parseMachineTime(argument.substr(0, space));
        const std::string path = space == std::string::npos ? "" : resolve(argument.substr(space + 1));
        std::lock_guard<std::mutex> lock(server_.mutex_);
        const auto found = server_.tree_.find(path);
        if (!when || found == server_.tree_.end()) return reply("550 Could not set file modification time.");
        found->second.mtime = *when;
        return reply("213 Modify=" + machineTime(*when) + "; " + path);
    }
    if (verb == "EPSV") {
        if (upper(argument) == "ALL") return reply("200 EPSV ALL ok.");
        return reply("229 Entering Extended Passive Mode (|||" + std::to_string(openPassive()) + "|)");
    }
    if (verb == "PASV") return reply(pasvReply("127.0.0.1", openPassive()));
    if (verb == "PORT" || verb == "EPRT" || verb == "LPRT") return reply("500 Active mode is not offered here.");
    if (verb == "REST") {
        if (argument.empty() || argument.find_first_not_of("0123456789") != std::string::npos)
            return reply("501 REST needs a byte offset.");
        restOffset_ = std::stoull(argument);
        return reply("350 Restart position accepted (" + argument + ").");
    }
    if (verb == "RETR") {
        const std::uint64_t offset = restOffset_;
        restOffset_ = 0;
        const auto target = server_.node(resolve(argument));
        if (!target || target->type != Node::Type::file) return reply("550 Failed to open file.");
        if (passiveFd_ < 0) return reply("425 Use PASV or EPSV first.");
        const std::string& content = target->content;
        reply("150 Opening BINARY mode data connection for " + argument + " (" + std::to_string(content.size()) +
              " bytes).");
        const bool sent = sendData(offset < content.size() ? content.substr(offset) : std::string());
        closeData();
        return reply(sent ? "226 Transfer complete." : "426 Failure writing network stream.");
    }
    if (verb == "STOR" || verb == "APPE") {
        const std::uint64_t offset = restOffset_;
        restOffset_ = 0;
        const std::string path = resolve(argument);
        const auto parent = server_.node(parentOf(path));
        const auto existing = server_.node(path);
        if (!parent || parent->type != Node::Type::directory || (existing && existing->type != Node::Type::file))
            return reply("553 Could not create file.");
        if (passiveFd_ < 0) return reply("425 Use PASV or EPSV first.");
        reply("150 Ok to send data.");
        const std::string bytes = receiveData();
        closeData();
        std::string content = existing ? existing->content : std::string();
        if (verb == "APPE")
            content += bytes;
        else
            content = content.substr(0, std::min<std::uint64_t>(offset, content.size())) + bytes;
        server_.addFile(path, content, static_cast<std::int64_t>(std::time(nullptr)));
        return reply("226 Transfer complete.");
    }
    if (verb == "LIST" || verb == "NLST") return sendListing(argument, false, verb == "NLST");
    if (verb == "MLSD" || verb == "MLST") {
        if (!server_.hasMachineListings()) return reply("500 Unknown command.");
        if (verb == "MLSD") return sendListing(argument, true, false);
        const std::string path = resolve(argument);
        const auto target = server_.node(path);
        if (!target) return reply("550 No such file or directory.");
        const std::string facts =
            target->type == Node::Type::file        ? "type=file;size=" + std::to_string(target->content.size()) + ";"
            : target->type == Node::Type::directory ? "type=dir;"
                                                    : "type=OS.unix=slink:" + target->content + ";";
        return reply("250-Listing " + path + "\r\n " + facts + "modify=" + machineTime(target->mtime) + "; " + path +
                     "\r\n250 End.");
    }
    if (verb == "MKD" || verb == "XMKD") {
        const std::string path = resolve(argument);
        const auto parent = server_.node(parentOf(path));
        if (server_.node(path) || !parent || parent->type != Node::Type::directory)
            return reply("550 Create directory operation failed.");
        server_.addDirectory(path, static_cast<std::int64_t>(std::time(nullptr)));
        return reply("257 \"" + path + "\" created");
    }
    if (verb == "RMD" || verb == "XRMD" || verb == "DELE") {
        const std::string path = resolve(argument);
        const auto target = server_.node(path);
        const bool directory = target && target->type == Node::Type::directory;
        if (!target || path == "/" || directory != (verb != "DELE") || (directory && !server_.children(path).empty()))
            return reply(verb == "DELE" ? "550 Delete operation failed." : "550 Remove directory operation failed.");
        std::lock_guard<std::mutex> lock(server_.mutex_);
        server_.tree_.erase(path);
        return reply(verb == "DELE" ? "250 Delete operation successful."
                                    : "250 Remove directory operation successful.");
    }
    if (verb == "RNFR") {
        renameFrom_ = resolve(argument);
        if (!server_.node(renameFrom_) || renameFrom_ == "/") {
            renameFrom_.clear();
            return reply("550 RNFR command failed.");
        }
        return reply("350 Ready for RNTO.");
    }
    if (verb == "RNTO") {
        const std::string from = renameFrom_, to = resolve(argument);
        renameFrom_.clear();
        if (from.empty()) return reply("503 RNFR required first.");
        const auto parent = server_.node(parentOf(to));
        if (!parent || parent->type != Node::Type::directory || server_.node(to) || to.rfind(from + "/", 0) == 0)
            return reply("550 Rename failed.");
        std::lock_guard<std::mutex> lock(server_.mutex_);
        std::map<std::string, Node> moved;
        for (auto it = server_.tree_.begin(); it != server_.tree_.end();) {
            if (it->first == from || it->first.rfind(from + "/", 0) == 0) {
                moved[to + it->first.substr(from.size())] = it->second;
                it = server_.tree_.erase(it);
            } else {
                ++it;
            }
        }
        server_.tree_.insert(moved.begin(), moved.end());
        return reply("250 Rename successful.");
    }
    if (verb == "AUTH") return reply("500 AUTH not understood.");
    if (verb == "PBSZ" || verb == "PROT") return reply("503 PBSZ and PROT need AUTH first.");
    if (verb == "QUIT") {
        reply("221 Goodbye.");
        return close();
    }
    reply("502 Command not implemented.");
}

// ---- HostileFtpServer ----

HostileFtpServer::HostileFtpServer()
    : features_({"EPSV", "PASV", "SIZE", "MDTM", "REST STREAM", "MLST type*;size*;modify*;", "UTF8"}) {
    tree_["/"] = Node{Node::Type::directory, "", 1704164645};
    listenFd_ = listenOn("127.0.0.1", 0, port_);
    acceptThread_ = std::thread([this] { acceptLoop(); });
}

HostileFtpServer::~HostileFtpServer() {
    stopping_ = true;
    acceptThread_.join();
    for (auto& thread : sessionThreads_) thread.join();
    closeFd(listenFd_);
}

void HostileFtpServer::acceptLoop() {
    while (!stopping_) {
        pollfd entry{listenFd_, POLLIN, 0};
        if (::poll(&entry, 1, tickMilliseconds) <= 0) continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const int number = ++connections_;
        sessionThreads_.emplace_back([this, fd, number] { runSession(fd, number); });
    }
}

void HostileFtpServer::runSession(int fd, int number) {
    Session session(*this, fd, number);
    GreetingHook greeting;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        greeting = greeting_;
    }
    if (greeting)
        greeting(session);
    else
        session.reply("220 hostile FTP server ready");
    while (!session.closed() && !stopping_) {
        const auto line = session.readLine(60);
        if (!line) break;
        const Command command = parseCommand(number, *line);
        CommandHook hook;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            hook = command_;
        }
        if (hook && hook(session, command)) continue;
        session.standard(command);
    }
}

void HostileFtpServer::log(int session, const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back(parseCommand(session, line));
}

void HostileFtpServer::onGreeting(GreetingHook hook) {
    std::lock_guard<std::mutex> lock(mutex_);
    greeting_ = std::move(hook);
}

void HostileFtpServer::onCommand(CommandHook hook) {
    std::lock_guard<std::mutex> lock(mutex_);
    command_ = std::move(hook);
}

void HostileFtpServer::setFeatures(std::vector<std::string> features) {
    std::lock_guard<std::mutex> lock(mutex_);
    features_ = std::move(features);
}

bool HostileFtpServer::hasMachineListings() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::any_of(features_.begin(), features_.end(),
                       [](const std::string& feature) { return upper(feature).rfind("MLST", 0) == 0; });
}

void HostileFtpServer::addNode(const std::string& path, Node node) {
    const std::string key = normalise(path);
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::string parent = parentOf(key); parent != "/"; parent = parentOf(parent))
        tree_.emplace(parent, Node{Node::Type::directory, "", node.mtime});
    tree_[key] = std::move(node);
}

void HostileFtpServer::addFile(const std::string& path, const std::string& content, std::int64_t mtime) {
    addNode(path, Node{Node::Type::file, content, mtime});
}

void HostileFtpServer::addDirectory(const std::string& path, std::int64_t mtime) {
    addNode(path, Node{Node::Type::directory, "", mtime});
}

void HostileFtpServer::addSymlink(const std::string& path, const std::string& target, std::int64_t mtime) {
    addNode(path, Node{Node::Type::symlink, target, mtime});
}

std::optional<HostileFtpServer::Node> HostileFtpServer::node(const std::string& path) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = tree_.find(path);
    if (found == tree_.end()) return std::nullopt;
    return found->second;
}

std::optional<std::string> HostileFtpServer::file(const std::string& path) const {
    const auto found = node(normalise(path));
    if (!found || found->type != Node::Type::file) return std::nullopt;
    return found->content;
}

bool HostileFtpServer::hasDirectory(const std::string& path) const {
    const auto found = node(normalise(path));
    return found && found->type == Node::Type::directory;
}

std::vector<std::pair<std::string, HostileFtpServer::Node>> HostileFtpServer::children(
    const std::string& directory) const {
    const std::string prefix = directory == "/" ? "/" : directory + "/";
    std::vector<std::pair<std::string, Node>> result;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = tree_.lower_bound(prefix); it != tree_.end() && it->first.rfind(prefix, 0) == 0; ++it)
        if (it->first.size() > prefix.size() && it->first.find('/', prefix.size()) == std::string::npos)
            result.push_back(*it);
    return result;
}

std::vector<HostileFtpServer::Command> HostileFtpServer::commands() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return log_;
}

std::vector<HostileFtpServer::Command> HostileFtpServer::commands(const std::string& verb) const {
    std::vector<Command> result;
    for (auto& command : commands())
        if (command.verb == verb) result.push_back(command);
    return result;
}

std::size_t HostileFtpServer::count(const std::string& verb) const { return commands(verb).size(); }

std::string HostileFtpServer::transcript() const {
    std::string text;
    for (const auto& command : commands()) text += std::to_string(command.session) + ": " + command.line + "\n";
    return text;
}

std::string HostileFtpServer::pasvReply(const std::string& host, unsigned short port) {
    std::string numbers = host;
    std::replace(numbers.begin(), numbers.end(), '.', ',');
    // p1,p2: the port's high and low byte (RFC 959 4.1.2, PASV).
    return "227 Entering Passive Mode (" + numbers + "," + std::to_string(port >> 8) + "," +
           std::to_string(port & 0xff) + ").";
}

// ---- CountingListener ----

CountingListener::CountingListener(const std::string& host, unsigned short port) {
    unsigned short bound = 0;
    fd_ = listenOn(host, port, bound);
    thread_ = std::thread([this] {
        while (!stopping_) {
            pollfd entry{fd_, POLLIN, 0};
            if (::poll(&entry, 1, tickMilliseconds) <= 0) continue;
            int connection = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (connection < 0) continue;
            ++connections_;
            closeFd(connection);
        }
    });
}

CountingListener::~CountingListener() {
    stopping_ = true;
    thread_.join();
    closeFd(fd_);
}

}  // namespace wirekit::test
