// The interactive session's commands.
#include "shell.h"

#include "cli/diag.h"
#include "cli/usage_error.h"
#include "ftp_errors.h"
#include "mirror_runner.h"
#include "operations.h"
#include "printable.h"
#include "remote_changes.h"
#include "shell_words.h"

#include <editline/readline.h>
#include <fnmatch.h>
#include <glob.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <functional>
#include <map>
#include <memory>

namespace wirekit::ftpx {

namespace {

struct CommandHelp {
    const char* usage;
    const char* text;
};

const std::map<std::string, CommandHelp> helpTable = {
    {"open", {"open HOST|URL", "connect and log in"}},
    {"user", {"user USER", "log in again as USER"}},
    {"cd", {"cd DIR", "change the remote directory"}},
    {"cdup", {"cdup", "go to the remote parent directory"}},
    {"pwd", {"pwd", "print the remote directory"}},
    {"lcd", {"lcd [DIR]", "change the local directory (home without DIR)"}},
    {"lpwd", {"lpwd", "print the local directory"}},
    {"ls", {"ls [-l] [PATH]", "list a remote directory"}},
    {"dir", {"dir [PATH]", "long listing of a remote directory"}},
    {"get", {"get REMOTE [LOCAL]", "download a file"}},
    {"put", {"put LOCAL [REMOTE]", "upload a file"}},
    {"mget", {"mget PATTERN...", "download the remote files matching each pattern"}},
    {"mput", {"mput PATTERN...", "upload the local files matching each pattern"}},
    {"mkdir", {"mkdir DIR", "make a remote directory"}},
    {"rmdir", {"rmdir DIR", "remove an empty remote directory"}},
    {"rm", {"rm FILE", "remove a remote file (also: delete)"}},
    {"rename", {"rename FROM TO", "rename a remote file (also: mv)"}},
    {"mirror", {"mirror [-R] [--delete] SOURCE DEST", "mirror a remote directory here, or with -R a local one there"}},
    {"close", {"close", "log out, stay in ftpx"}},
    {"bye", {"bye", "log out and leave (also: quit, exit)"}},
    {"help", {"help [COMMAND]", "list the commands, or tell what one does"}},
};

const std::map<std::string, std::string> aliases = {
    {"delete", "rm"}, {"mv", "rename"}, {"quit", "bye"}, {"exit", "bye"}, {"?", "help"}};

class ShellError : public std::runtime_error {
public:
    explicit ShellError(const std::string& message) : std::runtime_error(message) {}
};

FtpUrl targetUrl(const std::string& target) {
    if (target.find("://") != std::string::npos) return parseFtpUrl(target);
    return parseFtpUrl("ftp://" + target + "/");
}

class Shell {
public:
    Shell(const Options& options, std::ostream& out)
        : options_(options), out_(out), context_(operationContextFor(options, out)) {}

    /// Runs one line; false after bye.
    bool execute(const std::vector<std::string>& words) {
        std::string name = words.front();
        if (const auto alias = aliases.find(name); alias != aliases.end()) name = alias->second;
        const std::vector<std::string> args(words.begin() + 1, words.end());
        if (name == "bye") {
            close();
            return false;
        }
        if (name == "help") return help(args), true;
        if (name == "open") return need(args, 1, 1, name), open(args[0]), true;
        if (name == "lcd") return lcd(args), true;
        if (name == "lpwd") return need(args, 0, 0, name), lpwd(), true;
        if (name == "close") return close(), true;
        if (helpTable.count(name) == 0) throw ShellError("unknown command '" + printable(name, 40) + "'; try help");
        if (!connector_) throw ShellError("not connected; use open HOST");
        try {
            remote(name, args);
        } catch (const ReplyError& e) {
            throw ShellError(std::string(e.what()));
        }
        return true;
    }

    void open(const std::string& target) {
        close();
        url_ = targetUrl(target);
        auto connector = std::make_unique<Connector>(sessionSettingsFor(url_, options_), url_);
        connector->session();
        connector_ = std::move(connector);
        directory_ = connector_->directory();
        if (options_.verbose) diag::notice("connected to " + connector_->session().where());
    }

