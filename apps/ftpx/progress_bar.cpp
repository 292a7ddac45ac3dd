// The progress line: bytes, percentage, rate and ETA, redrawn at most 10
// times a second.
#include "progress_bar.h"

#include "printable.h"
#include "units/human.h"

#include <unistd.h>

#include <cstdio>

namespace wirekit::ftpx {

void ProgressBar::start(const std::string& name, std::optional<std::uint64_t> total, std::uint64_t offset) {
    if (!enabled_) return;
    name_ = printable(name, 40);
    total_ = total;
    offset_ = offset;
    done_ = 0;
    started_ = lastDraw_ = std::chrono::steady_clock::now();
    draw(true);
}

void ProgressBar::advance(std::uint64_t bytes) {
    if (!enabled_) return;
    done_ += bytes;
    draw(false);
}

void ProgressBar::draw(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - lastDraw_ < std::chrono::milliseconds(100)) return;
    lastDraw_ = now;
    const double seconds = std::chrono::duration<double>(now - started_).count();
    const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
    const std::uint64_t have = offset_ + done_;
    std::string line = "\r" + name_ + "  " + units::formatBytes(have);
    if (total_ && *total_ > 0) {
        line += " " + std::to_string(have * 100 / *total_) + "%";
        if (rate > 0 && *total_ > have)
            line += "  ETA " + units::formatDuration(static_cast<double>(*total_ - have) / rate);
    }
    line += "  " + units::formatRate(rate) + "\033[K";
    // Straight to the descriptor: the line must not wait in a buffer.
    if (::write(STDERR_FILENO, line.data(), line.size()) > 0) drawn_ = true;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    drawn_ = false;
    const char clear[] = "\r\033[K";
    if (::write(STDERR_FILENO, clear, sizeof clear - 1) < 0) {
        // A closed stderr has nothing to clear.
    }
}

}  // namespace wirekit::ftpx
