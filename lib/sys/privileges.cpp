// Privilege drop: setgroups, setresgid, setresuid, then prove it held.
#include "sys/privileges.h"

#include "cli/diag.h"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace wirekit::sys {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("cannot drop privileges: " + what + ": " + diag::errnoText(errno));
}

bool holdsAnyCapability() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &header, data) != 0) return false;
    return (data[0].effective | data[0].permitted | data[1].effective | data[1].permitted) != 0;
}

void clearCapabilities() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capset, &header, data) != 0) fail("capset");
}

}  // namespace

DropOutcome dropPrivileges(const std::string& user) {
    if (geteuid() != 0 && getuid() != 0) {
        // File capabilities without root: clearing them is all there is to drop.
        if (holdsAnyCapability()) {
            clearCapabilities();
            return DropOutcome::dropped;
        }
        return DropOutcome::notPrivileged;
    }
    errno = 0;
    const passwd* entry = getpwnam(user.c_str());
    if (entry == nullptr) {
        if (errno == 0) throw std::runtime_error("cannot drop privileges: unknown user '" + user + "'");
        fail("getpwnam " + user);
    }
    const uid_t uid = entry->pw_uid;
    const gid_t gid = entry->pw_gid;
    if (uid == 0) throw std::runtime_error("cannot drop privileges: user '" + user + "' is root");

    if (setgroups(1, &gid) != 0) fail("setgroups");
    if (setresgid(gid, gid, gid) != 0) fail("setresgid");
    if (setresuid(uid, uid, uid) != 0) fail("setresuid");
    // A process that can get root back has not dropped anything.
    if (setuid(0) == 0 || seteuid(0) == 0) throw std::runtime_error("cannot drop privileges: root could be regained");
    if (holdsAnyCapability()) clearCapabilities();
    // Keep the process from being dumped or ptraced by the unprivileged user.
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return DropOutcome::dropped;
}

}  // namespace wirekit::sys