    void close() {
        if (connector_) connector_->close();
        connector_.reset();
    }

private:
    static void need(const std::vector<std::string>& args, std::size_t least, std::size_t most,
                     const std::string& name) {
        if (args.size() < least || args.size() > most)
            throw ShellError("usage: " + std::string(helpTable.at(name).usage));
    }

    void help(const std::vector<std::string>& args) {
        if (args.empty()) {
            for (const auto& [name, entry] : helpTable) out_ << "  " << entry.usage << "\n";
            return;
        }
        std::string name = args[0];
        if (const auto alias = aliases.find(name); alias != aliases.end()) name = alias->second;
        const auto entry = helpTable.find(name);
        if (entry == helpTable.end()) throw ShellError("no command '" + printable(name, 40) + "'");
        out_ << entry->second.usage << ": " << entry->second.text << "\n";
    }

    void lcd(const std::vector<std::string>& args) {
        need(args, 0, 1, "lcd");
        const char* home = std::getenv("HOME");
        const std::string target = args.empty() ? (home ? home : "/") : args[0];
        if (::chdir(target.c_str()) != 0) throw ShellError(target + ": " + std::strerror(errno));
        lpwd();
    }

    void lpwd() {
        char path[PATH_MAX];
        if (::getcwd(path, sizeof path) == nullptr) throw ShellError(std::string("getcwd: ") + std::strerror(errno));
        out_ << "Local directory: " << path << "\n";
    }

    FtpSession& session() { return connector_->session(); }

    void enter(const std::string& path) {
        withRetries(*connector_, context_.retry, [&](FtpSession& session, int) {
            session.changeDirectory(path);
            directory_ = session.currentDirectory();
        });
        connector_->setReentryDirectory(directory_);
    }

    void remote(const std::string& name, const std::vector<std::string>& args) {
        if (name == "cd") {
            need(args, 1, 1, name);
            enter(args[0]);
        } else if (name == "cdup") {
            need(args, 0, 0, name);
            enter("..");
        } else if (name == "pwd") {
            need(args, 0, 0, name);
            out_ << "Remote directory: " << printable(session().currentDirectory()) << "\n";
        } else if (name == "ls" || name == "dir") {
            bool longFormat = name == "dir";
            std::vector<std::string> rest;
            for (const auto& arg : args) arg == "-l" ? (void)(longFormat = true) : rest.push_back(arg);
            if (rest.size() > 1) throw ShellError("usage: " + std::string(helpTable.at(name).usage));
            listDirectory(*connector_, context_, rest.empty() ? "" : rest[0], longFormat);
        } else if (name == "get") {
            need(args, 1, 2, name);
            getFile(*connector_, context_, args[0], args.size() > 1 ? args[1] : baseName(args[0]));
        } else if (name == "put") {
            need(args, 1, 2, name);
            putFile(*connector_, context_, args[0], args.size() > 1 ? args[1] : baseName(args[0]));
        } else if (name == "mget") {
            need(args, 1, 1000, name);
            mget(args);
        } else if (name == "mput") {
            need(args, 1, 1000, name);
            mput(args);
        } else if (name == "mkdir" || name == "rmdir" || name == "rm") {
            need(args, 1, 1, name);
            changeRemote(*connector_, context_.retry,
                         name == "mkdir"   ? RemoteChange::makeDirectory
                         : name == "rmdir" ? RemoteChange::removeDirectory
                                           : RemoteChange::removeFile,
                         args[0]);
        } else if (name == "rename") {
            need(args, 2, 2, name);
            changeRemote(*connector_, context_.retry, RemoteChange::rename, args[0], args[1]);
        } else if (name == "mirror") {
            mirror(args);
        } else if (name == "user") {
            need(args, 1, 1, name);
            Options relogin = options_;
            relogin.user = args[0];
            FtpUrl url = url_;
            url.user.reset();
            url.password.reset();
            auto connector = std::make_unique<Connector>(sessionSettingsFor(url, relogin), url);
            connector->session();
            close();
            connector_ = std::move(connector);
            directory_ = connector_->directory();
        }
    }

