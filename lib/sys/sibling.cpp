// Executing a companion binary.
#include "sys/sibling.h"

#include "cli/diag.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <stdexcept>

namespace wirekit::sys {

std::vector<std::string> siblingCandidates(const std::string& selfPath, const std::string& name) {
    const auto slash = selfPath.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : selfPath.substr(0, slash);
    return {directory + "/" + name, directory + "/../libexec/wirekit/" + name};
}

void execSibling(const std::string& name, const std::vector<std::string>& args) {
    char self[PATH_MAX] = {};
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) throw std::runtime_error("cannot find " + name + ": /proc/self/exe: " + diag::errnoText(errno));
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(name.c_str()));
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    int lastError = ENOENT;
    std::string tried;
    for (const auto& candidate : siblingCandidates(std::string(self, static_cast<std::size_t>(length)), name)) {
        ::execv(candidate.c_str(), argv.data());
        lastError = errno;
        tried += (tried.empty() ? "" : ", ") + candidate;
    }
    throw std::runtime_error("cannot run " + name + " (" + tried + "): " + diag::errnoText(lastError));
}

}  // namespace wirekit::sys
