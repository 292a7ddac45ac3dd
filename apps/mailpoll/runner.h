// Running the checks: all accounts once and concurrently (--once), or each
// account on its own thread at its interval or in IDLE, until stopped.
#pragma once

#include "account.h"
#include "account_check.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wirekit::mailpoll {

class NetworkWatch;

struct RunSettings {
    bool json = false;
    bool verbose = false;
    bool useSyslog = false;   ///< a daemon: new-mail lines go to syslog
    std::string execCommand;  ///< --exec, run after a check that found mail
    std::string stateDirectory;
    double idleRenewSeconds = 20 * 60;  ///< RFC 2177: re-issue IDLE within 29 minutes
    double idlePollSeconds = 0.5;       ///< how soon an IDLE wait notices a stop or a resume
};

/// Asked from the signal-handling thread, waited on by the account threads.
class StopFlag {
public:
    void request();
    bool requested() const { return stopped_; }
    /// Sleeps up to `seconds`; true when a stop was requested meanwhile.
    bool waitFor(double seconds);

private:
    std::atomic<bool> stopped_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

class Runner {
public:
    Runner(std::vector<Account> accounts, RunSettings settings, ConnectFunction connect, SecretFunction secret);
    ~Runner();

    /// Checks every account once, concurrently, and prints the results in the
    /// accounts' order. Returns 0 when some account has new mail, 1 when none
    /// has, 2 when a check failed.
    int checkOnce();

    /// Checks until `stop` is requested: polling at each account's interval,
    /// or waiting in IDLE on each mailbox of the accounts that ask for it.
    /// After a suspend or a change of the machine's addresses, at once.
    void watch(StopFlag& stop);

private:
    struct AccountRun;
    void pollAccount(AccountRun& run, StopFlag& stop);
    /// False when the server has no IDLE: the account falls back to polling.
    bool idleMailbox(AccountRun& run, const std::string& mailbox, StopFlag& stop);
    enum class SessionEnd { noIdle, stopped, reconnect };
    /// One connection: log in, EXAMINE, check, then IDLE until a stop, a
    /// resume or a network change. Throws on failure; `established` tells
    /// whether it got as far as IDLE.
    SessionEnd idleSession(AccountRun& run, const std::string& mailbox, const std::string& secret, StopFlag& stop,
                           bool& established);
    void publish(AccountRun& run, const CheckResult& result, bool announceErrors);
    void emit(const std::string& line, bool isData);

    std::vector<Account> accounts_;
    RunSettings settings_;
    ConnectFunction connect_;
    SecretFunction secret_;
    std::mutex outputMutex_;
    std::unique_ptr<NetworkWatch> network_;  ///< while watching: address changes
    std::uint64_t networkGeneration() const;
};

}  // namespace wirekit::mailpoll
