// Executing timed-serve.
#include "server_exec.h"

#include "cli/diag.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <stdexcept>

namespace wirekit::timed {

std::vector<std::string> serverCandidates(const std::string& selfPath) {
    const auto slash = selfPath.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : selfPath.substr(0, slash);
    return {directory + "/timed-serve", directory + "/../libexec/wirekit/timed-serve"};
}

void execServer(int argc, char* const argv[], int first) {
    char self[PATH_MAX] = {};
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) throw std::runtime_error("cannot find timed-serve: /proc/self/exe: " + diag::errnoText(errno));
    std::vector<char*> args;
    args.push_back(const_cast<char*>("timed-serve"));
    for (int i = first; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    int lastError = ENOENT;
    std::string tried;
    for (const auto& candidate : serverCandidates(std::string(self, static_cast<size_t>(length)))) {
        ::execv(candidate.c_str(), args.data());
        lastError = errno;
        tried += (tried.empty() ? "" : ", ") + candidate;
    }
    throw std::runtime_error("cannot run the server (" + tried + "): " + diag::errnoText(lastError));
}

}  // namespace wirekit::timed
