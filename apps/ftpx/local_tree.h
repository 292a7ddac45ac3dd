// A local directory tree as the mirror planner sees it: every entry under a
// root with its path relative to it, never following a symlink.
#pragma once

#include "file_entry.h"

#include <set>
#include <string>
#include <vector>

namespace wirekit::ftpx {

/// The entries under `root` (lstat: a symlink is reported, not entered),
/// directories before what they hold. A missing root gives no entries.
/// Throws LocalError when `root` or a directory under it cannot be read.
/// `partlyRead` gets the directories ("" for the root) holding a name that
/// lstat(2) could not look at, which is left out.
std::vector<FileEntry> walkLocalTree(const std::string& root, std::set<std::string>* partlyRead = nullptr);

}  // namespace wirekit::ftpx
