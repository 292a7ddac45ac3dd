// Option table and account selection.
#include "mailpoll_options.h"

#include "cli/options.h"
#include "cli/usage_error.h"
#include "config.h"
#include "sys/read_all.h"
#include "sys/unique_fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wirekit::mailpoll {

const char* const usage =
    "usage: mailpoll [-oiqv] [--json] [-f file] [-e command] [-s dir] [-I interval] [-t timeout]\n"
    "                [-d [--pid-file file]] [account ...]\n"
    "       mailpoll [--protocol imap|pop3] -H host [-P port] -u user [--tls tls|starttls|none]\n"
    "                [--cacert file] [--password-file file | --password-command command]\n"
    "                [--auth method] [-m mailbox ...] [-oiqv] [--json] ...\n"
    "       mailpoll --help | --version\n"
    "\n"
    "Checks POP3 and IMAP accounts for new mail and tells who wrote and about\n"
    "what. It only reads: it never deletes, moves or marks a message.\n"
    "\n"
    "  -f, --config FILE         accounts file (default ~/.config/mailpoll/config)\n"
    "  -o, --once                check every account once and exit: 0 new mail,\n"
    "                            1 none, 2 an error\n"
    "  -i, --idle                wait for IMAP IDLE pushes instead of polling\n"
    "  -I, --interval DURATION   time between checks (default 5m)\n"
    "  -t, --timeout DURATION    give up on a silent server after this (default 30s)\n"
    "      --json                JSON Lines: one object per new message and per check\n"
    "  -v, --verbose             a summary line for every check, new mail or not\n"
    "  -q, --quiet               no warnings, only new mail and errors\n"
    "  -e, --exec COMMAND        run COMMAND (with sh -c) after a check that found mail\n"
    "  -s, --state-dir DIR       where what was seen is remembered\n"
    "                            (default ~/.local/state/mailpoll)\n"
    "  -d, --daemon              run in the background, messages to syslog\n"
    "      --pid-file FILE       with --daemon, write the process id to FILE\n"
    "\n"
    "One account from flags instead of the file:\n"
    "      --protocol imap|pop3  (default imap)\n"
    "  -H, --host HOST           server name or address\n"
    "  -P, --port PORT           (default 993 or 995; 143 or 110 without tls)\n"
    "  -u, --user USER\n"
    "      --tls MODE            tls (default), starttls, or none\n"
    "      --cacert FILE         trust this CA file instead of the system's store\n"
    "      --password-file FILE  first line of FILE (only its owner may read it)\n"
    "      --password-command COMMAND\n"
    "                            first line COMMAND prints (a password manager)\n"
    "      --auth METHOD         auto, login, plain, xoauth2 or oauthbearer\n"
    "  -m, --mailbox NAME        IMAP mailbox to check, repeatable (default INBOX)\n"
    "\n"
    "Without a password source the password comes from ~/.netrc.\n"
    "\n"
    "  -h, --help                show this help and exit\n"
    "  -V, --version             show the version and exit\n";

namespace {

enum OptionId {
    optConfig,
    optOnce,
    optIdle,
    optInterval,
    optTimeout,
    optJson,
    optVerbose,
    optQuiet,
    optExec,
    optStateDir,
    optDaemon,
    optPidFile,
    optProtocol,
    optHost,
    optPort,
    optUser,
    optTls,
    optCacert,
    optPasswordFile,
    optPasswordCommand,
    optAuth,
    optMailbox,
    optHelp,
    optVersion
};

const std::vector<cli::OptionSpec> optionTable = {
    {"config", 'f', cli::Argument::required, optConfig},
    {"once", 'o', cli::Argument::none, optOnce},
    {"idle", 'i', cli::Argument::none, optIdle},
    {"interval", 'I', cli::Argument::required, optInterval},
    {"timeout", 't', cli::Argument::required, optTimeout},
    {"json", 0, cli::Argument::none, optJson},
    {"verbose", 'v', cli::Argument::none, optVerbose},
    {"quiet", 'q', cli::Argument::none, optQuiet},
    {"exec", 'e', cli::Argument::required, optExec},
    {"state-dir", 's', cli::Argument::required, optStateDir},
    {"daemon", 'd', cli::Argument::none, optDaemon},
    {"pid-file", 0, cli::Argument::required, optPidFile},
    {"protocol", 0, cli::Argument::required, optProtocol},
    {"host", 'H', cli::Argument::required, optHost},
    {"port", 'P', cli::Argument::required, optPort},
    {"user", 'u', cli::Argument::required, optUser},
    {"tls", 0, cli::Argument::required, optTls},
    {"cacert", 0, cli::Argument::required, optCacert},
    {"password-file", 0, cli::Argument::required, optPasswordFile},
    {"password-command", 0, cli::Argument::required, optPasswordCommand},
    {"auth", 0, cli::Argument::required, optAuth},
    {"mailbox", 'm', cli::Argument::required, optMailbox},
    {"help", 'h', cli::Argument::none, optHelp},
    {"version", 'V', cli::Argument::none, optVersion},
};

/// A daemon works in "/": a relative path given at start must keep meaning what it meant.
std::string absolutePath(const std::string& path) {
    if (path.empty() || path[0] == '/') return path;
    char buffer[4096];
    if (!getcwd(buffer, sizeof buffer)) return path;
    return std::string(buffer) + "/" + path;
}

std::string readConfigFile(const std::string& path) {
    const sys::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    std::string text;
    if (!fd || !sys::readAll(fd.get(), text, 1 << 20)) throw std::runtime_error(path + ": " + std::strerror(errno));
    return text;
}

}  // namespace

