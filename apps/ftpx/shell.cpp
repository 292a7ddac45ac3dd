// The interactive session's commands.
#include "shell.h"

#include "cli/diag.h"
#include "cli/usage_error.h"
#include "ftp_errors.h"
#include "interrupt.h"
#include "mirror_runner.h"
#include "operations.h"
#include "printable.h"
#include "remote_changes.h"
#include "safe_name.h"
#include "shell_words.h"

#include <editline/readline.h>
#include <fnmatch.h>
#include <glob.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>

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
    {"lls", {"lls [ARG...]", "list a local directory (ls(1) with ARGs)"}},
    {"!", {"! [COMMAND]", "run COMMAND with sh(1), or a shell without it"}},
    {"binary", {"binary", "binary mode, the only one (also: image)"}},
    {"ascii", {"ascii", "refused: ftpx transfers files as they are"}},
    {"ls", {"ls [-l] [-a] [PATH]", "list a remote directory"}},
    {"dir", {"dir [PATH]", "long listing of a remote directory"}},
    {"get", {"get REMOTE [LOCAL]", "download a file"}},
    {"put", {"put LOCAL [REMOTE]", "upload a file"}},
    {"mget", {"mget PATTERN...", "download the remote files matching each pattern"}},
    {"mput", {"mput PATTERN...", "upload the local files matching each pattern"}},
    {"mkdir", {"mkdir DIR", "make a remote directory"}},
    {"rmdir", {"rmdir DIR", "remove an empty remote directory"}},
    {"rm", {"rm FILE", "remove a remote file (also: delete)"}},
    {"mdelete", {"mdelete PATTERN...", "remove the remote files matching each pattern"}},
    {"rename", {"rename FROM TO", "rename a remote file (also: mv)"}},
    {"mirror", {"mirror [-R] [--delete] SOURCE DEST", "mirror a remote directory here, or with -R a local one there"}},
    {"close", {"close", "log out, stay in ftpx"}},
    {"bye", {"bye", "log out and leave (also: quit, exit)"}},
    {"help", {"help [COMMAND]", "list the commands, or tell what one does"}},
};

const std::map<std::string, std::string> aliases = {{"delete", "rm"}, {"mv", "rename"}, {"quit", "bye"},
                                                    {"exit", "bye"},  {"?", "help"},    {"image", "binary"}};

/// Runs `argv` (a shell when `viaShell`: sh -c TEXT, or an interactive
/// $SHELL without TEXT) with the terminal and waits; throws unless it exits 0.
void runLocal(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    std::cout.flush();
    // ftpx ignores SIGPIPE (a closed data connection must fail a write) and
    // POCO blocks it: the command gets the defaults and an empty mask back,
    // or "yes | head" would not end.
    posix_spawnattr_t attributes;
    ::posix_spawnattr_init(&attributes);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGINT);
    sigemptyset(&none);
    ::posix_spawnattr_setsigdefault(&attributes, &defaults);
    ::posix_spawnattr_setsigmask(&attributes, &none);
    ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const InterruptCutting spare(false);
    pid_t child = 0;
    const int spawned = ::posix_spawnp(&child, args[0], nullptr, &attributes, args.data(), environ);
    ::posix_spawnattr_destroy(&attributes);
    if (spawned != 0) throw std::runtime_error(argv[0] + ": " + diag::errnoText(spawned));
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    throw std::runtime_error(argv[0] + (WIFEXITED(status) ? ": exit status " + std::to_string(WEXITSTATUS(status))
                                                          : std::string(": ended by a signal")));
}

class ShellError : public std::runtime_error {
public:
    explicit ShellError(const std::string& message) : std::runtime_error(message) {}
};

