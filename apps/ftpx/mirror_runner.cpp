// Carrying out a mirror plan over parallel connections.
#include "mirror_runner.h"

#include "cli/diag.h"
#include "ftp_errors.h"
#include "interrupt.h"
#include "local_tree.h"
#include "out/json_lines.h"
#include "printable.h"
#include "remote_changes.h"
#include "safe_name.h"
#include "units/human.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

namespace wirekit::ftpx {

std::string joinRemote(const std::string& directory, const std::string& relative) {
    if (directory.empty()) return relative;
    if (relative.empty()) return directory;
    return directory.back() == '/' ? directory + relative : directory + "/" + relative;
}

std::vector<FileEntry> walkRemoteTree(FtpSession& session, const std::string& root, std::vector<std::string>& warnings,
                                      std::set<std::string>* partlyListed) {
    std::vector<FileEntry> tree;
    std::vector<std::pair<std::string, int>> pending = {{"", 0}};
    // A server may call a link to a directory a dir (pyftpdlib does): the
    // same unique fact twice is one directory, entered once, and the root's
    // own is known from the start, so a link to it is not entered at all.
    std::set<std::string> entered;
    if (const std::string root_unique = session.uniqueOf(root); !root_unique.empty()) entered.insert(root_unique);
    while (!pending.empty()) {
        const auto [relative, depth] = pending.back();
        pending.pop_back();
        Listing listing = session.list(joinRemote(root, relative));
        if (partlyListed && (listing.skippedLines > 0 || listing.incomplete)) partlyListed->insert(relative);
        for (const auto& warning : listing.warnings)
            warnings.push_back((relative.empty() ? std::string(".") : printable(relative)) + ": " + warning);
        for (auto& entry : listing.entries) {
            if (const auto reason = unsafeNameReason(entry.name)) {
                warnings.push_back("refusing '" + printable(entry.name, 80) + "' in " +
                                   (relative.empty() ? std::string(".") : printable(relative)) + ": " + *reason);
                continue;
            }
            entry.name = relative.empty() ? entry.name : relative + "/" + entry.name;
            if (entry.type == EntryType::directory && !entry.unique.empty() && !entered.insert(entry.unique).second) {
                // Kept, not entered, and not read whole: a server whose
                // unique facts repeat for distinct directories must not make
                // --delete remove what they hold.
                warnings.push_back(printable(entry.name) +
                                   ": the same directory as one already listed (a link?), not entered");
                if (partlyListed) partlyListed->insert(entry.name);
                tree.push_back(std::move(entry));
                continue;
            }
            if (entry.type == EntryType::directory) {
                if (depth < 64)
                    pending.push_back({entry.name, depth + 1});
                else
                    warnings.push_back(printable(entry.name) + ": deeper than 64 levels, not entered");
            }
            tree.push_back(std::move(entry));
        }
    }
    return tree;
}

namespace {

using Clock = std::chrono::steady_clock;

std::string stepLine(const MirrorStep& step) {
    std::string line = std::string(mirrorActionName(step.action)) + " " + printable(step.path);
    if (!step.reason.empty()) line += " (" + step.reason + ")";
    return line;
}

class MirrorExecution {
public:
    MirrorExecution(const SessionSettings& settings, const FtpUrl& url, const OperationContext& context,
                    const MirrorRequest& request)
        : settings_(settings), url_(url), context_(context), request_(request), json_(*context.out) {}

