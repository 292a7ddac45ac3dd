// The one-line progress status on a terminal: rate, done %, ETA, found.
#pragma once

#include <cstdint>

namespace wirekit::pscan {

class Progress {
public:
    /// Draws nothing unless `enabled` (stderr is a terminal, no -q).
    Progress(std::uint64_t total, bool enabled);
    void resolved(bool open);
    /// Redraws at most four times a second.
    void draw();
    /// Erases the line before the report is written.
    void clear();

private:
    std::uint64_t total_, done_ = 0, found_ = 0;
    bool enabled_;
    double started_, drawn_ = 0;
};

}  // namespace wirekit::pscan