Options parseOptions(int argc, char* argv[]) {
    Options options;
    const auto parsed = cli::parseCommandLine(argc, argv, 1, optionTable);
    const auto accountKey = [&](const cli::ParsedOption& option, const char* key) {
        try {
            setAccountKey(options.flagAccount, key, option.value);
        } catch (const cli::UsageError& e) {
            throw cli::UsageError(option.name + ": " + e.what());
        }
    };
    bool accountFlags = false;
    for (const auto& option : parsed.options) {
        switch (option.id) {
            case optConfig: options.configPath = option.value; break;
            case optOnce: options.once = true; break;
            case optIdle: options.idle = true; break;
            case optInterval:
                parseDuration(option.value, "interval");
                options.overrides.emplace_back("interval", option.value);
                break;
            case optTimeout:
                parseDuration(option.value, "timeout");
                options.overrides.emplace_back("timeout", option.value);
                break;
            case optJson: options.json = true; break;
            case optVerbose: options.verbose = true; break;
            case optQuiet: options.quiet = true; break;
            case optExec: options.execCommand = option.value; break;
            case optStateDir: options.stateDirectory = option.value; break;
            case optDaemon: options.daemon = true; break;
            case optPidFile: options.pidFile = option.value; break;
            case optProtocol: accountKey(option, "protocol"), accountFlags = true; break;
            case optHost: accountKey(option, "host"), options.accountFromFlags = true; break;
            case optPort: accountKey(option, "port"), accountFlags = true; break;
            case optUser: accountKey(option, "user"), accountFlags = true; break;
            case optTls: accountKey(option, "tls"), accountFlags = true; break;
            case optCacert: accountKey(option, "cacert"), accountFlags = true; break;
            case optPasswordFile: accountKey(option, "password-file"), accountFlags = true; break;
            case optPasswordCommand: accountKey(option, "password-command"), accountFlags = true; break;
            case optAuth: accountKey(option, "auth"), accountFlags = true; break;
            case optMailbox: accountKey(option, "mailbox"), accountFlags = true; break;
            case optHelp: options.help = true; break;
            case optVersion: options.version = true; break;
        }
    }
    if (options.help || options.version) return options;
    if (accountFlags && !options.accountFromFlags) throw cli::UsageError("account flags need --host");
    if (options.accountFromFlags) {
        if (!options.configPath.empty()) throw cli::UsageError("--host and --config exclude each other");
        if (!parsed.operands.empty())
            throw cli::UsageError("unexpected operand '" + parsed.operands[0] + "' with --host");
        if (options.idle) options.flagAccount.idle = options.flagAccount.protocol == Protocol::imap;
        validateAccount(options.flagAccount);
        options.flagAccount.name = options.flagAccount.user + "@" + options.flagAccount.host;
    }
    if (options.pidFile.size() && !options.daemon) throw cli::UsageError("--pid-file needs --daemon");
    if (options.daemon && options.once) throw cli::UsageError("--daemon and --once exclude each other");
    if (options.daemon && options.json) throw cli::UsageError("--daemon writes to syslog, not JSON");
    if (options.verbose && options.quiet) throw cli::UsageError("--verbose and --quiet exclude each other");
    options.selectedAccounts = parsed.operands;
    options.stateDirectory = absolutePath(options.stateDirectory);
    options.pidFile = absolutePath(options.pidFile);
    return options;
}

std::vector<Account> selectAccounts(const Options& options) {
    std::vector<Account> accounts;
    if (options.accountFromFlags) {
        accounts.push_back(options.flagAccount);
    } else {
        const std::string path = options.configPath.empty() ? defaultConfigPath() : options.configPath;
        const auto all = parseConfig(readConfigFile(path), path);
        if (options.selectedAccounts.empty()) {
            accounts = all;
        } else {
            for (const auto& name : options.selectedAccounts) {
                bool found = false;
                for (const auto& account : all)
                    if (account.name == name) accounts.push_back(account), found = true;
                if (!found) throw cli::UsageError("no account '" + name + "' in " + path);
            }
        }
        if (options.idle)
            for (auto& account : accounts) account.idle = account.protocol == Protocol::imap;
    }
    for (auto& account : accounts) {
        for (const auto& [key, value] : options.overrides) setAccountKey(account, key, value);
        account.caFile = absolutePath(account.caFile);
        if (account.password.kind == PasswordSource::Kind::file)
            account.password.value = absolutePath(account.password.value);
    }
    return accounts;
}

}  // namespace wirekit::mailpoll