FtpUrl targetUrl(const std::string& target) {
    if (target.find("://") != std::string::npos) return parseFtpUrl(target);
    // A bare IPv6 address ("::1") is a host, written [::1] in a URL.
    // Typed, "host:port" has one colon; a bare IPv6 address ("::1") more.
    const bool bareIpv6 = std::count(target.begin(), target.end(), ':') > 1;
    return parseFtpUrl("ftp://" + (bareIpv6 ? urlHost(target) : target) + "/");
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
        if (name == "!") {
            const std::string command = args.empty() ? "" : args[0];
            const char* shell = std::getenv("SHELL");
            if (command.find_first_not_of(" \t") == std::string::npos)
                runLocal({shell && *shell ? shell : "/bin/sh"});
            else
                runLocal({"/bin/sh", "-c", command});
            return true;
        }
        if (name == "lls") {
            std::vector<std::string> argv = {"ls"};
            argv.insert(argv.end(), args.begin(), args.end());
            return runLocal(argv), true;
        }
        if (name == "binary") return need(args, 0, 0, name), true;
        if (name == "ascii") throw ShellError("ascii: ftpx transfers files as they are (binary) only");
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
        // The session in use stays until the new one is made: a typo in
        // the host name must not cost the user the connection they had.
        FtpUrl url = targetUrl(target);
        auto connector = std::make_unique<Connector>(sessionSettingsFor(url, options_), url);
        connector->session();
        close();
        url_ = std::move(url);
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
            for (const auto& [name, entry] : helpTable) {
                const std::string usage = entry.usage;
                out_ << "  " << usage << std::string(usage.size() < 36 ? 36 - usage.size() : 1, ' ') << entry.text
                     << "\n";
            }
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
        const std::string homeDirectory = home ? home : "/";
        std::string target = args.empty() ? homeDirectory : args[0];
        // ~ and ~/dir, as a shell reads them.
        if (target == "~" || target.rfind("~/", 0) == 0) target = homeDirectory + target.substr(1);
        if (::chdir(target.c_str()) != 0) throw ShellError(target + ": " + diag::errnoText(errno));
        lpwd();
    }

    void lpwd() {
        char path[PATH_MAX];
        if (::getcwd(path, sizeof path) == nullptr) throw ShellError("getcwd: " + diag::errnoText(errno));
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
            // Asked before anything is printed: a reconnect or an error
            // must not leave half a line.
            std::string directory;
            withRetries(*connector_, context_.retry,
                        [&](FtpSession& session, int) { directory = session.currentDirectory(); });
            out_ << "Remote directory: " << printable(directory) << "\n";
        } else if (name == "ls" || name == "dir") {
            bool longFormat = name == "dir";
            std::vector<std::string> rest;
            for (const auto& arg : args) {
                // ls(1)'s -l, -a and -la as ftp(1) users type them; any other
                // option is refused, not sent to the server as a name.
                if (arg == "-l" || arg == "-la" || arg == "-al")
                    longFormat = true;
                else if (arg == "-a")
                    continue;
                else if (arg.size() > 1 && arg.front() == '-')
                    throw ShellError("ls: unknown option '" + printable(arg, 40) + "' (-l, -a)");
                else
                    rest.push_back(arg);
            }
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
        } else if (name == "mdelete") {
            need(args, 1, 1000, name);
            mdelete(args);
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

    /// The files the patterns match (matchRemote), each fetched under its
    /// own name here.
    void mget(const std::vector<std::string>& patterns) {
        eachGoingOn("mget", matchRemote("mget", patterns), [&](const std::string& remote) {
            const std::string name = baseName(remote);
            // "./-": a file named '-', never standard output.
            getFile(*connector_, context_, remote, name == "-" ? "./-" : name);
        });
    }

    void mdelete(const std::vector<std::string>& patterns) {
        eachGoingOn("mdelete", matchRemote("mdelete", patterns), [&](const std::string& remote) {
            changeRemote(*connector_, context_.retry, RemoteChange::removeFile, remote);
        });
    }

    /// Runs `act` on each file, reporting one that fails and going on, as
    /// ftp(1)'s m-commands do; then fails saying how many did. ^C ends it.
    static void eachGoingOn(const std::string& command, const std::vector<std::string>& files,
                            const std::function<void(const std::string&)>& act) {
        std::size_t failures = 0;
        for (const auto& file : files) {
            try {
                act(file);
            } catch (const std::exception& e) {
                if (interrupted()) throw;
                diag::error(e.what());
                ++failures;
            }
        }
        if (failures > 0)
            throw ShellError(command + ": " + std::to_string(failures) + " of " + std::to_string(files.size()) +
                             " files failed");
    }

    /// The remote files each pattern matches in the listing of its own
    /// directory ("docs/*.txt" lists docs), each once, in the order found.
    /// The server chooses these names: only plain ones are taken.
    std::vector<std::string> matchRemote(const std::string& command, const std::vector<std::string>& patterns) {
        std::map<std::string, Listing> listings;
        std::set<std::string> seen;
        std::vector<std::string> matched;
        for (const auto& pattern : patterns) {
            const auto slash = pattern.rfind('/');
            const std::string directory = slash == std::string::npos ? "" : pattern.substr(0, slash + 1);
            const std::string namePattern = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
            auto listing = listings.find(directory);
            if (listing == listings.end()) {
                Listing listed;
                const std::string path = directory.size() > 1 && directory.back() == '/'
                                             ? directory.substr(0, directory.size() - 1)
                                             : directory;
                withRetries(*connector_, context_.retry,
                            [&](FtpSession& session, int) { listed = session.list(path); });
                listing = listings.emplace(directory, std::move(listed)).first;
            }
            for (const auto& entry : listing->second.entries) {
                // FNM_PERIOD: '*' does not match a dotfile, as in sh(1).
                if (entry.type != EntryType::file ||
                    ::fnmatch(namePattern.c_str(), entry.name.c_str(), FNM_PERIOD) != 0)
                    continue;
                // The server chooses these names: only a plain one becomes a local file.
                if (const auto reason = unsafeNameReason(entry.name)) {
                    diag::warning(command + ": refusing '" + printable(entry.name, 80) + "': " + *reason);
                    continue;
                }
                const std::string remote = directory + entry.name;
                if (seen.insert(remote).second) matched.push_back(remote);
            }
        }
        if (matched.empty()) throw ShellError(command + ": no remote file matches");
        return matched;
    }

    void mput(const std::vector<std::string>& patterns) {
        std::set<std::string> seen;
        std::vector<std::string> files;
        for (const auto& pattern : patterns) {
            glob_t matches{};
            if (::glob(pattern.c_str(), GLOB_TILDE, nullptr, &matches) != 0) continue;
            std::unique_ptr<glob_t, void (*)(glob_t*)> guard(&matches, ::globfree);
            for (std::size_t i = 0; i < matches.gl_pathc; ++i)
                if (seen.insert(matches.gl_pathv[i]).second) files.push_back(matches.gl_pathv[i]);
        }
        if (files.empty()) throw ShellError("mput: no local file matches");
        eachGoingOn("mput", files,
                    [&](const std::string& local) { putFile(*connector_, context_, local, baseName(local)); });
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
    // A ^C that came before the prompt (during the first open) is not one at it.
    clearInterrupt();
    std::unique_ptr<char, void (*)(void*)> text(::readline("ftpx> "), std::free);
    if (!text && interrupted()) {
        // ^C at the prompt drops the line, as in a shell, and starts another.
        clearInterrupt();
        line.clear();
        std::fputs("\n", stdout);
        return true;
    }
    if (!text) return false;
    line = text.get();
    if (!line.empty()) ::add_history(text.get());
    return true;
}

}  // namespace

