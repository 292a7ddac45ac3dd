// Child processes for integration tests.
#include "process.h"

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace wirekit::test {

namespace {

std::string makeTempPath(const char* prefix) {
    std::string pattern = std::string("/tmp/") + prefix + "XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    ::close(fd);
    return pattern;
}

int decodeStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Process::Process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    outPath_ = makeTempPath("wk-out-");
    errPath_ = makeTempPath("wk-err-");
    const std::string inPath = makeTempPath("wk-in-");
    {
        std::ofstream in(inPath, std::ios::binary);
        in << options.standardInput;
    }
    uid_t uid = 0;
    gid_t gid = 0;
    if (!options.runAsUser.empty()) {
        const passwd* entry = ::getpwnam(options.runAsUser.c_str());
        if (entry == nullptr) throw std::runtime_error("unknown user " + options.runAsUser);
        uid = entry->pw_uid;
        gid = entry->pw_gid;
        // The child as that user must be able to write its output files.
        if (::chown(outPath_.c_str(), uid, gid) != 0 || ::chown(errPath_.c_str(), uid, gid) != 0) {
        }
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Opened before fork: the parent removes the file at once, and a child
    // that opened it later would find nothing and read the runner's stdin.
    const int in = ::open(inPath.c_str(), O_RDONLY | O_CLOEXEC);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int out = ::open(outPath_.c_str(), O_WRONLY | O_TRUNC);
        const int err = ::open(errPath_.c_str(), O_WRONLY | O_TRUNC);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        // Signals blocked or ignored by the test runner must not leak into the child.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        std::signal(SIGPIPE, SIG_DFL);
        for (const auto& variable : options.extraEnv) ::putenv(const_cast<char*>(variable.c_str()));
        if (!options.workingDirectory.empty() && ::chdir(options.workingDirectory.c_str()) != 0) ::_exit(126);
        if (!options.runAsUser.empty()) {
            if (::setgroups(1, &gid) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(125);
        }
        ::execvp(args[0], args.data());
        const std::string message = std::string("exec ") + args[0] + ": " + std::strerror(errno) + "\n";
        [[maybe_unused]] auto w = ::write(2, message.data(), message.size());
        ::_exit(127);
    }
    if (in >= 0) ::close(in);
    ::unlink(inPath.c_str());
}

Process::~Process() {
    if (running()) stop(2);
    ::unlink(outPath_.c_str());
    ::unlink(errPath_.c_str());
}

bool Process::running() { return wait(0) == -1; }

int Process::wait(double seconds) {
    if (status_ != -1) return status_;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            status_ = decodeStatus(status);
            return status_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void Process::signal(int number) {
    if (status_ == -1) ::kill(pid_, number);
}

int Process::stop(double seconds) {
    signal(SIGTERM);
    if (wait(seconds) == -1) {
        signal(SIGKILL);
        wait(5);
    }
    return status_;
}

std::string Process::standardOutput() const { return readFile(outPath_); }
std::string Process::standardError() const { return readFile(errPath_); }

bool Process::waitForError(const std::string& text, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (standardError().find(text) != std::string::npos) return true;
        if (!running()) return standardError().find(text) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

RunResult run(const std::vector<std::string>& argv, double seconds, const ProcessOptions& options) {
    Process process(argv, options);
    RunResult result;
    result.status = process.wait(seconds);
    if (result.status == -1) result.status = process.stop(1);
    result.out = process.standardOutput();
    result.err = process.standardError();
    return result;
}

unsigned short freePort(bool both) {
    // Below the kernel's ephemeral range (32768 and up by default), so no
    // client socket of this or another process can take the port between
    // this check and the server's bind.
    static std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<int> pick(20000, 32000);
    const auto bindable = [](int type, unsigned short port) {
        const int fd = ::socket(AF_INET, type, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        return ok;
    };
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = static_cast<unsigned short>(pick(random));
        if (bindable(SOCK_STREAM, port) && (!both || bindable(SOCK_DGRAM, port))) return port;
    }
    throw std::runtime_error("no free port");
}

TempDir::TempDir() {
    char pattern[] = "/tmp/wirekit-test-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    ::chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
    const std::string command = "rm -rf '" + path_ + "'";
    [[maybe_unused]] const int rc = std::system(command.c_str());
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string path = path_ + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
}

bool acceptsOnLoopback(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace wirekit::test