    void mget(const std::vector<std::string>& patterns) {
        Listing listing;
        withRetries(*connector_, context_.retry, [&](FtpSession& session, int) { listing = session.list(""); });
        bool any = false;
        for (const auto& pattern : patterns)
            for (const auto& entry : listing.entries)
                if (entry.type == EntryType::file && ::fnmatch(pattern.c_str(), entry.name.c_str(), 0) == 0) {
                    // Only a plain name may become a local file.
                    if (entry.name.find('/') != std::string::npos || entry.name == "..") continue;
                    getFile(*connector_, context_, entry.name, entry.name);
                    any = true;
                }
        if (!any) throw ShellError("mget: no remote file matches");
    }

    void mput(const std::vector<std::string>& patterns) {
        bool any = false;
        for (const auto& pattern : patterns) {
            glob_t matches{};
            if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
                std::unique_ptr<glob_t, void (*)(glob_t*)> guard(&matches, ::globfree);
                for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
                    putFile(*connector_, context_, matches.gl_pathv[i], baseName(matches.gl_pathv[i]));
                    any = true;
                }
            }
        }
        if (!any) throw ShellError("mput: no local file matches");
    }

    void mirror(const std::vector<std::string>& args) {
        MirrorRequest request;
        std::vector<std::string> paths;
        for (const auto& arg : args) {
            if (arg == "-R")
                request.plan.direction = MirrorDirection::upload;
            else if (arg == "--delete")
                request.plan.deleteExtra = true;
            else
                paths.push_back(arg);
        }
        if (paths.size() != 2) throw ShellError("usage: " + std::string(helpTable.at("mirror").usage));
        const bool upload = request.plan.direction == MirrorDirection::upload;
        const std::string remotePath = upload ? paths[1] : paths[0];
        request.localRoot = upload ? paths[0] : paths[1];
        request.parallel = options_.parallel;
        const std::string absolute =
            !remotePath.empty() && remotePath.front() == '/' ? remotePath : joinRemote(directory_, remotePath);
        FtpUrl url = url_;
        url.absolute = true;
        url.isDirectory = true;
        url.segments.clear();
        std::string rest = absolute;
        while (!rest.empty()) {
            const auto slash = rest.find('/');
            const std::string segment = rest.substr(0, slash);
            if (!segment.empty()) url.segments.push_back(segment);
            rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
        }
        const MirrorSummary summary = runMirror(connector_->settings(), url, context_, request);
        if (summary.failed > 0) throw ShellError("mirror: " + std::to_string(summary.failed) + " steps failed");
    }

    const Options& options_;
    std::ostream& out_;
    OperationContext context_;
    FtpUrl url_;
    std::unique_ptr<Connector> connector_;
    std::string directory_;
};

/// The next line: through libedit on a terminal, from the stream otherwise.
bool readLine(std::istream& in, bool terminal, std::string& line) {
    if (!terminal) return static_cast<bool>(std::getline(in, line));
    std::unique_ptr<char, void (*)(void*)> text(::readline("ftpx> "), std::free);
    if (!text) return false;
    line = text.get();
    if (!line.empty()) ::add_history(text.get());
    return true;
}

}  // namespace

int runShell(const Options& options, const std::string& target, std::istream& in, bool batch, bool terminal,
             std::ostream& out) {
    Shell shell(options, out);
    bool failed = false;
    if (!target.empty()) {
        try {
            shell.open(target);
        } catch (const cli::UsageError&) {
            throw;
        } catch (const std::exception& e) {
            diag::error(e.what());
            if (batch || !terminal) return 1;
            failed = true;
        }
    }
    std::string line;
    while (readLine(in, terminal, line)) {
        bool tolerated = false;
        std::string text = line;
        if (batch && !text.empty() && text.front() == '-') {
            tolerated = true;
            text.erase(0, 1);
        }
        std::vector<std::string> words;
        try {
            words = splitWords(text);
        } catch (const std::invalid_argument& e) {
            diag::error(e.what());
            failed = true;
            if (batch && !tolerated) return 1;
            continue;
        }
        if (words.empty() || words.front().front() == '#') continue;
        try {
            if (!shell.execute(words)) return failed ? 1 : 0;
        } catch (const std::exception& e) {
            diag::error(e.what());
            if (!tolerated) failed = true;
            if (batch && !tolerated) {
                shell.close();
                return 1;
            }
        }
        out.flush();
    }
    shell.close();
    return failed ? 1 : 0;
}

}  // namespace wirekit::ftpx
