// The progress line on stderr while a file moves: only when stderr is a
// terminal (never in cron or a pipe), throttled so it costs nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wirekit::ftpx {

class ProgressBar {
public:
    /// Draws only when `enabled` (the caller checks isatty and -q).
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}
    ~ProgressBar() { finish(); }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    /// A new file: its name, total size when known, and the bytes it starts at.
    void start(const std::string& name, std::optional<std::uint64_t> total, std::uint64_t offset);
    /// `bytes` more have moved.
    void advance(std::uint64_t bytes);
    /// Clears the line.
    void finish();

private:
    void draw(bool force);
    bool enabled_;
    bool drawn_ = false;
    std::string name_;
    std::optional<std::uint64_t> total_;
    std::uint64_t offset_ = 0, done_ = 0;
    std::chrono::steady_clock::time_point started_, lastDraw_;
};

}  // namespace wirekit::ftpx
