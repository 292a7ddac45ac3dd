// Account threads, IDLE loops, output and the --exec hook.
#include "runner.h"

#include "cli/diag.h"
#include "login.h"
#include "network_watch.h"
#include "report.h"
#include "retry_backoff.h"
#include "shell_command.h"
#include "wake_detector.h"

#include <syslog.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <thread>

namespace wirekit::mailpoll {

void StopFlag::request() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
    }
    wake_.notify_all();
}

bool StopFlag::waitFor(double seconds) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return stopped_.load(); });
    return stopped_;
}

/// Per account: its state (shared by its mailbox threads) and its error memory.
struct Runner::AccountRun {
    const Account& account;
    StateStore store;
    std::mutex mutex;
    std::optional<AccountState> state;
    std::string stateError;  ///< the state file could not be read: no check can tell what is new
    std::string lastError;   ///< reported once, until the account recovers

    AccountRun(const Account& a, const std::string& directory) : account(a), store(directory) {
        try {
            state = store.load(account.name);
        } catch (const std::exception& e) {
            stateError = e.what();
        }
    }

    std::optional<MailboxState> mailbox(const std::string& name) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!state) return std::nullopt;
        const auto found = state->mailboxes.find(name);
        if (found == state->mailboxes.end()) return std::nullopt;
        return found->second;
    }
};

Runner::Runner(std::vector<Account> accounts, RunSettings settings, ConnectFunction connect, SecretFunction secret)
    : accounts_(std::move(accounts)),
      settings_(std::move(settings)),
      connect_(std::move(connect)),
      secret_(std::move(secret)) {}

Runner::~Runner() = default;

std::uint64_t Runner::networkGeneration() const { return network_ ? network_->generation() : 0; }

void Runner::emit(const std::string& line, bool isData) {
    const std::lock_guard<std::mutex> lock(outputMutex_);
    if (settings_.useSyslog) {
        // New mail is what a daemon is for: logged whatever -q says.
        if (isData)
            syslog(LOG_NOTICE, "%s", line.c_str());
        else
            diag::error(line);
        return;
    }
    if (isData) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    } else {
        diag::error(line);
    }
}

void Runner::publish(AccountRun& run, const CheckResult& result, bool announceErrors) {
    // Mailbox threads of one account publish concurrently: the error memory
    // and the state are the account's, under its lock.
    std::unique_lock<std::mutex> lock(run.mutex);
    if (!result.error.empty()) {
        const bool repeated = result.error == run.lastError;
        run.lastError = result.error;
        lock.unlock();
        if (repeated && !announceErrors) {
            diag::debug(run.account.name + ": still failing: " + result.error);
            return;
        }
        if (settings_.json) emit(summaryJson(result), true);
        emit(run.account.name + ": " + result.error, false);
        return;
    }
    if (!run.lastError.empty() && !announceErrors) diag::notice(run.account.name + ": recovered");
    run.lastError.clear();
    lock.unlock();
    // Printed before the state is saved: a crash in between reports a
    // message twice rather than never.
    for (const auto& message : result.messages)
        emit(settings_.json ? messageJson(run.account.name, message) : formatMessageLine(run.account.name, message),
             true);
    if (settings_.json)
        emit(summaryJson(result), true);
    else if (!result.messages.empty() || settings_.verbose)
        emit(formatSummaryLine(result), true);
    lock.lock();
    if (result.state) {
        AccountState merged = run.state.value_or(AccountState{});
        if (result.state->pop3Uids) merged.pop3Uids = result.state->pop3Uids;
        for (const auto& [name, mailbox] : result.state->mailboxes) merged.mailboxes[name] = mailbox;
        if (!run.state || !(merged == *run.state)) {
            try {
                run.store.save(run.account.name, merged);
                run.state = std::move(merged);
            } catch (const std::exception& e) {
                // The mail was found; only remembering it failed. Say so: the
                // same messages will be reported again.
                emit(run.account.name + ": cannot save state: " + e.what(), false);
            }
        }
    }
    lock.unlock();
    if (!result.messages.empty() && !settings_.execCommand.empty()) {
        const auto& newest = result.messages.back();
        const int status =
            runHook(settings_.execCommand,
                    {"MAILPOLL_ACCOUNT=" + run.account.name, "MAILPOLL_MAILBOX=" + newest.mailbox,
                     "MAILPOLL_COUNT=" + std::to_string(result.messages.size()), "MAILPOLL_FROM=" + newest.summary.from,
                     "MAILPOLL_SUBJECT=" + newest.summary.subject},
                    60);
        if (status == -2)
            diag::warning("--exec command killed after 60 s");
        else if (status == -1)
            diag::warning("--exec command could not be started");
        else if (status != 0)
            diag::warning("--exec command exited with status " + std::to_string(status));
    }
}

int Runner::checkOnce() {
    std::vector<std::unique_ptr<AccountRun>> runs;
    for (const auto& account : accounts_)
        runs.push_back(std::make_unique<AccountRun>(account, settings_.stateDirectory));
    std::vector<CheckResult> results(accounts_.size());
    {
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            threads.emplace_back([&, i] {
                AccountRun& run = *runs[i];
                if (!run.stateError.empty()) {
                    results[i].account = run.account.name;
                    results[i].error = run.stateError;
                    return;
                }
                results[i] = checkAccount(run.account, run.state, connect_, secret_);
            });
        }
        for (auto& thread : threads) thread.join();
    }
    bool failed = false, found = false;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        publish(*runs[i], results[i], true);
        failed = failed || !results[i].error.empty();
        found = found || !results[i].messages.empty();
    }
    if (failed) return 2;
    return found ? 0 : 1;
}

