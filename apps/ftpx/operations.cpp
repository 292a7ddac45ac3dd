// Shared operations with their retries and reports.
#include "operations.h"

#include "cli/diag.h"
#include "credentials.h"
#include "ftp_errors.h"
#include "listing_format.h"
#include "out/json_lines.h"
#include "printable.h"
#include "units/human.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>

namespace wirekit::ftpx {

namespace {

void reportTransfer(const OperationContext& context, const char* direction, const std::string& url,
                    const std::string& local, const TransferResult& result) {
    if (context.json && !(local == "-")) {
        Poco::JSON::Object record = out::JsonLinesWriter::makeRecord();
        record.set("type", std::string("transfer"));
        record.set("direction", std::string(direction));
        record.set("url", url);
        record.set("local", local);
        record.set("bytes", static_cast<Poco::UInt64>(result.bytes));
        record.set("offset", static_cast<Poco::UInt64>(result.offset));
        record.set("seconds", result.seconds);
        out::JsonLinesWriter(*context.out).write(record);
    }
    if (context.verbose) {
        std::string line = std::string(direction == std::string("download") ? "downloaded " : "uploaded ") +
                           printable(url) + ": " + units::formatBytes(result.bytes) + " in " +
                           units::formatSeconds(result.seconds, false);
        if (result.seconds > 0)
            line += " (" + units::formatRate(static_cast<double>(result.bytes) / result.seconds) + ")";
        if (result.offset > 0) line += ", resumed at byte " + std::to_string(result.offset);
        if (result.alreadyComplete) line += ", already complete";
        diag::notice(line);
    }
}

bool isDirectory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

/// "ftp://host/dir/" + name, for reports.
void appendSegments(std::vector<std::string>& segments, const std::string& path) {
    std::string rest = path;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const std::string name = rest.substr(0, slash);
        if (!name.empty()) segments.push_back(name);
        rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
    }
}

/// "ftp://host/dir/" + name, for reports: from the directory the shell's
/// cd went to, relative to the URL's own where it lies under it.
std::string urlOf(const Connector& connector, const std::string& remote) {
    FtpUrl url = connector.url();
    auto segments = url.directorySegments();
    url.isDirectory = false;
    const std::string& base = connector.directory();
    const std::string& now = connector.reentryDirectory();
    if (!remote.empty() && remote.front() == '/') {
        url.absolute = true;
        segments.clear();
    } else if (!now.empty() && now != base) {
        const std::string prefix = base.empty() || base.back() == '/' ? base : base + "/";
        if (!base.empty() && now.rfind(prefix, 0) == 0) {
            appendSegments(segments, now.substr(prefix.size()));
        } else {
            url.absolute = true;
            segments.clear();
            appendSegments(segments, now);
        }
    }
    appendSegments(segments, remote);
    url.segments = segments;
    return displayUrl(url);
}

/// Runs `transfer` with the retry policy, its attempts sharing one
/// TransferAttempts (a retry resumes only what an earlier one had started
/// writing). A negative reply that ends it is named by the file's URL.
TransferResult transferWithRetries(Connector& connector, const OperationContext& context, const std::string& remote,
                                   const std::function<TransferResult(FtpSession&, TransferAttempts&)>& transfer) {
    TransferResult result;
    TransferAttempts attempts;
    try {
        withRetries(connector, context.retry, [&](FtpSession& session, int) { result = transfer(session, attempts); });
    } catch (const ReplyError& e) {
        throw std::runtime_error(urlOf(connector, remote) + ": " + e.reply().summary());
    }
    return result;
}

}  // namespace

std::string baseName(const std::string& path) {
    std::string trimmed = path;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    const auto slash = trimmed.rfind('/');
    return slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
}

