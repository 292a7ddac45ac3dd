// Where an interrupted scan's resume state goes. Running as root, the SYN
// scan gives up root before it reads a packet, and the user it becomes may
// not write the directory the scan was started in; so a small privileged
// parent stays behind that only writes the file its scanning child hands it
// (privilege separation, as OpenBSD's daemons do).
#pragma once

#include "sys/unique_fd.h"

#include <string>

namespace wirekit::pscan {

class ResumeSaver {
public:
    /// `path`: the resume file; `resumedFrom`: whether this scan continues
    /// it, so that a finished scan removes the spent file.
    ResumeSaver(std::string path, bool resumedFrom);

    /// Forks. The parent keeps this process's privileges only to write or
    /// remove the resume file as its child asks, forwards the SIGINT and
    /// SIGTERM it reads from `signalFd` (a signalfd the parent inherits) to
    /// the child, and exits with the child's status. Returns in the child.
    void keepPrivilegedWriter(int signalFd);

    /// The scan was interrupted: writes `state` (in the child: through the parent).
    void save(const std::string& state);
    /// The scan ran to the end: a resume file it continued is spent.
    void finished();

    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool resumedFrom_;
    sys::UniqueFd toWriter_;  ///< the pipe to the privileged parent, when there is one
};

/// Writes `state` to `path` (through a temporary file renamed over it).
/// Throws std::runtime_error naming the path and the reason.
void writeResumeFile(const std::string& path, const std::string& state);

}  // namespace wirekit::pscan