void Runner::pollAccount(AccountRun& run, StopFlag& stop) {
    int failures = 0;
    WakeDetector wake;
    while (!stop.requested()) {
        CheckResult result;
        if (!run.stateError.empty()) {
            result.account = run.account.name;
            result.error = run.stateError;
        } else {
            std::optional<AccountState> known;
            {
                const std::lock_guard<std::mutex> lock(run.mutex);
                known = run.state;
            }
            result = checkAccount(run.account, known, connect_, secret_);
        }
        if (stop.requested()) return;
        publish(run, result, false);
        failures = result.error.empty() ? 0 : failures + 1;
        const double delay = failures ? std::min(retryDelaySeconds(failures), run.account.intervalSeconds * 4)
                                      : run.account.intervalSeconds;
        // Sleep in slices: a resume from suspend or a new network checks at once.
        wake.sleptSinceLastCall();
        const std::uint64_t network = networkGeneration();
        for (double slept = 0; slept < delay && !stop.requested(); slept += 1) {
            if (stop.waitFor(std::min(1.0, delay - slept))) return;
            if (wake.sleptSinceLastCall()) {
                diag::info(run.account.name + ": system resumed, checking now");
                break;
            }
            if (networkGeneration() != network) {
                diag::info(run.account.name + ": network changed, checking now");
                break;
            }
        }
    }
}

Runner::SessionEnd Runner::idleSession(AccountRun& run, const std::string& mailbox, const std::string& secret,
                                       StopFlag& stop, bool& established) {
    const Account& account = run.account;
    const auto connection = connect_(account);
    ImapClient client(*connection);
    loginImap(client, account, secret);
    if (!client.hasCapability("IDLE")) {
        diag::notice(account.name + ": server has no IDLE; polling every " +
                     std::to_string(static_cast<int>(account.intervalSeconds)) + " s");
        return SessionEnd::noIdle;
    }
    client.examine(mailbox);
    const auto checkNow = [&] {
        MailboxCheck check = checkImapMailbox(client, mailbox, run.mailbox(mailbox), true);
        CheckResult result;
        result.account = account.name;
        result.total = check.status.messages;
        result.unseen = check.status.unseen;
        result.messages = std::move(check.messages);
        result.state.emplace().mailboxes[mailbox] = check.after;
        publish(run, result, false);
    };
    checkNow();
    established = true;
    WakeDetector wake;
    wake.sleptSinceLastCall();
    const std::uint64_t network = networkGeneration();
    for (;;) {
        bool slept = false, moved = false;
        const IdleEnd end = client.idle(settings_.idleRenewSeconds, settings_.idlePollSeconds, [&] {
            slept = slept || wake.sleptSinceLastCall();
            moved = moved || networkGeneration() != network;
            return stop.requested() || slept || moved;
        });
        if (end == IdleEnd::changed) checkNow();
        if (end != IdleEnd::interrupted) continue;
        if (stop.requested()) return SessionEnd::stopped;
        if (slept) diag::info(account.name + ": system resumed, reconnecting");
        if (moved) diag::info(account.name + ": network changed, reconnecting");
        return SessionEnd::reconnect;
    }
}

bool Runner::idleMailbox(AccountRun& run, const std::string& mailbox, StopFlag& stop) {
    const Account& account = run.account;
    int failures = 0;
    bool retriedDrop = false;  // a session that worked and then broke is retried once at once
    while (!stop.requested()) {
        CheckResult failure;
        failure.account = account.name;
        bool established = false;
        try {
            if (!run.stateError.empty()) throw std::runtime_error(run.stateError);
            const std::string secret = secret_(account);  // its errors are local: no server to name
            try {
                if (idleSession(run, mailbox, secret, stop, established) == SessionEnd::noIdle) return false;
                failures = 0;
                retriedDrop = false;
                continue;  // stopped, or reconnect at once
            } catch (const std::exception& e) {
                failure.error = failureText(account, e);
            }
        } catch (const std::exception& e) {
            failure.error = e.what();
        }
        if (stop.requested()) return true;
        if (established) {
            failures = 0;
            if (!retriedDrop) {
                // A dropped IDLE connection (a server restart, a NAT timeout):
                // once straight away; only a failure after that is reported.
                retriedDrop = true;
                diag::info(account.name + ": " + failure.error + "; reconnecting");
                continue;
            }
        }
        retriedDrop = false;
        publish(run, failure, false);
        ++failures;
        if (stop.waitFor(std::min(retryDelaySeconds(failures), account.intervalSeconds * 4))) return true;
    }
    return true;
}

void Runner::watch(StopFlag& stop) {
    network_ = std::make_unique<NetworkWatch>();
    std::vector<std::unique_ptr<AccountRun>> runs;
    std::vector<std::thread> threads;
    for (const auto& account : accounts_) {
        runs.push_back(std::make_unique<AccountRun>(account, settings_.stateDirectory));
        AccountRun& run = *runs.back();
        if (account.idle && account.protocol == Protocol::imap) {
            // One connection per mailbox: IDLE watches the selected mailbox only.
            threads.emplace_back([&, this] {
                const auto mailboxes = run.account.effectiveMailboxes();
                std::vector<std::thread> watchers;
                std::atomic<bool> fallBack{false};
                for (const auto& mailbox : mailboxes)
                    watchers.emplace_back([&, mailbox] {
                        if (!idleMailbox(run, mailbox, stop)) fallBack = true;
                    });
                for (auto& watcher : watchers) watcher.join();
                if (fallBack && !stop.requested()) pollAccount(run, stop);
            });
        } else {
            threads.emplace_back([&, this] { pollAccount(run, stop); });
        }
    }
    for (auto& thread : threads) thread.join();
}

}  // namespace wirekit::mailpoll
