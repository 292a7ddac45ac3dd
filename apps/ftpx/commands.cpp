// One-shot commands over a Connector, errors named by URL.
#include "commands.h"

#include "cli/diag.h"
#include "cli/usage_error.h"
#include "ftp_errors.h"
#include "mirror_runner.h"
#include "operations.h"
#include "out/json_lines.h"
#include "remote_changes.h"
#include "units/human.h"

namespace wirekit::ftpx {

namespace {

/// A URL whose last segment names the thing to make, remove or rename,
/// even when written with a trailing '/'.
FtpUrl lastSegmentAsName(FtpUrl url) {
    if (url.isDirectory && !url.segments.empty()) url.isDirectory = false;
    if (url.fileName().empty()) throw cli::UsageError("'" + displayUrl(url) + "' names no file or directory");
    return url;
}

FtpUrl asDirectory(FtpUrl url) {
    url.isDirectory = true;
    return url;
}

void printSummary(const OperationContext& context, const MirrorSummary& summary) {
    if (context.json) {
        Poco::JSON::Object record = out::JsonLinesWriter::makeRecord();
        record.set("type", std::string("summary"));
        record.set("copied", summary.copied);
        record.set("resumed", summary.resumed);
        record.set("skipped", summary.skipped);
        record.set("deleted", summary.deleted);
        record.set("made", summary.made);
        record.set("failed", summary.failed);
        record.set("bytes", static_cast<Poco::UInt64>(summary.bytes));
        record.set("seconds", summary.seconds);
        if (summary.planned) record.set("planned", true);
        out::JsonLinesWriter(*context.out).write(record);
    }
    if (context.verbose)
        diag::notice(std::string(summary.planned ? "mirror --dry-run, to do: " : "mirror: ") +
                     std::to_string(summary.copied) + " copied, " + std::to_string(summary.resumed) + " resumed, " +
                     std::to_string(summary.skipped) + " skipped, " + std::to_string(summary.deleted) + " deleted, " +
                     std::to_string(summary.made) + " made, " + std::to_string(summary.failed) + " failed, " +
                     units::formatBytes(summary.bytes) + " in " + units::formatSeconds(summary.seconds, false));
}

int runOn(const Options& options, const FtpUrl& url, std::ostream& out) {
    const OperationContext context = operationContextFor(options, out);
    const auto& operands = options.operands;
    switch (options.command) {
        case Command::get: {
            if (url.fileName().empty()) throw cli::UsageError("get: '" + displayUrl(url) + "' names no file");
            Connector connector(sessionSettingsFor(url, options), url);
            getFile(connector, context, url.fileName(), operands.size() > 1 ? operands[1] : "");
            connector.close();
            return 0;
        }
        case Command::cat: {
            if (url.fileName().empty()) throw cli::UsageError("cat: '" + displayUrl(url) + "' names no file");
            Connector connector(sessionSettingsFor(url, options), url);
            getFile(connector, context, url.fileName(), "-");
            connector.close();
            return 0;
        }
        case Command::put: {
            Connector connector(sessionSettingsFor(url, options), url);
            const std::string remote = url.fileName().empty() ? baseName(operands[0]) : url.fileName();
            putFile(connector, context, operands[0], remote);
            connector.close();
            return 0;
        }
        case Command::ls: {
            Connector connector(sessionSettingsFor(url, options), url);
            listDirectory(connector, context, url.fileName(), options.longListing);
            connector.close();
            return 0;
        }
        case Command::mkdir:
        case Command::rm:
        case Command::rmdir:
        case Command::mv: {
            Connector connector(sessionSettingsFor(url, options), url);
            const RemoteChange change = options.command == Command::mkdir   ? RemoteChange::makeDirectory
                                        : options.command == Command::rmdir ? RemoteChange::removeDirectory
                                        : options.command == Command::rm    ? RemoteChange::removeFile
                                                                            : RemoteChange::rename;
            changeRemote(connector, context.retry, change, url.fileName(),
                         change == RemoteChange::rename ? operands[1] : "");
            connector.close();
            return 0;
        }
        case Command::mirror: {
            MirrorRequest request;
            request.plan.direction = options.reverse ? MirrorDirection::upload : MirrorDirection::download;
            request.plan.deleteExtra = options.deleteExtra;
            request.localRoot = options.reverse ? operands[0] : operands[1];
            while (request.localRoot.size() > 1 && request.localRoot.back() == '/') request.localRoot.pop_back();
            request.dryRun = options.dryRun;
            request.parallel = options.parallel;
            const MirrorSummary summary = runMirror(sessionSettingsFor(url, options), url, context, request);
            printSummary(context, summary);
            return summary.failed > 0 ? 1 : 0;
        }
        default: return 0;
    }
}

}  // namespace

int runCommand(const Options& options, std::ostream& out) {
    const auto& operands = options.operands;
    std::string urlText = operands[0];
    if (options.command == Command::put || (options.command == Command::mirror && options.reverse))
        urlText = operands[1];
    FtpUrl url = parseFtpUrl(urlText);
    if (options.command == Command::mkdir || options.command == Command::rm || options.command == Command::rmdir ||
        options.command == Command::mv)
        url = lastSegmentAsName(url);
    if (options.command == Command::mirror) url = asDirectory(url);
    try {
        return runOn(options, url, out);
    } catch (const ReplyError& e) {
        throw std::runtime_error(displayUrl(url) + ": " + e.reply().summary());
    }
}

}  // namespace wirekit::ftpx