    MirrorSummary run() {
        const auto start = Clock::now();
        Connector main(settings_, url_);
        const bool upload = request_.plan.direction == MirrorDirection::upload;
        // A missing source would plan the deletion of everything with --delete.
        if (upload) {
            struct stat info {};
            if (::stat(request_.localRoot.c_str(), &info) != 0) throw LocalError(request_.localRoot, errno);
            if (!S_ISDIR(info.st_mode)) throw LocalError(request_.localRoot + ": not a directory");
        }
        std::vector<std::string> warnings;
        std::vector<FileEntry> remote;
        MirrorOptions planOptions = request_.plan;
        if (enterOrMake(main, upload)) {
            root_ = main.directory();
            withRetries(main, context_.retry, [&](FtpSession& session, int) {
                warnings.clear();
                planOptions.partlyListedSourceDirectories.clear();
                remote = walkRemoteTree(session, root_, warnings,
                                        upload ? nullptr : &planOptions.partlyListedSourceDirectories);
            });
        }
        if (!upload && !request_.dryRun && ::mkdir(request_.localRoot.c_str(), 0777) != 0 && errno != EEXIST)
            throw LocalError(request_.localRoot, errno);
        std::set<std::string> unreadLocal;
        const std::vector<FileEntry> local = walkLocalTree(request_.localRoot, &unreadLocal);
        if (!remote.empty()) askExactTimes(main, remote, local, upload);
        if (!upload)
            for (const auto& entry : remote) sourceEntries_[entry.name] = entry;
        for (const auto& directory : unreadLocal)
            warnings.push_back(printable(localPath(directory)) + ": holds names that could not be looked at (lstat)");
        if (upload) planOptions.partlyListedSourceDirectories = unreadLocal;
        const MirrorPlan plan =
            upload ? planMirror(local, remote, planOptions) : planMirror(remote, local, planOptions);
        for (const auto& warning : warnings) warn(warning);
        for (const auto& warning : plan.warnings) warn(warning);
        for (const auto& [path, why] : plan.conflicts) {
            MirrorStep refused{MirrorAction::skip, path, 0, why};
            fail(refused, std::runtime_error("refused: " + why));
        }

        if (request_.dryRun) {
            // The summary counts what would be done, marked as planned.
            summary_.planned = true;
            for (const auto& step : plan.steps) {
                report(step, 0, true);
                switch (step.action) {
                    case MirrorAction::makeDirectory: ++summary_.made; break;
                    case MirrorAction::copy: ++summary_.copied; break;
                    case MirrorAction::resume: ++summary_.resumed; break;
                    case MirrorAction::skip: ++summary_.skipped; break;
                    default: ++summary_.deleted; break;
                }
            }
            summary_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            return summary_;
        }

        std::vector<const MirrorStep*> transfers, deletions;
        for (const auto& step : plan.steps) {
            switch (step.action) {
                case MirrorAction::makeDirectory: perform(main, step); break;
                case MirrorAction::copy:
                case MirrorAction::resume: transfers.push_back(&step); break;
                case MirrorAction::skip:
                    ++summary_.skipped;
                    if (context_.json) report(step, 0, false);
                    break;
                default: deletions.push_back(&step); break;
            }
        }
        runTransfers(main, transfers);
        if (!stop_)
            for (const auto* step : deletions) perform(main, *step);
        main.close();
        summary_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return summary_;
    }

private:
    /// Logs in to the mirror's remote root. An upload may target a directory
    /// that does not exist yet: it is made, as lftp's mirror -R does, except
    /// in a dry run, which changes nothing and plans against an empty tree
    /// (false then).
    bool enterOrMake(Connector& connector, bool upload) {
        try {
            connector.session();
        } catch (const ReplyError&) {
            if (!upload || url_.segments.empty()) throw;
            if (request_.dryRun) return false;
            FtpUrl parent = url_;
            const std::string name = parent.segments.back();
            parent.segments.pop_back();
            Connector maker(settings_, parent);
            maker.session().makeDirectory(name);
            maker.close();
            connector.drop();
            connector.session();
        }
        return true;
    }

