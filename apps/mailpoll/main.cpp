// mailpoll: POP3 and IMAP mail checker. Wiring only.
#include "account_state.h"
#include "cli/diag.h"
#include "cli/main_guard.h"
#include "cli/usage_error.h"
#include "mailpoll_options.h"
#include "password.h"
#include "runner.h"
#include "socket_connection.h"
#include "sys/daemon.h"
#include "sys/signals.h"

#include <poll.h>

#include <iostream>
#include <memory>
#include <thread>

namespace {

using namespace wirekit;
using namespace wirekit::mailpoll;

int run(int argc, char* argv[]) {
    const Options options = parseOptions(argc, argv);
    if (options.help) {
        std::cout << usage;
        return cli::exitSuccess;
    }
    if (options.version) {
        std::cout << "mailpoll (wirekit) " WIREKIT_VERSION "\n";
        return cli::exitSuccess;
    }
    if (options.verbose) diag::setVerbosity(diag::Level::info);
    if (options.quiet) diag::setVerbosity(diag::Level::error);
    const std::vector<Account> accounts = selectAccounts(options);

    RunSettings settings;
    settings.json = options.json;
    settings.verbose = options.verbose;
    settings.execCommand = options.execCommand;
    settings.stateDirectory = options.stateDirectory.empty() ? StateStore::defaultDirectory() : options.stateDirectory;

    std::unique_ptr<sys::PidFile> pidFile;
    std::optional<sys::DaemonReadiness> readiness;
    if (options.daemon) {
        // Before any thread exists: fork keeps only the calling thread.
        if (!options.pidFile.empty()) pidFile = std::make_unique<sys::PidFile>(options.pidFile);
        readiness.emplace(sys::daemonize());
        if (pidFile) pidFile->update();
        diag::useSyslog();
        settings.useSyslog = true;
    }
    initializeTls();
    Runner runner(accounts, settings, connectTo, obtainPassword);
    if (options.once) return runner.checkOnce();

    // Blocked before the account threads start, so they inherit the mask and
    // the signals reach only the signalfd.
    sys::SignalChannel signals({SIGTERM, SIGINT, SIGHUP});
    StopFlag stop;
    std::thread watcher([&] { runner.watch(stop); });
    if (readiness) readiness->ready();
    for (;;) {
        pollfd entry{signals.fd(), POLLIN, 0};
        if (poll(&entry, 1, -1) < 0) continue;
        const auto signal = signals.next();
        if (signal && sys::isTerminationSignal(*signal)) break;
    }
    stop.request();
    watcher.join();
    return cli::exitSuccess;
}

}  // namespace

int main(int argc, char* argv[]) {
    wirekit::diag::setProgramName("mailpoll");
    // Like grep: 1 means "nothing new", so a failure is 2.
    return wirekit::cli::guardedMain([&] { return run(argc, argv); }, 2);
}
