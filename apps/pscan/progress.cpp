// The progress line.
#include "progress.h"

#include "sys/clock.h"

#include <unistd.h>

#include <cstdio>

namespace wirekit::pscan {

Progress::Progress(std::uint64_t total, bool enabled)
    : total_(total), enabled_(enabled), started_(sys::monotonicSeconds()) {}

void Progress::resolved(bool open) {
    ++done_;
    if (open) ++found_;
}

void Progress::draw() {
    if (!enabled_) return;
    const double now = sys::monotonicSeconds();
    if (now - drawn_ < 0.25) return;
    drawn_ = now;
    const double elapsed = now - started_;
    const double rate = elapsed > 0 ? done_ / elapsed : 0;
    const double eta = rate > 0 ? (total_ - done_) / rate : 0;
    char line[128];
    const int length =
        std::snprintf(line, sizeof line, "\r%.0f probes/s  %5.1f%% done  ETA %.0fs  %llu open\033[K", rate,
                      total_ ? 100.0 * done_ / total_ : 100.0, eta, static_cast<unsigned long long>(found_));
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line, static_cast<size_t>(length));
}

void Progress::clear() {
    if (!enabled_) return;
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, "\r\033[K", 4);
}

}  // namespace wirekit::pscan