    /// LIST's times are in an unknown zone, to the minute at best: where
    /// a file is on both sides and only its time can tell whether to copy
    /// (the same size), or whether a shorter remote copy is an upload cut
    /// short, MDTM gives the server's exact UTC time (RFC 3659 3).
    void askExactTimes(Connector& connector, std::vector<FileEntry>& remote, const std::vector<FileEntry>& local,
                       bool upload) {
        std::map<std::string, const FileEntry*> localFiles;
        for (const auto& entry : local)
            if (entry.type == EntryType::file) localFiles.emplace(entry.name, &entry);
        withRetries(connector, context_.retry, [&](FtpSession& session, int) {
            if (!session.features().has("MDTM")) return;
            for (auto& entry : remote) {
                if (entry.type != EntryType::file || (entry.mtime && entry.mtime->utc)) continue;
                const auto other = localFiles.find(entry.name);
                if (other == localFiles.end() || !entry.size || !other->second->size) continue;
                const bool sameSize = *entry.size == *other->second->size;
                const bool maybeCutShort = upload && *entry.size < *other->second->size;
                if (!sameSize && !maybeCutShort) continue;
                if (const auto seconds = session.modificationTime(remotePath(entry.name)))
                    entry.mtime = ModTime{*seconds, TimePrecision::second, true};
            }
        });
    }

    void warn(const std::string& text) {
        if (!context_.quiet) diag::warning(text);
    }

    void report(const MirrorStep& step, std::uint64_t bytes, bool planned) {
        const std::lock_guard<std::mutex> lock(outputMutex_);
        if (context_.json) {
            Poco::JSON::Object record = out::JsonLinesWriter::makeRecord();
            record.set("type", std::string("step"));
            record.set("action", std::string(mirrorActionName(step.action)));
            record.set("path", step.path);
            record.set("reason", step.reason);
            if (!planned && (step.action == MirrorAction::copy || step.action == MirrorAction::resume))
                record.set("bytes", static_cast<Poco::UInt64>(bytes));
            if (planned) record.set("planned", true);
            json_.write(record);
        } else if (planned) {
            *context_.out << stepLine(step) << '\n';
        } else if (context_.verbose) {
            diag::notice(stepLine(step));
        }
    }

    void fail(const MirrorStep& step, const std::exception& error) {
        {
            const std::lock_guard<std::mutex> lock(outputMutex_);
            ++summary_.failed;
            diag::error(printable(step.path) + ": " + error.what());
            if (context_.json) {
                // A failed step is a record too: the summary's count alone
                // does not say which.
                Poco::JSON::Object record = out::JsonLinesWriter::makeRecord();
                record.set("type", std::string("step"));
                record.set("action", std::string(mirrorActionName(step.action)));
                record.set("path", step.path);
                record.set("error", std::string(error.what()));
                json_.write(record);
            }
        }
        if (const auto* reply = dynamic_cast<const ReplyError*>(&error); reply && isDiskFull(reply->reply().code))
            stop_ = true;
        if (const auto* local = dynamic_cast<const LocalError*>(&error); local && local->diskFull()) stop_ = true;
        if (interrupted()) stop_ = true;
    }

    std::string localPath(const std::string& relative) const { return request_.localRoot + "/" + relative; }
    std::string remotePath(const std::string& relative) const { return joinRemote(root_, relative); }

    void perform(Connector& connector, const MirrorStep& step) {
        const bool upload = request_.plan.direction == MirrorDirection::upload;
        try {
            switch (step.action) {
                case MirrorAction::makeDirectory:
                    if (upload)
                        changeRemote(connector, context_.retry, RemoteChange::makeDirectory, remotePath(step.path));
                    else if (::mkdir(localPath(step.path).c_str(), 0777) != 0 && errno != EEXIST)
                        throw LocalError(localPath(step.path), errno);
                    ++summary_.made;
                    break;
                case MirrorAction::deleteFile:
                case MirrorAction::deleteDirectory: {
                    const bool directory = step.action == MirrorAction::deleteDirectory;
                    if (upload) {
                        changeRemote(connector, context_.retry,
                                     directory ? RemoteChange::removeDirectory : RemoteChange::removeFile,
                                     remotePath(step.path));
                    } else if ((directory ? ::rmdir(localPath(step.path).c_str())
                                          : ::unlink(localPath(step.path).c_str())) != 0) {
                        throw LocalError(localPath(step.path), errno);
                    }
                    ++summary_.deleted;
                    break;
                }
                default: break;
            }
            report(step, 0, false);
        } catch (const std::exception& e) {
            fail(step, e);
        }
    }