int runShell(const Options& options, const std::string& target, std::istream& in, bool batch, bool terminal,
             std::ostream& out) {
    Shell shell(options, out);
    // At a terminal ^C ends what runs, not the session.
    std::optional<InterruptCatcher> catcher;
    if (terminal && !batch) catcher.emplace();
    bool failed = false;
    if (!target.empty()) {
        try {
            const InterruptCutting cutting(true);
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
        text.erase(0, text.find_first_not_of(" \t"));
        if (batch && !text.empty() && text.front() == '-') {
            tolerated = true;
            text.erase(0, 1);
        }
        std::vector<std::string> words;
        try {
            // "!ls -l": the rest of the line goes to sh(1) as it is.
            words =
                !text.empty() && text.front() == '!' ? std::vector<std::string>{"!", text.substr(1)} : splitWords(text);
        } catch (const std::invalid_argument& e) {
            diag::error(e.what());
            if (!tolerated) failed = true;
            if (batch && !tolerated) return 1;
            continue;
        }
        // No words, an empty one ("" alone), or a comment: nothing to run.
        if (words.empty() || words.front().empty() || words.front().front() == '#') continue;
        clearInterrupt();
        try {
            const InterruptCutting cutting(true);
            if (!shell.execute(words)) return failed ? 1 : 0;
        } catch (const std::exception& e) {
            if (interrupted()) {
                // The transfer's .part stays for a later get to resume.
                clearInterrupt();
                diag::error(words.front() + ": interrupted");
                continue;
            }
            diag::error(e.what());
            if (!tolerated) failed = true;
            if (batch && !tolerated) {
                shell.close();
                return 1;
            }
        }
        out.flush();
    }
    // End of input at the prompt: the user's shell prompt on a line of its own.
    if (terminal) out << "\n";
    shell.close();
    return failed ? 1 : 0;
}

}  // namespace wirekit::ftpx
