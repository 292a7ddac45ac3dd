// The live mode: sample every interval, print, and sum up at the end.
#include "cli/usage_error.h"
#include "commands.h"
#include "counter_tracker.h"
#include "live_format.h"
#include "sampler.h"
#include "session.h"
#include "sys/clock.h"
#include "sys/signals.h"
#include "sys/write_all.h"

#include <poll.h>
#include <unistd.h>

#include <cmath>
#include <csignal>

namespace wirekit::bwmeter {

int runLive(const Options& options, const std::function<LivePrinter(LiveStyle)>& printerFor) {
    Sampler sampler{InterfaceFilter(options.interfaces)};
    sampler.requireInterfaces();
    const LiveStyle style = options.json                   ? LiveStyle::json
                            : options.csv                  ? LiveStyle::csv
                            : ::isatty(STDOUT_FILENO) != 0 ? LiveStyle::table
                                                           : LiveStyle::lines;
    const LivePrinter printer = printerFor(style);
    sys::SignalChannel signals{SIGINT, SIGTERM};
    CounterTracker tracker;
    auto snapshot = sampler.take();
    tracker.update(snapshot);
    Session session(snapshot.monotonic);
    const double started = snapshot.monotonic;
    sys::writeStdout(printer.header());
    std::size_t drawnLines = 0;
    std::uint64_t samples = 0;
    for (;;) {
        // Samples fall on a fixed grid of the monotonic clock, so they do not drift.
        const double due = started + options.interval * static_cast<double>(samples + 1);
        bool stop = false;
        for (;;) {
            const double wait = due - sys::monotonicSeconds();
            if (wait <= 0) break;
            pollfd p{signals.fd(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(std::ceil(wait * 1000))) > 0 && signals.next()) {
                stop = true;
                break;
            }
        }
        if (stop) break;
        snapshot = sampler.take();
        session.add(tracker.update(snapshot), snapshot.monotonic);
        ++samples;
        const std::string frame = printer.sample(session.current(), snapshot.wall);
        if (style == LiveStyle::table && drawnLines > 0)
            sys::writeStdout("\x1b[" + std::to_string(drawnLines) + "F\x1b[J");  // to the table's top, clear below
        sys::writeStdout(frame);
        drawnLines = static_cast<std::size_t>(std::count(frame.begin(), frame.end(), '\n'));
        if (options.count && samples >= *options.count) break;
        if (options.duration && snapshot.monotonic - started >= *options.duration - 1e-6) break;
    }
    sys::writeStdout(printer.summary(session.interfaces(), session.seconds()));
    return 0;
}

}  // namespace wirekit::bwmeter
