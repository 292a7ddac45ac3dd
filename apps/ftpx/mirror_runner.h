// A mirror run: both trees read, the plan made (mirror_plan), then carried
// out over one or more connections, each step reported.
#pragma once

#include "mirror_plan.h"
#include "operations.h"

#include <cstdint>
#include <set>
#include <string>

namespace wirekit::ftpx {

struct MirrorRequest {
    MirrorOptions plan;
    std::string localRoot;
    bool dryRun = false;
    int parallel = 1;
};

struct MirrorSummary {
    int copied = 0, resumed = 0, skipped = 0, deleted = 0, made = 0, failed = 0;
    bool planned = false;  ///< --dry-run: the counts are what would be done
    std::uint64_t bytes = 0;
    double seconds = 0;
};

/// Mirrors between the directory `settings`/`url` name on the server and
/// `request.localRoot`, in `request.plan.direction`. Steps that fail are
/// reported and counted; a full disk stops the run at once.
MirrorSummary runMirror(const SessionSettings& settings, const FtpUrl& url, const OperationContext& context,
                        const MirrorRequest& request);

/// The server's tree under `root` (an absolute directory, or "" for the
/// session's current one), paths relative to it. A name a listing gives that
/// could leave the tree is not listed, and not entered: it is reported in
/// `warnings`.
/// `partlyListed` gains the directories ("" for the root) whose listing had
/// lines that could not be parsed.
std::vector<FileEntry> walkRemoteTree(FtpSession& session, const std::string& root, std::vector<std::string>& warnings,
                                      std::set<std::string>* partlyListed = nullptr);

/// `directory` + "/" + `relative`, for absolute server paths ("/" + "a" is "/a").
std::string joinRemote(const std::string& directory, const std::string& relative);

}  // namespace wirekit::ftpx