    void transfer(Connector& connector, const MirrorStep& step, ProgressBar& progress) {
        const bool uploading = request_.plan.direction == MirrorDirection::upload;
        TransferResult result;
        TransferAttempts attempts;
        try {
            withRetries(connector, context_.retry, [&](FtpSession& session, int attempt) {
                const bool resume = step.action == MirrorAction::resume;
                if (uploading) {
                    UploadRequest request;
                    request.local = localPath(step.path);
                    request.remote = remotePath(step.path);
                    request.resume = resume;
                    request.attempts = &attempts;
                    if (step.action == MirrorAction::resume && attempt == 0) request.remoteSize = step.offset;
                    request.checkOverlap = resume;
                    result = ftpx::upload(session, request, progress);
                } else {
                    DownloadRequest request;
                    request.remote = remotePath(step.path);
                    request.local = localPath(step.path);
                    request.resume = resume;
                    request.attempts = &attempts;
                    const auto source = sourceEntries_.find(step.path);
                    if (source != sourceEntries_.end()) {
                        request.size = source->second.size;
                        request.mtime = source->second.mtime;
                    }
                    result = download(session, request, progress);
                }
            });
            {
                const std::lock_guard<std::mutex> lock(outputMutex_);
                // A resume whose remote copy proved another file was a whole copy.
                (step.action == MirrorAction::resume && result.offset > 0 ? summary_.resumed : summary_.copied) += 1;
                summary_.bytes += result.bytes;
            }
            report(step, result.bytes, false);
        } catch (const std::exception& e) {
            fail(step, e);
        }
    }

    void runTransfers(Connector& main, const std::vector<const MirrorStep*>& steps) {
        std::atomic<std::size_t> next{0};
        const auto work = [&](Connector& connector, bool showProgress) {
            ProgressBar progress(showProgress);
            for (std::size_t i = next++; i < steps.size() && !stop_; i = next++)
                transfer(connector, *steps[i], progress);
        };
        const int workers = std::max(1, std::min<int>(request_.parallel, static_cast<int>(steps.size())));
        std::vector<std::thread> threads;
        std::vector<std::unique_ptr<Connector>> connectors;
        for (int i = 1; i < workers; ++i) {
            connectors.push_back(std::make_unique<Connector>(settings_, url_));
            Connector& connector = *connectors.back();
            threads.emplace_back([&, i] {
                // A server that allows fewer connections (vsftpd's
                // max_per_ip, a 421 at login) gets fewer: the files go to
                // the connections it took, as lftp's mirror does.
                try {
                    connector.session();
                } catch (const std::exception& e) {
                    if (interrupted()) return;
                    warn("connection " + std::to_string(i + 1) + " of " + std::to_string(workers) + ": " + e.what() +
                         "; going on with fewer");
                    return;
                }
                work(connector, false);
                connector.close();
            });
        }
        work(main, context_.progress && workers == 1);
        for (auto& thread : threads) thread.join();
    }

    SessionSettings settings_;
    FtpUrl url_;
    const OperationContext& context_;
    const MirrorRequest& request_;
    out::JsonLinesWriter json_;
    std::string root_;
    MirrorSummary summary_;
    std::mutex outputMutex_;
    std::atomic<bool> stop_{false};
    /// The server's entries by path, for the sizes and times a download already knows.
    std::map<std::string, FileEntry> sourceEntries_;
};

}  // namespace

MirrorSummary runMirror(const SessionSettings& settings, const FtpUrl& url, const OperationContext& context,
                        const MirrorRequest& request) {
    MirrorExecution execution(settings, url, context, request);
    return execution.run();
}

}  // namespace wirekit::ftpx