SessionSettings sessionSettingsFor(const FtpUrl& url, const Options& options) {
    SessionSettings settings;
    settings.channel.host = url.host;
    settings.channel.port = url.port;
    settings.channel.timeoutSeconds = options.timeoutSeconds;
    settings.channel.family = options.family;
    settings.tls = url.tls == TlsMode::none && options.tls ? TlsMode::explicitTls : url.tls;
    settings.tlsRequired = options.tlsRequired;
    settings.caFile = options.caFile;
    settings.verifyCertificate = !options.insecure;
    settings.tlsMax = options.tlsMax;
    settings.active = options.active;
    CredentialSources sources;
    sources.optionUser = options.user;
    sources.netrcPath = options.netrcFile;
    // Set but empty is not set: no one logs in with an empty password.
    if (const char* password = std::getenv("FTPX_PASSWORD"); password && *password) sources.environment = password;
    sources.ask = askOnTerminal;
    const Credentials credentials = resolveCredentials(url, sources);
    settings.user = credentials.user;
    settings.password = credentials.password;
    const bool verbose = options.verbose;
    const bool quiet = options.quiet;
    settings.note = [verbose, quiet](const std::string& note) {
        // A cleartext fallback is a warning everyone sees; the rest is verbose.
        if (note.find("cleartext") != std::string::npos) {
            if (!quiet) diag::warning(note);
        } else if (verbose) {
            diag::notice(note);
        }
    };
    return settings;
}

OperationContext operationContextFor(const Options& options, std::ostream& out) {
    OperationContext context;
    context.retry.retries = options.retries;
    context.resume = options.resume;
    context.verbose = options.verbose;
    context.quiet = options.quiet;
    context.json = options.json;
    context.progress = !options.quiet && ::isatty(STDERR_FILENO) == 1;
    context.out = &out;
    const bool quiet = options.quiet;
    context.retry.note = [quiet](const std::string& note) {
        if (!quiet) diag::warning(note);
    };
    return context;
}

TransferResult getFile(Connector& connector, const OperationContext& context, const std::string& remote,
                       std::string local) {
    if (local.empty()) local = baseName(remote);
    if (local != "-" && isDirectory(local)) local += "/" + baseName(remote);
    ProgressBar progress(context.progress && local != "-");
    const TransferResult result =
        transferWithRetries(connector, context, remote, [&](FtpSession& session, TransferAttempts& attempts) {
            DownloadRequest request;
            request.remote = remote;
            request.local = local;
            request.resume = context.resume;
            request.attempts = &attempts;
            return download(session, request, progress);
        });
    if (local == "-") context.out->flush();
    reportTransfer(context, "download", urlOf(connector, remote), local, result);
    return result;
}

TransferResult putFile(Connector& connector, const OperationContext& context, const std::string& local,
                       const std::string& remote) {
    ProgressBar progress(context.progress);
    const TransferResult result =
        transferWithRetries(connector, context, remote, [&](FtpSession& session, TransferAttempts& attempts) {
            UploadRequest request;
            request.local = local;
            request.remote = remote;
            request.resume = context.resume;
            request.attempts = &attempts;
            return upload(session, request, progress);
        });
    reportTransfer(context, "upload", urlOf(connector, remote), local, result);
    return result;
}

void listDirectory(Connector& connector, const OperationContext& context, const std::string& remote, bool longFormat) {
    Listing listing;
    withRetries(connector, context.retry, [&](FtpSession& session, int) {
        try {
            listing = session.list(remote);
        } catch (const ReplyError& e) {
            // ls of a file, as ls(1) takes it: that file's entry.
            if (remote.empty() || e.reply().code / 100 != 5) throw;
            auto entry = session.entryOf(remote);
            if (!entry || entry->type == EntryType::directory) throw;
            listing = Listing{};
            listing.entries.push_back(std::move(*entry));
        }
    });
    if (!context.quiet)
        for (const auto& warning : listing.warnings) diag::warning("listing: " + warning);
    out::JsonLinesWriter json(*context.out);
    for (const auto& entry : listing.entries) {
        if (context.json)
            json.write(jsonRecord(entry));
        else
            *context.out << (longFormat ? longLine(entry) : shortLine(entry)) << '\n';
    }
    context.out->flush();
}

}  // namespace wirekit::ftpx
